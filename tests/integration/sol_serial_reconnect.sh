#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SOL comes back after the serial device went away during a console (issue 14). ipmi_sim
# uses one timer to resend SOL packets and to reconnect a lost serial device; a console's
# acknowledgement that arrives after the device hung up stops it, and the device is never
# connected again: the console (and every later one) stays silent until ipmi_sim restarts.
# Here the device is a TCP server that prints one numbered line per connection and hangs up
# at once, so each reconnection (every 10 s) shows on the open console.
#
#   MBMC_SOL_STRESS_STOCK=1   module fix off (sol-stall-fix=0): passes only if the console
#                             stays silent (shows the test catches it)
. "$(dirname "$0")/../lib/common.sh"
STOCK=${MBMC_SOL_STRESS_STOCK:-0}
t_init
t_netns_setup || { t_fail netns; t_done; }
IP=198.18.0.63
PORT=5600     # inside the test's own BMC namespace
EXP=$T_TOP/tests/lib/console.exp
fix=1; [ "$STOCK" = 1 ] && fix=0
cat >"$T_DIR/device.sh" <<EOF
#!/bin/sh
n=\$(( \$(cat $T_DIR/connections 2>/dev/null || echo 0) + 1 ))
echo \$n >$T_DIR/connections
printf 'serial-connection-%s\r\n' \$n
EOF
chmod 755 "$T_DIR/device.sh"
t_bg device ip netns exec "$T_NSB" socat TCP-LISTEN:$PORT,bind=127.0.0.1,reuseaddr,fork EXEC:"$T_DIR/device.sh"
t_wait_for 5 ip netns exec "$T_NSB" ss -Htln "sport = :$PORT" || { t_fail device-listens; t_done; }
t_bmc_start vm $IP "backend=qmp qmp=$T_DIR/no-vm.sock sol-stall-fix=$fix" --sol-device "tcp:127.0.0.1:$PORT" \
    || { t_fail bmc-start; t_done; }
connections() { cat "$T_DIR/connections" 2>/dev/null || echo 0; }
# Counted afresh on each try (device.sh writes the file a moment after ipmi_sim connected).
connected() { [ "$(connections)" -ge 1 ]; }
t_wait_for 15 connected && t_ok device-connected \
    || { t_fail device-connected "sockets: $(ip netns exec "$T_NSB" ss -Htanp 2>&1 | tr '\n' ';')"; t_done; }

# Each reconnection prints a line on the console; ipmi_sim retries every 10 s, so three lines
# need three reconnections during the console.
printf '%s\n' 'expect SOL Session operational' 'expect serial-connection-' 'expect serial-connection-' \
    'expect serial-connection-' 'send \r~.' 'eof' >"$T_DIR/console.steps"
expect "$EXP" 15 "$T_DIR/console.steps" -- ip netns exec "$T_NSC" ipmitool -I lanplus -H $IP \
    -U admin -P password sol activate >"$T_DIR/console.out" 2>&1
rc=$?
n=$(grep -ao 'serial-connection-[0-9]*' "$T_DIR/console.out" | sort -u | wc -l)
t_log "the console showed $n connections of the serial device ($(connections) in all)"
if [ "$STOCK" = 1 ]; then
    [ "$rc" != 0 ] && t_ok serial-device-lost-for-good-without-fix \
        || t_fail serial-device-lost-for-good-without-fix "the console saw $n reconnections"
else
    [ "$rc" = 0 ] && t_ok serial-device-reconnects-during-a-console \
        || t_fail serial-device-reconnects-during-a-console "the console saw $n; $(tail -c 300 "$T_DIR/console.out")"
fi
t_done
