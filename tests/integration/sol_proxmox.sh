#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Serial-over-LAN to a Proxmox VM (issue 5): the real supervisor (`multibmc run`) runs ipmi_sim +
# our module for VM 100 and its in-process serial bridge to the fake Proxmox API's termproxy/
# vncwebsocket console. Real clients through a pty (tests/lib/console.exp): ipmitool sees the
# guest's output and its keystrokes reach the guest; deactivate from a second session takes
# over; ipmiconsole works without workaround flags; SOL survives a VM power cycle, an ipmi_sim
# kill -9 and a migration; old Proxmox (no token consoles) -> a clear error and no busy loop;
# the share policy lets go when idle and comes back on a keystroke; 1000 activate/deactivate
# cycles leave fds and RSS flat; there is never more than one console open on the VM.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/orch.sh"
. "$(dirname "$0")/../lib/fakepve.sh"
t_init
orch_setup || { t_fail setup; t_done; }
pve_start || { t_fail fakepve-start; t_done; }
IP=198.18.0.40
EXP=$T_TOP/tests/lib/console.exp
pve_ctl 'vm 100 status=running' >/dev/null
mb init --force --interface bmc0 --pve-url "$PVE_URL" --token-file "$PVE_TOKEN_FILE" --ca-file "$PVE_CA" >/dev/null \
    && mb add 100 $IP/24 >/dev/null || { t_fail config "$(mb list 2>&1)"; t_done; }
orch_run || { t_fail supervisor-up "$(cat "$T_DIR/sup.out")"; t_done; }

sol_cmd=(ip netns exec "$T_NSC" ipmitool -I lanplus -H $IP -U "$T_USER" -P "$T_PASS")
ipmi() { timeout 30 "${sol_cmd[@]}" "$@"; }
steps() { local name=$1; shift; printf '%s\n' "$@" >"$T_DIR/$name.steps"; }
out_has() { grep -aqE "$2" "$T_DIR/$1.out"; }
stat_of() { pve_ctl console_stats | tr ' ' '\n' | sed -n "s/^$1=//p"; }
bridge() { mb show 100 | sed -n 's/^SOL bridge *//p'; }
attached() { [ "$(bridge)" = attached ]; }
sim_up() { local p; p=$(orch_sim_pid 100); [ -n "$p" ] && kill -0 "$p" 2>/dev/null && orch_answers $IP; }
exited() { ! kill -0 "$1" 2>/dev/null; }

t_wait_for 15 sim_up && t_wait_for 10 attached && t_ok bridge-attached \
    || { t_fail bridge-attached "$(mb show 100; tail -20 "$T_DIR/sup.out")"; t_done; }
sup_fds0=$(ls "/proc/$ORCH_SUP_PID/fd" | wc -l)

# 1. ipmitool sol activate: the guest's output arrives; typed text reaches the guest (echo).
steps a 'expect SOL Session operational' 'expect guest-says-hello' 'send hello-sol\r' \
    'expect cn001 login: ' 'sleep 600'
t_bg a expect "$EXP" 20 "$T_DIR/a.steps" -- "${sol_cmd[@]}" sol activate
A=$T_LAST_PID
t_wait_for 15 out_has a 'SOL Session operational' && t_ok sol-activate-ipmitool \
    || t_fail sol-activate-ipmitool "$(cat "$T_DIR/a.out")"
pve_ctl 'console_say 100 guest-says-hello' >/dev/null
t_wait_for 10 out_has a 'cn001 login: ' && [[ "$(stat_of last_input)" == *hello-sol* ]] \
    && t_ok sol-output-and-keystrokes || t_fail sol-output-and-keystrokes "$(tail -c 400 "$T_DIR/a.out"; stat_of last_input)"

# 2. A second session takes the console over (deactivate, then activate), and SOL stays up
# across a VM power cycle: the stop closes the websocket, the start brings a new boot log.
# The new session's first keystrokes arrive too (ipmi_sim alone would drop them: module/lanserv/sol_seq.h).
out=$(ipmi sol activate 2>&1 </dev/null)
echo "$out" | grep -q 'already active' && t_ok sol-held-console-refused || t_fail sol-held-console-refused "$out"
ipmi sol deactivate >/dev/null 2>&1 && t_ok sol-deactivate-other-session || t_fail sol-deactivate-other-session
kill "$A" 2>/dev/null
steps b 'expect SOL Session operational' 'send takeover\r' 'expect takeover' 'expect SeaBIOS' \
    'expect cn001 login: ' 'send \r~.' 'eof'
t_bg b expect "$EXP" 30 "$T_DIR/b.steps" -- "${sol_cmd[@]}" sol activate
B=$T_LAST_PID
t_wait_for 15 out_has b 'takeover' && [[ "$(stat_of last_input)" == *takeover* ]] && t_ok sol-takeover-typing \
    || t_fail sol-takeover-typing "$(tail -c 400 "$T_DIR/b.out"; stat_of last_input)"
opened=$(stat_of opened)
cycle=$(ipmi power cycle 2>&1)
t_wait_for 30 exited "$B" && wait "$B" && [ "$(stat_of opened)" -gt "$opened" ] && [ "$(stat_of closed_by_vm)" -ge 1 ] \
    && t_ok sol-survives-power-cycle || t_fail sol-survives-power-cycle "$(tail -c 600 "$T_DIR/b.out"; pve_ctl console_stats
        echo "power cycle: $cycle"; pve_reqs 'status/|termproxy|vncwebsocket' | tail -8; grep -E '\[100\]' "$T_DIR/sup.out" | tail -15)"

# 3. kill -9 of the BMC's ipmi_sim: the supervisor restarts it, the new one gets the bridge's
# line, and the Proxmox console was never dropped meanwhile. FreeIPMI's ipmiconsole (no
# workaround flags) sees the guest's output and its typing reaches the guest.
opened=$(stat_of opened); old=$(orch_sim_pid 100)
kill -9 "$old"
t_wait_for 10 sh -c "p=\$(sed -n 's/^pid=//p' $ORCH_RUN/100/supervisor); [ -n \"\$p\" ] && [ \"\$p\" != $old ]" \
    && t_wait_for 10 sim_up && t_ok sim-restarted || t_fail sim-restarted
steps c 'expect SOL established' 'expect to-ipmiconsole' 'send from-ipmiconsole\r' 'expect from-ipmiconsole' \
    'send &.' 'eof'
t_bg c expect "$EXP" 20 "$T_DIR/c.steps" -- ip netns exec "$T_NSC" ipmiconsole -h $IP -u "$T_USER" -p "$T_PASS"
C=$T_LAST_PID
t_wait_for 15 out_has c 'SOL established'
pve_ctl 'console_say 100 to-ipmiconsole' >/dev/null
t_wait_for 20 exited "$C"; wait "$C" && [[ "$(stat_of last_input)" == *from-ipmiconsole* ]] \
    && t_ok ipmiconsole-no-workarounds || t_fail ipmiconsole-no-workarounds "$(tail -c 400 "$T_DIR/c.out")"
[ "$(stat_of opened)" = "$opened" ] && t_ok console-kept-across-ipmi-sim-kill \
    || t_fail console-kept-across-ipmi-sim-kill "$(pve_ctl console_stats)"

# 4. Migration to pve2: the console on pve1 closes, the bridge finds the VM on pve2.
pve_ctl 'migrate 100 pve2 1' >/dev/null
on_pve2() { grep -q 'termproxy for VM 100 on pve2' "$PVE_LOG" && attached; }
t_wait_for 20 on_pve2 && t_ok bridge-follows-migration || t_fail bridge-follows-migration "$(bridge; tail -5 "$PVE_LOG")"
steps e 'expect SOL Session operational' 'expect said-on-pve2' 'send on-pve2\r' 'expect on-pve2' 'send \r~.' 'eof'
t_bg e expect "$EXP" 20 "$T_DIR/e.steps" -- "${sol_cmd[@]}" sol activate
E=$T_LAST_PID
t_wait_for 15 out_has e 'SOL Session operational'
pve_ctl 'console_say 100 said-on-pve2' >/dev/null
t_wait_for 20 exited "$E"; wait "$E" && t_ok sol-after-migration || t_fail sol-after-migration "$(tail -c 400 "$T_DIR/e.out")"

# 5. 1000 activate/deactivate cycles in one session: fds and RSS of ipmi_sim, the supervisor
# and the fake stay flat.
sim=$(orch_sim_pid 100); sup=$(cat "$ORCH_RUN/multibmc.pid"); fake=$PVE_PID
fds() { ls "/proc/$1/fd" | wc -l; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
cycle() {
    local n=$1 f=$T_DIR/cycles.$n
    for _ in $(seq "$n"); do
        echo "raw 0x06 0x48 0x01 0x01 0xc0 0x00 0x00 0x00"
        echo "raw 0x06 0x49 0x01 0x01 0x00 0x00 0x00 0x00"
    done >"$f"
    ipmi exec "$f" >"$T_DIR/cycles.out" 2>&1
}
cycle 20
snap() { echo "$(fds $sim) $(rss $sim) $(fds $sup) $(rss $sup) $(fds $fake) $(rss $fake)"; }
s0=$(snap); start=$(t_now_ms)
cycle 1000; rc=$?
s1=$(snap)
t_log "1000 cycles: $(( $(t_now_ms) - start )) ms rc $rc; fds/RSS sim sup fake: $s0 -> $s1"
flat() { # ipmi_sim's fds equal; supervisor and fake within +2 (the shared poller's libsoup
         # pool keeps up to 2 keep-alive connections to the API and may open the second at any
         # time; a leak per cycle would be hundreds); RSS of ipmi_sim and the supervisor within
         # 512 kB. (Not the fake's RSS: its heap follows the shared poller's requests during the
         # cycles, +964 kB seen once, and it is test equipment, not multibmc.)
    set -- $s0 $s1
    [ "$1" = "$7" ] && [ "$9" -le $(($3 + 2)) ] && [ "${11}" -le $(($5 + 2)) ] && [ "$8" -le $(($2 + 512)) ] \
        && [ "${10}" -le $(($4 + 512)) ]
}
# A leak stays; a request in flight at the moment of the snapshot does not: look again a few
# times before judging.
flat_again() { s1=$(snap); flat; }
flat || t_wait_for 10 flat_again
acts=$(grep -c 'ff ff *$' "$T_DIR/cycles.out")
[ "$rc" = 0 ] && [ "$acts" = 1000 ] && flat && t_ok sol-1000-cycles-no-leak || t_fail sol-1000-cycles-no-leak "rc=$rc activations=$acts $s0 -> $s1 $(tail -3 "$T_DIR/cycles.out")"

# 6. Old Proxmox (termproxy cannot take API tokens): a clear reason in status, no busy loop.
pve_ctl 'console_token 0' >/dev/null
pve_ctl 'vm 100 status=stopped' >/dev/null
vm_stop_seen() { bridge | grep -q 'not running'; }
t_wait_for 20 vm_stop_seen || t_log "the bridge did not see the VM stop: $(bridge)"
pve_ctl 'vm 100 status=running' >/dev/null
old_err() { mb show 100 | grep -q 'does not accept API tokens'; }
t_wait_for 15 old_err
st=$(mb status --json)
echo "$st" | grep -q 'does not accept API tokens' && t_ok old-pve-clear-error || t_fail old-pve-clear-error "$st"
n0=$(pve_reqs vncwebsocket | wc -l); sleep 8; n1=$(pve_reqs vncwebsocket | wc -l)   # the rate's window
t_log "old PVE: $((n1 - n0)) console attempts in 8 s"
[ $((n1 - n0)) -le 4 ] && sim_up && kill -0 "$ORCH_SUP_PID" && t_ok old-pve-no-busy-loop \
    || t_fail old-pve-no-busy-loop "$((n1 - n0)) attempts"
pve_ctl 'console_token 1' >/dev/null

# 7. Share policy: the console is let go after idle and taken again on a keystroke.
mb init --force --interface bmc0 --sol-policy share --sol-idle-secs 5 >/dev/null
released() { [ "$(stat_of open)" = 0 ]; }
t_wait_for 15 sim_up && t_wait_for 15 released && t_ok share-not-held || t_fail share-not-held "$(pve_ctl console_stats)"
steps f 'expect SOL Session operational' 'send wake-up\r' 'expect cn001 login: ' 'send \r~.' 'eof'
expect "$EXP" 20 "$T_DIR/f.steps" -- "${sol_cmd[@]}" sol activate >"$T_DIR/f.out" 2>&1 \
    && [[ "$(stat_of last_input)" == *wake-up* ]] && t_ok share-attaches-on-keystroke || t_fail share-attaches-on-keystroke "$(tail -c 400 "$T_DIR/f.out"; pve_ctl console_stats)"
t_wait_for 12 released && t_ok share-released-when-idle || t_fail share-released-when-idle "$(pve_ctl console_stats)"

# A dozen reconnects (power cycle, migration, old PVE, share) later: no descriptor kept.
# (+2: libsoup may keep an idle HTTPS connection to the API.)
sup_fds1=$(ls "/proc/$ORCH_SUP_PID/fd" | wc -l)
t_log "supervisor fds $sup_fds0 -> $sup_fds1 after $(stat_of opened) console sessions"
[ "$sup_fds1" -le $((sup_fds0 + 2)) ] && t_ok bridge-no-fd-leak || t_fail bridge-no-fd-leak "$sup_fds0 -> $sup_fds1"
[ "$(stat_of max_open_per_vm)" = 1 ] && t_ok never-two-consoles || t_fail never-two-consoles "$(pve_ctl console_stats)"
kill -0 "$ORCH_SUP_PID" && [ "$(stat_of bad_frames)" = 0 ] && t_ok supervisor-alive-clean-frames \
    || t_fail supervisor-alive-clean-frames "$(pve_ctl console_stats)"
# Every state change the bridge made above is one its table allows (solbridge_state.c).
bad=$(grep 'unexpected state change' "$T_DIR/sup.out")
[ -z "$bad" ] && t_ok bridge-transitions-in-table || t_fail bridge-transitions-in-table "$bad"
t_done
