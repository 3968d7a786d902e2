# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for the orchestrator tests (source after common.sh, then call orch_setup).
T_MB=${T_MB:-$T_TOP/orchestrator/multibmc}

# orch_setup [init args...]: netns pair (unless made already, e.g. for the fake Proxmox),
# password file, `multibmc init` with test paths.
orch_setup() {
    [ -n "${T_NSB:-}" ] || t_netns_setup || return 1
    ORCH_CFG=$T_DIR/etc/multibmc.json
    ORCH_RUN=$T_DIR/run
    t_secret "$T_DIR/pw" "$T_PASS"
    local sim=()
    if [ -n "${T_SIM_WRAPPER:-}" ]; then
        # tests/sanitize.sh: the supervisor's ipmi_sims load the ASan module too.
        printf '#!/bin/sh\nexec %s ipmi_sim "$@"\n' "$T_SIM_WRAPPER" >"$T_DIR/ipmi_sim"
        chmod 755 "$T_DIR/ipmi_sim"
        sim=(--ipmi-sim "$T_DIR/ipmi_sim")
    fi
    mb init --interface bmc0 --password-file "$T_DIR/pw" --run-dir "$ORCH_RUN" \
        --state-dir "$T_DIR/state" --module "$T_MODULE" --templates "$T_TOP/conf-templates" "${sim[@]}" "$@" >/dev/null
}

# mb ARGS...: the multibmc CLI inside the BMC namespace, on the test's config.
mb() { ip netns exec "$T_NSB" "$T_MB" -c "$ORCH_CFG" "$@"; }

# Supervisor in the background (its log in $T_DIR/sup.log); sets ORCH_SUP_PID.
orch_run() {
    t_bg sup ip netns exec "$T_NSB" "$T_MB" -c "$ORCH_CFG" run
    ORCH_SUP_PID=$T_LAST_PID
    t_wait_for 10 test -s "$ORCH_RUN/multibmc.pid"
}

# Pid of a BMC's ipmi_sim as the supervisor recorded it.
orch_sim_pid() { sed -n 's/^pid=//p' "$ORCH_RUN/$1/supervisor" 2>/dev/null; }
orch_restarts() { sed -n 's/^restarts=//p' "$ORCH_RUN/$1/supervisor" 2>/dev/null; }
orch_has_addr() { ip -n "$T_NSB" -4 -o addr show | grep -q " inet $1/"; }
orch_addr_count() { ip -n "$T_NSB" -4 -o addr show | grep -c " inet $1/"; }
# IPMI answer from the client namespace (-C 3: independent of the cipher-suite fix).
orch_answers() { timeout 10 ip netns exec "$T_NSC" ipmitool -I lanplus -C 3 -N 1 -R 2 -H "$1" -U "$T_USER" -P "$T_PASS" mc info >/dev/null 2>&1; }
