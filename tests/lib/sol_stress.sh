# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers of the SOL console stress tests (tests/lib/sol_stress.py). Source after common.sh.
#
# sol_relay_start RELAY_IP BMC_IP: the lossy relay (tests/lib/lossy_udp_relay.py) on
#   RELAY_IP:623 in $T_NSB in front of BMC_IP:623: 25% of the client's packets (its SOL
#   acknowledgements and keystrokes among them) and 10% of the BMC's other packets are lost,
#   never two in a row on one flow. sol_relay_stop logs its counters.
# sol_restart_script FILE PID_CMD IP: FILE kills the BMC's ipmi_sim (PID_CMD prints its pid)
#   and waits until a new one (started by whoever watches it) answers on IP.

sol_relay_start() {
    ip -n "$T_NSB" addr add "$1/24" dev bmc0 || return 1
    t_bg relay ip netns exec "$T_NSB" "$T_PY" "$T_TOP/tests/lib/lossy_udp_relay.py" \
        "$1:623" "$2:623" --up 0.25 --down 0.10 --seed 14
    SOL_RELAY_PID=$T_LAST_PID
}

sol_relay_stop() {
    kill "$SOL_RELAY_PID" 2>/dev/null && wait "$SOL_RELAY_PID" 2>/dev/null
    t_log "$(cat "$T_DIR/relay.out")"
}

sol_restart_script() {
    local file=$1 pid_cmd=$2 ip=$3
    {
        echo '#!/bin/bash'
        echo '# Kill the BMC'"'"'s ipmi_sim; wait until the new one answers.'
        echo "old=\$($pid_cmd)"
        echo 'kill -9 $old'
        echo 'for _ in $(seq 150); do'
        echo "    new=\$($pid_cmd)"
        echo "    [ -n \"\$new\" ] && [ \"\$new\" != \"\$old\" ] && timeout 5 ip netns exec $T_NSC \\"
        echo "        ipmitool -I lanplus -H $ip -U $T_USER -P $T_PASS -N 1 -R 1 mc info >/dev/null 2>&1 && exit 0"
        echo '    sleep 0.2'
        echo 'done'
        echo 'exit 1'
    } >"$file"
    chmod 755 "$file"
}
