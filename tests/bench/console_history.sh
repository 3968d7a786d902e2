#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What keeping the console history costs ipmi_sim (not part of tests/run): two BMCs side by
# side, each fed by its own stand-in serial port, one keeping its history in the state
# directory (sol-history=, the default of multibmc-gen and the supervisor), one not. For each
# phase the CPU time ipmi_sim used (utime + stime) and how often the history file was
# replaced; and the round trip of `ipmitool power status` on both while the console prints.
#
#   tests/bench/console_history.sh [SECONDS_PER_PHASE]       default 30
#
# Phases: "busy" (the serial port prints 11.5 KB/s, a 115200-baud line running flat out),
# then "idle" (a full 64 KB history, nothing printed).
. "$(dirname "$0")/../lib/common.sh"
SECS=${1:-30}
t_init
t_netns_setup || { t_fail netns; t_done; }

# A serial port (TCP, in the BMC namespace) that prints 11.5 KB/s while $T_DIR/talk exists.
serial() {
    t_bg "serial-$1" ip netns exec "$T_NSB" "$T_PY" -c '
import os, socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1)
c, _ = s.accept()
n, sent, t0 = 0, 0, time.monotonic()
while True:
    if not os.path.exists(sys.argv[2]):
        time.sleep(0.1)
        sent, t0 = 0, time.monotonic()
        continue
    while sent < (time.monotonic() - t0) * 11520:      # what a 115200-baud line carries
        n += 1
        line = b"[%10.3f] console line %08d ..............................\r\n" % (time.time(), n)
        c.sendall(line)
        sent += len(line)
    time.sleep(0.01)
' "$2" "$T_DIR/talk"
}
serial keep 5701
serial plain 5702
touch "$T_DIR/talk"
t_bmc_start keep 198.18.0.51 "backend=qmp qmp=$T_DIR/absent.sock" \
    --sol-device tcp:127.0.0.1:5701 --sol-history-file "$T_DIR/keep/state/console-history" ||
    { t_fail bmc-keep; t_done; }
t_bmc_start plain 198.18.0.52 "backend=qmp qmp=$T_DIR/absent.sock" \
    --sol-device tcp:127.0.0.1:5702 || { t_fail bmc-plain; t_done; }

cpu_ms() { awk '{ print int(($14 + $15) * 1000 / '"$(getconf CLK_TCK)"') }' "/proc/$1/stat"; }
# Each replacement of the history file is a new inode: count them, sampling 10 times a second.
count_writes() {
    local f=$T_DIR/keep/state/console-history last="" n=0 i
    while :; do
        i=$(stat -c %i "$f" 2>/dev/null)
        [ -n "$i" ] && [ "$i" != "$last" ] && { [ -n "$last" ] && n=$((n + 1)); last=$i; echo "$n" >"$T_DIR/writes"; }
        sleep 0.1
    done
}
rtt() { # median ms of 20 power status calls
    for _ in $(seq 20); do
        s=$(date +%s%N); t_ipmitool "$1" power status >/dev/null 2>&1; echo $(( ($(date +%s%N) - s) / 1000000 ))
    done | sort -n | sed -n 10p
}
phase() {
    local name=$1 k=$(t_sim_pid keep) p=$(t_sim_pid plain)
    local k0 p0 k1 p1
    echo 0 >"$T_DIR/writes"
    count_writes &
    local cw=$!
    k0=$(cpu_ms "$k"); p0=$(cpu_ms "$p")
    sleep "$SECS"
    k1=$(cpu_ms "$k"); p1=$(cpu_ms "$p")
    kill "$cw"; wait "$cw" 2>/dev/null
    local w; w=$(cat "$T_DIR/writes")
    printf '%-5s %3d s   ipmi_sim CPU: keeping %5d ms, not keeping %5d ms (%+d ms, %s)   history file replaced %d times%s\n' \
        "$name" "$SECS" $((k1 - k0)) $((p1 - p0)) $((k1 - k0 - p1 + p0)) \
        "$(awk -v a=$((k1 - k0)) -v b=$((p1 - p0)) 'BEGIN { if (b > 0) printf "x%.2f", a / b; else print "-" }')" "$w" \
        "$([ "$w" -gt 0 ] && awk -v d=$((k1 - k0 - p1 + p0)) -v w="$w" 'BEGIN { printf " (~%.1f ms of CPU each)", d / w }')"
}
t_wait_for 30 test -s "$T_DIR/keep/state/console-history" || t_log "history file never written"
echo "# console history cost, $(nproc) CPUs, $(uptime | sed 's/.*load average/load average/')"
phase busy
echo "busy        power status median round trip: keeping $(rtt 198.18.0.51) ms, not keeping $(rtt 198.18.0.52) ms"
rm -f "$T_DIR/talk"
sleep 2
phase idle
echo "history file: $(stat -c %s "$T_DIR/keep/state/console-history") bytes"
t_done
