#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Soak benchmark (issue 8; not part of tests/run): N BMCs under the supervisor against the fake
# Proxmox, mixed client traffic for DURATION seconds, RSS and fd counts of every process and
# the restart counters sampled every SOAK_INTERVAL (30) s; prints a table and a verdict.
#
#   tests/bench/soak.sh [DURATION_SECONDS [N_BMCS]]      default 3600 s, 100 BMCs
#
# Traffic (SOAK_WORKERS parallel clients, default N/10, at least 2, each op on a random BMC):
# ipmitool power status / chassis status / chassis bootdev pxe, FreeIPMI ipmipower --stat,
# pyghmi get_power, ipmitool sol activate + ~. through expect, and now and then a login with
# a wrong password. Every op's result goes to $T_DIR/ops.*; the table counts them.
# The fake needs `--vms N` (VMs 1000..): without it (an older fakepve) only BMC 100 is a
# Proxmox BMC and the others are QMP BMCs without a VM (answered from the backend's cache).
# Table and verdict: tests/bench/soak_report.py (also run by hand on kept samples).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/orch.sh"
. "$(dirname "$0")/../lib/fakepve.sh"
DURATION=${1:-3600}
N=${2:-100}
INTERVAL=${SOAK_INTERVAL:-30}
WORKERS=${SOAK_WORKERS:-$(( N / 10 > 2 ? N / 10 : 2 ))}
[ "$N" -ge 1 ] && [ "$N" -le 150 ] || { echo "soak: N_BMCS 1..150 (addresses 198.18.0.100+)"; exit 2; }
t_init
t_netns_setup || { t_fail netns; t_done; }
ip_of() { echo 198.18.0.$((99 + $1)); }

if strings "$T_FAKEPVE" | grep -q -- '--vms N'; then
    pve_start --vms "$N" || { t_fail fakepve; t_done; }
    vmid_of() { echo $((999 + $1)); }
    t_log "fake Proxmox with $N VMs (1000..$((999 + N)))"
else
    pve_start || { t_fail fakepve; t_done; }
    pve_ctl 'vm 100 status=running' >/dev/null
    vmid_of() { [ "$1" = 1 ] && echo 100 || echo $((200 + $1)); }
    t_log "this fakepve has no --vms: BMC 100 is the only Proxmox BMC, the others are QMP BMCs without a VM"
fi
orch_setup --pve-url "$PVE_URL" --token-file "$PVE_TOKEN_FILE" --ca-file "$PVE_CA" ||
    { t_fail init; t_done; }
for i in $(seq 1 "$N"); do
    v=$(vmid_of "$i")
    if [ "$v" -ge 1000 ] || [ "$v" = 100 ]; then
        mb add "$v" "$(ip_of "$i")/24" >/dev/null
    else
        mb add "$v" "$(ip_of "$i")/24" --backend qmp --qmp "$T_DIR/none-$v.sock" >/dev/null
    fi || { t_fail "add-$v"; t_done; }
done
orch_run || { t_fail supervisor-up "$(cat "$T_DIR/sup.out")"; t_done; }
SUP=$ORCH_SUP_PID
all_answer() { local i; for i in $(seq 1 "$N"); do orch_answers "$(ip_of "$i")" || return 1; done; }
t_wait_for $((30 + N)) all_answer && t_ok all-bmcs-answer || { t_fail all-bmcs-answer "$(mb status | head)"; t_done; }

# ---- traffic
cat >"$T_DIR/sol.steps" <<'EOS'
expect SOL Session operational
sleep 1
send \r~.
eof
EOS
cat >"$T_DIR/worker.sh" <<EOS
ips=($(for i in $(seq 1 "$N"); do printf '%s ' "$(ip_of "$i")"; done))
u=$T_USER p=$T_PASS
it() { timeout 20 ipmitool -I lanplus -H "\$ip" -U "\$u" -P "\$p" -N 2 -R 3 "\$@" >/dev/null 2>&1; }
while :; do
    ip=\${ips[RANDOM % \${#ips[@]}]}
    r=\$((RANDOM % 16))
    case \$r in
        0|1|2|3) op=power-status; it power status ;;
        4|5) op=chassis-status; it chassis status ;;
        6) op=bootdev; it chassis bootdev pxe ;;
        7|8|9) op=ipmipower; timeout 20 ipmipower -h "\$ip" -u "\$u" -p "\$p" -D LAN_2_0 --stat 2>&1 | grep -q ': o[nf]' ;;
        10|11) op=pyghmi; timeout 30 $T_PY -c "from pyghmi.ipmi import command
c = command.Command(bmc='\$ip', userid='\$u', password='\$p')
assert c.get_power()['powerstate'] in ('on', 'off')" >/dev/null 2>&1 ;;
        12|13) op=sol; timeout 30 expect $T_TOP/tests/lib/console.exp 15 $T_DIR/sol.steps -- \
                   ipmitool -I lanplus -H "\$ip" -U "\$u" -P "\$p" sol activate >/dev/null 2>&1 ;;
        14) op=power-status; it power status ;;
        15) op=failed-login; ! timeout 20 ipmitool -I lanplus -H "\$ip" -U "\$u" -P wrong-\$RANDOM -N 1 -R 1 power status >/dev/null 2>&1 ;;
    esac
    echo "\$(date +%s) \$op \$([ \$? = 0 ] && echo ok || echo fail)"
    sleep 0.2
done
EOS
WPIDS=()
for w in $(seq 1 "$WORKERS"); do
    t_bg "ops.$w" ip netns exec "$T_NSC" bash "$T_DIR/worker.sh"
    WPIDS+=("$T_LAST_PID")
done

# ---- sampling
rss_kb() { awk '/^VmRSS:/ { print $2; f = 1 } END { if (!f) print 0 }' "/proc/$1/status" 2>/dev/null; }
nfds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
sample() {
    local t=$1 i pid sr=0 smax=0 sf=0 ns=0 restarts=0 r f
    for i in $(seq 1 "$N"); do
        v=$(vmid_of "$i")
        pid=$(orch_sim_pid "$v")
        restarts=$((restarts + $(orch_restarts "$v" || echo 0)))
        [ -n "$pid" ] && [ -d "/proc/$pid" ] || continue
        r=$(rss_kb "$pid"); f=$(nfds "$pid")
        sr=$((sr + r)); sf=$((sf + f)); ns=$((ns + 1)); [ "$r" -gt "$smax" ] && smax=$r
    done
    echo "$t $(rss_kb "$SUP") $(nfds "$SUP") $sr $smax $sf $ns $(rss_kb "$PVE_PID") $(nfds "$PVE_PID") $restarts"
}
echo "t sup_rss_kb sup_fds sims_rss_kb sim_rss_max_kb sims_fds sims pve_rss_kb pve_fds restarts" >"$T_DIR/samples"
start=$SECONDS
while :; do
    el=$((SECONDS - start))
    sample "$el" >>"$T_DIR/samples"
    [ "$el" -ge "$DURATION" ] && break
    sleep $(( INTERVAL < DURATION - el ? INTERVAL : DURATION - el ))
done
kill "${WPIDS[@]}" 2>/dev/null
sleep 1
cat "$T_DIR"/ops.*.out >"$T_DIR/ops" 2>/dev/null

# ---- table and verdict
"$T_PY" "$T_TOP/tests/bench/soak_report.py" "$T_DIR/samples" "$T_DIR/ops" "$N"
rc=$?
[ $rc = 0 ] && t_ok soak-flat || t_fail soak-flat
all_answer && t_ok all-bmcs-answer-at-end || t_fail all-bmcs-answer-at-end
out=${SOAK_OUT:-$T_TOP/tests/out/soak}
mkdir -p "$out" && cp "$T_DIR/samples" "$T_DIR/ops" "$out/" && t_log "samples and op log kept in $out"
mb stop >/dev/null 2>&1
t_done
