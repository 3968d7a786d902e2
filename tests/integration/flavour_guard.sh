#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# multibmc.so is built for one lanserv flavour (A = OpenIPMI 2.0.32-2.0.36, B = 2.0.37; the
# structures it patches differ) and refuses to run in an ipmi_sim of the other: it names the
# flavour it is built for and the one that runs, and refuses at module init, before it
# registers or patches anything; ipmi_sim then exits before it opens its LAN port. The
# running flavour is told by lanserv's exports and a layout probe, never by
# get_lanserv_version() ("1.0.13" in both).
# The cross-loads need the other flavour's build and ipmi_sim, staged on the other system by
# tests/lib/stage_flavour.sh DIR and given as MBMC_OTHER_FLAVOUR_DIR=DIR (stage Debian 12's
# into a Debian 13 run: the staged programs need a C library at least as new as theirs).
# Without it, only this build in this ipmi_sim is checked and the cross-loads are skipped.
. "$(dirname "$0")/../lib/common.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
IP=198.18.0.61
here=A
grep -q '^#define MBMC_LANSERV_FLAVOUR_B 1' "$T_TOP/config.h" && here=B
name_of() { [ "$1" = A ] && echo "A (OpenIPMI 2.0.32-2.0.36)" || echo "B (OpenIPMI 2.0.37)"; }
ip -n "$T_NSB" addr add "$IP/24" dev bmc0

# render NAME MODULE: the BMC's files in $T_DIR/NAME, module log there.
render() {
    local d=$T_DIR/$1
    mkdir -p "$d/state" && chmod 700 "$d" "$d/state"
    t_secret "$d/pw" "$T_PASS"
    "$T_GEN" --name "$1" --addr $IP --out "$d" --module "$2" --templates "$T_TOP/conf-templates" \
        --module-options "backend=qmp qmp=$T_DIR/absent.sock log=$d/module.log" \
        --user "admin:admin:$d/pw"
}

# loads NAME FLAVOUR SIM...: this module/ipmi_sim pair comes up and serves a client.
loads() {
    local name=$1 fl=$2; shift 2
    local d=$T_DIR/$name
    t_bg "$name.sim" ip netns exec "$T_NSB" "$@" -n -c "$d/lan.conf" -f "$d/bmc.emu" -s "$d/state"
    local pid=$T_LAST_PID
    if t_wait_for 10 t_bmc_listening $IP && t_ipmitool $IP power status 2>&1 | grep -q 'Chassis Power is' &&
        grep -q "flavour $(name_of "$fl"): protocol fixes installed" "$d/module.log"; then
        t_ok "$name-loads"
    else
        t_fail "$name-loads" "$(cat "$d/module.log" "$T_DIR/$name.sim.out" 2>/dev/null)"
    fi
    kill -TERM "$pid" 2>/dev/null
    t_wait_for 10 bash -c "! kill -0 $pid 2>/dev/null"
}

# refused NAME BUILT RUNNING SIM...: ipmi_sim exits at module init with the reason logged.
refused() {
    local name=$1 built=$2 running=$3; shift 3
    local d=$T_DIR/$name
    timeout 20 ip netns exec "$T_NSB" "$@" -n -c "$d/lan.conf" -f "$d/bmc.emu" -s "$d/state" \
        </dev/null >"$T_DIR/$name.sim.out" 2>&1
    local rc=$?
    [ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -q 'Error from module .* init' "$T_DIR/$name.sim.out" &&
        t_ok "$name-sim-exits-at-module-init" ||
        t_fail "$name-sim-exits-at-module-init" "exit status $rc: $(cat "$T_DIR/$name.sim.out")"
    grep -q "refusing to load: this multibmc.so is built for lanserv flavour $(name_of "$built"), but the running ipmi_sim is flavour $(name_of "$running"): rebuild multibmc" \
        "$d/module.log" && t_ok "$name-names-both-flavours" ||
        t_fail "$name-names-both-flavours" "$(cat "$d/module.log")"
    # Refused before anything else ran: no other line of the module's at all.
    [ "$(grep -vc 'refusing to load' "$d/module.log")" -eq 0 ] && t_ok "$name-nothing-before-refusal" ||
        t_fail "$name-nothing-before-refusal" "$(cat "$d/module.log")"
}

render own "$T_MODULE" || t_fail render-own
loads own "$here" ipmi_sim

other=${MBMC_OTHER_FLAVOUR_DIR:-}
if [ -z "$other" ]; then
    t_ok "cross-load # SKIP no other flavour staged (MBMC_OTHER_FLAVOUR_DIR, tests/lib/stage_flavour.sh)"
    t_done
fi
there=$(cat "$other/flavour" 2>/dev/null)
if [ "$there" != A ] && [ "$there" != B ] || [ "$there" = "$here" ]; then
    t_fail other-flavour-staged "$other holds flavour '${there}', this build is $here"
    t_done
fi
other_sim=(env LD_LIBRARY_PATH="$other/lib" "$other/ipmi_sim")
# -v prints the version, then looks for its default config (and fails); only the loader matters.
"${other_sim[@]}" -v </dev/null >"$T_DIR/other-v.out" 2>&1
if ! grep -q 'IPMI Simulator version' "$T_DIR/other-v.out"; then
    t_fail other-sim-runs "the staged ipmi_sim does not run here: $(cat "$T_DIR/other-v.out")"
    t_done
fi
# Control: the staged pair works together, so the refusals below are the mismatch.
render other-in-other "$other/multibmc.so" || t_fail render-other
loads other-in-other "$there" "${other_sim[@]}"
# This flavour's module in the other ipmi_sim, and the other's in this one.
render own-in-other "$T_MODULE" || t_fail render-own-in-other
refused own-in-other "$here" "$there" "${other_sim[@]}"
render other-in-own "$other/multibmc.so" || t_fail render-other-in-own
refused other-in-own "$there" "$here" ipmi_sim
t_done
