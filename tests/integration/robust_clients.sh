#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What a shared management network throws at a BMC (issue 8): malformed, truncated and mutated
# RMCP/RMCP+ packets from a raw UDP sender, 64 concurrent sessions, a flood of failed logins
# (from a second client address, which the per-source lockout then refuses for a while).
# After each, ipmi_sim is alive and a stock client is served at once.
. "$(dirname "$0")/../lib/common.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
IP=198.18.0.41
LOCKOUT_S=8      # shorter than the default 30 s so the test sees the lockout end
# No VM is needed: power status answers from the backend's cache (off, QMP socket absent).
t_bmc_start vm $IP "backend=qmp qmp=$T_DIR/absent.sock lockout-seconds=$LOCKOUT_S" ||
    { t_fail bmc-start; t_done; }
SIM=$(t_sim_pid vm)
ipmi() { t_ipmitool $IP "$@"; }
alive() { kill -0 "$SIM" 2>/dev/null && ipmi mc info >/dev/null 2>&1; }

fds0=$(ls /proc/$SIM/fd | wc -l)
# 1. A storm of mutated packets (deterministic seeds; a failure prints its seed).
for seed in 1 2 3; do
    out=$(t_in_client timeout 120 "$T_PY" "$T_TOP/tests/lib/rmcp_storm.py" $IP --count 3000 --seed $seed 2>&1)
    rc=$?
    [ $rc -eq 0 ] && t_ok "malformed-packets-seed-$seed" || t_fail "malformed-packets-seed-$seed" "$out"
done
alive && t_ok alive-after-storm || t_fail alive-after-storm

# 2. 64 concurrent sessions (ipmitool retransmits on its own when a reply is late).
start=$(t_now_ms)
pids=()
for i in $(seq 64); do
    ipmi power status >"$T_DIR/c$i.out" 2>&1 &
    pids+=($!)
done
okc=0
for p in "${pids[@]}"; do wait "$p" && okc=$((okc + 1)); done
t_log "64 concurrent sessions: $okc succeeded in $(( $(t_now_ms) - start )) ms"
[ $okc -eq 64 ] && t_ok concurrent-64-sessions || t_fail concurrent-64-sessions "$okc of 64; $(cat "$T_DIR"/c*.out | sort | uniq -c | head)"

# 3. A flood of failed logins from a second client address (198.18.0.3, its own namespace
# on a macvlan of the client link), then the right password works again within seconds from
# the first address. Each failed RMCP+ login leaves a half-open session; stock ipmi_sim kept
# it for its 30 s idle timeout and has 63 slots, so a flood locked everyone out for 30 s.
# multibmc expires half-open sessions after 5 s (module/lanserv/session_startup.c); the time to the
# first good login is printed. The flooding address itself is then locked out
# (module/lanserv/login_lockout.c: 5 failures in 10 s) for LOCKOUT_S seconds, even with the right
# password, and gets in again after that.
t_netns_add_client 198.18.0.3 || t_fail flooder-netns
flood() { ip netns exec "$T_NSF" "$@"; }
pids=()
for i in $(seq 100); do
    flood ipmitool -I lanplus -H $IP -U admin -P wrong$i -N 1 -R 1 power status >/dev/null 2>&1 &
    pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
start=$(t_now_ms); flood_end=$start
t_wait_for 15 ipmi power status && t_ok login-after-failed-flood || t_fail login-after-failed-flood
t_log "first good login after 100 failed ones: $(( $(t_now_ms) - start )) ms"
good_from_flooder() {
    flood ipmitool -I lanplus -H $IP -U admin -P "$T_PASS" -N 1 -R 1 power status >/dev/null 2>&1
}
# A wrong password shows only when its half-open session expires (5 s, no RAKP 3 comes; the
# BMC cannot tell earlier), so the failures count from then on: look after that.
wait_ms=$(( flood_end + 6000 - $(t_now_ms) ))
[ "$wait_ms" -gt 0 ] && sleep "$(printf '%d.%03d' $((wait_ms / 1000)) $((wait_ms % 1000)))"
locked_at=$(t_now_ms)
good_from_flooder && t_fail flooder-locked-out "the right password got in at once" ||
    t_ok flooder-locked-out
grep -q "failed logins from 198.18.0.3 within .*RMCP+" "$T_DIR/vm/module.log" && t_ok lockout-logged ||
    t_fail lockout-logged "$(tail -5 "$T_DIR/vm/module.log")"
grep -q wrong "$T_DIR/vm/module.log" && t_fail no-password-in-log || t_ok no-password-in-log
if t_wait_for $((LOCKOUT_S + 15)) good_from_flooder; then
    t_ok flooder-back-after-lockout
    t_log "flooding address got in again $(( $(t_now_ms) - locked_at )) ms after its lockout was seen (lockout ${LOCKOUT_S} s)"
else
    t_fail flooder-back-after-lockout
fi
ipmi power status >/dev/null 2>&1 && t_ok others-unaffected || t_fail others-unaffected

alive && t_ok alive-at-end || t_fail alive-at-end
fds1=$(ls /proc/$SIM/fd | wc -l)
[ "$fds1" -le "$fds0" ] && t_ok no-fd-leak || t_fail no-fd-leak "fds $fds0 -> $fds1"
t_done
