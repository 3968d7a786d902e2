#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Proxmox backend, power: stock ipmitool against ipmi_sim + multibmc.so + the fake Proxmox
# API. Each case asserts what the client saw and what the fake recorded.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/fakepve.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
pve_start || { t_fail fakepve-start; t_done; }
IP=198.18.0.31
pve_bmc_start vm $IP || { t_fail bmc-start; t_done; }
ipmi() { t_ipmitool $IP "$@"; }
power_is() { ipmi power status 2>/dev/null | grep -q "is $1"; }
vm_is() { [ "$(pve_show 100 status)" = "$1" ]; }
MLOG=$T_DIR/vm/module.log
resets_are() { [ "$(pve_show 100 resets)" = "$1" ]; }
nmis_are() { [ "$(pve_show 100 nmi)" = "$1" ]; }
t_wait_for 10 grep -q 'power state is now' "$MLOG" || t_fail first-poll

# Where the VM is: /cluster/resources, then status/current on that node, token header exact.
t_wait_for 10 power_is off && t_ok status-off || t_fail status-off "$(ipmi power status 2>&1)"
pve_reqs 'GET /api2/json/cluster/resources\?type=vm ' >/dev/null && t_ok located-via-cluster-resources \
    || t_fail located-via-cluster-resources
pve_reqs "GET /api2/json/nodes/pve1/qemu/100/status/current auth=\[PVEAPIToken=bmc@pve!ipmi=$PVE_TOKEN_SECRET\]" >/dev/null \
    && t_ok token-header-format || t_fail token-header-format "$(pve_reqs status/current | head -1)"
grep -q "$PVE_TOKEN_SECRET" "$MLOG" "$T_DIR/vm.sim.out" && t_fail secret-not-logged || t_ok secret-not-logged

# power on: start task followed at the UPID's node; status flips.
m=$(pve_mark)
out=$(ipmi power on 2>&1) && t_ok power-on-accepted || t_fail power-on-accepted "$out"
t_wait_for 10 power_is on && t_ok power-on-status || t_fail power-on-status
vm_is running && t_ok power-on-vm-running || t_fail power-on-vm-running
pve_reqs_since "$m" 'POST /api2/json/nodes/pve1/qemu/100/status/start .*ctype=\[application/x-www-form-urlencoded\]' >/dev/null \
    && t_ok start-posted || t_fail start-posted "$(pve_reqs_since "$m" status/start)"
pve_reqs_since "$m" 'GET /api2/json/nodes/pve1/tasks/UPID%3Apve1%3A[0-9A-F]+%3A.*qmstart%3A100%3Abmc%40pve%21ipmi%3A/status' >/dev/null \
    && t_ok task-followed-url-encoded || t_fail task-followed-url-encoded "$(pve_reqs_since "$m" tasks | head -2)"
[ "$(pve_reqs_since "$m" 'status/start' | wc -l)" = 1 ] && t_ok start-once || t_fail start-once
# on while on: nothing sent
m=$(pve_mark)
ipmi power on >/dev/null 2>&1
pve_wait_polls 10 "$m" 2 || t_log "no polls"     # the BMC went on after the request
pve_reqs_since "$m" 'status/start' >/dev/null && t_fail on-when-on-noop || t_ok on-when-on-noop

# Outside change (GUI, guest poweroff): visible within one poll.
pve_ctl "vm 100 status=stopped" >/dev/null
t_wait_for 3 power_is off && t_ok outside-stop-seen || t_fail outside-stop-seen
pve_ctl "vm 100 status=running" >/dev/null
t_wait_for 3 power_is on && t_ok outside-start-seen || t_fail outside-start-seen
# A backup of a stopped VM runs QEMU paused with lock=backup: that is "off".
pve_ctl "vm 100 status=running qmpstatus=prelaunch lock=backup" >/dev/null
t_wait_for 3 power_is off && t_ok backup-prelaunch-is-off || t_fail backup-prelaunch-is-off
pve_ctl "vm 100 status=running lock=" >/dev/null
t_wait_for 3 power_is on || t_fail back-on

# reset: status/reset (no boot override pending)
m=$(pve_mark)
ipmi power reset >/dev/null 2>&1 && t_ok reset-accepted || t_fail reset-accepted
t_wait_for 5 resets_are 1 && t_ok reset-done || t_fail reset-done
pve_reqs_since "$m" 'POST .*/status/reset ' >/dev/null && t_ok reset-posted || t_fail reset-posted

# diag: monitor nmi (PVE 8 profile, token has VM.Monitor + Sys.Modify)
m=$(pve_mark)
ipmi power diag >/dev/null 2>&1 && t_ok diag-accepted || t_fail diag-accepted
t_wait_for 5 nmis_are 1 && t_ok diag-nmi-sent || t_fail diag-nmi-sent
pve_reqs_since "$m" 'POST .*/qemu/100/monitor .*body=\[command=nmi\]' >/dev/null && t_ok diag-body || t_fail diag-body

# soft: shutdown without forceStop; status flips only when the guest is done (here 30 s of
# the fake's clock, which the test advances once it has seen the BMC follow the task).
pve_ctl 'vm 100 shutdown_secs=30' >/dev/null
m=$(pve_mark)
ipmi power soft >/dev/null 2>&1 && t_ok soft-accepted || t_fail soft-accepted
# (The request goes out after the reply: wait for it rather than race it.)
t_wait_for 5 pve_reqs_since "$m" 'POST .*/status/shutdown .*body=\[forceStop=0\]' && t_ok soft-posted \
    || t_fail soft-posted "$(pve_reqs_since "$m" shutdown)"
t_wait_for 10 pve_req_after "$m" 'POST .*/status/shutdown' 'GET .*/tasks/.*/status' || t_log "shutdown task not followed"
pve_wait_polls 10 "$(pve_mark)" 2 || t_log "no polls"
power_is on && t_ok soft-still-on-while-guest-shuts-down || t_fail soft-still-on-while-guest-shuts-down
pve_ctl $'advance 31\nvm 100 shutdown_secs=2' >/dev/null
t_wait_for 10 power_is off && t_ok soft-off || t_fail soft-off

# cycle from on: stop then start
pve_ctl "vm 100 status=running" >/dev/null
t_wait_for 3 power_is on
m=$(pve_mark)
ipmi power cycle >/dev/null 2>&1 && t_ok cycle-accepted || t_fail cycle-accepted
t_wait_for 8 bash -c "grep -q 'status/start' <(tail -n +$((m + 1)) '$PVE_LOG')"
seq=$(pve_reqs_since "$m" 'POST .*status/(stop|start)' | sed -E 's/.*status\/(stop|start).*/\1/' | tr '\n' ' ')
[ "$seq" = "stop start " ] && t_ok cycle-stop-then-start || t_fail cycle-stop-then-start "got: $seq"
t_wait_for 5 power_is on && t_ok cycle-on-again || t_fail cycle-on-again

# off: stop with overrule-shutdown (PVE >= 8.1). The cycle may still run (the power read on
# before its stop): off then runs right after it, so wait for its stop, then for the state.
m=$(pve_mark)
out=$(ipmi power off 2>&1) && t_ok off-accepted || t_fail off-accepted "$out"
t_wait_for 10 pve_reqs_since "$m" 'POST .*/status/stop .*body=\[overrule-shutdown=1\]' && t_ok off-overrule-shutdown \
    || t_fail off-overrule-shutdown "$(pve_reqs_since "$m" status/stop)"
t_wait_for 5 power_is off && t_ok off-status || t_fail off-status
# soft/reset while off, or while an off is pending: 0xD5 (not in present state)
reset_d5() { ipmi raw 0x00 0x02 0x03 2>&1 | grep -qi 'rsp=0xd5'; }
t_wait_for 5 reset_d5 && t_ok reset-when-off-d5 || t_fail reset-when-off-d5 "$(ipmi raw 0x00 0x02 0x03 2>&1)"
[ "$(pve_show 100 resets)" = 1 ] && t_ok reset-when-off-sends-nothing || t_fail reset-when-off-sends-nothing

# A request repeated while the first is in flight (client retransmission) runs once.
m=$(pve_mark)
ipmi raw 0x00 0x02 0x01 >/dev/null 2>&1 && ipmi raw 0x00 0x02 0x01 >/dev/null 2>&1 && t_ok repeated-on-accepted || t_fail repeated-on-accepted
t_wait_for 5 power_is on
pve_wait_polls 10 "$(pve_mark)" 2 || t_log "no polls"     # a second start would have been sent by now
[ "$(pve_reqs_since "$m" 'POST .*status/start' | wc -l)" = 1 ] && t_ok repeated-on-runs-once || t_fail repeated-on-runs-once "$(pve_reqs_since "$m" 'status/start' | wc -l)"
t_done
