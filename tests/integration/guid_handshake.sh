#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The system GUID changes once, when the BMC learns the VM's SMBIOS UUID (a Proxmox BMC on its
# own reads it from the VM's config at start). A login in progress must not see it change:
# RAKP 2 carries the GUID and the console checks RAKP 4 over the GUID it received, so a change
# between the two fails the login (ipmitool: "Unable to establish IPMI v2 / RMCP+ session",
# seen in CI on a BMC asked right after its start). The fake answers the config 1.5 s late;
# the login pauses after RAKP 2 until the module logs the new GUID, then finishes and checks
# RAKP 4, with lanserv's SHA-1 suite (3) and the module's SHA-256 suite (17).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/fakepve.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
pve_start || { t_fail fakepve-start; t_done; }
pve_ctl 'latency qemu/100/config 1500' >/dev/null
UUID=5e1f0c3a-7d2b-4c6e-9a81-000000000100
TEXT="system GUID is the VM's SMBIOS UUID"

# login_across_change NAME IP SUITE: start a BMC, log in across its GUID change; a run where
# the change did not fall into the pause (a very slow or fast host) is tried again.
login_across_change() {
    local name=$1 ip=$2 suite=$3 try out
    for try in 1 2 3; do
        pve_bmc_start "$name$try" "$ip" || { t_log "$name$try did not start"; continue; }
        out=$(ip netns exec "$T_NSC" "$T_PY" "$T_TOP/tests/integration/rakp4_guid.py" "$ip" \
              "$T_USER" "$T_PASS" "$suite" "$T_DIR/$name$try/module.log" "$TEXT" 2>&1)
        t_log "suite $suite try $try: $out"
        kill "$(t_sim_pid "$name$try")" 2>/dev/null; wait "$(t_sim_pid "$name$try")" 2>/dev/null
        case $out in *changed=1*) break ;; esac
    done
    case $out in
    *changed=1*rakp4=ok*) t_ok "suite$suite-login-across-guid-change" ;;
    *changed=1*) t_fail "suite$suite-login-across-guid-change" "$out" ;;
    *) t_fail "suite$suite-login-across-guid-change" "the GUID never changed during the login: $out" ;;
    esac
}
login_across_change sha256 198.18.0.51 17
login_across_change sha1 198.18.0.52 3

# And the GUID does change once no login is in progress.
IP=198.18.0.53
pve_bmc_start after $IP || t_fail bmc-start
t_wait_for 10 grep -q "$TEXT" "$T_DIR/after/module.log" || t_log "no GUID line"
t_wait_for 5 bash -c "t_ipmitool() { timeout 60 ip netns exec $T_NSC ipmitool -I lanplus -H $IP -U $T_USER -P $T_PASS \"\$@\"; }; t_ipmitool mc guid 2>&1 | grep -q 'System GUID *: $UUID'" \
    && t_ok guid-changed-after || t_fail guid-changed-after "$(t_ipmitool $IP mc guid 2>&1)"
t_done
