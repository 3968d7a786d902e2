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

ip -n "$T_NSB" addr add $RELAY/24 dev bmc0
t_bg relay ip netns exec "$T_NSB" "$T_PY" "$T_TOP/tests/lib/lossy_udp_relay.py" \
    $RELAY:623 $IP:623 --up 0.25 --down 0.10 --seed 14
RELAY_PID=$T_LAST_PID

cat >"$T_DIR/restart.sh" <<EOF
#!/bin/bash
# Kill the BMC's ipmi_sim; wait until the supervisor's new one answers with the bridge attached.
old=\$(sed -n 's/^pid=//p' $ORCH_RUN/100/supervisor)
kill -9 \$old
for _ in \$(seq 150); do
    new=\$(sed -n 's/^pid=//p' $ORCH_RUN/100/supervisor)
    [ -n "\$new" ] && [ "\$new" != "\$old" ] && timeout 5 ip netns exec $T_NSC ipmitool -I lanplus -H $IP \\
        -U admin -P password -N 1 -R 1 mc info >/dev/null 2>&1 && exit 0
    sleep 0.2
done
exit 1
EOF
chmod 755 "$T_DIR/restart.sh"

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
kill "$RELAY_PID"; wait "$RELAY_PID" 2>/dev/null
t_log "$(cat "$T_DIR/relay.out")"
t_done
