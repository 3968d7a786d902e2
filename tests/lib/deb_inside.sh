#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The package's install test, run by tests/lib/deb.sh inside a throw-away overlay of a clean
# minbase chroot (scripts/debian-chroot run --clean): install the .deb with apt as an admin
# would, check what it installed, run one BMC for a local QEMU in network namespaces made
# here (T_NS_ID names them, so deb.sh can clean up) and drive it with the release's own
# ipmitool, then purge.
#   deb_inside.sh DEB          (tests/lib/common.sh beside this script)
# TAP lines on stdout; the transcript of each apt run is left in the directory of DEB.
. "$(dirname "$0")/common.sh"
deb=$1
dir=$(dirname "$deb")
export DEBIAN_FRONTEND=noninteractive
apt_get() { apt-get -o DPkg::Lock::Timeout=600 -y --no-install-recommends "$@"; }
version=$(dpkg-deb --field "$deb" Version)
release=$(. /etc/os-release && echo "$VERSION_CODENAME")
BMC_IP=198.18.0.10
t_init

# Only multibmc's own init script may act: invoke-rc.d in the maintainer scripts is real for
# it (the purge below must stop the supervisor through it), and nothing else is started.
cat >/usr/sbin/policy-rc.d <<'EOF'
#!/bin/sh
while [ $# -gt 0 ]; do case $1 in --*) shift ;; *) break ;; esac; done
[ "${1:-}" = multibmc ] && exit 0
exit 101
EOF
chmod 755 /usr/sbin/policy-rc.d

# --- 1. apt-get install ./multibmc_*.deb on a clean system pulls everything it needs.
before=$(dpkg-query -W -f '${Package}\n' | sort)
if apt_get install "$deb" >"$dir/apt-install-$release.log" 2>&1; then
    t_ok "apt-install-$release"
else
    t_fail "apt-install-$release" "$(tail -n 15 "$dir/apt-install-$release.log")"
    t_done
fi
comm -13 <(echo "$before") <(dpkg-query -W -f '${Package}\n' | sort) >"$dir/pulled-$release.txt"
t_log "apt pulled $(wc -l <"$dir/pulled-$release.txt") packages: $(tr '\n' ' ' <"$dir/pulled-$release.txt")"
t_check pulled-openipmi grep -qx openipmi "$dir/pulled-$release.txt"
dpkg -L multibmc | sort >"$dir/files-$release.txt"

# --- 2. what the package installed
out=$(multibmc --version 2>&1)
[ "$out" = "multibmc $version" ] && t_ok version || t_fail version "multibmc --version: $out (package $version)"
[ "$(stat -c '%a %U' /etc/multibmc)" = "700 root" ] && t_ok etc-multibmc-0700 \
    || t_fail etc-multibmc-0700 "$(stat -c '%a %U' /etc/multibmc)"
[ -z "$(find /etc/multibmc -mindepth 1)" ] && t_ok nothing-generated-at-install \
    || t_fail nothing-generated-at-install "$(find /etc/multibmc -mindepth 1)"
grep -q '\.la$' "$dir/files-$release.txt" && t_fail no-libtool-la "$(grep '\.la$' "$dir/files-$release.txt")" \
    || t_ok no-libtool-la
module=$(grep '/multibmc/multibmc\.so$' "$dir/files-$release.txt")
printf 'name "v"\nloadlib "%s" "backend=qmp qmp=/nonexistent"\n' "$module" >"$T_DIR/v.conf"
out=$(ipmi_sim -c "$T_DIR/v.conf" -v 2>&1)
case $out in *"multibmc module $version "*) t_ok module-version ;; *) t_fail module-version "$module: $out" ;; esac
unit=$(grep '/systemd/system/multibmc\.service$' "$dir/files-$release.txt")
grep -qx 'ConditionPathExists=/etc/multibmc/multibmc.json' "$unit" 2>/dev/null && t_ok unit-waits-for-config \
    || t_fail unit-waits-for-config "no ConditionPathExists in ${unit:-the unit}"
ls /etc/rc2.d/S??multibmc >/dev/null 2>&1 && t_ok sysv-enabled || t_fail sysv-enabled "no /etc/rc2.d/S??multibmc"
out=$(/etc/init.d/multibmc start 2>&1); rc=$?
[ $rc -eq 0 ] && ! [ -e /run/multibmc/multibmc.pid ] && t_ok init-start-without-config \
    || t_fail init-start-without-config "exit $rc: $out"

# --- 3. one BMC: QEMU (QMP) + multibmc init/add/run with the packaged defaults; ipmitool.
# Test tools only, installed after the package so that they could not satisfy its needs.
if apt_get install qemu-system-x86 ipmitool iproute2 >"$dir/apt-tools-$release.log" 2>&1; then
    t_ok "test-tools-$release"
else
    t_fail "test-tools-$release" "$(tail -n 15 "$dir/apt-tools-$release.log")"
    t_done
fi
t_netns_setup || { t_fail netns; t_done; }
t_bg qemu ip netns exec "$T_NSB" qemu-system-x86_64 -machine q35,accel=tcg,graphics=off -m 64 \
    -display none -vga none -monitor none -serial none -no-user-config -nodefaults -no-shutdown -S \
    -qmp unix:"$T_DIR/vm100.qmp",server=on,wait=off \
    -netdev user,id=n0,restrict=on -device virtio-net-pci,netdev=n0,id=net0
t_wait_for 20 test -S "$T_DIR/vm100.qmp" || t_fail qemu-start "$(cat "$T_DIR/qemu.out")"

t_secret /etc/multibmc/ipmi.pw "$T_PASS"
to_log() { "$@" >&2; }         # what the command says goes to the log, not among the TAP lines
t_check multibmc-init to_log ip netns exec "$T_NSB" multibmc init --interface bmc0 --password-file /etc/multibmc/ipmi.pw
t_check multibmc-add to_log ip netns exec "$T_NSB" multibmc add 100 "$BMC_IP/24" --qmp "$T_DIR/vm100.qmp"
t_bg supervisor ip netns exec "$T_NSB" multibmc run
power_is() { [ "$(t_ipmitool "$BMC_IP" power status 2>&1)" = "Chassis Power is $1" ]; }
if t_wait_for 30 t_ipmitool "$BMC_IP" power status; then t_ok bmc-answers
else t_fail bmc-answers "$(cat "$T_DIR/supervisor.out")" "$(multibmc status 2>&1)"; fi
power_is off && t_ok power-status-off || t_fail power-status-off "$(t_ipmitool "$BMC_IP" power status 2>&1)"
out=$(t_ipmitool "$BMC_IP" power on 2>&1)
t_wait_for 20 power_is on && t_ok power-on || t_fail power-on "$out" "$(t_ipmitool "$BMC_IP" power status 2>&1)"
t_ipmitool "$BMC_IP" chassis bootdev pxe >/dev/null 2>&1
out=$(t_ipmitool "$BMC_IP" chassis bootparam get 5 2>&1)
case $out in *"Force PXE"*) t_ok bootdev-pxe ;; *) t_fail bootdev-pxe "$out" ;; esac
supervisor=$(cat /run/multibmc/multibmc.pid 2>/dev/null)
sim=$(sed -n 's/^pid=//p' /run/multibmc/100/supervisor 2>/dev/null)
[ -n "$supervisor" ] && [ -n "$sim" ] && t_ok running || t_fail running "supervisor '$supervisor', ipmi_sim '$sim'"
t_log "multibmc status: $(multibmc status 2>&1 | tr '\n' '|')"

# --- 4. apt-get purge: stops what runs (the init script through invoke-rc.d: no systemd here),
# removes the BMC address and everything the package and multibmc put on the system.
if apt_get purge multibmc >"$dir/apt-purge-$release.log" 2>&1; then
    t_ok "apt-purge-$release"
else
    t_fail "apt-purge-$release" "$(tail -n 15 "$dir/apt-purge-$release.log")"
fi
# The init script's stop (invoke-rc.d, in the prerm's debhelper part) stops it; the prerm's
# own `multibmc stop` after it then finds nothing left to stop.
if grep -A20 'multibmc stopped' "$dir/apt-purge-$release.log" | grep -q 'multibmc is not running'; then
    t_ok purge-stopped-through-invoke-rc.d
else t_fail purge-stopped-through-invoke-rc.d "$(cat "$dir/apt-purge-$release.log")"; fi
alive=""
for p in $supervisor $sim; do [ -d "/proc/$p" ] && alive="$alive $p"; done
[ -z "$alive" ] && t_ok purge-nothing-left-running || t_fail purge-nothing-left-running "still running:$alive"
orch_has_addr=$(ip -n "$T_NSB" -4 -o addr show dev bmc0 | grep " $BMC_IP/")
[ -z "$orch_has_addr" ] && t_ok purge-address-removed || t_fail purge-address-removed "$orch_has_addr"
# Every file the package had, and its own directories; shared directories (/usr/sbin) stay.
left=""
while read -r f; do
    case $f in */multibmc|*/multibmc/*) ;; *) [ -d "$f" ] && continue ;; esac
    if [ -e "$f" ] || [ -L "$f" ]; then left="$left $f"; fi
done <"$dir/files-$release.txt"
for f in /etc/multibmc /var/lib/multibmc /run/multibmc /var/log/multibmc.log; do [ -e "$f" ] && left="$left $f"; done
[ -z "$left" ] && t_ok purge-removed-files || t_fail purge-removed-files "left:$left"
ls /etc/rc?.d/[SK]??multibmc >/dev/null 2>&1 && t_fail purge-rc-links "$(ls /etc/rc?.d/[SK]??multibmc)" \
    || t_ok purge-rc-links
dpkg-query -W -f '${Status}' multibmc 2>/dev/null | grep -q installed && t_fail purge-dpkg-state \
    || t_ok purge-dpkg-state
t_done
