#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What one ipmi_sim costs to start, with a multibmc module and without: side by side, on a
# loaded host too (CPU time and instructions, not wall time). Prints numbers, asserts nothing.
# Needs root (a network namespace of its own).
#
#   tests/bench/start_cost.sh [RUNS] [MODULE.so...]    default: 21 runs, this tree's module
#
# For stock ipmi_sim (tests/bench/stock.*) and then the same lan.conf with `loadlib` of each
# module (a Proxmox BMC: state table, status file, state dir; no Proxmox behind it, none is
# asked at start), RUNS times each, alternating: ipmi_sim is started from one shell in the
# namespace, as a service manager would, and is done when it answers an IPMI Get Channel
# Authentication Capabilities on 127.0.0.1:623. Per kind: the median and the lowest CPU time
# of the process until then (schedstat: fork, exec, dynamic loading, module init, the answer),
# its minor page faults, mappings and RSS. BENCH_CALLGRIND=1 adds the instructions each kind
# runs until it answers (valgrind --tool=callgrind, one run each): independent of the load.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "start_cost.sh: needs root (network namespace)" >&2; exit 1; }
runs=${1:-21}
shift 2>/dev/null
mods=("$@")
[ ${#mods[@]} -gt 0 ] || mods=("$top/module/.libs/multibmc.so")

ns=mbmc-cost-$$
d=$(mktemp -d "${TMPDIR:-/tmp}/mbmc-cost.XXXXXX")
cleanup() { ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null; ip netns del "$ns" 2>/dev/null; rm -rf "$d"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
ip netns add "$ns" && ip -n "$ns" link set lo up || exit 1

# conf KIND MODULE: a lan.conf for stock ("") or with the module loaded.
printf 'bmc@pve!ipmi=00000000-0000-0000-0000-000000000000\n' >"$d/token"
chmod 600 "$d/token"
conf() {
    mkdir -p "$d/$1/state"
    sed -e 's/@ADDR@/127.0.0.1/; s/@NAME@/vm1000/; s/@USER@/admin/; s/@PASSWORD@/password/' \
        -e 's/@GUID@/b3c40000000000000000000000000001/' "$here/stock.lan.conf.in" >"$d/$1/lan.conf"
    [ -n "$2" ] && printf 'loadlib "%s" "backend=proxmox vmid=1000 url=https://127.0.0.1:1 token-file=%s ca-file=/etc/ssl/certs/ca-certificates.crt state-table=%s/pve-state status=%s/%s/status state-dir=%s/%s/state"\n' \
        "$2" "$d/token" "$d" "$d" "$1" "$d" "$1" >>"$d/$1/lan.conf"
    chmod 600 "$d/$1/lan.conf"
}
kinds=(stock)
conf stock ""
for i in "${!mods[@]}"; do conf "m$i" "${mods[$i]}"; kinds+=("m$i"); done

# One start of KIND: "NS MINFLT MAPS RSS_KB", ns of CPU until the answer.
cat >"$d/one.sh" <<'EOF'
d=$1 kind=$2 here=$3
ipmi_sim -n -c "$d/$kind/lan.conf" -f "$here/stock.emu" -s "$d/$kind/state" >"$d/$kind/out" 2>&1 </dev/null &
p=$!
/usr/bin/python3 - <<'PY' || { echo "no answer from $kind: $(tail -2 "$d/$kind/out")" >&2; }
import socket, sys, time
PING = bytes.fromhex("0600ff0700000000000000000009" "2018c88100388e04b5")
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.02)
end = time.monotonic() + 10
while time.monotonic() < end:
    try:
        s.sendto(PING, ("127.0.0.1", 623))
        s.recvfrom(512)
        sys.exit(0)
    except OSError:
        time.sleep(0.005)
sys.exit(1)
PY
read -r ns _ < "/proc/$p/schedstat"
read -r -a st < <(sed 's/.*) //' "/proc/$p/stat")
echo "$ns ${st[7]} $(grep -c . "/proc/$p/maps") $(awk '/^Rss/ {print $2}' "/proc/$p/smaps_rollup")"
kill -KILL "$p"; wait "$p" 2>/dev/null
EOF
for ((r = 0; r < runs; r++)); do
    for k in "${kinds[@]}"; do
        ip netns exec "$ns" bash "$d/one.sh" "$d" "$k" "$here" >>"$d/$k.runs"
    done
done

echo "# $(uptime | sed 's/.*load/load/'), $runs runs each, OpenIPMI $(dpkg-query -W -f '${Version}' openipmi 2>/dev/null)"
printf '%-10s %14s %12s %10s %6s %8s  %s\n' kind "median CPU ms" "lowest ms" minflt maps "RSS MB" module
for k in "${kinds[@]}"; do
    m=; [ "$k" != stock ] && m=${mods[${k#m}]}
    sort -n "$d/$k.runs" | awk -v k="$k" -v m="$m" '{ ns[NR] = $1; f = $2; mp = $3; rss = $4 }
        END { printf "%-10s %14.2f %12.2f %10d %6d %8.2f  %s\n", k, ns[int((NR + 1) / 2)] / 1e6, ns[1] / 1e6, f, mp, rss / 1024, m }'
done
if [ -n "${BENCH_CALLGRIND:-}" ]; then
    for k in "${kinds[@]}"; do
        ip netns exec "$ns" valgrind --tool=callgrind --callgrind-out-file="$d/$k.cg" \
            ipmi_sim -n -c "$d/$k/lan.conf" -f "$here/stock.emu" -s "$d/$k/state" >/dev/null 2>&1 </dev/null &
        p=$!
        ip netns exec "$ns" /usr/bin/python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(0.05)
end = time.monotonic() + 60
while time.monotonic() < end:
    try:
        s.sendto(bytes.fromhex("0600ff0700000000000000000009" "2018c88100388e04b5"), ("127.0.0.1", 623))
        s.recvfrom(512); sys.exit(0)
    except OSError:
        time.sleep(0.01)
sys.exit(1)' || echo "# $k: no answer under callgrind" >&2
        pkill -TERM -P "$p" 2>/dev/null; kill -TERM "$p" 2>/dev/null; wait "$p" 2>/dev/null
        echo "instructions until the answer, $k: $(sed -n 's/^summary: //p' "$d/$k.cg")"
    done
fi
