#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Scale benchmark (issues 7, 19): N BMCs on the fake Proxmox API with Proxmox's cost model,
# side by side with stock ipmi_sim (no module) and a pyghmi BMC. Prints numbers, asserts
# nothing. Needs root (namespaces, tmpfs mounts, kernel limits).
#
#   tests/bench/scale.sh [N...]        default: 10 100 1000 (or BENCH_N="10 100"); 5000 works
#
# Per N, in its own network namespaces (198.18.0.0/16; the BMCs are 198.18.1.1 and up):
#   multibmc: `multibmc run` with N Proxmox BMCs (VMs 1000.. on BENCH_VMS_PER_NODE per node)
#     against the fake with Proxmox's cost model (fakepve --cost-model pve, BENCH_PVE_WORKERS
#     workers per pveproxy/pvedaemon; BENCH_COST=off for the old quick fake); run and state
#     directories on tmpfs, as /run is in production and as a host that ran before has them;
#     - start: ms from `multibmc run` until every BMC answers (tests/bench/probe.py), and until
#       an ipmipower fan-out reports every VM "on"; API requests until then, and the fake's
#       queueing and connection counters;
#     - idle (BENCH_IDLE_S s after BENCH_SETTLE_S s): CPU and wake-ups (schedstat) of the
#       ipmi_sims, the supervisor and the fake; Proxmox API requests/s (the fake's request
#       log) and which paths;
#     - RSS and PSS per BMC (ipmi_sim + module), also of BMCs after a power action (libcurl
#       loaded), and of the supervisor (with its SOL bridges);
#     - a change made in Proxmox (a VM stopped there): ms until ipmitool shows it;
#     - stock `ipmitool -I lanplus ... power status` wall time, BENCH_RUNS runs: p50/p99 idle
#       and while ipmipower fan-outs run back to back;
#     - `ipmipower --stat -h <hostrange>` over all N: wall time (median of 3), how many answered;
#     - `multibmc` stop: time, addresses left.
#   stock ipmi_sim (tests/bench/stock.*, N <= BENCH_STOCK_MAX, default all) and pyghmi
#   (tests/bench/pyghmi_bmc.py, N <= BENCH_CMP_MAX, 100), one process per BMC on its own IP,
#   started by one shell in the namespace: the same per-BMC figures (clients use -C 3, the
#   suite both offer); the report gives multibmc's as ratios to stock's of the same run.
# Results: one "N IMPL KEY VALUE" line each in $BENCH_OUT/results (default tests/out/bench/),
# then Markdown tables (tests/bench/report.py) to paste into docs/PERFORMANCE.md.
#
# BENCH_QUICK=1: start, idle and memory only (no latency runs, fan-outs, actions): for CPU and
# wake-up figures side by side on a busy host, in about a minute per N.
# Other knobs: BENCH_RUNS (50), BENCH_IDLE_S (20), BENCH_SETTLE_S (10), BENCH_CMP_MAX (100),
# BENCH_STOCK_MAX (all), BENCH_COST (pve|off), BENCH_PVE_WORKERS (3), BENCH_ADD_MAX (1000),
# BENCH_ARP_MS (the client's ARP retransmit time, 100; "kernel": its default, see client_arp),
# BENCH_MAX_LOAD (stop a run when the load average passes it; unset: never),
# BENCH_VMS_PER_NODE (50), BENCH_INIT_ARGS (extra `multibmc init` options; default
# "--sol-policy share": the fleet's VMs have no serial port, and under the "hold" policy every
# BMC's console bridge tries one — set BENCH_INIT_ARGS= to measure that), BENCH_CONFIG_SET
# ("key.path=JSON ..." set in multibmc.json before the start, e.g. to switch the shared poller
# off), BENCH_IMPLS ("multibmc stock pyghmi"). With "--redfish on" in BENCH_INIT_ARGS every
# BMC also serves Redfish, and a Redfish fan-out (tests/bench/rf_fanout.py: GET Systems/1 on
# every BMC, a new verified TLS connection each, 16 at a time) is measured.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

if [ "${1:-}" != --one ]; then
    [ "$(id -u)" -eq 0 ] || { echo "scale.sh: needs root (network namespaces)" >&2; exit 1; }
    for f in orchestrator/multibmc module/multibmc.so tests/fakepve/fakepve; do
        [ -e "$top/$f" ] || { echo "scale.sh: $f missing: run scripts/build first" >&2; exit 1; }
    done
    out=${BENCH_OUT:-$top/tests/out/bench}
    mkdir -p "$out"
    results=$out/results
    : >"$results"
    ns=("$@"); [ ${#ns[@]} -gt 0 ] || read -r -a ns <<<"${BENCH_N:-10 100 1000}"
    # The neighbour table is global (not per namespace): its hard limit (gc_thresh3, 1024 by
    # default) must hold an entry per BMC address in the client namespace. Raised for the
    # run, restored after.
    neigh=/proc/sys/net/ipv4/neigh/default
    old_gc=("$(cat $neigh/gc_thresh1)" "$(cat $neigh/gc_thresh2)" "$(cat $neigh/gc_thresh3)")
    restore() { echo "${old_gc[0]}" >$neigh/gc_thresh1; echo "${old_gc[1]}" >$neigh/gc_thresh2; echo "${old_gc[2]}" >$neigh/gc_thresh3; }
    trap restore EXIT
    trap 'exit 130' INT TERM
    max=0; for n in "${ns[@]}"; do [ "$n" -gt "$max" ] && max=$n; done
    want=$((4 * max + 1024))
    [ "$(cat $neigh/gc_thresh3)" -lt "$want" ] && { echo $((want / 4)) >$neigh/gc_thresh1; echo $((want / 2)) >$neigh/gc_thresh2; echo "$want" >$neigh/gc_thresh3; }
    # File descriptors: the supervisor holds ~4 per BMC (output pipe, pidfd, SOL listener,
    # ...), the fake one per connection; the hard limit (20000 on this machine) is raised for
    # the run (root may, up to fs.nr_open), the children inherit it.
    fds=$((8 * max + 4096)); nr_open=$(cat /proc/sys/fs/nr_open)
    [ "$fds" -gt "$nr_open" ] && fds=$nr_open
    [ "$(ulimit -Hn)" -lt "$fds" ] && { ulimit -Hn "$fds" || echo "# warning: cannot raise the fd limit to $fds" >&2; }
    pidmax=$(cat /proc/sys/kernel/pid_max)
    # ipmi_sims, the fake's connection threads, clients; the fake's threads also count
    # against kernel.threads-max.
    [ "$pidmax" -lt $((2 * max + 4000)) ] && echo "# warning: kernel.pid_max=$pidmax is low for $max BMCs" >&2
    [ "$(cat /proc/sys/kernel/threads-max)" -lt $((2 * max + 4000)) ] && echo "# warning: kernel.threads-max is low for $max BMCs" >&2
    {
        echo "# machine: $(nproc) CPUs ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)), $(free -m | awk '/^Mem:/ {print $2}') MB RAM, kernel $(uname -r)"
        echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
        echo "# limits: fds $(ulimit -Hn), pid_max $pidmax, threads-max $(cat /proc/sys/kernel/threads-max), neighbour gc_thresh3 $(cat $neigh/gc_thresh3), ephemeral ports $(tr '\t' - </proc/sys/net/ipv4/ip_local_port_range)"
        echo "# multibmc $(git -C "$top" describe --always --dirty 2>/dev/null), OpenIPMI $(dpkg-query -W -f '${Version}' openipmi 2>/dev/null), $(ipmitool -V), $(ipmipower --version | head -1), pyghmi $(dpkg-query -W -f '${Version}' python3-pyghmi 2>/dev/null)"
    } | tee "$out/machine" >&2
    for n in "${ns[@]}"; do
        echo "# ---- N=$n ----" >&2
        bash "$0" --one "$n" "$results" || echo "# N=$n: the run failed (exit $?), see above" >&2
    done
    /usr/bin/python3 "$here/report.py" "$results" "$out/machine" | tee "$out/report.md"
    exit 0
fi

# ---- one N, in a child process: t_init's trap cleans up everything it made ----
N=$2
RES=$3
. "$top/tests/lib/common.sh"
. "$top/tests/lib/orch.sh"
. "$top/tests/lib/fakepve.sh"
t_init
ulimit -n "$(ulimit -Hn)"
T_PREFIX=16
RUNS=${BENCH_RUNS:-50}
IDLE_S=${BENCH_IDLE_S:-20}
SETTLE_S=${BENCH_SETTLE_S:-10}
CMP_MAX=${BENCH_CMP_MAX:-100}
STOCK_MAX=${BENCH_STOCK_MAX:-1000000}
PER_NODE=${BENCH_VMS_PER_NODE:-50}
NODES=$(( (N + PER_NODE - 1) / PER_NODE )); [ "$NODES" -gt 128 ] && NODES=128
COST=${BENCH_COST:-pve}
PVE_WORKERS=${BENCH_PVE_WORKERS:-3}
T_TMPFS_SIZE=$((64 + N / 4))m     # run and state files: ~30 KB per BMC

res() { echo "$N $1 $2 $3" >>"$RES"; printf '#   %-8s %-24s %s\n' "$1" "$2" "$3" >&2; }
ip_of() { echo "198.18.$((1 + $1 / 250)).$((1 + $1 % 250))"; }
# FreeIPMI hostrange of the first N addresses: 198.18.1.[1-250],198.18.2.[1-250],...
hostrange() {
    local n=$1 b=0 r=""
    while [ "$b" -lt "$n" ]; do
        local cnt=$((n - b)); [ "$cnt" -gt 250 ] && cnt=250
        r+="${r:+,}198.18.$((1 + b / 250)).[1-$cnt]"
        b=$((b + 250))
    done
    echo "$r"
}
ms_since() { echo $(( $(t_now_ms) - $1 )); }
in_client() { ip netns exec "$T_NSC" "$@"; }
# BENCH_MAX_LOAD: give up when the load average passes it (a shared machine: the run must not
# take it down); the trap cleans up as for an interrupt.
if [ -n "${BENCH_MAX_LOAD:-}" ]; then
    ( me=$$
      while kill -0 "$me" 2>/dev/null; do
          awk -v m="$BENCH_MAX_LOAD" '{ exit !($1 > m) }' /proc/loadavg && {
              echo "# load average $(cut -d' ' -f1 /proc/loadavg) > $BENCH_MAX_LOAD: stopping this run" >&2
              pkill -TERM -P "$me"; kill -TERM "$me"; exit 0; }
          sleep 5
      done ) &
    T_PIDS+=($!)
fi
RANGE=$(hostrange "$N")
IPS=$T_DIR/ips
for ((i = 0; i < N; i++)); do ip_of $i; done >"$IPS"

# ipmipower fan-out over all N: prints "WALL_MS ANSWERED ON". Beyond ~1000 hosts ipmipower
# needs a fanout limit: without one it opens a socket per host at once and answers for only
# ~1000 of them (select()'s FD_SETSIZE), silently.
FANOUT_LIMIT=; [ "$N" -gt 1000 ] && FANOUT_LIMIT="-F 512"
fanout() {
    local t0; t0=$(t_now_ms)
    # shellcheck disable=SC2086
    local outp; outp=$(timeout 300 ip netns exec "$T_NSC" ipmipower -D LAN_2_0 ${FANOUT_EXTRA:-} $FANOUT_LIMIT -h "$RANGE" -u "$T_USER" -p "$T_PASS" --stat 2>&1)
    echo "$(ms_since "$t0") $(grep -cE ': (on|off)$' <<<"$outp") $(grep -cE ': on$' <<<"$outp")"
}
all_on() { [ "$(fanout | cut -d' ' -f3)" = "$N" ]; }
# "RUNS NS" of the processes (schedstat): wake-ups, and CPU time finer than clock ticks.
sched() { /usr/bin/python3 "$here/procs.py" wakeups "$@" | sed 's/runs=\([0-9]*\) ns=\([0-9]*\)/\1 \2/'; }
# idle_figures IMPL WAKE_KEY CPU_KEY "RUNS0 NS0" "RUNS1 NS1" NPROCS: wake-ups per process per
# second, and the CPU of them all in % of a core, over IDLE_S.
idle_figures() {
    local impl=$1 n=$6 r0 c0 r1 c1
    read -r r0 c0 <<<"$4"; read -r r1 c1 <<<"$5"
    res "$impl" "$2" "$(per_bmc_s $((r1 - r0)) "$n" "$IDLE_S")"
    res "$impl" "$3" "$(awk -v d=$((c1 - c0)) -v s="$IDLE_S" 'BEGIN { printf "%.3f", 100 * d / 1e9 / s }')"
}
per_bmc_s() { awk -v d="$1" -v n="$2" -v s="$3" 'BEGIN { printf "%.3f", (n ? d / n : 0) / s }'; }
# The fake's cost model counters, "key value" lines, into results as fake_KEY / fake_POOL_KEY.
cost_stats() { # cost_stats PREFIX
    [ "$COST" = off ] && return
    pve_ctl cost_stats | awk -v p="$1" '
        NF == 2 && $1 != "seconds" { print p "_" $1, $2 }
        NF > 2 && $2 == "requests" { for (i = 2; i < NF; i += 2) print p "_" $1 "_" $i, $(i + 1) }' |
        while read -r k v; do res multibmc "$k" "$v"; done
}
kb_per() { awk -v k="$1" -v n="$2" 'BEGIN { printf "%.2f", (n ? k / n : 0) / 1024 }'; }
mem() { # mem IMPL WHAT PIDS... -> WHAT_rss_mb, WHAT_pss_mb per process (or total when WHAT=supervisor)
    local impl=$1 what=$2; shift 2
    local m; m=$(/usr/bin/python3 "$here/procs.py" mem "$@")
    local n rss pss
    n=$(sed 's/.*n=\([0-9]*\).*/\1/' <<<"$m"); rss=$(sed 's/.*rss_kb=\([0-9]*\).*/\1/' <<<"$m"); pss=$(sed 's/.*pss_kb=\([0-9]*\).*/\1/' <<<"$m")
    res "$impl" "${what}_rss_mb" "$(kb_per "$rss" "$n")"
    res "$impl" "${what}_pss_mb" "$(kb_per "$pss" "$n")"
}
latency() { # latency IMPL KEY ipmitool-options...
    local impl=$1 key=$2; shift 2
    local r; r=$(in_client /usr/bin/python3 "$here/latency.py" "$RUNS" "$IPS" \
        ipmitool -I lanplus "$@" -H '{ip}' -U "$T_USER" -P "$T_PASS" power status)
    res "$impl" "${key}_p50_ms" "$(sed 's/.*p50_ms=\([0-9]*\).*/\1/' <<<"$r")"
    res "$impl" "${key}_p99_ms" "$(sed 's/.*p99_ms=\([0-9]*\).*/\1/' <<<"$r")"
    res "$impl" "${key}_ok" "$(sed 's/.*ok=\([0-9]*\).*/\1/' <<<"$r")/$RUNS"
}
# The per-BMC figures every implementation gets: fan-out and latency idle and under fan-out.
client_figures() { # IMPL ipmitool-options...
    local impl=$1; shift
    latency "$impl" lat_idle "$@"
    local walls=() ans=$N f
    for _ in 1 2 3; do
        f=$(fanout); walls+=("${f%% *}")
        f=${f#* }; [ "${f%% *}" -lt "$ans" ] && ans=${f%% *}
    done
    res "$impl" fanout_ms "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n 2p)"
    res "$impl" fanout_answered "$ans/$N"
    : >"$T_DIR/fanning"
    ( while [ -e "$T_DIR/fanning" ]; do fanout >/dev/null; done ) &
    local loop=$!
    latency "$impl" lat_fanout "$@"
    rm -f "$T_DIR/fanning"; wait "$loop"
}

# The client namespace's neighbour table asks again every BENCH_ARP_MS (100) ms instead of the
# kernel's 1 s. The probe starts with `multibmc run`, before the supervisor has added the BMCs'
# addresses; the kernel's ARP for an address not there yet is repeated 1 s later, so every
# BMC's first answer fell on a step of that timer (at 1000 BMCs: first 1.05 s, half 2.11 s,
# all 2.17 s after the start, while the last ipmi_sim was spawned at 1.6 s): the figure was
# the client's ARP timer, not the BMCs. Stock ipmi_sim's addresses exist before its start.
# BENCH_ARP_MS=kernel keeps the kernel's default.
client_arp() {
    local ms=${BENCH_ARP_MS:-100}
    [ "$ms" = kernel ] || ip netns exec "$T_NSC" sysctl -qw net.ipv4.neigh.eth0.retrans_time_ms="$ms"
    res "$1" client_arp_retrans_ms "$(ip netns exec "$T_NSC" sysctl -n net.ipv4.neigh.eth0.retrans_time_ms)"
}

# -------- multibmc on the fake Proxmox API --------
# The client figures of multibmc's run (not with BENCH_QUICK): latency, fan-outs, memory of
# BMCs that acted, and how long a change made in Proxmox takes to show.
multibmc_clients() {
    local m f0 i ip
    m=$(pve_mark)
    f0=$(t_now_ms)
    client_figures multibmc
    # API load while clients work (the latency runs and the fan-outs above).
    res multibmc busy_api_rps "$(awk -v n="$(tail -n +"$((m + 1))" "$PVE_LOG" | grep -c '^REQ ')" -v s="$(ms_since "$f0")" 'BEGIN { printf "%.1f", n * 1000 / s }')"

    # A BMC that has acted carries libcurl (loaded at its first request): three of them reset
    # their VM, then their memory. And a change made in Proxmox, not via IPMI: how long until
    # ipmitool shows it (the supervisor's poll interval plus the client's own time).
    local acted=()
    for i in 1 2 3; do
        ip=$(ip_of $((i * N / 4)))
        in_client ipmitool -I lanplus -H "$ip" -U "$T_USER" -P "$T_PASS" power reset >/dev/null 2>&1
        acted+=("$(pgrep -f "ipmi_sim -n -c $ORCH_RUN/$((1000 + i * N / 4))/lan.conf")")
    done
    sleep 3
    mem multibmc acted ${acted[*]}
    pve_ctl "vm 1000 status=stopped" >/dev/null
    f0=$(t_now_ms)
    t_wait_for 30 bash -c "ip netns exec $T_NSC ipmitool -I lanplus -H $(ip_of 0) -U $T_USER -P $T_PASS power status | grep -q 'is off'" \
        && res multibmc outside_change_seen_ms "$(ms_since "$f0")" || res multibmc outside_change_seen_ms timeout
    pve_ctl "vm 1000 status=running" >/dev/null
}

bench_multibmc() {
    t_tmpfs "$T_DIR/run" && t_tmpfs "$T_DIR/state" || { t_log "cannot mount tmpfs"; return 1; }
    orch_setup || { t_log "setup failed"; return 1; }
    client_arp multibmc
    local cost=()
    [ "$COST" = off ] || cost=(--cost-model pve --workers "$PVE_WORKERS")
    pve_start --vms "$N" --nodes "$NODES" "${cost[@]}" || return 1
    res multibmc cost_model "$([ "$COST" = off ] && echo off || echo "pve, $PVE_WORKERS workers")"
    # shellcheck disable=SC2086
    mb init --force --interface bmc0 --pve-url "$PVE_URL" --token-file "$PVE_TOKEN_FILE" \
        --ca-file "$PVE_CA" ${BENCH_INIT_ARGS---sol-policy share} >/dev/null || return 1
    res multibmc init_args "${BENCH_INIT_ARGS---sol-policy share}"
    local t0 i
    t0=$(t_now_ms)
    # Beyond BENCH_ADD_MAX (1000) single adds take minutes (each loads, checks and saves the
    # whole file): the first is added by the CLI, the others are copies of its entry with
    # their own VMID and address; the supervisor validates the whole file when it loads it.
    local adds=$N; [ "$N" -gt "${BENCH_ADD_MAX:-1000}" ] && adds=1
    for ((i = 0; i < adds; i++)); do mb add $((1000 + i)) "$(ip_of $i)/16" >/dev/null || { t_log "add $i failed"; return 1; }; done
    if [ "$adds" -lt "$N" ]; then
        /usr/bin/python3 - "$ORCH_CFG" "$N" <<'PY' || { t_log "batch add failed"; return 1; }
import copy, json, sys
path, n = sys.argv[1], int(sys.argv[2])
cfg = json.load(open(path))
first = cfg["bmcs"][0]
for i in range(1, n):
    b = copy.deepcopy(first)
    b["vmid"] = 1000 + i
    b["address"] = f"198.18.{1 + i // 250}.{1 + i % 250}"
    cfg["bmcs"].append(b)
with open(path, "w") as f:
    json.dump(cfg, f, indent=2)
PY
        res multibmc config_batch "1 multibmc add, $((N - 1)) entries copied"
    fi
    t_log "multibmc add x$N: $(ms_since "$t0") ms"
    # The state directories a host that ran before has (ipmi_sim's persistence inside).
    for ((i = 0; i < N; i++)); do echo "$T_DIR/state/$((1000 + i))"; done | xargs mkdir -p -m 700
    # BENCH_CONFIG_SET="a.b=JSON ...": set keys in multibmc.json (e.g. switch the shared
    # poller off to compare), whatever the CLI offers; the supervisor validates the result.
    if [ -n "${BENCH_CONFIG_SET:-}" ]; then
        /usr/bin/python3 - "$ORCH_CFG" ${BENCH_CONFIG_SET} <<'PY' || { t_log "BENCH_CONFIG_SET failed"; return 1; }
import json, sys
path = sys.argv[1]
cfg = json.load(open(path))
for kv in sys.argv[2:]:
    key, val = kv.split("=", 1)
    *parents, last = key.split(".")
    o = cfg
    for p in parents:
        o = o.setdefault(p, {})
    try:
        o[last] = json.loads(val)
    except ValueError:
        o[last] = val
with open(path, "w") as f:
    json.dump(cfg, f, indent=2)
PY
        res multibmc config_set "$BENCH_CONFIG_SET"
    fi
    res multibmc nodes "$NODES"

    [ "$COST" = off ] || pve_ctl 'cost_stats reset' >/dev/null
    local m0; m0=$(pve_mark)
    t0=$(t_now_ms)
    # The probe starts with the supervisor, not after it is seen running, as for stock.
    in_client /usr/bin/python3 "$here/probe.py" 300 "$t0" $(cat "$IPS") >"$T_DIR/probe.out" &
    local probe=$!
    T_PIDS+=($probe)
    orch_run || { t_log "supervisor did not start: $(tail -5 "$T_DIR/sup.out")"; return 1; }
    # When the supervisor has spawned every ipmi_sim (its start loop, apart from the BMCs' own
    # start): its children, from the kernel's lists of each thread's children. Not pgrep: it
    # reads every process's stat, ~80 ms for 1100 processes, and ten times a second that took
    # about half a core from the start being measured (stock's run has no such loop).
    ( end=$((SECONDS + 300))
      while [ "$(cat /proc/"$ORCH_SUP_PID"/task/*/children 2>/dev/null | wc -w)" -lt "$N" ]; do
          [ $SECONDS -lt $end ] && kill -0 "$ORCH_SUP_PID" 2>/dev/null || exit 0
          sleep 0.1
      done
      ms_since "$t0" >"$T_DIR/spawned" ) &
    T_PIDS+=($!)
    wait "$probe"
    local p; p=$(cat "$T_DIR/probe.out")
    res multibmc start_answer_ms "$(sed 's/.* ms=\([0-9]*\).*/\1/' <<<"$p")"
    res multibmc start_first_ms "$(sed 's/.*first_ms=\([-0-9]*\).*/\1/' <<<"$p")"
    res multibmc start_half_ms "$(sed 's/.*p50_ms=\([-0-9]*\).*/\1/' <<<"$p")"
    res multibmc start_answered "$(sed 's/answered=\([0-9]*\) total=\([0-9]*\).*/\1\/\2/' <<<"$p")"
    t_wait_for 60 test -s "$T_DIR/spawned"; res multibmc start_spawned_ms "$(cat "$T_DIR/spawned" 2>/dev/null)"
    # CPU spent getting there (all of these processes are new): where start-up time goes.
    local sims0; sims0=$(pgrep -d ' ' -P "$ORCH_SUP_PID" -x ipmi_sim)
    cpu_s() { sched "$@" | awk '{ printf "%.2f", $2 / 1e9 }'; }
    res multibmc start_cpu_bmcs_s "$(cpu_s $sims0)"
    res multibmc start_cpu_supervisor_s "$(cpu_s "$ORCH_SUP_PID")"
    res multibmc start_cpu_total_s "$(cpu_s $sims0 "$ORCH_SUP_PID")"
    res multibmc start_cpu_fake_s "$(cpu_s "$PVE_PID")"
    local reqs0; reqs0=$(tail -n +"$((m0 + 1))" "$PVE_LOG" | grep '^REQ ')
    res multibmc start_api_requests "$(grep -c . <<<"$reqs0")"
    res multibmc start_api_per_node "$(awk -v n="$(grep -c . <<<"$reqs0")" -v k="$NODES" 'BEGIN { printf "%.1f", n / k }')"
    res multibmc start_api_paths "$(sed -E 's/^REQ ([A-Z]+) ([^ ?]*).*/\1 \2/; s#/[0-9]+(/|$)#/ID\1#g; s#/pve[0-9]+/#/NODE/#; s#UPID[^ ]*#UPID#' <<<"$reqs0" | sort | uniq -c | sort -rn | awk '{ printf "%s%s %s %d", (NR > 1 ? "; " : ""), $2, $3, $1 }')"
    cost_stats start_fake
    # Every module knows its VM's power state (from the table): its status file says so.
    known_on() { [ "$(grep -l '^power=on' "$ORCH_RUN"/[0-9]*/status 2>/dev/null | wc -l)" -ge "$N" ]; }
    t_wait_for 300 known_on && res multibmc start_state_known_ms "$(ms_since "$t0")" || res multibmc start_state_known_ms "timeout"
    t_wait_for 300 all_on && res multibmc start_power_ms "$(ms_since "$t0")" || res multibmc start_power_ms "timeout"
    # The supervisor then reads every VM's config once, in the background (firmware), one at a
    # time: the idle figures start after that.
    fw_read() { [ "$(tail -n +"$((m0 + 1))" "$PVE_LOG" | grep -cE '^REQ GET /api2/json/nodes/[^/]+/qemu/[0-9]+/config ')" -ge "$N" ]; }
    t_wait_for $((60 + N / 10)) fw_read && res multibmc start_firmware_read_ms "$(ms_since "$t0")" \
        || res multibmc start_firmware_read_ms "timeout"

    sleep "$SETTLE_S"
    local sup=$ORCH_SUP_PID sims
    sims=$(pgrep -d ' ' -P "$sup" -x ipmi_sim)
    local s_sims s_sup s_pve m
    [ "$COST" = off ] || pve_ctl 'cost_stats reset' >/dev/null
    s_sims=$(sched $sims); s_sup=$(sched "$sup"); s_pve=$(sched "$PVE_PID")
    m=$(pve_mark)
    sleep "$IDLE_S"
    idle_figures multibmc idle_wakeups_per_bmc_s idle_cpu_bmcs_pct "$s_sims" "$(sched $sims)" "$(wc -w <<<"$sims")"
    idle_figures multibmc idle_wakeups_supervisor_s idle_cpu_supervisor_pct "$s_sup" "$(sched "$sup")" 1
    idle_figures multibmc idle_wakeups_fake_s idle_cpu_fake_pct "$s_pve" "$(sched "$PVE_PID")" 1
    local reqs; reqs=$(tail -n +"$((m + 1))" "$PVE_LOG" | grep '^REQ ')
    res multibmc idle_api_rps "$(awk -v n="$(grep -c . <<<"$reqs")" -v s="$IDLE_S" 'BEGIN { printf "%.1f", n / s }')"
    res multibmc idle_api_rps_per_node "$(awk -v n="$(grep -c . <<<"$reqs")" -v s="$IDLE_S" -v k="$NODES" 'BEGIN { printf "%.2f", n / s / k }')"
    # The shared poller (issue 7 item 2) reads each node's VM list: seen or not, whatever it is called.
    grep -qE '^REQ GET /api2/json/nodes/[^/]+/qemu( |\?)' <<<"$reqs" && res multibmc shared_poller "in use" \
        || res multibmc shared_poller "not seen"
    res multibmc idle_api_paths "$(sed -E 's/^REQ ([A-Z]+) ([^ ?]*).*/\1 \2/; s#/[0-9]+(/|$)#/ID\1#g; s#/pve[0-9]+/#/NODE/#; s#UPID[^ ]*#UPID#' <<<"$reqs" | sort | uniq -c | sort -rn | awk -v s="$IDLE_S" '{ printf "%s%s %s %.1f/s", (NR > 1 ? "; " : ""), $2, $3, $1 / s }')"
    cost_stats idle_fake

    mem multibmc bmc $sims
    mem multibmc supervisor "$sup"
    mem multibmc fake "$PVE_PID"
    res multibmc supervisor_fds "$(ls /proc/"$sup"/fd | wc -l)"
    res multibmc fake_threads "$(ls /proc/"$PVE_PID"/task | wc -l)"

    # Redfish on (BENCH_INIT_ARGS="... --redfish on"): every BMC's GET Systems/1 once, each on
    # a new TLS connection verified with that BMC's own certificate (made at its first start).
    if grep -q '"enabled": true' "$ORCH_CFG"; then
        for ((i = 0; i < N; i++)); do echo "$(ip_of $i) $T_DIR/state/$((1000 + i))/redfish-cert.pem"; done >"$T_DIR/rf.list"
        local rf; rf=$(in_client env -u REQUESTS_CA_BUNDLE /usr/bin/python3 "$here/rf_fanout.py" 16 /redfish/v1/Systems/1 \
            "$T_USER" "$T_PASS" "$T_DIR/rf.list")
        res multibmc redfish_fanout_ms "$(sed 's/.* ms=\([0-9]*\).*/\1/' <<<"$rf")"
        res multibmc redfish_fanout_answered "$(sed 's/answered=\([0-9]*\) total=\([0-9]*\).*/\1\/\2/' <<<"$rf")"
        res multibmc redfish_get_p50_ms "$(sed 's/.*p50_ms=\([0-9]*\).*/\1/' <<<"$rf")"
        res multibmc redfish_get_p99_ms "$(sed 's/.*p99_ms=\([0-9]*\).*/\1/' <<<"$rf")"
    fi

    [ -n "${BENCH_QUICK:-}" ] || multibmc_clients

    t0=$(t_now_ms)
    kill -TERM "$sup"
    t_wait_for 120 bash -c "! kill -0 $sup 2>/dev/null"
    res multibmc stop_ms "$(ms_since "$t0")"
    res multibmc stop_addresses_left "$(ip -n "$T_NSB" -4 -o addr show dev bmc0 | grep -vc ' 198.18.0.1/')"
    res multibmc stop_sims_left "$(pgrep -c -f "ipmi_sim -n -c $ORCH_RUN/" || true)"
    res multibmc sup_log_errors "$(grep -ciE 'error|cannot' "$T_DIR/sup.out")"
    kill "$PVE_PID" 2>/dev/null
}

# -------- comparisons: one process per BMC, each on its own address --------
# cmp_start IMPL CMD...: starts CMD (with {ip} and {i} replaced) for each of the N addresses,
# measures the time until all answer, then the per-BMC figures; stops them.
cmp_run() {
    local impl=$1; shift
    local i
    for ((i = 0; i < N; i++)); do echo "address add $(ip_of $i)/16 dev bmc0"; done | ip -n "$T_NSB" -batch - || return 1
    # One shell in the namespace starts them all, as a service manager would (not one
    # `ip netns exec` per BMC, which costs a mount of /sys each). {ip} and {i} in CMD...
    : >"$T_DIR/$impl.pids"
    local t0; t0=$(t_now_ms)
    # shellcheck disable=SC2016
    ip netns exec "$T_NSB" bash -c '
        n=$1 out=$2 pids=$3; shift 3
        for ((i = 0; i < n; i++)); do
            ip=198.18.$((1 + i / 250)).$((1 + i % 250)); argv=()
            for a in "$@"; do a=${a//\{ip\}/$ip}; argv+=("${a//\{i\}/$i}"); done
            "${argv[@]}" >>"$out" 2>&1 </dev/null & echo $! >>"$pids"
        done
        wait' bash "$N" "$T_DIR/$impl.out" "$T_DIR/$impl.pids" "$@" &
    T_PIDS+=($!)
    local shell=$!
    local p; p=$(in_client /usr/bin/python3 "$here/probe.py" 300 "$t0" $(cat "$IPS"))
    res "$impl" start_answer_ms "$(sed 's/.* ms=\([0-9]*\).*/\1/' <<<"$p")"
    res "$impl" start_first_ms "$(sed 's/.*first_ms=\([-0-9]*\).*/\1/' <<<"$p")"
    res "$impl" start_half_ms "$(sed 's/.*p50_ms=\([-0-9]*\).*/\1/' <<<"$p")"
    res "$impl" start_answered "$(sed 's/answered=\([0-9]*\) total=\([0-9]*\).*/\1\/\2/' <<<"$p")"
    local pids; mapfile -t pids <"$T_DIR/$impl.pids"
    res "$impl" start_cpu_bmcs_s "$(sched "${pids[@]}" | awk '{ printf "%.2f", $2 / 1e9 }')"
    res "$impl" start_cpu_total_s "$(sched "${pids[@]}" | awk '{ printf "%.2f", $2 / 1e9 }')"
    sleep "$SETTLE_S"
    local s0; s0=$(sched "${pids[@]}")
    sleep "$IDLE_S"
    idle_figures "$impl" idle_wakeups_per_bmc_s idle_cpu_bmcs_pct "$s0" "$(sched "${pids[@]}")" "${#pids[@]}"
    mem "$impl" bmc "${pids[@]}"
    [ -n "${BENCH_QUICK:-}" ] || client_figures "$impl" -C 3
    kill -TERM "${pids[@]}" 2>/dev/null
    wait "$shell" 2>/dev/null
    for ((i = 0; i < N; i++)); do echo "address del $(ip_of $i)/16 dev bmc0"; done | ip -n "$T_NSB" -batch - 2>/dev/null
}

bench_stock() {
    local i d
    t_tmpfs "$T_DIR/stock" || return 1
    t_secret "$T_DIR/pw.stock" "$T_PASS"
    for ((i = 0; i < N; i++)); do
        d=$T_DIR/stock/$i; mkdir -p "$d/state"
        sed -e "s/@ADDR@/$(ip_of $i)/; s/@NAME@/stock$i/; s/@USER@/$T_USER/; s/@PASSWORD@/$T_PASS/" \
            -e "s/@GUID@/$(printf 'b3c4000000000000000000000000%04x' "$i")/" \
            "$here/stock.lan.conf.in" >"$d/lan.conf"
        chmod 600 "$d/lan.conf"
    done
    # Stock lanserv refuses Open Session with privilege 0 (what ipmipower sends); FreeIPMI's
    # documented workaround for such BMCs. (multibmc's module fixes it: module/lanserv/session_priv.c)
    FANOUT_EXTRA="-W opensesspriv" cmp_run stock ipmi_sim -n -c "$T_DIR/stock/{i}/lan.conf" -f "$here/stock.emu" -s "$T_DIR/stock/{i}/state"
}

bench_pyghmi() {
    t_secret "$T_DIR/pw.pyghmi" "$T_PASS"
    cmp_run pyghmi /usr/bin/python3 "$here/pyghmi_bmc.py" '{ip}' "$T_USER" "$T_DIR/pw.pyghmi"
}

impls=${BENCH_IMPLS:-multibmc stock pyghmi}
case " $impls " in *" multibmc "*) bench_multibmc || t_log "multibmc run incomplete" ;; esac
[ -n "${T_NSB:-}" ] || { T_PREFIX=16 t_netns_setup || exit 1; }
if [ "$N" -le "$STOCK_MAX" ] || [ "$N" -le "$CMP_MAX" ]; then
    case " $impls " in *" stock "*|*" pyghmi "*) client_arp stock ;; esac
fi
if [ "$N" -le "$STOCK_MAX" ]; then
    case " $impls " in *" stock "*) bench_stock || t_log "stock run incomplete" ;; esac
fi
if [ "$N" -le "$CMP_MAX" ]; then
    case " $impls " in *" pyghmi "*) bench_pyghmi || t_log "pyghmi run incomplete" ;; esac
fi
exit 0
