#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Redfish on a Proxmox BMC (the fake Proxmox API), driven by sushy, redfishtool and
# fence_redfish: power and the boot override reach the VM through the same chassis layer as
# IPMI (a one-shot Pxe becomes the VM's boot order for one start); without an ISO storage
# configured virtual media answers a clear 501 (redfish_pve_vmedia.sh tests it with one); with
# the API down a client gets the cached state with Health Warning and 503 + Retry-After for
# actions, and all is well again once the API is back.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/fakepve.sh"
. "$(dirname "$0")/../lib/redfish.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
pve_start || { t_fail fakepve-start; t_done; }
IP=198.18.0.41
pve_bmc_start vm $IP "ca-file=$PVE_CA redfish-addr=$IP" || { t_fail bmc-start; t_done; }
t_wait_for 10 grep -q 'power state is now' "$T_DIR/vm/module.log" || t_fail first-poll
sushy() { ip netns exec "$T_NSC" env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE "$T_PY" "$T_TOP/tests/lib/redfish_sushy.py" \
    "https://$IP/redfish/v1" "$T_USER" "$T_PASS" "$(rf_ca vm)" "$@" 2>>"$T_DIR/sushy.err"; }
vm_is() { [ "$(pve_show 100 status)" = "$1" ]; }
power_is() { [ "$(rf_get vm $IP /redfish/v1/Systems/1 | rf_json PowerState)" = "$1" ]; }

st=$(sushy state)
[ "$(rf_json power <<<"$st")" = Off ] && [ "$(rf_json boot_enabled <<<"$st")" = Disabled ] \
    && t_ok sushy-state || t_fail sushy-state "$st $(cat "$T_DIR/sushy.err")"

# A one-shot Pxe override, then On: the VM starts with the network first, its own order after.
m=$(pve_mark)
sushy boot Pxe Once Legacy && sushy reset On && t_ok sushy-pxe-once-then-on || t_fail sushy-pxe-once-then-on "$(cat "$T_DIR/sushy.err")"
t_wait_for 15 vm_is running && t_ok vm-started || t_fail vm-started "$(pve_show 100 status)"
# The override is put just before the start, the VM's own order (pending) right after it.
seq() { pve_reqs_since "$m" 'PUT .*/qemu/100/config|status/start' | sed -E 's#.*(config|status/start).*#\1#' | tr '\n' ' '; }
restored() { [ "$(seq)" = "config status/start config " ]; }
t_wait_for 15 restored && [[ $(pve_show 100 config.boot) == order=net0\;* ]] && [[ $(pve_show 100 pending.boot) != order=net0\;* ]] \
    && t_ok booted-with-network-first || t_fail booted-with-network-first "$(pve_show 100 config.boot) / $(pve_show 100 pending.boot) / $(seq)"
consumed() { [ "$(sushy state | rf_json boot_enabled)" = Disabled ]; }
t_wait_for 15 consumed && t_ok one-shot-consumed || t_fail one-shot-consumed "$(sushy state)"
t_wait_for 10 power_is On && t_ok redfish-power-on || t_fail redfish-power-on

# redfishtool and fence_redfish.
rft() { timeout 60 ip netns exec "$T_NSC" redfishtool -r "$IP" -u "$T_USER" -p "$T_PASS" -S Always "$@"; }
rft Systems -I 1 get 2>&1 | grep -q '"PowerState": "On"' && t_ok redfishtool-get || t_fail redfishtool-get
rft Systems -I 1 reset ForceOff >/dev/null 2>&1 && t_wait_for 15 vm_is stopped && t_ok redfishtool-force-off \
    || t_fail redfishtool-force-off "$(pve_show 100 status)"
fence() { timeout 120 ip netns exec "$T_NSC" env REQUESTS_CA_BUNDLE="$(rf_ca vm)" fence_redfish --ip "$IP" \
    --username "$T_USER" --password "$T_PASS" --power-wait 1 --power-timeout 30 "$@"; }
t_wait_for 10 power_is Off
[ "$(fence --action status 2>&1)" = "Status: OFF" ] && t_ok fence-status-off || t_fail fence-status-off "$(fence --action status 2>&1)"
fence --action on >"$T_DIR/fence.out" 2>&1 && vm_is running && t_ok fence-on || t_fail fence-on "$(cat "$T_DIR/fence.out")"
fence --action reboot >"$T_DIR/fence.out" 2>&1 && vm_is running && t_ok fence-reboot || t_fail fence-reboot "$(cat "$T_DIR/fence.out")"
pve_reqs 'status/stop' >/dev/null && t_ok fence-reboot-stopped-the-vm || t_fail fence-reboot-stopped-the-vm

# Virtual media without an ISO storage: off, and the client is told what to configure.
rf_req vm $IP POST /redfish/v1/Managers/1/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia -d '{"Image":"http://198.18.0.2/x.iso"}'
[ "$(rf_status)" = 501 ] && [ "$(rf_msgid)" = ActionNotSupported ] && rf_body | grep -q 'iso-storage' \
    && t_ok proxmox-vmedia-off-501 || t_fail proxmox-vmedia-off-501 "$(rf_status) $(rf_body)"
[ "$(rf_get vm $IP /redfish/v1/Managers/1/VirtualMedia/Cd | rf_json Status/State)" = Disabled ] \
    && t_ok proxmox-vmedia-disabled || t_fail proxmox-vmedia-disabled
sushy insert http://198.18.0.2/x.iso && t_fail sushy-insert-refused || t_ok sushy-insert-refused

# The Proxmox API down: what a Redfish client sees.
pve_ctl "listen 0" >/dev/null
warned() { [ "$(rf_get vm $IP /redfish/v1/Systems/1 | rf_json Status/Health)" = Warning ]; }
t_wait_for 30 warned && t_ok api-down-health-warning || t_fail api-down-health-warning "$(rf_get vm $IP /redfish/v1/Systems/1)"
rf_req vm $IP GET /redfish/v1/Systems/1
t_log "Proxmox API down: GET Systems/1 -> $(rf_status): PowerState $(rf_json PowerState "$T_DIR/rf.body"), Status $(rf_json Status "$T_DIR/rf.body")"
rf_req vm $IP POST /redfish/v1/Systems/1/Actions/ComputerSystem.Reset -d '{"ResetType":"ForceOff"}'
t_log "Proxmox API down: Reset ForceOff -> $(rf_status) Retry-After $(rf_header Retry-After): $(rf_body)"
[ "$(rf_status)" = 503 ] && [ "$(rf_msgid)" = ServiceTemporarilyUnavailable ] && [ "$(rf_header Retry-After)" = 10 ] \
    && t_ok api-down-reset-503 || t_fail api-down-reset-503 "$(rf_status) $(rf_body)"
rf_req vm $IP PATCH /redfish/v1/Systems/1 -d '{"Boot":{"BootSourceOverrideTarget":"Hdd"}}'
t_log "Proxmox API down: PATCH Boot -> $(rf_status): $(rf_body)"
pve_ctl "listen 1" >/dev/null
healthy() { [ "$(rf_get vm $IP /redfish/v1/Systems/1 | rf_json Status/Health)" = OK ]; }
t_wait_for 30 healthy && t_ok api-back-health-ok || t_fail api-back-health-ok
rf_req vm $IP POST /redfish/v1/Systems/1/Actions/ComputerSystem.Reset -d '{"ResetType":"ForceOff"}'
[ "$(rf_status)" = 204 ] && t_wait_for 15 vm_is stopped && t_ok api-back-actions-work || t_fail api-back-actions-work "$(rf_status) $(rf_body)"

t_done
