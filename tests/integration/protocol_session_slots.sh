#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# OpenIPMI 2.0.37 (lanserv flavour B) hands out session slots round robin and walks past its
# 64-entry array: a long-lived session in slot 63, logins until the walk stands at 62, one
# more login, and stock lanserv hands out sessions[64] (the LAN parameters turn to garbage,
# the next IPMI 1.5 login crashes it). tests/integration/session_walk.py drives that sequence
# with complete RMCP+ logins. With multibmc (module/lanserv/session_slots.c) every login
# succeeds, the LAN parameters stay as they were and an IPMI 1.5 login afterwards works.
# The same sequence against stock ipmi_sim must show the damage, or the test proves nothing.
# Flavour A takes the lowest free slot: the walk still runs against multibmc there, and the
# stock reproduction is skipped (there is nothing to reproduce).
. "$(dirname "$0")/../lib/common.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
IP=198.18.0.51
SIP=198.18.0.52
flavour=A
grep -q '^#define MBMC_LANSERV_FLAVOUR_B 1' "$T_TOP/config.h" && flavour=B

walk() { t_in_client timeout 600 "$T_PY" "$T_TOP/tests/integration/session_walk.py" "$1" "$T_USER" "$T_PASS" "${@:2}" 2>&1; }
# The LAN parameters lanserv keeps next to the session array (what an overrun overwrites).
lan_params() {
    t_ipmitool "$1" -C 3 lan print 1 2>/dev/null |
        grep -E '^(IP Address   |Subnet Mask|MAC Address|RMCP\+ Cipher Suites|Cipher Suite Priv Max)'
}
ipmi15() {
    timeout 30 ip netns exec "$T_NSC" ipmitool -I lan -H "$1" -U "$T_USER" -P "$T_PASS" power status 2>&1
}

# ---- multibmc
t_bmc_start mb $IP "backend=qmp qmp=$T_DIR/absent.sock" || { t_fail bmc-start; t_done; }
SIM=$(t_sim_pid mb)
before=$(lan_params $IP)
start=$(t_now_ms)
out=$(walk $IP); rc=$?
t_log "multibmc (flavour $flavour), $(( $(t_now_ms) - start )) ms: $out"
[ $rc -eq 0 ] && grep -q 'failed=0 last=ok' <<<"$out" && t_ok every-login-succeeds ||
    t_fail every-login-succeeds "$out"
if [ $flavour = B ]; then
    # The walk must really have gone round: slot 63 held, 62 reached, then the one more.
    grep -q 'round_robin=1 .* held_slot=63 slots=.*,62,[0-9]*$' <<<"$out" && t_ok walk-reached-slot-62 ||
        t_fail walk-reached-slot-62 "$out"
fi
after=$(lan_params $IP)
[ -n "$after" ] && [ "$before" = "$after" ] && t_ok lan-params-intact ||
    t_fail lan-params-intact "before: $before / after: $after"
ipmi15 $IP | grep -q 'Chassis Power is' && t_ok ipmi15-login-after-walk || t_fail ipmi15-login-after-walk
if [ $flavour = B ]; then
    # Again, with the one more login made over IPMI 1.5: its Activate Session reaches the
    # slot search without passing a hook, so the walk must already have been set right
    # when the login before it was answered.
    coproc WALK { walk $IP --pause; }
    read -r -t 120 line <&"${WALK[0]}"
    if [ "$line" = paused ]; then
        ipmi15 $IP | grep -q 'Chassis Power is' && t_ok ipmi15-login-at-slot-62 ||
            t_fail ipmi15-login-at-slot-62
        echo done >&"${WALK[1]}"
        read -r -t 120 line <&"${WALK[0]}"
        t_log "multibmc, IPMI 1.5 as the one more login: $line"
        grep -q 'failed=0 last=skipped held_slot=63 slots=.*,62$' <<<"$line" &&
            t_ok walk-before-ipmi15-login || t_fail walk-before-ipmi15-login "$line"
    else
        t_fail ipmi15-login-at-slot-62 "the walk did not pause: $line"
    fi
    wait "$WALK_PID" 2>/dev/null
    after=$(lan_params $IP)
    [ "$before" = "$after" ] && t_ok lan-params-intact-after-ipmi15 ||
        t_fail lan-params-intact-after-ipmi15 "before: $before / after: $after"
fi
kill -0 "$SIM" 2>/dev/null && t_ok alive || t_fail alive "ipmi_sim $SIM is gone"

# ---- stock ipmi_sim, same sequence
if [ $flavour = A ]; then
    t_ok "stock-overrun-reproduced # SKIP lanserv flavour A takes the lowest free slot"
    t_done
fi
d=$T_DIR/stock; mkdir -p "$d/state"; chmod 700 "$d"
(umask 077; sed -e "s/@ADDR@/$SIP/; s/@NAME@/stock/; s/@USER@/$T_USER/; s/@PASSWORD@/$T_PASS/" \
    -e "s/@GUID@/b3c40000000000000000000000005107/" "$T_TOP/tests/bench/stock.lan.conf.in" >"$d/lan.conf")
ip -n "$T_NSB" addr add "$SIP/24" dev bmc0
t_bg stock.sim ip netns exec "$T_NSB" ipmi_sim -n -c "$d/lan.conf" -f "$T_TOP/tests/bench/stock.emu" -s "$d/state"
STOCK=$T_LAST_PID
t_wait_for 10 t_bmc_listening $SIP || { t_fail stock-start "$(cat "$T_DIR/stock.sim.out")"; t_done; }
before=$(lan_params $SIP)
out=$(walk $SIP)
t_log "stock: $out"
after=$(lan_params $SIP)
ipmi15 $SIP >/dev/null
t_wait_for 5 bash -c "! kill -0 $STOCK 2>/dev/null"
damage=()
grep -q 'last=failed' <<<"$out" && damage+=("the last login failed")
[ "$before" != "$after" ] && damage+=("LAN parameters changed: $(tr '\n' ' ' <<<"$after")")
kill -0 "$STOCK" 2>/dev/null || damage+=("ipmi_sim died after an IPMI 1.5 login")
t_log "stock 2.0.37 after the walk: ${damage[*]:-no damage}"
[ ${#damage[@]} -gt 0 ] && t_ok stock-overrun-reproduced ||
    t_fail stock-overrun-reproduced "the sequence did no harm to stock ipmi_sim: $out"
t_done
