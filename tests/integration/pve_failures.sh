#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Proxmox backend, failures: API down, 500, 595 (node offline), slow (30 s), 401 (3 s
# delayed), 403, a failing task. Every IPMI request is still answered promptly, actions get
# a meaningful completion code, and each cause is logged once (not once per poll).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/fakepve.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
pve_start || { t_fail fakepve-start; t_done; }
IP=198.18.0.51
pve_bmc_start vm $IP || { t_fail bmc-start; t_done; }
MLOG=$T_DIR/vm/module.log
ipmi() { t_ipmitool $IP "$@"; }
power_is() { ipmi power status 2>/dev/null | grep -q "is $1"; }
cc_of() { t_ipmitool "$1" raw 0x00 0x02 "$2" 2>&1 | sed -n 's/.*rsp=\(0x[0-9a-f]*\).*/\1/p'; }
# prompt IP: "power status" answers within 3 s (session setup included)
prompt() { local s; s=$(t_now_ms); t_ipmitool "$1" power status >/dev/null 2>&1 || return 1; [ $(( $(t_now_ms) - s )) -lt 3000 ]; }
count() { grep -c -- "$2" "$1"; }
t_wait_for 10 grep -q 'power state is now' "$MLOG" || t_fail first-poll

# API host down: requests dropped without an answer.
pve_ctl 'listen 0' >/dev/null
t_wait_for 5 grep -q 'Proxmox API (VM 100):.*unreachable' "$MLOG" && t_ok down-logged || t_fail down-logged "$(tail -3 "$MLOG")"
prompt $IP && t_ok down-status-prompt || t_fail down-status-prompt
[ "$(cc_of $IP 0x01)" = 0xc0 ] && t_ok down-power-on-c0 || t_fail down-power-on-c0 "cc $(cc_of $IP 0x01)"
# Logged once, not once per poll: an absence, seen only by letting polls go by (a dropped
# request leaves nothing in the fake's log to wait for).
sleep 2      # four more polls
[ "$(count "$MLOG" 'unreachable or too slow')" = 1 ] && t_ok down-logged-once || t_fail down-logged-once "$(grep -c 'unreachable' "$MLOG")"
pve_ctl 'listen 1' >/dev/null
t_wait_for 5 grep -q 'Proxmox API answers again' "$MLOG" && t_ok down-recovery-logged || t_fail down-recovery-logged

# 500 with Proxmox's message in the reason phrase (and the json "message" of newer PVE).
pve_ctl $'json_message 1\nfailall GET status/current 500 cluster not ready - no quorum?' >/dev/null
t_wait_for 5 grep -q 'cluster not ready - no quorum?' "$MLOG" && t_ok http500-message-logged || t_fail http500-message-logged
[ "$(cc_of $IP 0x01)" = 0xc0 ] && t_ok http500-power-on-c0 || t_fail http500-power-on-c0
pve_wait_polls 15 "$(pve_mark)" 3 || t_log "fewer than 3 polls"     # each failed again
[ "$(count "$MLOG" 'no quorum')" = 1 ] && t_ok http500-logged-once || t_fail http500-logged-once
pve_ctl $'clearfail\njson_message 0' >/dev/null
t_wait_for 5 bash -c "[ \$(grep -c 'answers again' '$MLOG') = 2 ]" || t_fail http500-recovery

# 595: the VM's node is unreachable from the API host; re-resolving does not help.
pve_ctl 'node pve1 online=0' >/dev/null
t_wait_for 5 grep -q 'No route to host' "$MLOG" && t_ok node-offline-logged || t_fail node-offline-logged
pve_reqs 'cluster/resources' | tail -1 >/dev/null
[ "$(pve_reqs 'cluster/resources' | wc -l)" -ge 2 ] && t_ok node-offline-reresolved || t_fail node-offline-reresolved
prompt $IP && t_ok node-offline-status-prompt || t_fail node-offline-status-prompt
[ "$(cc_of $IP 0x01)" = 0xc0 ] && t_ok node-offline-power-on-c0 || t_fail node-offline-power-on-c0
pve_wait_polls 15 "$(pve_mark)" 3 || t_log "fewer than 3 polls"     # each failed again
[ "$(count "$MLOG" 'No route to host')" = 1 ] && t_ok node-offline-logged-once || t_fail node-offline-logged-once
pve_ctl 'node pve1 online=1' >/dev/null
t_wait_for 5 bash -c "[ \$(grep -c 'answers again' '$MLOG') = 3 ]" && t_ok node-back || t_fail node-back

# A failing task: Proxmox's own message is logged (lock from a backup).
pve_ctl 'vm 100 lock=backup' >/dev/null
out=$(ipmi power on 2>&1) && t_ok locked-power-on-accepted || t_fail locked-power-on-accepted "$out"
t_wait_for 5 grep -q 'task start for VM 100 ended: VM is locked (backup)' "$MLOG" && t_ok task-error-logged \
    || t_fail task-error-logged "$(tail -3 "$MLOG")"
pve_reqs 'POST .*status/start' >/dev/null && t_ok locked-start-was-200-task || t_fail locked-start-was-200-task
pve_ctl 'vm 100 lock=' >/dev/null
power_is off && t_ok locked-still-off || t_fail locked-still-off

# Slow API (30 s): IPMI still answers at once; the stuck request times out, logged once.
m=$(pve_mark)
pve_ctl 'latency status/current 30000' >/dev/null
pve_wait_polls 10 "$m" 1 || t_log "no poll"     # a slow request is in flight
prompt $IP && t_ok slow-status-prompt || t_fail slow-status-prompt
t_wait_for 15 grep -q 'timed out' "$MLOG" && t_ok slow-timeout-logged || t_fail slow-timeout-logged "$(tail -3 "$MLOG")"
[ "$(cc_of $IP 0x01)" = 0xc0 ] && t_ok slow-power-on-c0 || t_fail slow-power-on-c0
pve_ctl 'latency status/current 0' >/dev/null
t_wait_for 15 bash -c "[ \$(grep -c 'answers again' '$MLOG') = 4 ]" && t_ok slow-recovered || t_fail slow-recovered
[ "$(count "$MLOG" 'timed out')" = 1 ] && t_ok slow-logged-once || t_fail slow-logged-once

# 401 (delayed 3 s like pveproxy): a BMC with a wrong secret.
pve_ctl 'auth_delay 3000' >/dev/null
t_secret "$T_DIR/badtoken" "$PVE_TOKEN_ID=00000000-0000-0000-0000-000000000000"
IP2=198.18.0.52
t_bmc_start bad $IP2 "backend=proxmox vmid=100 url=$PVE_URL token-file=$T_DIR/badtoken poll-ms=500 ca-file=$PVE_CA" || t_fail bmc2-start
prompt $IP2 && t_ok auth-status-prompt || t_fail auth-status-prompt
t_wait_for 10 grep -q 'Authentication failed!' "$T_DIR/bad/module.log" && t_ok auth-logged || t_fail auth-logged
grep -q 'check the API token' "$T_DIR/bad/module.log" && t_ok auth-hint || t_fail auth-hint
[ "$(cc_of $IP2 0x01)" = 0xc0 ] && t_ok auth-power-on-c0 || t_fail auth-power-on-c0
# Two more refused requests from this BMC (3 s each), still logged once.
m=$(pve_mark)
t_wait_for 20 bash -c "[ \$(tail -n +$((m + 1)) '$PVE_LOG' | grep -c '^REQ .*=00000000-0000-0000-0000-000000000000') -ge 2 ]" ||
    t_log "fewer than 2 refused requests"
[ "$(count "$T_DIR/bad/module.log" 'Authentication failed!')" = 1 ] && t_ok auth-logged-once || t_fail auth-logged-once
grep -q '00000000-0000-0000-0000-000000000000' "$T_DIR/bad/module.log" && t_fail auth-secret-not-logged || t_ok auth-secret-not-logged
pve_ctl 'auth_delay 0' >/dev/null

# 403: a token without VM.PowerMgmt.
pve_ctl 'privs bmc@pve!ipmi VM.Audit VM.Config.Disk' >/dev/null
IP3=198.18.0.53
pve_bmc_start noperm $IP3 || t_fail bmc3-start
t_wait_for 10 grep -q 'lacks VM.PowerMgmt' "$T_DIR/noperm/module.log" && t_ok no-powermgmt-logged || t_fail no-powermgmt-logged
t_wait_for 5 bash -c "ip netns exec $T_NSC ipmitool -I lanplus ${T_IPMITOOL_EXTRA:-} -H $IP3 -U $T_USER -P $T_PASS raw 0x00 0x02 0x01 2>&1 | grep -q rsp=0xd4" \
    && t_ok no-powermgmt-d4 || t_fail no-powermgmt-d4 "cc $(cc_of $IP3 0x01)"
t_done
