#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SOL that never goes silent (issue 14), local QEMU BMC: a real guest keeps printing on its
# serial port; consoles are opened and left one after the other (tests/lib/sol_stress.py:
# ipmitool and ipmiconsole alternating; left during output, through a lossy relay, killed
# with SIGKILL, taken over by `sol deactivate` from another session). Every console must show
# the guest's output within 2 s and carry typing to it; a console taken over is told; ipmi_sim
# killed and restarted halfway, with a console open, changes nothing.
#
#   MBMC_SOL_STRESS_CONSOLES=N   consoles (default 14: two rounds of the seven kinds);
#                                tests/bench/sol_stall.sh runs 240
#   MBMC_SOL_STRESS_STOCK=1      run with the module's fix off (sol-stall-fix=0) and pass
#                                only if a console goes silent: shows the test catches it
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/qemu.sh"
. "$(dirname "$0")/../lib/guest.sh"
. "$(dirname "$0")/../lib/sol_stress.sh"
N=${MBMC_SOL_STRESS_CONSOLES:-14}
STOCK=${MBMC_SOL_STRESS_STOCK:-0}
t_init
t_netns_setup || { t_fail netns; t_done; }
IP=198.18.0.62
RELAY=198.18.0.162
EXP=$T_TOP/tests/lib/console.exp
fix=1; [ "$STOCK" = 1 ] && fix=0
t_guest_build || { t_fail guest-build; t_done; }
t_guest_start_direct vm || { t_fail qemu-start; t_done; }
# ipmi_sim runs under a respawn loop (the supervisor's job in production), so the stress can
# kill it mid-console and see it come back.
printf '#!/bin/sh\nwhile :; do "$@"; sleep 0.2; done\n' >"$T_DIR/respawn"
chmod 755 "$T_DIR/respawn"
T_SIM_WRAPPER=$T_DIR/respawn t_bmc_start vm $IP "backend=qmp qmp=$T_DIR/vm.vm/qmp.sock sol-stall-fix=$fix ${MBMC_SOL_STRESS_MODOPTS:-}" \
    --sol-device "tcp:127.0.0.1:$T_QEMU_SERIAL_PORT" || { t_fail bmc-start; t_done; }
t_ipmitool $IP power on >/dev/null 2>&1
m=$(t_serial_mark vm)
t_guest_wait_login vm "$m" 120 && t_ok guest-login-prompt || { t_fail guest-login-prompt; t_done; }

sol_relay_start $RELAY $IP || { t_fail relay; t_done; }

# Log in through SOL and leave a printer running: a guest that never goes quiet for long;
# like firmware it prints in bursts (three lines, then half a second of silence). The pauses
# matter: lanserv's stale resend timer fires into them (reference/sol-stall.md).
printf '%s\n' 'expect SOL Session operational' 'sleep 1' 'send \r' 'sleep 1' 'send root\r' 'expect :~# ' \
    'send (i=0; while :; do for j in 1 2 3; do i=$((i+1)); echo "tick-$i ....................................................."; done; usleep 500000; done) &\r' \
    'expect tick-6 ' 'send \r~.' 'eof' >"$T_DIR/setup.steps"
expect "$EXP" 40 "$T_DIR/setup.steps" -- ip netns exec "$T_NSC" ipmitool -I lanplus -H $IP -U admin -P password sol activate \
    >"$T_DIR/setup.out" 2>&1 && t_ok guest-keeps-printing || { t_fail guest-keeps-printing "$(tail -c 400 "$T_DIR/setup.out")"; t_done; }

# Halfway, with a console open, ipmi_sim is killed; the respawn loop starts it again.
sol_restart_script "$T_DIR/restart.sh" "pgrep -P $(t_sim_pid vm) -x ipmi_sim" $IP

stress=("$T_PY" "$T_TOP/tests/lib/sol_stress.py" --ip $IP --lossy-ip $RELAY --netns "$T_NSC"
        --output-re 'tick-[0-9]+ [.]' --type 'echo c{n}-$(({n}*7))\r' --expect 'c{n}-{n7}\b'
        --csv "$T_DIR/stress.csv" ${MBMC_SOL_STRESS_KINDS:+--kinds "$MBMC_SOL_STRESS_KINDS"})
if [ "$STOCK" = 1 ]; then
    T_PASS=$T_PASS "${stress[@]}" --count "$N" --name qemu-sol --stock || T_FAILED=$((T_FAILED + 1))
else
    T_PASS=$T_PASS "${stress[@]}" --count "$N" --name qemu-sol --restart-at $(( (N + 1) / 2 )) \
        --restart-cmd "$T_DIR/restart.sh" || T_FAILED=$((T_FAILED + 1))
fi

# The takeover notice reaches ipmitool too: with -v -v it prints the BMC's SOL packets'
# status, and one of them has "SOL inactive" set; it ends at the next keystroke.
if [ "$STOCK" != 1 ]; then
    t_ipmitool $IP sol deactivate >/dev/null 2>&1    # a console killed last may still hold it
    printf '%s\n' 'expect SOL Session operational' 'expect SOL inactive *: true' 'sleep 1' 'send \r' \
        'expect SOL session closed by BMC' 'eof' >"$T_DIR/told.steps"
    t_bg told expect "$EXP" 30 "$T_DIR/told.steps" -- ip netns exec "$T_NSC" ipmitool -v -v -I lanplus -H $IP \
        -U admin -P password sol activate
    TOLD=$T_LAST_PID
    t_wait_for 20 grep -q 'SOL Session operational' "$T_DIR/told.out" && sleep 1
    t_ipmitool $IP sol deactivate >/dev/null 2>&1
    wait "$TOLD" && t_ok ipmitool-gets-the-deactivation-notice \
        || t_fail ipmitool-gets-the-deactivation-notice "$(grep -a -B2 -A8 'SOL inactive *: true' "$T_DIR/told.out" | tail -20; tail -c 300 "$T_DIR/told.out")"
fi
sol_relay_stop
t_done
