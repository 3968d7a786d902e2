#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The shared power-state poller (issue 7 item 2): the supervisor polls each Proxmox node's VM
# list (GET /nodes/{node}/qemu) once per interval and publishes the states in
# <run_dir>/pve-state; the BMCs' modules read that table and make no status/current request
# at idle. Three BMCs on two nodes of the fake API: power changes made in Proxmox (not via
# IPMI) show in `ipmitool power status` within about one interval; a migration is followed;
# a power action via IPMI is answered truthfully at once (one direct status/current); a stuck
# supervisor (SIGSTOP) makes the modules fall back to their own polling and come back when it
# runs again; a module outside the supervisor keeps answering truthfully after the
# supervisor is SIGKILLed (its own ipmi_sims die with it: PR_SET_PDEATHSIG).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/orch.sh"
. "$(dirname "$0")/../lib/fakepve.sh"
t_init
orch_setup || { t_fail setup; t_done; }
pve_start || { t_fail fakepve-start; t_done; }
IP100=198.18.0.50 IP101=198.18.0.51 IP102=198.18.0.52 IP103=198.18.0.53 IPX=198.18.0.59
pve_ctl 'addvm 101 pve1
addvm 102 pve2
vm 100 status=running' >/dev/null
# Each BMC also gets its SOL bridge in the supervisor; it too takes the VM's state from the
# poller, so that a stopped VM's bridge does not poll status/current either.
mb init --force --interface bmc0 --pve-url "$PVE_URL" --token-file "$PVE_TOKEN_FILE" --ca-file "$PVE_CA" >/dev/null \
    && mb add 100 $IP100/24 >/dev/null && mb add 101 $IP101/24 >/dev/null && mb add 102 $IP102/24 >/dev/null \
    || { t_fail config "$(mb list 2>&1)"; t_done; }
orch_run || { t_fail supervisor-up "$(cat "$T_DIR/sup.out")"; t_done; }
TABLE=$ORCH_RUN/pve-state

power_is() { t_ipmitool "$1" power status 2>/dev/null | grep -q "is $2"; }
all_up() { power_is $IP100 on && power_is $IP101 off && power_is $IP102 off; }
count() { pve_reqs_since "$1" "$2" | wc -l; }
# The ms from now until BMC $1 reports power $2.
time_until() {
    local t0 t1; t0=$(t_now_ms)
    t_wait_for 10 power_is "$1" "$2" || { echo 99999; return; }
    t1=$(t_now_ms); echo $((t1 - t0))
}

t_wait_for 30 all_up && t_ok three-bmcs-answer || { t_fail three-bmcs-answer "$(tail -30 "$T_DIR/sup.out")"; t_done; }
[ -f "$TABLE" ] && [ "$(stat -c %a "$TABLE")" = 644 ] && grep -q "state-table=$TABLE" "$ORCH_RUN/100/lan.conf" \
    && t_ok table-file || t_fail table-file "$(ls -l "$ORCH_RUN")"
# The VM's identity comes from the supervisor too (its config read in the background, handed
# over in pve-config.json): the GUID is the VM's smbios1 uuid, and no module asked for it.
guid_is_vms() { t_ipmitool $IP101 mc guid 2>/dev/null | grep -q "System GUID *: 5e1f0c3a-7d2b-4c6e-9a81-000000000101"; }
t_wait_for 30 guid_is_vms && [ -s "$ORCH_RUN/101/pve-config.json" ] && t_ok identity-from-supervisor \
    || t_fail identity-from-supervisor "$(t_ipmitool $IP101 mc guid 2>&1; ls -l "$ORCH_RUN/101")"
[ "$(pve_reqs 'qemu/101/config' | wc -l)" = 1 ] && t_ok one-config-read-per-vm \
    || t_fail one-config-read-per-vm "$(pve_reqs 'qemu/101/config')"

# 1. Idle: per node one list request per second (poll_ms default 1000), no per-VM polling.
m0=$(pve_mark)
pve_stats_reset
m=$(pve_mark); t0=$(t_now_ms)
sleep 5     # the window the rate is measured over
secs=$(( ($(t_now_ms) - t0 + 500) / 1000 ))
n1=$(count "$m" 'GET /api2/json/nodes/pve1/qemu ')
n2=$(count "$m" 'GET /api2/json/nodes/pve2/qemu ')
sc=$(count "$m" 'status/current')
t_log "idle $secs s: pve1 list $n1, pve2 list $n2, status/current $sc; fake: $(pve_ctl stats | tr '\n' ' ')"
# The fake's counters against its own request log, read around the counter (requests go on
# meanwhile, and a pve_ctl call takes a while on a busy machine): before <= counter <= after.
lists() { count "$1" 'GET /api2/json/nodes/pve[12]/qemu '; }
before=$(lists "$m"); nq=$(pve_stat node_qemu); after=$(lists "$m0")
[ "$nq" -ge "$before" ] && [ "$nq" -le "$after" ] && [ "$(pve_stat status_current)" = 0 ] \
    && t_ok fake-counts-requests || t_fail fake-counts-requests "log $before..$after, counter $nq; $(pve_ctl stats | tr '\n' ' ')"
# The fake's cost model: each request holds the one API worker (here 300 ms).
pve_cost 300000
t=$(t_in_bmc curl -s -o /dev/null -w '%{time_total}' --cacert "$PVE_CA" \
    -H "Authorization: PVEAPIToken=$PVE_TOKEN_ID=$PVE_TOKEN_SECRET" "$PVE_URL/api2/json/version")
pve_cost 0
awk -v t="$t" 'BEGIN { exit !(t >= 0.3) }' && t_ok fake-request-cost || t_fail fake-request-cost "$t s"
# One a second, give or take 2 (a late timer, a window edge) over the measured window.
per_second() { [ "$1" -ge $((secs - 2)) ] && [ "$1" -le $((secs + 2)) ]; }
per_second "$n1" && per_second "$n2" && t_ok idle-one-list-per-node-per-second \
    || t_fail idle-one-list-per-node-per-second "pve1 $n1 pve2 $n2 in $secs s"
[ "$sc" = 0 ] && t_ok idle-no-status-current || t_fail idle-no-status-current "$(pve_reqs_since "$m" status/current | head -5)"

# 2. Changes made in Proxmox, not via IPMI, show within about one interval.
pve_ctl 'vm 101 status=running' >/dev/null
ms=$(time_until $IP101 on)
t_log "VM 101 started in Proxmox: ipmitool saw it after $ms ms"
# About one interval (1 s) plus ipmitool's own round trip; the bound is generous for a busy machine.
[ "$ms" -le 4000 ] && t_ok outside-start-seen-within-interval || t_fail outside-start-seen-within-interval "$ms ms"
pve_ctl 'vm 100 status=stopped' >/dev/null
ms=$(time_until $IP100 off)
t_log "VM 100 stopped in Proxmox: ipmitool saw it after $ms ms"
[ "$ms" -le 4000 ] && t_ok outside-stop-seen-within-interval || t_fail outside-stop-seen-within-interval "$ms ms"

# A paused backup QEMU of a stopped VM: the node list cannot tell it from a running VM, so
# that module asks status/current itself while the backup lock lasts.
m=$(pve_mark)
pve_ctl 'vm 100 status=running
vm 100 qmpstatus=prelaunch lock=backup' >/dev/null
t_wait_for 15 pve_reqs_since "$m" 'nodes/pve1/qemu/100/status/current' || t_log "no direct status/current"
power_is $IP100 off && [ "$(count "$m" 'nodes/pve1/qemu/100/status/current')" -ge 1 ] \
    && t_ok backup-lock-asks-directly || t_fail backup-lock-asks-directly "$(count "$m" 'qemu/100/status/current')"
pve_ctl 'vm 100 status=stopped lock=' >/dev/null
t_wait_for 10 power_is $IP100 off
pve_quiet 20 2 'status/current' && t_ok backup-over-back-to-table || t_fail backup-over-back-to-table

# An API failure on a node's list reaches its BMCs (status file), logged once, not per poll.
pve_ctl 'failall GET /nodes/pve1/qemu 401 authentication failure' >/dev/null
bmc_error() { grep -q "^error=.*401" "$ORCH_RUN/$1/status"; }
pve1_errors() { bmc_error 100 && bmc_error 101; }
t_wait_for 5 pve1_errors && ! bmc_error 102 && t_ok node-error-reported \
    || t_fail node-error-reported "$(grep -h error= "$ORCH_RUN"/10?/status)"
m=$(pve_mark)     # two more failed lists, for "logged once"
t_wait_for 10 bash -c "[ \$(tail -n +$((m + 1)) '$PVE_LOG' | grep -c '^REQ GET /api2/json/nodes/pve1/qemu ') -ge 2 ]" ||
    t_log "fewer than 2 more lists of pve1"
pve_ctl 'clearfail' >/dev/null
t_wait_for 5 sh -c "! grep -q '^error=.' '$ORCH_RUN/100/status'" && t_ok node-error-clears || t_fail node-error-clears
[ "$(grep -c 'pvepoll: node pve1: HTTP 401' "$T_DIR/sup.out")" = 1 ] && grep -q 'pvepoll: node pve1 answers again' "$T_DIR/sup.out" \
    && t_ok node-error-logged-once || t_fail node-error-logged-once "$(grep pvepoll "$T_DIR/sup.out")"

# 3. Migration of VM 102 from pve2 to pve1: followed from the node lists.
pve_ctl 'migrate 102 pve1 2' >/dev/null
m=$(pve_mark)
t_wait_for 10 grep -q 'VM 102 is now on pve1' "$T_DIR/sup.out" && t_ok migration-followed \
    || t_fail migration-followed "$(grep -i pvepoll "$T_DIR/sup.out" | tail -5)"
pve_ctl 'vm 102 status=running' >/dev/null
ms=$(time_until $IP102 on)
[ "$ms" -le 4000 ] && t_ok migrated-vm-state || t_fail migrated-vm-state "$ms ms"
m=$(pve_mark)
pve_quiet 20 2 'GET /api2/json/nodes/pve2/qemu ' && [ "$(count "$m" 'GET /api2/json/nodes/pve1/qemu ')" -ge 1 ] \
    && t_ok only-nodes-with-vms-polled || t_fail only-nodes-with-vms-polled "$(pve_reqs_since "$m" 'qemu ' | tail -4)"

# A reload with a fourth BMC: the table is replaced by a new file (rename), the old one is
# marked retired, and the running BMCs move to the new one without falling back.
ino=$(stat -c %i "$TABLE")
pve_ctl 'addvm 103 pve2' >/dev/null
mb add 103 $IP103/24 >/dev/null
known_off() { grep -q '^power=off' "$ORCH_RUN/$1/status" && power_is "$2" off; }
t_wait_for 15 known_off 103 $IP103 && [ "$(stat -c %i "$TABLE")" != "$ino" ] && t_ok reload-replaces-table \
    || t_fail reload-replaces-table "$(tail -5 "$T_DIR/sup.out")"
# The new BMC's own first status/current and its SOL bridge's first look end; then quiet.
m=$(pve_mark)
pve_quiet 20 3 'status/current' && ! grep -v 'backup lock' "$T_DIR/sup.out" | grep -q 'polling Proxmox directly' \
    && [ "$(count "$m" 'GET /api2/json/nodes/pve2/qemu ')" -ge 2 ] && t_ok reload-no-fallback \
    || t_fail reload-no-fallback "$(pve_reqs_since "$m" 'status/current|qemu ' | tail -4)"

# 4. A power action via IPMI: answered at once from one direct status/current, no flicker.
m=$(pve_mark)
t_ipmitool $IP101 power off >/dev/null 2>&1
t_wait_for 10 power_is $IP101 off && t_ok ipmi-off-truthful || t_fail ipmi-off-truthful
flips=0
for _ in 1 2 3 4 5 6 7 8; do power_is $IP101 off || flips=$((flips + 1)); sleep 0.25; done
[ "$flips" = 0 ] && t_ok no-flicker-after-action || t_fail no-flicker-after-action "$flips readings said on"
n=$(count "$m" 'qemu/101/status/current')
[ "$n" -ge 1 ] && [ "$n" -le 3 ] && t_ok one-direct-refresh-after-action || t_fail one-direct-refresh-after-action "$n"

# 5. Supervisor stuck (SIGSTOP): the table goes stale, modules poll status/current themselves
# and stay truthful; SIGCONT: back to the table, and the modules say so. Stopped while a
# round's node lists are in flight (they take 900 ms here): for a few intervals that looks like
# nodes that do not answer, and the modules must still end up naming the stuck supervisor.
pve_ctl $'latency nodes/pve1/qemu 900\nlatency nodes/pve2/qemu 900' >/dev/null
m=$(pve_mark)
list_asked() { [ "$(count "$m" 'GET /api2/json/nodes/pve1/qemu ')" -ge 1 ]; }
t_wait_for 10 list_asked || t_log "no node list asked after the latency was set"
m=$(pve_mark)
kill -STOP "$ORCH_SUP_PID"; stopped_ms=$(t_now_ms)
# The modules notice the stale table (a few intervals) and poll status/current themselves.
t_wait_for 20 pve_reqs_since "$m" 'status/current' || t_log "no module polls by itself"
m=$(pve_mark)
pve_ctl 'vm 101 status=running' >/dev/null
t_wait_for 10 power_is $IP101 on && t_ok stuck-supervisor-still-truthful || t_fail stuck-supervisor-still-truthful
both_poll() { [ "$(count "$m" 'qemu/100/status/current')" -ge 1 ] && [ "$(count "$m" 'qemu/102/status/current')" -ge 1 ]; }
t_wait_for 10 both_poll
[ "$(count "$m" 'qemu/100/status/current')" -ge 1 ] && [ "$(count "$m" 'qemu/102/status/current')" -ge 1 ] \
    && t_ok stuck-supervisor-fallback-polling || t_fail stuck-supervisor-fallback-polling "$(pve_reqs_since "$m" status/current | tail -3)"
# Stuck for longer than a dead heartbeat's 5 intervals and a module's tick (their lines reach
# sup.out only through the supervisor, after SIGCONT): each module has named it by then.
while [ $(( $(t_now_ms) - stopped_ms )) -lt 9000 ]; do sleep 0.2; done
kill -CONT "$ORCH_SUP_PID"
pve_ctl $'latency nodes/pve1/qemu 0\nlatency nodes/pve2/qemu 0' >/dev/null
# Each of the four BMCs says it is back (an earlier "back on" line, from the backup lock above,
# does not count): only then has the last direct poll been sent.
back_from_stale() { [ "$(grep -c 'back on the shared state table.*table is stale' "$T_DIR/sup.out")" -ge 4 ]; }
t_wait_for 10 back_from_stale && t_ok back-on-table-logged || t_fail back-on-table-logged
m=$(pve_mark)
pve_quiet 20 3 'status/current' && t_ok fallback-ends || t_fail fallback-ends "$(pve_reqs_since "$m" status/current | tail -3)"
grep -q 'shared state table is stale' "$T_DIR/sup.out" && t_ok fallback-reason-logged || t_fail fallback-reason-logged

# 6. SIGKILL: a BMC outside the supervisor (on the same table) polls by itself and stays truthful.
PVE_POLL_MS=1000 pve_bmc_start solo $IPX "ca-file=$PVE_CA state-table=$TABLE" || t_fail solo-start
t_wait_for 10 power_is $IPX off || t_fail solo-answers
kill -KILL "$ORCH_SUP_PID"
t_wait_for 20 grep -q 'stale' "$T_DIR/solo/module.log" || t_log "the solo module did not report the stale table"
m=$(pve_mark)
pve_ctl 'vm 100 status=running' >/dev/null
t_wait_for 10 power_is $IPX on && [ "$(count "$m" 'qemu/100/status/current')" -ge 1 ] \
    && t_ok dead-supervisor-module-polls-itself || t_fail dead-supervisor-module-polls-itself "$(tail -5 "$T_DIR/solo/module.log")"
grep -q 'stale' "$T_DIR/solo/module.log" && t_ok dead-supervisor-logged-once \
    && [ "$(grep -c 'polling Proxmox directly' "$T_DIR/solo/module.log")" = 1 ] || t_fail dead-supervisor-logged-once "$(cat "$T_DIR/solo/module.log")"

# 7. The switch for side-by-side measurements: init sets it, list shows it, bad values refused.
mb init --force --interface bmc0 --pve-shared-poll no --pve-poll-ms 700 >/dev/null \
    && mb list | grep -q 'power poll  per BMC (each VM.s status/current), every 700 ms' \
    && ! mb init --force --interface bmc0 --pve-poll-ms 50 >/dev/null 2>&1 \
    && t_ok shared-poll-switch || t_fail shared-poll-switch "$(mb list 2>&1)"
t_done
