#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Serial-over-LAN on old Proxmox (issue 5, ticket fallback): PVE 7's termproxy cannot take an
# API token's console ticket, so the bridge logs in as a configured console user
# (POST /access/ticket) and opens the console with that user's ticket (cookie + CSRF token).
# The real supervisor, ipmi_sim + module and ipmitool through a pty, against the fake Proxmox in
# its PVE 7 profile:
#  - no console user: a status/log line telling the admin to configure one;
#  - wrong password: a clear line (once), retries with backoff, no crash;
#  - right password (fixed in the file, no reload): ipmitool sol activate sees the guest's
#    output and its keystrokes reach the guest; the request log shows the login form, and
#    termproxy/vncwebsocket with the cookie (+ CSRF token on the POST) and no token;
#  - an expired ticket (fake clock +2 h) is replaced by a new login;
#  - the password is in no log, no status output and no command line.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/orch.sh"
. "$(dirname "$0")/../lib/fakepve.sh"
t_init
orch_setup || { t_fail setup; t_done; }
pve_start || { t_fail fakepve-start; t_done; }
IP=198.18.0.41
EXP=$T_TOP/tests/lib/console.exp
CUSER=vbmc-console@pve
CPW=Cpw-$RANDOM$RANDOM-tkt          # unreserved characters: the form carries it as is
CPW_FILE=$T_DIR/console-pw
t_secret "$CPW_FILE" "wrong-$CPW"
pve_ctl 'profile 7' >/dev/null
pve_ctl "user $CUSER $CPW VM.Console" >/dev/null
pve_ctl 'vm 100 status=running' >/dev/null
mb init --force --interface bmc0 --pve-url "$PVE_URL" --token-file "$PVE_TOKEN_FILE" --ca-file "$PVE_CA" >/dev/null \
    && mb add 100 $IP/24 >/dev/null || { t_fail config "$(mb list 2>&1)"; t_done; }
orch_run || { t_fail supervisor-up "$(cat "$T_DIR/sup.out")"; t_done; }

sol_cmd=(ip netns exec "$T_NSC" ipmitool -I lanplus -H $IP -U "$T_USER" -P "$T_PASS")
steps() { local name=$1; shift; printf '%s\n' "$@" >"$T_DIR/$name.steps"; }
out_has() { grep -aqE "$2" "$T_DIR/$1.out"; }
stat_of() { pve_ctl console_stats | tr ' ' '\n' | sed -n "s/^$1=//p"; }
auth_of() { pve_ctl auth_stats | tr ' ' '\n' | sed -n "s/^$1=//p"; }
bridge() { mb show 100 | sed -n 's/^SOL bridge *//p'; }
attached() { [ "$(bridge)" = attached ]; }
bridge_says() { bridge | grep -q -- "$1"; }
sim_up() { local p; p=$(orch_sim_pid 100); [ -n "$p" ] && kill -0 "$p" 2>/dev/null && orch_answers $IP; }

# 1. PVE 7 without a console user: the bridge says what to configure.
t_wait_for 15 sim_up && t_wait_for 15 bridge_says 'configure a console user' \
    && grep -q 'console-user USER@REALM --console-password-file' "$T_DIR/sup.out" \
    && t_ok old-pve-asks-for-console-user || t_fail old-pve-asks-for-console-user "$(bridge; tail -5 "$T_DIR/sup.out")"

# 2. A console user with the wrong password: after the token is refused once, the bridge turns
# to the ticket, is refused, says so once and keeps trying (with backoff).
mark=$(pve_mark)
mb init --force --interface bmc0 --console-user "$CUSER" --console-password-file "$CPW_FILE" >/dev/null \
    || t_fail init-console-user
t_wait_for 20 bridge_says 'refused the console login of vbmc-console@pve: authentication failure' \
    && t_ok wrong-password-clear-error || t_fail wrong-password-clear-error "$(bridge; tail -5 "$T_DIR/sup.out")"
f0=$(auth_of login_failures); sleep 4; f1=$(auth_of login_failures)   # the window the rate is counted over
t_log "wrong password: $f0 -> $f1 refused logins in 4 s"
retried() { [ "$(auth_of login_failures)" -gt "$f0" ]; }      # keeps trying (its backoff may exceed 4 s)
[ $((f1 - f0)) -le 6 ] && t_wait_for 30 retried && kill -0 "$ORCH_SUP_PID" && sim_up \
    && [ "$(grep -c 'refused the console login' "$T_DIR/sup.out")" = 1 ] \
    && [ "$(grep -c 'using console user vbmc-console@pve' "$T_DIR/sup.out")" = 1 ] \
    && t_ok wrong-password-retries-logged-once || t_fail wrong-password-retries-logged-once \
        "$f0 -> $f1; $(grep -c 'refused the console login' "$T_DIR/sup.out") lines"

# 3. The admin fixes the password file: the next attempt logs in, no reload needed.
t_secret "$CPW_FILE" "$CPW"
t_wait_for 20 attached && t_ok ticket-console-attached || t_fail ticket-console-attached "$(bridge; tail -5 "$T_DIR/sup.out")"
steps a 'expect SOL Session operational' 'expect said-on-pve7' 'send typed-on-pve7\r' \
    'expect cn001 login: ' 'send \r~.' 'eof'
t_bg a expect "$EXP" 20 "$T_DIR/a.steps" -- "${sol_cmd[@]}" sol activate
A=$T_LAST_PID
t_wait_for 15 out_has a 'SOL Session operational'
pve_ctl 'console_say 100 said-on-pve7' >/dev/null
t_wait_for 20 sh -c "! kill -0 $A"; wait "$A" && [[ "$(stat_of last_input)" == *typed-on-pve7* ]] \
    && t_ok sol-activate-through-ticket || t_fail sol-activate-through-ticket "$(tail -c 400 "$T_DIR/a.out"; pve_ctl console_stats)"

# What went over the wire (the fake's request log; it shows a password only as its length).
login_req=$(pve_reqs_since "$mark" 'POST /api2/json/access/ticket' | tail -1)
[[ "$login_req" == *"auth=[] cookie=[] csrf=[] ctype=[application/x-www-form-urlencoded] body=[username=vbmc-console%40pve&password=<${#CPW} bytes>]" ]] \
    && [ "$(auth_of logins)" -ge 1 ] && t_ok login-form || t_fail login-form "$login_req"
tp=$(pve_reqs_since "$mark" 'POST /api2/json/nodes/pve1/qemu/100/termproxy' | grep -v 'PVEAPIToken' | tail -1)
[[ "$tp" == *"auth=[] "* && "$tp" == *"cookie=[PVEAuthCookie=PVE%3Avbmc-console%40pve%3A"* && "$tp" =~ csrf=\[[0-9A-F]{8}:.+\] ]] \
    && t_ok termproxy-cookie-csrf-no-token || t_fail termproxy-cookie-csrf-no-token "$tp"
ws=$(pve_reqs_since "$mark" 'GET /api2/json/nodes/pve1/qemu/100/vncwebsocket' | tail -1)
[[ "$ws" == *"auth=[] "* && "$ws" == *"cookie=[PVEAuthCookie=PVE%3Avbmc-console%40pve%3A"* ]] \
    && t_ok vncwebsocket-cookie-no-token || t_fail vncwebsocket-cookie-no-token "$ws"
[ "$(auth_of csrf_refused)" = 0 ] && [ "$(auth_of token_refused)" = 0 ] && t_ok no-refused-auth \
    || t_fail no-refused-auth "$(pve_ctl auth_stats)"

# 4. Two hours later (fake clock) the ticket has expired: the next console (after a VM power
# cycle) gets 401, and the bridge logs in again.
logins=$(auth_of logins)
pve_ctl 'advance 7300' >/dev/null
pve_ctl 'vm 100 status=stopped' >/dev/null
vm_stop_seen() { bridge | grep -q 'not running'; }
t_wait_for 20 vm_stop_seen || t_log "the bridge did not see the VM stop: $(bridge)"
pve_ctl 'vm 100 status=running' >/dev/null
relogged() { [ "$(auth_of logins)" -gt "$logins" ] && attached; }
t_wait_for 20 relogged && t_ok expired-ticket-renewed || t_fail expired-ticket-renewed "$(bridge; pve_ctl auth_stats)"

# 5. The password is nowhere: not in logs, status, config, nor any command line.
ps -eww -o args= >"$T_DIR/ps.txt"
mb status --json >"$T_DIR/status.json" 2>&1
mb list >"$T_DIR/list.txt" 2>&1
leaks=$(grep -rlF -- "$CPW" "$T_DIR" | grep -vx "$CPW_FILE")
[ -z "$leaks" ] && grep -q "console     vbmc-console@pve / \*\*\*\*\*\*\*\*" "$T_DIR/list.txt" \
    && t_ok password-not-leaked || t_fail password-not-leaked "in: $leaks $(cat "$T_DIR/list.txt")"
kill -0 "$ORCH_SUP_PID" && [ "$(stat_of max_open_per_vm)" = 1 ] && [ "$(stat_of bad_frames)" = 0 ] \
    && t_ok supervisor-alive-one-console || t_fail supervisor-alive-one-console "$(pve_ctl console_stats)"
# Every state change the bridge made above is one its table allows (solbridge_state.c).
bad=$(grep 'unexpected state change' "$T_DIR/sup.out")
[ -z "$bad" ] && t_ok bridge-transitions-in-table || t_fail bridge-transitions-in-table "$bad"
t_done
