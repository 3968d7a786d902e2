#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SOL into a real guest OS. Input, session after session: every new `sol activate` (ipmitool)
# and ipmiconsole session delivers its first keystrokes. (lanserv used to drop a new
# session's first packet when the previous session's last one had the same sequence number.)
# Then the console history across a kill -9 of ipmi_sim while the guest prints: the module
# writes it to the state directory once a second, and `sol activate instance=2` after the
# restart replays the boot log and everything up to about a second before the kill.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/qemu.sh"
. "$(dirname "$0")/../lib/guest.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
IP=198.18.0.61
EXP=$T_TOP/tests/lib/console.exp
t_guest_build || { t_fail guest-build; t_done; }
t_guest_start_direct vm || { t_fail qemu-start; t_done; }
HISTORY=$T_DIR/vm/state/console-history
bmc_start() {
    t_bmc_start vm $IP "backend=qmp qmp=$T_DIR/vm.vm/qmp.sock" \
        --sol-device "tcp:127.0.0.1:$T_QEMU_SERIAL_PORT" --sol-history-file "$HISTORY"
}
bmc_start || { t_fail bmc-start; t_done; }
t_ipmitool $IP power on >/dev/null 2>&1
m=$(t_serial_mark vm)
t_guest_wait_login vm "$m" 90 && t_ok guest-login-prompt || { t_fail guest-login-prompt; t_done; }
sol=(ip netns exec "$T_NSC" ipmitool -I lanplus -H $IP -U admin -P password sol activate)
steps() { printf '%s\n' "$@" >"$T_DIR/s.steps"; }
# After a failed step the session may still hold the console: free it for the next check.
release() { t_ipmitool $IP sol deactivate >/dev/null 2>&1; true; }

# Log in through SOL, then five short sessions that each run one command.
steps 'expect SOL Session operational' 'send \r' 'expect login: ' 'send root\r' 'expect :~# ' 'send ~.' 'eof'
expect "$EXP" 30 "$T_DIR/s.steps" -- "${sol[@]}" >"$T_DIR/login.out" 2>&1 \
    && t_ok sol-login-as-root || { t_fail sol-login-as-root "$(tail -c 400 "$T_DIR/login.out")"; release; }
for n in 1 2 3 4 5; do
    steps 'expect SOL Session operational' "send echo sol-input-\$((40+$n))\\r" "expect sol-input-4$n" 'send ~.' 'eof'
    expect "$EXP" 20 "$T_DIR/s.steps" -- "${sol[@]}" >"$T_DIR/s$n.out" 2>&1 \
        && t_ok "sol-session-$n-first-keystrokes" || { t_fail "sol-session-$n-first-keystrokes" "$(tail -c 400 "$T_DIR/s$n.out")"; release; }
done
# FreeIPMI's console, no workaround flags.
steps 'expect SOL established' 'send echo ipmiconsole-$((6*7))\r' 'expect ipmiconsole-42' 'send &.' 'eof'
expect "$EXP" 20 "$T_DIR/s.steps" -- ip netns exec "$T_NSC" ipmiconsole -h $IP -u admin -p password \
    >"$T_DIR/ic.out" 2>&1 && t_ok ipmiconsole-input || t_fail ipmiconsole-input "$(tail -c 400 "$T_DIR/ic.out")"

# The history across kill -9. The guest prints a numbered tick ten times a second.
steps 'expect SOL Session operational' \
    'send i=0; while [ $i -lt 100000 ]; do i=$((i+1)); echo tick-$i; sleep 0.1; done\r' \
    'expect tick-5\r' 'send \r~.' 'eof'
expect "$EXP" 30 "$T_DIR/s.steps" -- "${sol[@]}" >"$T_DIR/t.out" 2>&1 \
    && t_ok guest-prints-ticks || { t_fail guest-prints-ticks "$(tail -c 400 "$T_DIR/t.out")"; release; }
last_tick() { tr -d '\r' <"$1" | grep -ao 'tick-[0-9]*$' | tail -1 | cut -d- -f2; }
# Promise: the file is at most a second behind the console. Wait for a tick the VM printed to
# reach it (the event), check how long that took (slack for a loaded machine), kill at once.
n=$(last_tick "$T_DIR/vm.vm/serial.log"); seen=$(t_now_ms)
if t_wait_for 30 grep -aq "tick-$n\b" "$HISTORY"; then
    lag=$(( $(t_now_ms) - seen ))
    t_log "tick-$n in the history file after $lag ms (promise: 1000 ms)"
    [ "$lag" -le 3000 ] && t_ok history-file-within-a-second || t_fail history-file-within-a-second "$lag ms"
else
    t_fail history-file-within-a-second "tick-$n never written"
fi
kill -9 "$(t_sim_pid vm)"
k=$(last_tick "$T_DIR/vm.vm/serial.log")
bmc_start || t_fail bmc-restart-after-kill
# The new ipmi_sim reconnects to the serial port; its ring then holds new ticks.
t_wait_for 60 bash -c "tr -d '\r' <'$HISTORY' | grep -aq 'tick-$((k + 30))\$'" || t_log "no new ticks after the restart"
steps 'expect SOL Session operational' 'expect End Of History' 'send \r~.' 'eof'
expect "$EXP" 60 "$T_DIR/s.steps" -- "${sol[@]}" instance=2 >"$T_DIR/h.out" 2>&1 \
    && t_ok history-replay-after-kill || t_fail history-replay-after-kill "$(tail -c 400 "$T_DIR/h.out")"
# In it: the boot log (before the kill: only in the saved file), the ticks up to about a
# second before the kill, the ticks after the restart (the new ring).
before=$(tr -d '\r' <"$T_DIR/h.out" | grep -ao 'tick-[0-9]*$' | cut -d- -f2 | awk -v k="$k" '$1 <= k' | sort -n | tail -1)
after=$(tr -d '\r' <"$T_DIR/h.out" | grep -ao 'tick-[0-9]*$' | cut -d- -f2 | awk -v k="$k" '$1 > k' | head -1)
t_log "tick at the kill: $k; last one replayed from before: ${before:-none} (lost $(( (k - ${before:-0}) * 100 )) ms of output); first after: ${after:-none}"
tr -d '\r' <"$T_DIR/h.out" | grep -aq 'mbmc-guest: up' && [ -n "$before" ] && [ $((k - before)) -le 30 ] && [ -n "$after" ] &&
    t_ok history-kept-across-kill-9 || t_fail history-kept-across-kill-9 "$(head -c 300 "$T_DIR/h.out")"
t_done
