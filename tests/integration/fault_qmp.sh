#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Fault: the QMP socket vanishes mid-command (issue 8). A real QEMU under the supervisor is
# SIGKILLed while `power cycle` is in flight and its socket file removed: the BMC keeps
# answering, power actions get an error completion code, power status reports off. Then an
# unexpected QMP peer at the same path closes in the middle of each reply: still no crash.
# Then QEMU comes back on the same socket path: the BMC reconnects by itself and drives it.
# After all of it: the same ipmi_sim (no restart), no lost config entry, one address, no
# leaked fd in ipmi_sim or the supervisor, no leftover QEMU.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/orch.sh"
. "$(dirname "$0")/../lib/qemu.sh"
t_init
orch_setup || { t_fail setup; t_done; }
IP=198.18.0.91
VMID=191
SOCK=$T_DIR/vm.vm/qmp.sock
t_qemu_start vm || { t_fail qemu-start; t_done; }
mb add $VMID $IP/24 --qmp "$SOCK" >/dev/null || { t_fail add; t_done; }
orch_run || { t_fail supervisor-up "$(cat "$T_DIR/sup.out")"; t_done; }
ipmi() { timeout 30 ip netns exec "$T_NSC" ipmitool -I lanplus -H $IP -U "$T_USER" -P "$T_PASS" -N 1 -R 3 "$@" 2>&1; }
power_is() { ipmi power status | grep -q "Chassis Power is $1"; }
nfds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
qemus() { pgrep -f "qemu-system-x86_64 .*$T_DIR/" | wc -l; }
t_wait_for 20 power_is off && t_ok bmc-serves || { t_fail bmc-serves "$(mb status)"; t_done; }
ipmi power on >/dev/null
t_wait_for 15 sh -c "[ \"\$($T_PY $T_TOP/tests/lib/qmp.py $T_DIR/vm.vm/observe.sock query-status | grep -o running | head -1)\" = running ]" &&
    t_wait_for 5 power_is on && t_ok power-on-drives-qemu || t_fail power-on-drives-qemu "$(ipmi power status)"
SIM=$(orch_sim_pid $VMID)
SUP=$ORCH_SUP_PID
sim_fds0=$(nfds "$SIM"); sup_fds0=$(nfds "$SUP")

# 1. QEMU SIGKILLed while a power cycle is in flight, its socket removed. QEMU is frozen first
# (SIGSTOP) so the cycle is accepted and its QMP command sent but not answered when it dies.
kill -STOP "$(t_qemu_pid vm)"
out=$(ipmi power cycle)
t_log "power cycle to a frozen QEMU: $out"
# Accepted and sent in the same handler; the log line says the module has it.
t_wait_for 10 grep -q "power cycle requested" "$T_DIR/sup.out" || t_log "no 'power cycle requested' logged"
kill -9 "$(t_qemu_pid vm)"
rm -f "$SOCK"
t_wait_for 5 grep -q "power cycle abandoned: QMP connection lost" "$T_DIR/sup.out" && t_ok killed-mid-command ||
    t_fail killed-mid-command "$(tail -5 "$T_DIR/sup.out")"
t_wait_for 10 power_is off && t_ok power-status-off-after-kill || t_fail power-status-off-after-kill "$(ipmi power status)"
out=$(ipmi power on); rc=$?
[ $rc -ne 0 ] && echo "$out" | grep -qi "fail\|busy\|error" && t_ok power-on-refused-while-gone ||
    t_fail power-on-refused-while-gone "rc $rc: $out"
t_log "power on without QEMU: $out"
ipmi mc info >/dev/null && t_ok mc-info-while-gone || t_fail mc-info-while-gone

# 2. An unexpected peer on the same path: greets, then closes halfway through each reply.
t_bg cut "$T_PY" "$T_TOP/tests/lib/qmp_cut.py" "$SOCK"
CUT=$T_LAST_PID
t_wait_for 20 sh -c "[ \$(grep -c '^cut' $T_DIR/cut.out) -ge 2 ]" && t_ok cut-peer-reached ||
    t_fail cut-peer-reached "$(cat "$T_DIR/cut.out")"
ipmi power status >/dev/null && ipmi mc info >/dev/null && t_ok serves-with-cut-peer || t_fail serves-with-cut-peer
kill "$CUT"; wait "$CUT" 2>/dev/null
rm -f "$SOCK"
t_log "cut replies: $(grep -c '^cut' "$T_DIR/cut.out")"

# 3. QEMU back on the same socket path: the BMC reconnects and drives it.
t_qemu_start vm || t_fail qemu-restart
reconnected() { grep -q "QMP connection to $SOCK restored" "$T_DIR/sup.out" && power_is off; }
t_wait_for 30 reconnected && t_ok reconnects || t_fail reconnects "$(tail -5 "$T_DIR/sup.out")"
ipmi power on >/dev/null
t_wait_for 15 sh -c "$T_PY $T_TOP/tests/lib/qmp.py $T_DIR/vm.vm/observe.sock query-status | grep -q running" &&
    t_wait_for 5 power_is on && t_ok drives-new-qemu || t_fail drives-new-qemu "$(ipmi power status)"

# Invariants.
[ "$(orch_sim_pid $VMID)" = "$SIM" ] && kill -0 "$SIM" && [ "$(orch_restarts $VMID)" = 0 ] &&
    t_ok no-crash || t_fail no-crash "$(mb status)"
mb list | grep -qE "^ *$VMID " && t_ok no-config-entry-lost || t_fail no-config-entry-lost "$(mb list)"
[ "$(orch_addr_count $IP)" = 1 ] && t_ok one-address || t_fail one-address
sim_fds1=$(nfds "$SIM"); sup_fds1=$(nfds "$SUP")
t_log "ipmi_sim fds $sim_fds0 -> $sim_fds1, supervisor fds $sup_fds0 -> $sup_fds1"
[ "$sim_fds1" = "$sim_fds0" ] && t_ok no-ipmi-sim-fd-leak || t_fail no-ipmi-sim-fd-leak "$sim_fds0 -> $sim_fds1"
[ "$sup_fds1" = "$sup_fds0" ] && t_ok no-supervisor-fd-leak || t_fail no-supervisor-fd-leak "$sup_fds0 -> $sup_fds1"
[ "$(qemus)" = 1 ] && t_ok one-qemu || t_fail one-qemu "$(qemus)"
t_done
