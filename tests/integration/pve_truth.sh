#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A Proxmox VM's BMC tells its truth: the system GUID is the VM's smbios1 uuid (what the
# guest's dmidecode shows), FRU 0 its name and SMBIOS serial; the power restore policy is
# the VM's onboot flag, read and written through the API (previous is refused: Proxmox has
# no such policy; a token without VM.Config.Options gets 0xD4); power changes made in the
# Proxmox GUI land in the event log and the ACPI sensor.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/fakepve.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
pve_start || { t_fail fakepve-start; t_done; }
IP=198.18.0.44
UUID=5e1f0c3a-7d2b-4c6e-9a81-000000000100
# The serial as Proxmox stores it with base64=1 (what `qm set --smbios1` writes).
pve_ctl "vm 100 cfg.smbios1=uuid=$UUID,serial=$(printf 'SN-4711' | base64),base64=1" >/dev/null
pve_bmc_start vm $IP || { t_fail bmc-start; t_done; }
ipmi() { t_ipmitool $IP "$@"; }
fipmi() { local tool=$1; shift; t_in_client "$tool" -h $IP -u "$T_USER" -p "$T_PASS" "$@"; }
# FreeIPMI's SDR cache lives in the test's directory, not in ~/.freeipmi (shared by every run).
mkdir -p -m 700 "$T_DIR/sdr-cache"
fsdr() { fipmi "$@" --sdr-cache-directory="$T_DIR/sdr-cache"; }
power_is() { ipmi power status 2>/dev/null | grep -q "is $1"; }
policy_is() { ipmi chassis status 2>/dev/null | grep -q "Power Restore Policy *: $1"; }
onboot_is() { [ "$(pve_show 100 config.onboot)" = "$1" ]; }
MLOG=$T_DIR/vm/module.log
t_wait_for 10 grep -q "SMBIOS UUID $UUID" "$MLOG" && t_ok uuid-from-smbios1 || t_fail uuid-from-smbios1 "$(tail -5 "$MLOG")"

out=$(ipmi mc guid 2>&1)
echo "$out" | grep -q "System GUID *: $UUID" && t_ok ipmitool-mc-guid || t_fail ipmitool-mc-guid "$out"
out=$(fipmi bmc-info --get-system-guid 2>&1)
echo "$out" | grep -qi "$UUID" && t_ok freeipmi-system-guid || t_fail freeipmi-system-guid "$out"
out=$(ipmi fru print 0 2>&1)
echo "$out" | grep -q 'Product Name *: cn001' && echo "$out" | grep -q 'Product Serial *: SN-4711' \
    && t_ok fru-name-and-smbios-serial || t_fail fru-name-and-smbios-serial "$out"
out=$(fipmi bmc-info 2>&1) && echo "$out" | grep -q 'System Name *: cn001' && t_ok bmc-info || t_fail bmc-info "$out"

# ---- power restore policy = onboot
t_wait_for 10 policy_is always-off && t_ok policy-reads-onboot-absent || t_fail policy-reads-onboot-absent "$(ipmi chassis status 2>&1)"
out=$(ipmi chassis policy always-on 2>&1) && t_ok set-always-on || t_fail set-always-on "$out"
t_wait_for 10 onboot_is 1 && t_ok always-on-writes-onboot || t_fail always-on-writes-onboot "onboot=$(pve_show 100 config.onboot)"
policy_is always-on && t_ok policy-always-on || t_fail policy-always-on "$(ipmi chassis status 2>&1)"
pve_reqs 'PUT /api2/json/nodes/pve1/qemu/100/config' | grep -q 'onboot=1' && t_ok onboot-put-form || t_fail onboot-put-form "$(pve_reqs config)"
out=$(ipmi chassis policy previous 2>&1) && t_fail previous-refused "$out" || t_ok previous-refused
echo "$out" | grep -qi 'invalid data field' && t_ok previous-refused-with-0xcc || t_fail previous-refused-with-0xcc "$out"
onboot_is 1 && policy_is always-on && t_ok previous-changes-nothing || t_fail previous-changes-nothing
grep -q 'previous" refused (0xCC): Proxmox' "$MLOG" && t_ok previous-refusal-logged || t_fail previous-refusal-logged
ipmi chassis policy always-off >/dev/null 2>&1
t_wait_for 10 onboot_is 0 && t_ok always-off-writes-onboot || t_fail always-off-writes-onboot "onboot=$(pve_show 100 config.onboot)"
# Someone sets onboot in the GUI: the next read of the config (at the latest the next power-on) shows it.
pve_ctl "vm 100 cfg.onboot=1" >/dev/null
ipmi power on >/dev/null 2>&1
t_wait_for 15 power_is on || t_fail power-on
t_wait_for 10 policy_is always-on && t_ok gui-onboot-seen || t_fail gui-onboot-seen "$(ipmi chassis status 2>&1)"

# ---- power changes from outside (the GUI), seen by polling
sel_has() { ipmi sel elist 2>/dev/null | grep -q "$1"; }
pve_ctl "vm 100 status=stopped" >/dev/null
t_wait_for 15 power_is off || t_fail gui-stop-seen
t_wait_for 10 sel_has 'S4/S5: soft-off' && t_ok sel-gui-stop || t_fail sel-gui-stop "$(ipmi sel elist 2>&1)"
out=$(fsdr ipmi-sensors 2>&1)
echo "$out" | grep -q "ACPI Power State .*S4/S5" && t_ok sensor-follows-gui || t_fail sensor-follows-gui "$out"
pve_ctl "vm 100 status=running" >/dev/null
t_wait_for 15 power_is on || t_fail gui-start-seen
t_wait_for 10 bash -c "[ \$(ip netns exec $T_NSC ipmitool -I lanplus -H $IP -U $T_USER -P $T_PASS sel elist 2>/dev/null | grep -c 'S0/G0') -ge 2 ]" \
    && t_ok sel-gui-start || t_fail sel-gui-start "$(ipmi sel elist 2>&1)"

# ---- a token without VM.Config.Options: the policy reads, but may not be set
pve_ctl "privs bmc@pve!ipmi VM.Audit VM.PowerMgmt VM.Config.Disk VM.Console" >/dev/null
kill "$(t_sim_pid vm)"; t_wait_for 10 bash -c "! kill -0 $(t_sim_pid vm) 2>/dev/null"
pve_bmc_start vm $IP || t_fail bmc-restart
t_wait_for 10 grep -q 'lacks VM.Config.Options' "$MLOG" || t_fail options-denial-noticed
out=$(ipmi chassis policy always-off 2>&1) && t_fail no-options-refused "$out" || t_ok no-options-refused
echo "$out" | grep -qi 'insufficient privilege' && t_ok no-options-0xd4 || t_fail no-options-0xd4 "$out"
onboot_is 1 && t_ok onboot-untouched || t_fail onboot-untouched
t_done
