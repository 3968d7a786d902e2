#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Proxmox backend, cluster behaviour: live migration (lock=migrate, then the config moves:
# re-resolve and retry, tasks still followed on their own node), HA-managed VM (task done
# before the state changes), a hard off during a hanging graceful shutdown on PVE 8
# (overrule-shutdown) and PVE 7 (abort the task first), a shutdown the guest ignores
# (task error on the fake's clock), NMI refused on PVE 9; FreeIPMI and pyghmi as clients.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/fakepve.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
pve_start || { t_fail fakepve-start; t_done; }
IP=198.18.0.71
pve_bmc_start vm $IP || { t_fail bmc-start; t_done; }
MLOG=$T_DIR/vm/module.log
ipmi() { t_ipmitool $IP "$@"; }
power_is() { ipmi power status 2>/dev/null | grep -q "is $1"; }
vm_is() { [ "$(pve_show 100 "$1")" = "$2" ]; }
t_wait_for 10 grep -q 'power state is now' "$MLOG" || t_fail first-poll

# Migration pve1 -> pve2 while the client powers on.
pve_ctl 'migrate 100 pve2 3' >/dev/null
m=$(pve_mark)
ipmi power on >/dev/null 2>&1 && t_ok migrating-power-on-accepted || t_fail migrating-power-on-accepted
t_wait_for 12 vm_is status running && t_ok migrated-vm-started || t_fail migrated-vm-started "$(pve_show 100 status) on $(pve_show 100 node)"
vm_is node pve2 && t_ok vm-now-on-pve2 || t_fail vm-now-on-pve2
pve_reqs_since "$m" 'POST /api2/json/nodes/pve1/qemu/100/status/start' >/dev/null && t_ok first-start-on-old-node || t_fail first-start-on-old-node
pve_reqs_since "$m" 'POST /api2/json/nodes/pve2/qemu/100/status/start' >/dev/null && t_ok retried-on-new-node || t_fail retried-on-new-node
[ "$(pve_reqs_since "$m" 'cluster/resources' | wc -l)" -ge 1 ] && t_ok reresolved || t_fail reresolved
# every task was polled on the node written in its UPID
bad=$(pve_reqs_since "$m" 'GET /api2/json/nodes/[^/]+/tasks/' | grep -Ev 'nodes/(pve[12])/tasks/UPID%3A\1%3A' | wc -l)
[ "$bad" = 0 ] && t_ok tasks-polled-at-upid-node || t_fail tasks-polled-at-upid-node "$bad"
grep -q 'VM 100 is on node pve2' "$MLOG" && t_ok move-logged || t_fail move-logged
t_wait_for 5 power_is on && t_ok status-after-migration || t_fail status-after-migration

# HA-managed: hastop/hastart tasks end before the VM changes; status follows the VM. The
# fake's HA manager acts 30 s (its clock) after a request: the VM changes when the test
# advances the clock, not when the machine happens to be fast or slow.
pve_ctl 'vm 100 ha=1 ha_secs=30' >/dev/null
# Polls counted from after the change (a mark taken before it counted two polls that came
# before the change while pve_ctl waited on a loaded host, and the stop went out as for a
# VM without HA).
pve_wait_polls 10 "$(pve_mark)" 2 || t_log "no status polls after ha=1"
m=$(pve_mark)
ipmi power off >/dev/null 2>&1
pve_reqs_since "$m" 'POST .*/status/stop .*body=\[\]' >/dev/null && t_ok ha-stop-without-overrule || t_fail ha-stop-without-overrule "$(pve_reqs_since "$m" status/stop)"
# The BMC followed the hastop task to its end, then asked for the state.
t_wait_for 10 pve_req_after "$m" 'POST .*/status/stop' 'GET .*/status/current' || t_log "no status poll after the stop"
power_is on && t_ok ha-still-on-after-task || t_fail ha-still-on-after-task
pve_ctl 'advance 31' >/dev/null
t_wait_for 10 power_is off && t_ok ha-off-when-crm-stops-it || t_fail ha-off-when-crm-stops-it
m=$(pve_mark)
t_wait_for 5 ipmi power on >/dev/null
t_wait_for 10 pve_req_after "$m" 'POST .*/status/start' 'GET .*/status/current' || t_log "no status poll after the start"
pve_ctl 'advance 31' >/dev/null
t_wait_for 10 power_is on && t_ok ha-on || t_fail ha-on
pve_ctl 'vm 100 ha=0 acpi=0' >/dev/null

# The guest ignores ACPI; a graceful shutdown hangs; power off overrules it (PVE 8.1+).
m=$(pve_mark)
ipmi power soft >/dev/null 2>&1
t_wait_for 10 pve_req_after "$m" 'POST .*/status/shutdown' 'GET .*/tasks/.*/status' || t_log "shutdown task not followed"
pve_wait_polls 10 "$(pve_mark)" 2 || t_log "no status polls"
power_is on && t_ok soft-ignored-still-on || t_fail soft-ignored-still-on
ipmi power off >/dev/null 2>&1
t_wait_for 5 power_is off && t_ok off-during-shutdown || t_fail off-during-shutdown
pve_reqs_since "$m" 'POST .*/status/stop .*body=\[overrule-shutdown=1\]' >/dev/null && t_ok overrule-shutdown-sent || t_fail overrule-shutdown-sent
tail -n +"$((m + 1))" "$PVE_LOG" | grep -q 'qmshutdown.*received interrupt (overrule-shutdown)' && t_ok shutdown-task-aborted || t_fail shutdown-task-aborted

# Soft with forceStop=0 and a guest that never reacts: the task fails at its timeout (the
# fake's clock is advanced past 60 s) and the VM stays on; the error text is logged.
t_wait_for 5 ipmi power on >/dev/null
t_wait_for 5 power_is on
m=$(pve_mark)
ipmi power soft >/dev/null 2>&1
t_wait_for 10 pve_req_after "$m" 'POST .*/status/shutdown' 'GET .*/tasks/.*/status' || t_log "shutdown task not followed"
pve_ctl 'advance 61' >/dev/null
t_wait_for 5 grep -q 'VM quit/powerdown failed - got timeout' "$MLOG" && t_ok soft-timeout-task-error || t_fail soft-timeout-task-error
power_is on && t_ok soft-timeout-vm-stays-on || t_fail soft-timeout-vm-stays-on

# FreeIPMI and pyghmi drive the same BMC.
ipmipower_() { timeout 30 ip netns exec "$T_NSC" ipmipower -D LAN_2_0 -h $IP -u $T_USER -p $T_PASS "$@" 2>&1; }
ipmipower_ --stat | grep -q ': on' && t_ok freeipmi-stat-on || t_fail freeipmi-stat-on "$(ipmipower_ --stat)"
m=$(pve_mark)
ipmipower_ --off | grep -q ': ok' && t_ok freeipmi-off || t_fail freeipmi-off "$(ipmipower_ --off)"
t_wait_for 5 vm_is status stopped && t_ok freeipmi-off-stopped-vm || t_fail freeipmi-off-stopped-vm

# Power off overrules a start that retries against a migration lock (every 2 s, up to ~2 min):
# off is answered at once and the start is not sent again; the VM is off, so the off itself
# has nothing left to do. The fake's clock ends the migration, not the machine. The last
# check is negative: it gives a retry that should not come 2 retry periods to show up.
pve_ctl 'migrate 100 pve1 600' >/dev/null
m=$(pve_mark)
ipmi power on >/dev/null 2>&1 || t_log "power on refused during the migration"
t_wait_for 10 pve_req_after "$m" 'POST .*/status/start' 'GET .*/cluster/resources' || t_log "the start did not meet the lock"
ipmi power off >/dev/null 2>&1 && t_ok off-during-lock-retry-accepted || t_fail off-during-lock-retry-accepted
t_wait_for 10 grep -q 'power off overrules the start retrying against a migration lock' "$MLOG" \
    && t_ok off-overrules-lock-retry || t_fail off-overrules-lock-retry "$(grep -E 'overrules|power (on|off)' "$MLOG" | tail -n 5)"
pve_ctl 'advance 601' >/dev/null
t_wait_for 10 vm_is node pve1 || t_log "the migration did not end"
sleep 4
seq=$(pve_reqs_since "$m" '^REQ POST .*/status/' | sed -E 's/^REQ POST .*\/status\/([a-z]+) .*/\1/' | uniq | tr '\n' ' ')
[ "$seq" = "start " ] && t_ok lock-retry-no-start-after-off || t_fail lock-retry-no-start-after-off "got: $seq"
vm_is status stopped && t_ok lock-retry-vm-stays-off || t_fail lock-retry-vm-stays-off "$(pve_show 100 status) on $(pve_show 100 node)"
# The same with the retry's request in flight when off comes (the start answers after 3 s):
# that request may be running already, so it is let end; it meets the lock and the start
# ends there instead of retrying.
pve_ctl $'migrate 100 pve2 600\nlatency status/start 3000' >/dev/null
m=$(pve_mark)
ipmi power on >/dev/null 2>&1 || t_log "power on refused during the migration"
n_starts() { pve_reqs_since "$m" 'POST .*/status/start' | wc -l; }
t_wait_for 20 bash -c "[ \$(grep -c 'POST .*/status/start' <(tail -n +$((m + 1)) '$PVE_LOG')) -ge 2 ]" || t_log "no retry of the start"
n=$(grep -c 'overrules the start retrying' "$MLOG")
ipmi power off >/dev/null 2>&1 && t_ok off-during-lock-request-accepted || t_fail off-during-lock-request-accepted
t_wait_for 15 bash -c "[ \$(grep -c 'overrules the start retrying' '$MLOG') -gt $n ]" \
    && t_ok off-overrules-lock-request || t_fail off-overrules-lock-request "$(grep -E 'overrules|power (on|off)' "$MLOG" | tail -n 5)"
pve_ctl $'latency status/start 0\nadvance 601' >/dev/null
t_wait_for 10 vm_is node pve2 || t_log "the migration did not end"
sleep 4
[ "$(n_starts)" = 2 ] && t_ok lock-request-no-start-after-off || t_fail lock-request-no-start-after-off "$(n_starts) starts"
vm_is status stopped && t_ok lock-request-vm-stays-off || t_fail lock-request-vm-stays-off "$(pve_show 100 status)"
pyg() { timeout 30 ip netns exec "$T_NSC" "$T_PY" -c "
import sys
from pyghmi.ipmi import command
c = command.Command(bmc='$IP', userid='$T_USER', password='$T_PASS')
$1"; }
pyg_off() { [ "$(pyg "print(c.get_power()['powerstate'])" 2>&1)" = off ]; }
t_wait_for 5 pyg_off && t_ok pyghmi-get-power || t_fail pyghmi-get-power "$(pyg "print(c.get_power()['powerstate'])" 2>&1)"
out=$(pyg "print(c.set_power('on', wait=10)['powerstate'])" 2>&1)
[ "$out" = on ] && t_ok pyghmi-set-power-on-wait || t_fail pyghmi-set-power-on-wait "$out"
out=$(pyg "c.set_bootdev('network'); print(c.get_bootdev()['bootdev'])" 2>&1)
[ "$out" = network ] && t_ok pyghmi-bootdev || t_fail pyghmi-bootdev "$out"

# MAAS's power on: ipmi-chassis-config (one-shot PXE, -W opensesspriv as MAAS sends it),
# then ipmipower --cycle --on-if-off: the VM is cycled and boots net0 first, its own order back after.
cat >"$T_DIR/maas.conf" <<'CONF'
Section Chassis_Boot_Flags
        Boot_Flags_Persistent                         No
        Boot_Device                                   PXE
EndSection
CONF
m=$(pve_mark)
out=$(timeout 30 ip netns exec "$T_NSC" ipmi-chassis-config -W opensesspriv --driver-type LAN_2_0 -h $IP -u $T_USER -p $T_PASS \
      -I 3 -l OPERATOR --commit --filename "$T_DIR/maas.conf" 2>&1) && t_ok maas-chassis-config || t_fail maas-chassis-config "$out"
out=$(timeout 30 ip netns exec "$T_NSC" ipmipower -W opensesspriv --driver-type LAN_2_0 -h $IP -u $T_USER -p $T_PASS \
      -I 3 -l OPERATOR --cycle --on-if-off 2>&1) && t_ok maas-cycle || t_fail maas-cycle "$out"
t_wait_for 8 bash -c "[ \"\$(grep -c '^REQ PUT' <(tail -n +$((m + 1)) '$PVE_LOG'))\" -ge 2 ]"
seq=$(pve_reqs_since "$m" '^REQ (PUT .*/config|POST .*/status/)' | sed -E 's/^REQ (PUT|POST) .*\/(config|status\/[a-z]+) .*body=\[(.*)\]$/\2:\3/' | tr '\n' ' ')
[ "$seq" = "status/stop:overrule-shutdown=1 config:boot=order%3Dnet0%3Bscsi0%3Bide2 status/start: config:boot=order%3Dscsi0%3Bide2%3Bnet0 " ] \
    && t_ok maas-pxe-boot-sequence || t_fail maas-pxe-boot-sequence "got: $seq"

# PVE 7: no overrule-shutdown; the BMC aborts its own shutdown task (DELETE) first.
pve_ctl $'profile 7' >/dev/null
IP2=198.18.0.72
pve_bmc_start pve7 $IP2 || t_fail pve7-start
t_wait_for 10 grep -q 'Proxmox VE 7.4' "$T_DIR/pve7/module.log" || t_fail pve7-version
t_wait_for 10 bash -c "ip netns exec $T_NSC ipmitool -I lanplus ${T_IPMITOOL_EXTRA:-} -H $IP2 -U $T_USER -P $T_PASS power status | grep -q 'is on'"
m=$(pve_mark)
t_ipmitool $IP2 power soft >/dev/null 2>&1
t_wait_for 10 pve_req_after "$m" 'POST .*/status/shutdown' 'GET .*/tasks/.*/status' || t_log "shutdown task not followed"
t_ipmitool $IP2 power off >/dev/null 2>&1
t_wait_for 5 vm_is status stopped && t_ok pve7-off-during-shutdown || t_fail pve7-off-during-shutdown
seq=$(pve_reqs_since "$m" '^REQ (POST .*/status/|DELETE )' | sed -E 's/^REQ (POST|DELETE) .*(status\/[a-z]+|tasks\/[^ ]*qmshutdown[^ ]*) .*body=\[(.*)\]$/\1:\2:\3/; s/tasks\/[^:]*/task/' | tr '\n' ' ')
[ "$seq" = "POST:status/shutdown:forceStop=0 DELETE:task: POST:status/stop: " ] && t_ok pve7-delete-then-stop || t_fail pve7-delete-then-stop "got: $seq"
kill "$(t_sim_pid pve7)"

# PVE 9: NMI is root@pam only -> 0xCC without a request, and a log line saying why.
pve_ctl $'profile 9\nvm 100 status=running' >/dev/null
IP3=198.18.0.73
pve_bmc_start pve9 $IP3 || t_fail pve9-start
t_wait_for 10 grep -q 'Proxmox VE 9' "$T_DIR/pve9/module.log" || t_fail pve9-version
t_wait_for 10 bash -c "ip netns exec $T_NSC ipmitool -I lanplus ${T_IPMITOOL_EXTRA:-} -H $IP3 -U $T_USER -P $T_PASS power status | grep -q 'is on'"
m=$(pve_mark)
out=$(t_ipmitool $IP3 raw 0x00 0x02 0x04 2>&1)
echo "$out" | grep -qi 'rsp=0xcc' && t_ok pve9-nmi-cc || t_fail pve9-nmi-cc "$out"
grep -q 'root@pam only' "$T_DIR/pve9/module.log" && t_ok pve9-nmi-logged || t_fail pve9-nmi-logged
pve_reqs_since "$m" monitor >/dev/null && t_fail pve9-nmi-no-request || t_ok pve9-nmi-no-request
t_done
