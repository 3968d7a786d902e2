#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SOL that never goes silent (issue 14), Proxmox BMC: the same console stress as
# sol_stall.sh (tests/lib/sol_stress.py) through the real supervisor, ipmi_sim + module and
# the supervisor's serial bridge to the fake Proxmox's termproxy console, whose VM keeps
# printing (a line every 0.5 s) and echoes what is typed. Halfway, with a console open,
# ipmi_sim is killed; the supervisor starts it again.
#
#   MBMC_SOL_STRESS_CONSOLES=N   consoles (default 14: two rounds of the seven kinds);
#                                tests/bench/sol_stall.sh runs 240
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/orch.sh"
. "$(dirname "$0")/../lib/fakepve.sh"
. "$(dirname "$0")/../lib/sol_stress.sh"
N=${MBMC_SOL_STRESS_CONSOLES:-14}
t_init
orch_setup || { t_fail setup; t_done; }
pve_start || { t_fail fakepve-start; t_done; }
IP=198.18.0.41
RELAY=198.18.0.141
pve_ctl 'vm 100 status=running' >/dev/null
mb init --force --interface bmc0 --pve-url "$PVE_URL" --token-file "$PVE_TOKEN_FILE" --ca-file "$PVE_CA" >/dev/null \
    && mb add 100 $IP/24 >/dev/null || { t_fail config "$(mb list 2>&1)"; t_done; }
orch_run || { t_fail supervisor-up "$(cat "$T_DIR/sup.out")"; t_done; }
attached() { [ "$(mb show 100 | sed -n 's/^SOL bridge *//p')" = attached ]; }
sim_up() { local p; p=$(orch_sim_pid 100); [ -n "$p" ] && kill -0 "$p" 2>/dev/null && orch_answers $IP; }
t_wait_for 20 sim_up && t_wait_for 15 attached && t_ok bridge-attached \
    || { t_fail bridge-attached "$(mb show 100; tail -20 "$T_DIR/sup.out")"; t_done; }
# A VM that keeps printing, with pauses (the stall needs lanserv's stale resend timer to fire
# into one: reference/sol-stall.md).
pve_ctl 'console_ticker 100 500' >/dev/null

sol_relay_start $RELAY $IP || { t_fail relay; t_done; }
sol_restart_script "$T_DIR/restart.sh" "sed -n 's/^pid=//p' $ORCH_RUN/100/supervisor" $IP

opened=$(pve_ctl console_stats | tr ' ' '\n' | sed -n 's/^opened=//p')
T_PASS=$T_PASS "$T_PY" "$T_TOP/tests/lib/sol_stress.py" --ip $IP --lossy-ip $RELAY --netns "$T_NSC" \
    --output-re 'tick-[0-9]+ [.]' --type 'typed-{n}-x\r' --expect 'typed-{n}-x' \
    --csv "$T_DIR/stress.csv" --name pve-sol --count "$N" --restart-at $(( (N + 1) / 2 )) \
    --restart-cmd "$T_DIR/restart.sh" ${MBMC_SOL_STRESS_KINDS:+--kinds "$MBMC_SOL_STRESS_KINDS"} \
    || T_FAILED=$((T_FAILED + 1))
stats=$(pve_ctl console_stats)
t_log "fake console: $stats (opened before the stress: $opened)"
# The bridge held one console to the VM all along (also across the ipmi_sim restart), and
# never two at once.
now=$(echo "$stats" | tr ' ' '\n' | sed -n 's/^opened=//p')
max=$(echo "$stats" | tr ' ' '\n' | sed -n 's/^max_open_per_vm=//p')
[ "$now" = "$opened" ] && [ "$max" = 1 ] && t_ok bridge-kept-one-console || t_fail bridge-kept-one-console "$stats"
pve_ctl 'console_ticker 100 0' >/dev/null
sol_relay_stop
t_done
