#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# scripts/demo as a new user runs it (no terminal, CI=true), in namespaces and a directory of
# this test's own: it must walk through every step with the real VMs and BMCs, leave a working
# lab behind, and "scripts/demo --stop" must remove all of it.
. "$(dirname "$0")/../lib/common.sh"
t_init
export MBMC_DEMO_NS=${T_NS_PREFIX:-mbt}-demo$$ MBMC_DEMO_DIR=$T_DIR/demo CI=true
T_NETNS+=("$MBMC_DEMO_NS" "$MBMC_DEMO_NS-client")    # removed by t_cleanup if we fail
NSC=$MBMC_DEMO_NS-client
s=$(t_now_ms)
timeout 600 "$T_TOP/scripts/demo" </dev/null >"$T_DIR/demo.out" 2>&1; rc=$?
t_log "scripts/demo took $(( $(t_now_ms) - s )) ms"
out=$(sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' "$T_DIR/demo.out")
[ $rc -eq 0 ] && t_ok demo-exit-0 || t_fail demo-exit-0 "rc=$rc; $(tail -20 "$T_DIR/demo.out")"
has() { grep -qE -- "$1" <<<"$out"; }
check() { local n=$1 re=$2; has "$re" && t_ok "$n" || t_fail "$n" "no /$re/ in the demo's output"; }

[ "$(grep -c 'Chassis Power is off' <<<"$out")" -ge 4 ] && t_ok three-power-status-off-then-soft-off \
    || t_fail three-power-status-off-then-soft-off
check commands-printed "^\\$ ip netns exec $NSC ipmitool -I lanplus -U admin -f $MBMC_DEMO_DIR/admin.pw -H 198.18.100.11 power status"
check password-not-on-command-line 'never on a command line'
check bootdev-pxe-set 'Boot Device Selector : Force PXE'
check sol-session 'SOL Session operational'
check sol-shows-firmware '\| SeaBIOS'
check sol-shows-ipxe 'iPXE initialising devices'
check sol-left-cleanly 'terminated ipmitool'
check oneshot-consumed 'Boot Flag Invalid'
check guest-booted-from-disk 'syslinux is booting Linux from the disk'
check guest-login-prompt 'mbmc-guest login:'
check soft-clean-shutdown 'mbmc-guest: clean shutdown complete'
check soft-powered-off 'reboot: Power down'
check list-three-bmcs '103 +198\.18\.100\.13/24 +qmp +running'
check status-supervisor 'supervisor running \(pid [0-9]+\), 3 BMCs'
check lab-line "ip netns exec $NSC bash"
check mc-guid-is-the-vms-uuid 'System GUID *: 4d424d43-0000-4000-8000-000000000102'
check fru-names-the-vm 'Product Name *: vm102'
check sel-logs-soft-off 'S5/G2: soft-off'

# The lab stays up: the BMCs answer from the client namespace.
pw=$MBMC_DEMO_DIR/admin.pw
[ "$(stat -c %a "$pw" 2>/dev/null)" = 600 ] && t_ok password-file-0600 || t_fail password-file-0600
secret=$(cat "$pw" 2>/dev/null)
[ -n "$secret" ] && ! grep -qF -- "$secret" "$T_DIR/demo.out" "$MBMC_DEMO_DIR/multibmc.log" \
    && t_ok password-not-in-output-or-log || t_fail password-not-in-output-or-log
out2=$(timeout 30 ip netns exec "$NSC" ipmitool -I lanplus -U admin -f "$pw" -H 198.18.100.13 power status 2>&1)
[ "$out2" = "Chassis Power is off" ] && t_ok lab-still-serves || t_fail lab-still-serves "$out2"

# A failed check: keep the lab's logs (serial consoles, supervisor, BMCs) before --stop
# removes them (tests/run keeps this test's directory when it fails).
[ "$T_FAILED" -gt 0 ] && mkdir -p "$T_DIR/demo-logs" && (cd "$MBMC_DEMO_DIR" \
    && find . -name '*.log' -print0 | xargs -0 -r cp --parents -t "$T_DIR/demo-logs")

# --stop removes namespaces, processes and files.
qemu_pids=$(cat "$MBMC_DEMO_DIR"/vm*/qemu.pid 2>/dev/null)
out=$("$T_TOP/scripts/demo" --stop 2>&1) && t_ok stop-exit-0 || t_fail stop-exit-0 "$out"
ip netns list | grep -q "$MBMC_DEMO_NS" && t_fail stop-removes-namespaces "$(ip netns list)" || t_ok stop-removes-namespaces
[ -e "$MBMC_DEMO_DIR" ] && t_fail stop-removes-files || t_ok stop-removes-files
alive=; for p in $qemu_pids; do
    [ -e "/proc/$p" ] && [ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" != Z ] && alive="$alive $p"
done
[ -n "$qemu_pids" ] && [ -z "$alive" ] && t_ok stop-ends-vms || t_fail stop-ends-vms "pids [$(echo $qemu_pids)] alive [$alive]" \
    "$(for p in $alive; do echo "$p: state $(awk '{print $3}' /proc/$p/stat 2>/dev/null) wchan $(cat /proc/$p/wchan 2>/dev/null) $(tr '\0' ' ' </proc/$p/cmdline 2>/dev/null | cut -c1-80)"; done)" "$out"
out=$("$T_TOP/scripts/demo" --stop 2>&1) && grep -q 'nothing to stop' <<<"$out" && t_ok stop-twice-harmless \
    || t_fail stop-twice-harmless "$out"
t_done
