# SPDX-License-Identifier: GPL-2.0-or-later
# Shared helpers for integration tests (bash). Source it, then call t_init.
#
# Every test runs in network namespaces it creates itself, with addresses from
# 198.18.0.0/15; nothing it starts outlives it (t_cleanup runs on EXIT). Its files go to
# ${TMPDIR:-/tmp}/mbmc-test.*, its namespaces are named ${T_NS_PREFIX:-mbt}-*: on a machine
# shared with other runs, private values keep someone else's cleanup away from them.
# Output: one TAP line per case ("ok NAME" / "not ok NAME"); tests/run counts them.
# T_FAIL_KEEP=DIR (tests/run sets it): a test that fails leaves its small files there.

T_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
T_MODULE=${T_MODULE:-$T_TOP/module/multibmc.so}
T_GEN=${T_GEN:-$T_TOP/orchestrator/multibmc-gen}
T_PY=/usr/bin/python3            # Debian's python3 has python3-pyghmi
T_FAILED=0
T_PIDS=()
T_NETNS=()
T_MOUNTS=()
T_USER=admin
T_PASS=password

t_log() { printf '# %s\n' "$*" >&2; }
t_ok() { printf 'ok %s\n' "$1"; }
t_fail() { printf 'not ok %s\n' "$1"; shift; [ $# -gt 0 ] && t_log "$*"; T_FAILED=$((T_FAILED + 1)); }
# t_check NAME CMD...: pass when CMD exits 0.
t_check() { local n=$1; shift; if "$@"; then t_ok "$n"; else t_fail "$n" "command failed: $*"; fi; }
t_done() { [ "$T_FAILED" -eq 0 ]; exit $?; }

t_init() {
    [ "$(id -u)" -eq 0 ] || { echo "not ok setup: integration tests need root (network namespaces)"; exit 1; }
    T_DIR=$(mktemp -d "${TMPDIR:-/tmp}/mbmc-test.XXXXXX")
    chmod 700 "$T_DIR"
    trap t_cleanup EXIT
    trap 'exit 130' INT TERM
}

t_cleanup() {
    local rc=$?
    local p
    for p in "${T_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
    for p in "${T_PIDS[@]}"; do
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$p" 2>/dev/null
    done
    local m
    for m in "${T_MOUNTS[@]}"; do umount -l "$m" 2>/dev/null; done
    local ns
    for ns in "${T_NETNS[@]}"; do
        # Anything still running in the namespace goes with it.
        ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null
        ip netns del "$ns" 2>/dev/null
    done
    if [ "$rc" -ne 0 ] && [ -n "${T_FAIL_KEEP:-}" ]; then
        # A failed run's small files (logs, outputs, configs; no sockets, disk images) for a
        # post-mortem: tests/run puts them next to the test's log, also from the chroot.
        mkdir -p "$T_FAIL_KEEP" && chmod 700 "$T_FAIL_KEEP" \
            && (cd "$T_DIR" && find . -type f -size -2048k -print0 \
                | xargs -0 -r cp --parents --preserve=mode -t "$T_FAIL_KEEP" 2>/dev/null)
    fi
    if [ -n "${T_KEEP:-}" ]; then
        t_log "kept $T_DIR"
    else
        rm -rf "$T_DIR"
    fi
    return $rc
}

# t_tmpfs DIR: a tmpfs on DIR (created), unmounted by t_cleanup. For a run directory as
# production has it (/run is tmpfs), where a disk's inode and sync costs do not belong.
t_tmpfs() {
    mkdir -p "$1" && mount -t tmpfs -o mode=0755,size=${T_TMPFS_SIZE:-1g} tmpfs "$1" && T_MOUNTS+=("$1")
}

# t_netns_setup: a BMC-side namespace ($T_NSB) and a client namespace ($T_NSC) joined by
# a veth pair, 198.18.0.1/24 (BMC side) <-> 198.18.0.2/24 (client side).
# T_PREFIX=16 makes it a /16 (room for 1000 BMC addresses: tests/bench, scale_smoke).
# T_NS_ID chooses the names' suffix (tests/lib/deb.sh: it cleans up after a chroot).
t_netns_setup() {
    local pfx=${T_PREFIX:-24}
    local id=${T_NS_ID:-$$_$RANDOM}
    T_NSB=${T_NS_PREFIX:-mbt}-b$id
    T_NSC=${T_NS_PREFIX:-mbt}-c$id
    ip netns add "$T_NSB" && T_NETNS+=("$T_NSB") || return 1
    ip netns add "$T_NSC" && T_NETNS+=("$T_NSC") || return 1
    ip link add vb$$ netns "$T_NSB" type veth peer name vc$$ netns "$T_NSC" || return 1
    ip -n "$T_NSB" link set lo up
    ip -n "$T_NSC" link set lo up
    ip -n "$T_NSB" link set vb$$ name bmc0
    ip -n "$T_NSC" link set vc$$ name eth0
    ip -n "$T_NSB" addr add 198.18.0.1/"$pfx" dev bmc0
    ip -n "$T_NSC" addr add 198.18.0.2/"$pfx" dev eth0
    ip -n "$T_NSB" link set bmc0 up
    ip -n "$T_NSC" link set eth0 up
}

# t_netns_add_client ADDR: a second client namespace ($T_NSF) with its own source address
# ADDR/24, a macvlan on the client link, for tests that need two clients told apart by address.
t_netns_add_client() {
    T_NSF=${T_NS_PREFIX:-mbt}-f$$_$RANDOM
    ip netns add "$T_NSF" && T_NETNS+=("$T_NSF") || return 1
    ip -n "$T_NSC" link add mvf$$ link eth0 type macvlan mode bridge || return 1
    ip -n "$T_NSC" link set mvf$$ netns "$T_NSF" || return 1
    ip -n "$T_NSF" link set lo up
    ip -n "$T_NSF" addr add "$1/24" dev mvf$$
    ip -n "$T_NSF" link set mvf$$ up
}

t_in_bmc() { ip netns exec "$T_NSB" "$@"; }
t_in_client() { ip netns exec "$T_NSC" "$@"; }

# t_bg NAME CMD...: start CMD in the background, output to $T_DIR/NAME.out; sets T_LAST_PID.
t_bg() {
    local name=$1; shift
    "$@" >"$T_DIR/$name.out" 2>&1 </dev/null &
    T_LAST_PID=$!
    T_PIDS+=("$T_LAST_PID")
}

# t_wait_for SECONDS CMD...: retry CMD every 0.1 s until it succeeds.
t_wait_for() {
    local secs=$1; shift
    local end=$((SECONDS + secs))
    while :; do
        "$@" >/dev/null 2>&1 && return 0
        [ $SECONDS -ge $end ] && return 1
        sleep 0.1
    done
}

t_secret() { # t_secret FILE VALUE: a 0600 file holding VALUE
    (umask 077; printf '%s\n' "$2" >"$1")
}

# t_bmc_start NAME IP MODULE_OPTIONS [multibmc-gen args...]
# Renders the BMC's files with multibmc-gen and starts ipmi_sim in $T_NSB on IP:623.
# Users: admin/password (admin), operator/operpass (operator), viewer/viewpass (user).
# Module log: $T_DIR/NAME/module.log, status file $T_DIR/NAME/status.
t_bmc_start() {
    local name=$1 ip=$2 opts=$3; shift 3
    local d=$T_DIR/$name
    mkdir -p "$d/state" && chmod 700 "$d" "$d/state"
    t_secret "$d/pw.admin" "$T_PASS"
    t_secret "$d/pw.operator" operpass
    t_secret "$d/pw.viewer" viewpass
    ip -n "$T_NSB" addr add "$ip/24" dev bmc0 2>/dev/null
    "$T_GEN" --name "$name" --addr "$ip" --out "$d" --module "$T_MODULE" \
        --templates "$T_TOP/conf-templates" \
        --module-options "$opts log=$d/module.log status=$d/status state-dir=$d/state" \
        --user "admin:admin:$d/pw.admin" --user "operator:operator:$d/pw.operator" \
        --user "viewer:user:$d/pw.viewer" "$@" || return 1
    t_bg "$name.sim" ip netns exec "$T_NSB" ${T_SIM_WRAPPER:-} ipmi_sim -n -c "$d/lan.conf" -f "$d/bmc.emu" -s "$d/state"
    eval "T_SIM_PID_${name//[^A-Za-z0-9_]/_}=$T_LAST_PID"
    t_wait_for "${T_BMC_TIMEOUT:-10}" t_bmc_listening "$ip" || { t_log "ipmi_sim $name did not listen on $ip:623"; \
        cat "$d/module.log" "$T_DIR/$name.sim.out" >&2 2>/dev/null; return 1; }
}

t_bmc_listening() { ip netns exec "$T_NSB" ss -Hlun "src $1:623" | grep -q .; }

# t_sim_pid NAME: pid of that BMC's ipmi_sim
t_sim_pid() { local v="T_SIM_PID_${1//[^A-Za-z0-9_]/_}"; echo "${!v}"; }

# ipmitool from the client namespace. t_ipmitool IP [ipmitool args...]
# T_IPMITOOL_EXTRA (empty by default) adds options for local debugging only.
t_ipmitool() {
    local ip=$1; shift
    # shellcheck disable=SC2086
    timeout 60 ip netns exec "$T_NSC" ipmitool -I lanplus ${T_IPMITOOL_EXTRA:-} -H "$ip" -U "$T_USER" -P "$T_PASS" "$@"
}

# ms since epoch, for timings printed as diagnostics or checked with a generous bound.
t_now_ms() { date +%s%3N; }

# t_log_line_ms FILE TEXT: ms since epoch of the first line of a module log (each line starts
# with its UTC time, 2026-01-02T03:04:05.678Z) that contains TEXT; empty when there is none.
t_log_line_ms() {
    local ts
    ts=$(grep -m1 -F -- "$2" "$1" 2>/dev/null | cut -d' ' -f1)
    [ -n "$ts" ] && date -d "$ts" +%s%3N
}
