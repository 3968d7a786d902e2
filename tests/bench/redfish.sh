#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Redfish numbers (issue 16 item 6). Prints numbers, asserts nothing. Needs root (namespaces).
#
#   tests/bench/redfish.sh
#
# 1. Latency from the client namespace to one BMC (local QEMU VM, paused), BENCH_RF_RUNS (500)
#    requests each, p50/p99/max, the BMC's certificate verified:
#    - GET /redfish/v1/Systems/1 in process (tests/bench/rf_latency.py): one keep-alive TLS
#      connection with Basic auth; a new TCP + TLS connection per request; an X-Auth-Token
#      session on one connection; and GET /redfish/v1/ (no authentication, no chassis call)
#      on keep-alive as the floor;
#    - whole client processes side by side (tests/bench/latency.py, BENCH_RF_PROC_RUNS, 100):
#      `curl` GET Systems/1 (process + TCP + TLS + request) and stock `ipmitool power status`
#      (process + RMCP+ session + command) against the same BMC.
# 2. Memory: BENCH_RF_N (20) BMCs with Redfish off, then the same BMCs with Redfish on after
#    each answered BENCH_RF_WARM (20) requests (keep-alive and new connections): RSS and PSS
#    per ipmi_sim, and the difference; idle CPU of the N ipmi_sims over BENCH_RF_IDLE_S (10);
#    the CPU each spent to start (with Redfish: its first start, the certificate made).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "redfish.sh: needs root (network namespaces)" >&2; exit 1; }
[ -e "$top/module/multibmc.so" ] || { echo "redfish.sh: run scripts/build first" >&2; exit 1; }
. "$top/tests/lib/common.sh"
. "$top/tests/lib/qemu.sh"
. "$top/tests/lib/redfish.sh"
t_init
t_netns_setup || exit 1
RUNS=${BENCH_RF_RUNS:-500}
PROC_RUNS=${BENCH_RF_PROC_RUNS:-100}
N=${BENCH_RF_N:-20}
WARM=${BENCH_RF_WARM:-20}
IDLE_S=${BENCH_RF_IDLE_S:-10}
out=${BENCH_OUT:-$top/tests/out/bench}
mkdir -p "$out"
echo "# machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), multibmc $(git -C "$top" describe --always --dirty 2>/dev/null), libmicrohttpd $(dpkg-query -W -f '${Version}' libmicrohttpd12 2>/dev/null), GnuTLS $(dpkg-query -W -f '${Version}' libgnutls30 2>/dev/null)" | tee "$out/redfish.md"
row() { printf '| %s | %s |\n' "$1" "$2" | tee -a "$out/redfish.md"; }
fmt() { sed 's/runs=\([0-9]*\) ok=\([0-9]*\) p50_ms=\([0-9.]*\) p99_ms=\([0-9.]*\) max_ms=\([0-9.]*\)/\3 \/ \4 \/ \5 ms (\2\/\1 ok)/'; }
in_client() { ip netns exec "$T_NSC" "$@"; }

# ---- 1. latency
IP=198.18.0.10
t_qemu_start vm || exit 1
t_bmc_start bmc $IP "backend=qmp qmp=$T_DIR/vm.vm/qmp.sock redfish-addr=$IP" || exit 1
ca=$(rf_ca bmc)
lat() { in_client env -u REQUESTS_CA_BUNDLE /usr/bin/python3 "$here/rf_latency.py" "$1" "$RUNS" "https://$IP" "$2" "$T_USER" "$T_PASS" "$ca" | fmt; }
echo "| GET, $RUNS requests | p50 / p99 / max |" | tee -a "$out/redfish.md"
echo "|---|---|" | tee -a "$out/redfish.md"
row "Systems/1, keep-alive (Basic)" "$(lat keepalive /redfish/v1/Systems/1)"
row "Systems/1, new TLS connection each" "$(lat newconn /redfish/v1/Systems/1)"
row "Systems/1, session token, keep-alive" "$(lat session /redfish/v1/Systems/1)"
row "/redfish/v1/ (no auth), keep-alive" "$(lat keepalive /redfish/v1/)"
echo "$IP" >"$T_DIR/ips"
proc() { in_client /usr/bin/python3 "$here/latency.py" "$PROC_RUNS" "$T_DIR/ips" "$@" | fmt; }
row "curl process: Systems/1 ($PROC_RUNS runs)" "$(proc curl -sf -o /dev/null --cacert "$ca" -u "$T_USER:$T_PASS" "https://$IP/redfish/v1/Systems/1")"
row "ipmitool process: power status ($PROC_RUNS runs)" "$(proc ipmitool -I lanplus -H '{ip}' -U "$T_USER" -P "$T_PASS" power status)"

# ---- 2. memory: the same N BMCs without and with Redfish
ip_of() { echo "198.18.0.$((100 + $1))"; }
start_fleet() { # start_fleet off|on: N BMCs named off1.. or on1..
    local i opts
    for ((i = 1; i <= N; i++)); do
        opts="backend=qmp qmp=$T_DIR/none.sock"
        [ "$1" = on ] && opts+=" redfish-addr=$(ip_of $i)"
        T_BMC_TIMEOUT=30 t_bmc_start "$1$i" "$(ip_of $i)" "$opts" >/dev/null 2>&1 || echo "# $1$i did not start" >&2
    done
}
stop_fleet() {
    local i p
    for ((i = 1; i <= N; i++)); do p=$(t_sim_pid "$1$i"); kill "$p" 2>/dev/null; done
    for ((i = 1; i <= N; i++)); do p=$(t_sim_pid "$1$i"); t_wait_for 10 bash -c "! kill -0 $p 2>/dev/null"; done
}
fleet_pids() { local i; for ((i = 1; i <= N; i++)); do t_sim_pid "$1$i"; done; }
mem_of() { /usr/bin/python3 "$here/procs.py" mem $(fleet_pids "$1"); }
cpu_of() { /usr/bin/python3 "$here/procs.py" cpu $(fleet_pids "$1") | sed 's/ticks=\([0-9]*\).*/\1/'; }
idle_cpu() { local a b; a=$(cpu_of "$1"); sleep "$IDLE_S"; b=$(cpu_of "$1"); awk -v d=$((b - a)) -v hz="$(getconf CLK_TCK)" -v s="$IDLE_S" 'BEGIN { printf "%.2f", 100 * d / hz / s }'; }
per() { awk -v k="$(sed "s/.*$2=\([0-9]*\).*/\1/" <<<"$1")" -v n="$(sed 's/n=\([0-9]*\).*/\1/' <<<"$1")" 'BEGIN { printf "%.2f", k / n / 1024 }'; }

# CPU a BMC spent to start (ms: module init, lan.conf, with Redfish: GnuTLS, the certificate
# made at this first start, the HTTPS listener), read right after all listen.
start_ms() { awk -v t="$(cpu_of "$1")" -v hz="$(getconf CLK_TCK)" -v n="$N" 'BEGIN { printf "%.1f", 1000 * t / hz / n }'; }
start_fleet off
s_off=$(start_ms off)
sleep 3
m_off=$(mem_of off); c_off=$(idle_cpu off)
stop_fleet off
start_fleet on
s_on=$(start_ms on)
for ((i = 1; i <= N; i++)); do
    in_client env -u REQUESTS_CA_BUNDLE /usr/bin/python3 "$here/rf_latency.py" keepalive "$WARM" "https://$(ip_of $i)" /redfish/v1/Systems/1 "$T_USER" "$T_PASS" "$(rf_ca "on$i")" >/dev/null
    in_client env -u REQUESTS_CA_BUNDLE /usr/bin/python3 "$here/rf_latency.py" newconn "$WARM" "https://$(ip_of $i)" /redfish/v1/Systems/1 "$T_USER" "$T_PASS" "$(rf_ca "on$i")" >/dev/null
done
sleep 3
m_on=$(mem_of on); c_on=$(idle_cpu on)
echo | tee -a "$out/redfish.md"
echo "| $N BMCs (QMP, no QEMU behind them) | Redfish off | Redfish on (after $((2 * WARM)) requests each) | difference |" | tee -a "$out/redfish.md"
echo "|---|---|---|---|" | tee -a "$out/redfish.md"
for k in rss_kb pss_kb; do
    a=$(per "$m_off" $k); b=$(per "$m_on" $k)
    printf '| %s per BMC (MB) | %s | %s | %+.2f |\n' "${k%_kb}" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { print b - a }')" | tee -a "$out/redfish.md"
done
printf '| idle CPU, all %s ipmi_sims (%% of a core) | %s | %s | |\n' "$N" "$c_off" "$c_on" | tee -a "$out/redfish.md"
printf '| CPU to start, per BMC (ms; with Redfish: the first start, certificate made) | %s | %s | %+.1f |\n' "$s_off" "$s_on" \
    "$(awk -v a="$s_off" -v b="$s_on" 'BEGIN { print b - a }')" | tee -a "$out/redfish.md"
echo "# in $out/redfish.md" >&2
