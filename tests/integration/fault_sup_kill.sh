#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Fault: the supervisor SIGKILLed and `multibmc run` started again (issue 8). Three BMCs; one
# ipmi_sim is hung (SIGSTOP) when the supervisor dies, so the SIGTERM its death sends
# (PR_SET_PDEATHSIG) cannot end it: it would keep its address and port. The new supervisor
# must end that orphan, must not add an address twice, and serve every BMC; `multibmc stop`
# then leaves no address and no process.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/orch.sh"
t_init
orch_setup || { t_fail setup; t_done; }
ip_of() { echo 198.18.0.$((80 + $1)); }
for i in 1 2 3; do mb add $((180 + i)) "$(ip_of $i)/24" --qmp "$T_DIR/q$i.sock" >/dev/null; done
all_answer() { local i; for i in 1 2 3; do orch_answers "$(ip_of $i)" || return 1; done; }
sims_of_run() { pgrep -f "^[^ ]*ipmi_sim .*$ORCH_RUN/" | sort -n | tr '\n' ' '; }
no_sims() { [ -z "$(sims_of_run)" ]; }
# Gone, or a zombie nobody reaped yet (its parent died; it holds no address or port).
ended() { ! kill -0 "$1" 2>/dev/null || grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }

orch_run || { t_fail supervisor-up "$(cat "$T_DIR/sup.out")"; t_done; }
t_wait_for 20 all_answer && t_ok bmcs-answer || { t_fail bmcs-answer "$(mb status)"; t_done; }
declare -A before
for i in 1 2 3; do before[$i]=$(orch_sim_pid $((180 + i))); done

for round in 1 2; do
    hung=${before[2]}
    kill -STOP "$hung"
    kill -9 "$ORCH_SUP_PID"
    t_wait_for 5 sh -c "! kill -0 $ORCH_SUP_PID 2>/dev/null"
    gone13() { ! kill -0 "${before[1]}" 2>/dev/null && ! kill -0 "${before[3]}" 2>/dev/null; }
    t_wait_for 5 gone13 && t_ok "r$round-children-die-with-supervisor" || t_fail "r$round-children-die-with-supervisor"
    kill -0 "$hung" 2>/dev/null && t_log "round $round: hung ipmi_sim $hung outlived its supervisor (as intended)"
    orch_run || t_fail "r$round-supervisor-restart"
    t_wait_for 20 all_answer && t_ok "r$round-every-bmc-serves" || t_fail "r$round-every-bmc-serves" "$(mb status)"
    ended "$hung" && t_ok "r$round-orphan-ended" ||
        t_fail "r$round-orphan-ended" "pid $hung still there: $(grep State "/proc/$hung/status")"
    dups=0; for i in 1 2 3; do [ "$(orch_addr_count "$(ip_of $i)")" = 1 ] || dups=$((dups + 1)); done
    [ $dups = 0 ] && t_ok "r$round-no-duplicate-addresses" || t_fail "r$round-no-duplicate-addresses" "$dups"
    n=$(sims_of_run | wc -w)
    [ "$n" = 3 ] && t_ok "r$round-one-ipmi-sim-each" || t_fail "r$round-one-ipmi-sim-each" "$(sims_of_run)"
    for i in 1 2 3; do before[$i]=$(orch_sim_pid $((180 + i))); done
done
grep -q "stopping leftover ipmi_sim pid" "$T_DIR/sup.out" && t_ok leftover-logged || t_fail leftover-logged
[ "$(mb list | grep -cE '^ *18[123] ')" = 3 ] && t_ok no-config-entry-lost || t_fail no-config-entry-lost "$(mb list)"

SUP=$ORCH_SUP_PID
mb stop >/dev/null 2>&1 && t_ok stop || t_fail stop
t_wait_for 10 sh -c "! kill -0 $SUP 2>/dev/null" || t_fail supervisor-exits
t_wait_for 5 no_sims && t_ok stop-leaves-no-process ||
    t_fail stop-leaves-no-process "$(sims_of_run)"
! ip -n "$T_NSB" -4 -o addr show dev bmc0 | grep -q ' inet 198.18.0.8[1-3]/' && t_ok stop-leaves-no-address ||
    t_fail stop-leaves-no-address "$(ip -n "$T_NSB" -4 -o addr show dev bmc0)"
t_done
