#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The power restore policy of local-QEMU BMCs acts after a host boot, and only then:
#   always-on  powers the VM on; previous  restores what the VM was before; always-off
#   leaves it off. The supervisor tells a host boot (the kernel's boot id changed since its
#   last start, recorded in run_dir) from its own restart (same boot id: the VMs are left
#   alone). A host boot is simulated: supervisor stopped, QEMUs killed and started afresh
#   (-S: powered off), a different boot id recorded.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/qemu.sh"
. "$(dirname "$0")/../lib/orch.sh"
t_init
orch_setup || { t_fail setup; t_done; }
ip_of() { echo 198.18.0.$((60 + $1)); }
ipmi() { local n=$1; shift; t_ipmitool "$(ip_of "$n")" "$@"; }
power_is() { ipmi "$1" power status 2>/dev/null | grep -q "is $2"; }
qemu_up() { local i; for i in 1 2 3; do t_qemu_start "vm$i" -uuid "00000000-0000-4000-8000-00000000000$i" || return 1; done; }
qemu_down() {
    local i p
    for i in 1 2 3; do p=$(t_qemu_pid "vm$i"); kill "$p" 2>/dev/null; done
    for i in 1 2 3; do p=$(t_qemu_pid "vm$i"); t_wait_for 10 bash -c "! kill -0 $p 2>/dev/null"; done
}
sup_stop() { kill "$ORCH_SUP_PID"; t_wait_for 15 bash -c "! kill -0 $ORCH_SUP_PID 2>/dev/null"; }
all_answer() { local i; for i in 1 2 3; do orch_answers "$(ip_of "$i")" || return 1; done; }

qemu_up || { t_fail qemu-start; t_done; }
for i in 1 2 3; do mb add $((60 + i)) "$(ip_of $i)/24" --qmp "$T_DIR/vm$i.vm/qmp.sock" >/dev/null; done
orch_run && t_wait_for 30 all_answer && t_ok supervisor-up || { t_fail supervisor-up "$(cat "$T_DIR/sup.out")"; t_done; }

# The policies, set over IPMI; vm2 and vm3 are on before the "power loss", vm1 is off.
ipmi 1 chassis policy always-on >/dev/null 2>&1
ipmi 2 chassis policy previous >/dev/null 2>&1
ipmi 3 chassis policy always-off >/dev/null 2>&1
ipmi 1 chassis status 2>/dev/null | grep -q 'Power Restore Policy *: always-on' && t_ok policy-reported \
    || t_fail policy-reported "$(ipmi 1 chassis status 2>&1)"
ipmi 2 power on >/dev/null 2>&1; ipmi 3 power on >/dev/null 2>&1
t_wait_for 15 power_is 2 on && t_wait_for 15 power_is 3 on || t_fail powered-on-before

# ---- a host boot; the BMCs come up before the VMs' QEMUs (services start in any order)
sup_stop; qemu_down
echo "simulated-earlier-boot" >"$ORCH_RUN/boot-id"
orch_run && t_wait_for 30 all_answer || t_fail supervisor-after-boot "$(tail -5 "$T_DIR/sup.out")"
grep -q 'first start since the host booted: 3 local-QEMU BMCs' "$T_DIR/sup.out" && t_ok host-boot-recognised \
    || t_fail host-boot-recognised "$(grep multibmc: "$T_DIR/sup.out" | tail -3)"
t_wait_for 10 grep -q 'as soon as its QEMU can be reached' "$T_DIR/sup.out" && t_ok restore-waits-for-qemu \
    || t_fail restore-waits-for-qemu "$(tail -5 "$T_DIR/sup.out")"
qemu_up || t_fail qemu-restart
t_wait_for 20 power_is 1 on && [ "$(t_qmp_status vm1)" = running ] && t_ok always-on-powers-on \
    || t_fail always-on-powers-on "$(t_qmp_status vm1)"
t_wait_for 20 power_is 2 on && [ "$(t_qmp_status vm2)" = running ] && t_ok previous-restores-on \
    || t_fail previous-restores-on "$(t_qmp_status vm2)"
sleep 2   # the other two acted within this: vm3 must still be off
power_is 3 off && [ "$(t_qmp_status vm3)" = prelaunch ] && t_ok always-off-stays-off || t_fail always-off-stays-off "$(t_qmp_status vm3)"
out=$(t_in_client ipmi-chassis -h "$(ip_of 1)" -u "$T_USER" -p "$T_PASS" --get-system-restart-cause 2>&1)
echo "$out" | grep -qi 'always restore' && t_ok restart-cause-always-restore || t_fail restart-cause-always-restore "$out"
sel=$(ipmi 2 sel elist 2>&1)
t_log "vm2 event log after the host boot:"; echo "$sel" | sed 's/^/#   /' >&2
echo "$sel" | tail -2 | grep -q 'System Restart' && echo "$sel" | tail -1 | grep -q 'S0/G0' \
    && t_ok sel-restore-logged || t_fail sel-restore-logged "$sel"
for i in 1 2 3; do [ ! -e "$ORCH_RUN/$((60 + i))/power-restore" ] || t_fail "vm$i-flag-consumed"; done

# ---- a supervisor restart is no host boot: vm1, now off, stays off
ipmi 1 power off >/dev/null 2>&1
t_wait_for 15 power_is 1 off || t_fail vm1-off
sup_stop
orch_run && t_wait_for 30 all_answer || t_fail supervisor-restart
sleep 3
power_is 1 off && t_ok supervisor-restart-changes-nothing || t_fail supervisor-restart-changes-nothing "$(t_qmp_status vm1)"
grep -q 'first start since the host booted' "$T_DIR/sup.out" && t_fail restart-is-no-host-boot || t_ok restart-is-no-host-boot
t_done
