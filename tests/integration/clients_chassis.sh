#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Power and boot device from the other real clients against a real QEMU VM (QMP backend), with
# no workaround flags: FreeIPMI ipmipower and ipmi-chassis, MAAS's ipmi-chassis-config boot
# flags, pyghmi (what Ironic's and xCAT's python paths use), and Ironic's raw boot sequence.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/qemu.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
IP=198.18.0.51
t_qemu_start vm || { t_fail qemu-start; t_done; }
t_bmc_start vm $IP "backend=qmp qmp=$T_DIR/vm.vm/qmp.sock" || { t_fail bmc-start; t_done; }
ipmi() { t_ipmitool $IP "$@"; }
fi_args=(-h $IP -u admin -p password -D LAN_2_0)
client() { timeout 60 ip netns exec "$T_NSC" "$@"; }
vm_state_is() { [ "$(t_qmp_status vm)" = "$1" ]; }
vm_not_running() { local s; s=$(t_qmp_status vm) && [ "$s" != running ]; }
param5() { ipmi chassis bootparam get 5 2>/dev/null | sed -n 's/.*Boot parameter data: //p'; }
pyghmi() { # pyghmi CODE: run CODE with `c` a logged-in pyghmi Command
    client "$T_PY" -c "from pyghmi.ipmi import command
c = command.Command(bmc='$IP', userid='admin', password='password')
$1" 2>&1
}

# FreeIPMI ipmipower: on, stat, off.
out=$(client ipmipower "${fi_args[@]}" --on 2>&1)
t_wait_for 20 vm_state_is running && t_ok ipmipower-on || t_fail ipmipower-on "$out; qmp $(t_qmp_status vm)"
t_wait_for 10 bash -c "ip netns exec $T_NSC ipmipower -h $IP -u admin -p password -D LAN_2_0 --stat | grep -q ': on'" \
    && t_ok ipmipower-stat-on || t_fail ipmipower-stat-on
r=$(t_event_count vm RESET)
out=$(client ipmi-chassis "${fi_args[@]}" --chassis-control=HARD-RESET 2>&1)
t_event_wait vm RESET $((r + 1)) 15 && t_ok ipmi-chassis-hard-reset || t_fail ipmi-chassis-hard-reset "$out"
out=$(client ipmipower "${fi_args[@]}" --off 2>&1)
t_wait_for 20 vm_not_running && t_ok ipmipower-off || t_fail ipmipower-off "$out; qmp $(t_qmp_status vm)"
out=$(client ipmipower "${fi_args[@]}" --stat 2>&1)
echo "$out" | grep -q ': off' && t_ok ipmipower-stat-off || t_fail ipmipower-stat-off "$out"

# MAAS: ipmi-chassis-config commits the boot flags; ipmitool and a checkout read them back.
out=$(client ipmi-chassis-config "${fi_args[@]}" --commit \
    -e "Chassis_Boot_Flags:Boot_Flags_Persistent=No" -e "Chassis_Boot_Flags:BIOS_Boot_Type=EFI" \
    -e "Chassis_Boot_Flags:Boot_Device=PXE" 2>&1)
[ $? -eq 0 ] && t_ok chassis-config-commit || t_fail chassis-config-commit "$out"
got=$(param5)
[ "$got" = "a004000000" ] && t_ok chassis-config-bootflags-efi-pxe || t_fail chassis-config-bootflags-efi-pxe "param 5: $got"
out=$(client ipmi-chassis-config "${fi_args[@]}" --checkout --section Chassis_Boot_Flags 2>&1)
echo "$out" | grep -Eq 'Boot_Device +PXE' && echo "$out" | grep -Eq 'BIOS_Boot_Type +EFI' \
    && t_ok chassis-config-checkout || t_fail chassis-config-checkout "$out"

# pyghmi: boot device (persistent and one-shot) and power.
out=$(pyghmi "c.set_bootdev('hd', persist=True); print(c.get_bootdev())")
echo "$out" | grep -q "'bootdev': 'hd'" && echo "$out" | grep -q "'persistent': True" \
    && t_ok pyghmi-bootdev-persistent || t_fail pyghmi-bootdev-persistent "$out"
out=$(pyghmi "c.set_bootdev('optical'); print(c.get_bootdev())")
echo "$out" | grep -q "'bootdev': 'optical'" && t_ok pyghmi-bootdev-oneshot || t_fail pyghmi-bootdev-oneshot "$out"
out=$(pyghmi "print(c.set_power('on', wait=30)); print(c.get_power())")
echo "$out" | grep -q "'powerstate': 'on'" && vm_state_is running && t_ok pyghmi-power-on || t_fail pyghmi-power-on "$out"
out=$(pyghmi "print(c.set_power('off', wait=30))")
echo "$out" | grep -q "'powerstate': 'off'" && t_ok pyghmi-power-off || t_fail pyghmi-power-off "$out"

# Ironic's ipmitool driver: clear the valid-bit-clearing mask, then set a one-shot PXE boot
# with raw bytes, and read it back.
ipmi raw 0x00 0x08 0x03 0x08 >/dev/null 2>&1
ipmi raw 0x00 0x08 0x05 0x80 0x04 0x00 0x00 0x00 >/dev/null 2>&1 && t_ok ironic-raw-set-pxe || t_fail ironic-raw-set-pxe
got=$(param5)
[ "$got" = "8004000000" ] && t_ok ironic-raw-readback || t_fail ironic-raw-readback "param 5: $got"
t_done
