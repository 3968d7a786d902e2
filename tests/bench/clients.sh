#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Stock clients against stock ipmi_sim and against multibmc, side by side, on whatever
# OpenIPMI this machine (or chroot) has: wall time and outcome of the commands a user types
# first. Numbers, not pass/fail. Usage: tests/bench/clients.sh [RUNS]   (default 5, root)
#   ipmitool -I lanplus ... power status        (no -C: the client picks the suite)
#   ipmitool -I lanplus -C 17 ... power status  (SHA-256)
#   ipmitool -I lanplus -C 3 ... power status
#   ipmipower -D LAN_2_0 --stat                  (no -W workaround flag)
#   ipmitool -I lan ... power status             (IPMI 1.5)
. "$(dirname "$0")/../lib/common.sh"
RUNS=${1:-5}
here=$(cd "$(dirname "$0")" && pwd)
t_init
t_netns_setup || { echo "netns setup failed" >&2; exit 1; }
MIP=198.18.0.71
SIP=198.18.0.72

t_bmc_start mb $MIP "backend=qmp qmp=$T_DIR/absent.sock" >/dev/null || { echo "multibmc did not start" >&2; exit 1; }
d=$T_DIR/stock; mkdir -p "$d/state"; chmod 700 "$d"
(umask 077; sed -e "s/@ADDR@/$SIP/; s/@NAME@/stock/; s/@USER@/$T_USER/; s/@PASSWORD@/$T_PASS/" \
    -e "s/@GUID@/b3c40000000000000000000000007172/" "$here/stock.lan.conf.in" >"$d/lan.conf")
ip -n "$T_NSB" addr add "$SIP/24" dev bmc0
t_bg stock.sim ip netns exec "$T_NSB" ipmi_sim -n -c "$d/lan.conf" -f "$here/stock.emu" -s "$d/state"
t_wait_for 10 t_bmc_listening $SIP || { echo "stock ipmi_sim did not start" >&2; exit 1; }
t_secret "$T_DIR/pw" "$T_PASS"

# measure IP CMD...: "p50 ms (ok/runs)" with {ip} replaced in CMD; the first failure's output kept.
measure() {
    local ip=$1; shift
    echo "$ip" >"$T_DIR/ips"
    local r
    r=$(t_in_client "$T_PY" "$here/latency.py" "$RUNS" "$T_DIR/ips" "$@")
    local ok p50
    ok=$(sed 's/.*ok=\([0-9]*\).*/\1/' <<<"$r"); p50=$(sed 's/.*p50_ms=\([0-9]*\).*/\1/' <<<"$r")
    if [ "$ok" -ne "$RUNS" ]; then
        local argv=("${@//\{ip\}/$ip}")
        t_in_client timeout 60 "${argv[@]}" >"$T_DIR/last.out" 2>&1
        printf '%s ms (%s/%s ok: %s)' "$p50" "$ok" "$RUNS" "$(tr '\n' ' ' <"$T_DIR/last.out" | cut -c1-70)"
    else
        printf '%s ms (%s/%s ok)' "$p50" "$ok" "$RUNS"
    fi
}

ipt=(ipmitool -I lanplus -H {ip} -U "$T_USER" -f "$T_DIR/pw")
rows=(
    "ipmitool lanplus, no -C|${ipt[*]} power status"
    "ipmitool lanplus -C 17|${ipt[*]} -C 17 power status"
    "ipmitool lanplus -C 3|${ipt[*]} -C 3 power status"
    "ipmipower -D LAN_2_0 --stat|ipmipower -D LAN_2_0 -h {ip} -u $T_USER -p $T_PASS --stat"
    "ipmitool -I lan (IPMI 1.5)|ipmitool -I lan -H {ip} -U $T_USER -f $T_DIR/pw power status"
)
echo "# $(dpkg-query -W -f='openipmi ${Version}, ' openipmi 2>/dev/null)$(dpkg-query -W -f='ipmitool ${Version}, ' ipmitool 2>/dev/null)$(dpkg-query -W -f='freeipmi-tools ${Version}' freeipmi-tools 2>/dev/null); $RUNS runs each, median wall time"
echo "| command | stock ipmi_sim | multibmc |"
echo "|---|---|---|"
for row in "${rows[@]}"; do
    label=${row%%|*}; cmd=${row#*|}
    # shellcheck disable=SC2086
    echo "| $label | $(measure $SIP $cmd) | $(measure $MIP $cmd) |"
done
