#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A BMC that tells the truth about its (local QEMU) VM, read by stock ipmitool, FreeIPMI and
# pyghmi: Get Device ID, the system GUID = the UUID QEMU puts in the guest's SMBIOS table
# (-uuid), FRU 0, the SDR repository walked the way xCAT's rinv does it, the ACPI power
# state sensor, the event log (power changes asked over IPMI and seen from outside, boots
# with an override; kept across an ipmi_sim restart, cleared, overflowing), bmc-info as a
# USER, SOL configuration and user slots.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/qemu.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
IP=198.18.0.43
UUID=8c6f0a12-3b4d-4e5f-9a6b-7c8d9e0f1a2b
t_qemu_start vm -uuid $UUID -name cn042 || { t_fail qemu-start; t_done; }
OPTS="backend=qmp qmp=$T_DIR/vm.vm/qmp.sock vmid=42"
GEN_ARGS=(--sol-device "tcp:127.0.0.1:$T_QEMU_SERIAL_PORT")
t_bmc_start vm $IP "$OPTS" "${GEN_ARGS[@]}" || { t_fail bmc-start; t_done; }
ipmi() { t_ipmitool $IP "$@"; }
fipmi() { local tool=$1; shift; t_in_client "$tool" -h $IP -u "$T_USER" -p "$T_PASS" "$@"; }
# FreeIPMI's SDR cache lives in the test's directory, not in ~/.freeipmi (shared by every run).
mkdir -p -m 700 "$T_DIR/sdr-cache"
fsdr() { fipmi "$@" --sdr-cache-directory="$T_DIR/sdr-cache"; }
pyg() { t_in_client "$T_PY" "$T_TOP/tests/lib/pyghmi_truth.py" $IP "$T_USER" "$T_PASS" "$@"; }
power_is() { ipmi power status 2>/dev/null | grep -q "is $1"; }
MLOG=$T_DIR/vm/module.log
t_wait_for 10 grep -q "SMBIOS UUID $UUID" "$MLOG" || t_fail uuid-learned "$(tail -5 "$MLOG")"

# ---- identity
out=$(ipmi mc info 2>&1)
echo "$out" | grep -q 'Manufacturer ID *: 0$' && echo "$out" | grep -q 'SDR Repository Device' \
    && echo "$out" | grep -q 'FRU Inventory Device' && echo "$out" | grep -q 'IPMI Version *: 2.0' \
    && t_ok mc-info || t_fail mc-info "$out"
out=$(ipmi mc guid 2>&1)
echo "$out" | grep -q "System GUID *: $UUID" && echo "$out" | grep -q 'GUID Encoding : IPMI' \
    && t_ok ipmitool-mc-guid-is-smbios-uuid || t_fail ipmitool-mc-guid-is-smbios-uuid "$out"
out=$(fipmi bmc-info --get-system-guid 2>&1; fipmi bmc-info --get-device-guid 2>&1)
[ "$(echo "$out" | grep -c -i "$UUID")" = 2 ] && t_ok freeipmi-guids || t_fail freeipmi-guids "$out"
out=$(ipmi fru print 0 2>&1)
echo "$out" | grep -q 'Product Name *: cn042' && echo "$out" | grep -q 'Product Serial *: 42' \
    && echo "$out" | grep -q 'Product Manufacturer *: QEMU' && echo "$out" | grep -q 'Chassis Type *: Other' \
    && echo "$out" | grep -q 'Product Asset Tag *: vm' && t_ok ipmitool-fru || t_fail ipmitool-fru "$out"
out=$(fsdr ipmi-fru 2>&1)
echo "$out" | grep -q 'FRU Product Name: cn042' && echo "$out" | grep -q 'FRU Product Serial Number: 42' \
    && t_ok freeipmi-fru || t_fail freeipmi-fru "$out"
out=$(pyg inventory 2>&1)
echo "$out" | grep -q '"Product name": "cn042"' && echo "$out" | grep -q '"Serial Number": "42"' \
    && t_ok pyghmi-inventory || t_fail pyghmi-inventory "$out"

# ---- SDR repository and the sensor, VM off
out=$(pyg walk 2>&1)
t_log "rinv-style walk: $out"
echo "$out" | grep -q '"count": 4' && echo "$out" | grep -q '"type": 17, "length": [0-9]*, "name": "System"' \
    && echo "$out" | grep -q '"type": 18' && echo "$out" | grep -q '"name": "ACPI Power State"' \
    && t_ok rinv-style-sdr-walk || t_fail rinv-style-sdr-walk "$out"
out=$(ipmi sdr elist all 2>&1)
echo "$out" | grep -q 'ACPI Power State *| 01h | ok .*S4/S5' && echo "$out" | grep -q 'System *| 00h .*Logical FRU' \
    && t_ok ipmitool-sdr-off || t_fail ipmitool-sdr-off "$out"
ipmi sdr list >/dev/null 2>&1 && t_ok ipmitool-sdr-list || t_fail ipmitool-sdr-list "$(ipmi sdr list 2>&1)"
out=$(fsdr ipmi-sensors 2>&1)
echo "$out" | grep -q "ACPI Power State .*S4/S5" && t_ok freeipmi-sensors-off || t_fail freeipmi-sensors-off "$out"
out=$(pyg sensors 2>&1) && echo "$out" | grep -q '"name": "ACPI Power State"' \
    && t_ok pyghmi-sensor-data || t_fail pyghmi-sensor-data "$out"
out=$(pyg health 2>&1) && echo "$out" | grep -q '"health"' && t_ok pyghmi-health || t_fail pyghmi-health "$out"

# ---- events: asked over IPMI
ipmi power on >/dev/null 2>&1
t_wait_for 15 power_is on || t_fail power-on
out=$(fsdr ipmi-sensors 2>&1)
echo "$out" | grep -q "ACPI Power State .*'S0/G0'" && t_ok freeipmi-sensors-on || t_fail freeipmi-sensors-on "$out"
ipmi chassis bootdev pxe >/dev/null 2>&1
ipmi power cycle >/dev/null 2>&1
sel_has() { ipmi sel elist 2>/dev/null | grep -q "$1"; }
t_wait_for 20 sel_has 'User requested PXE boot' && t_ok sel-pxe-boot || t_fail sel-pxe-boot "$(ipmi sel elist 2>&1)"
ipmi power reset >/dev/null 2>&1
t_wait_for 10 sel_has 'Initiated by hard reset' && t_ok sel-reset || t_fail sel-reset "$(ipmi sel elist 2>&1)"
ipmi power off >/dev/null 2>&1
t_wait_for 15 power_is off
# ... and from outside: someone stops and resumes the VM on QEMU's monitor.
t_qmp vm cont >/dev/null
t_wait_for 15 power_is on
t_qmp vm stop >/dev/null
t_wait_for 15 power_is off
sel=$(ipmi sel elist 2>&1)
t_log "sel elist after the power actions:"; echo "$sel" | sed 's/^/#   /' >&2
order=$(echo "$sel" | sed -n 's/.*| \(S0\/G0: working\|S5: entered by override\|User requested PXE boot\|Initiated by hard reset\|System Restart\|S4\/S5: soft-off\) |.*/\1/p' | tr '\n' ',')
want='S0/G0: working,System Restart,S5: entered by override,S0/G0: working,User requested PXE boot,Initiated by hard reset,S5: entered by override,S0/G0: working,S4/S5: soft-off,'
[ "$order" = "$want" ] && t_ok sel-power-history || t_fail sel-power-history "got $order"
echo "$sel" | grep -q "| $(date -u +%m/%d/%y) |" && t_ok sel-wall-clock-timestamps || t_fail sel-wall-clock-timestamps "$sel"
n=$(echo "$sel" | grep -c '|')
out=$(fsdr ipmi-sel 2>&1)
[ "$(echo "$out" | grep -c 'ACPI Power State\|System Restart')" = "$n" ] && t_ok freeipmi-ipmi-sel \
    || t_fail freeipmi-ipmi-sel "$out"
out=$(pyg events 2>&1)
[ "$(echo "$out" | grep -c '"record_id"')" = "$n" ] && t_ok pyghmi-event-log || t_fail pyghmi-event-log "$out"

# ---- kept across an ipmi_sim restart
kill "$(t_sim_pid vm)"; t_wait_for 10 bash -c "! kill -0 $(t_sim_pid vm) 2>/dev/null"
t_bmc_start vm $IP "$OPTS" "${GEN_ARGS[@]}" || t_fail bmc-restart
[ "$(ipmi sel elist 2>/dev/null | grep -c '|')" = "$n" ] && t_ok sel-survives-restart \
    || t_fail sel-survives-restart "$(ipmi sel elist 2>&1)"
ipmi sel clear >/dev/null 2>&1
t_wait_for 5 bash -c "[ \"\$(ip netns exec $T_NSC ipmitool -I lanplus -H $IP -U $T_USER -P $T_PASS sel info 2>/dev/null | sed -n 's/^Entries *: //p')\" = 0 ]" \
    && t_ok sel-clear || t_fail sel-clear "$(ipmi sel info 2>&1)"

# ---- overflow: a 16-entry log keeps the first 16 and says it overflowed
kill "$(t_sim_pid vm)"; t_wait_for 10 bash -c "! kill -0 $(t_sim_pid vm) 2>/dev/null"
t_bmc_start vm $IP "$OPTS sel-entries=16" "${GEN_ARGS[@]}" || t_fail bmc-restart-small-sel
pyg seladd 20 2>/dev/null
info=$(ipmi sel info 2>&1)
echo "$info" | grep -q 'Entries *: 16' && echo "$info" | grep -q 'Overflow *: true' \
    && t_ok sel-overflow || t_fail sel-overflow "$info"
ipmi sel clear >/dev/null 2>&1
sleep 0.5
ipmi sel info 2>&1 | grep -q 'Overflow *: false' && t_ok sel-overflow-cleared || t_fail sel-overflow-cleared "$(ipmi sel info 2>&1)"

# ---- lan print / rspconfig: multibmc-gen wires `multibmc lan-info ADDR auto auto` by default.
# A default route in the BMC's subnet (inside the test's namespace only) is the gateway.
ip -n "$T_NSB" route add default via 198.18.0.254 dev bmc0 2>/dev/null
out=$(ipmi lan print 1 2>&1)
mac=$(ip -n "$T_NSB" -o link show bmc0 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
echo "$out" | grep -q "IP Address *: $IP" && echo "$out" | grep -q 'Subnet Mask *: 255.255.255.0' \
    && echo "$out" | grep -qi "MAC Address *: $mac" && echo "$out" | grep -q 'Default Gateway IP *: 198.18.0.254' \
    && t_ok lan-print-by-default || t_fail lan-print-by-default "$out"

# ---- what stock commands show a USER and an admin
out=$(T_USER=viewer T_PASS=viewpass fipmi bmc-info 2>&1) && echo "$out" | grep -q 'System Firmware Version *: SeaBIOS' \
    && echo "$out" | grep -q 'System Name *: cn042' && t_ok bmc-info-as-user || t_fail bmc-info-as-user "$out"
out=$(ipmi sol info 2>&1)
echo "$out" | grep -q 'Privilege Level *: USER' && echo "$out" | grep -q 'Non-Volatile Bit Rate (kbps) *: 115.2' \
    && echo "$out" | grep -q 'Payload Port *: 623' && echo "$out" | grep -q 'Retry Count *: 4' \
    && t_ok sol-info || t_fail sol-info "$out"
out=$(ipmi user list 1 2>&1)
echo "$out" | grep -qE '^5 +true +false +false +NO ACCESS' && ! echo "$out" | grep -q Unknown \
    && t_ok unused-users-no-access || t_fail unused-users-no-access "$out"
t_done
