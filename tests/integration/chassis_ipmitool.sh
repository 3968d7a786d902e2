#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Chassis commands from stock ipmitool (lanplus, no -C) against ipmi_sim + multibmc + a real
# QEMU through the QMP backend: power, status, boot override round trip and its effect on
# the firmware's boot (SeaBIOS/iPXE on the serial log), one-shot vs persistent.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/qemu.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
IP=198.18.0.21
t_qemu_start vm || { t_fail qemu-start; t_done; }
t_bmc_start vm $IP "backend=qmp qmp=$T_DIR/vm.vm/qmp.sock" || { t_fail bmc-start; t_done; }
ipmi() { t_ipmitool $IP "$@"; }
power_is() { ipmi power status 2>/dev/null | grep -q "is $1"; }
vm_state_is() { [ "$(t_qmp_status vm)" = "$1" ]; }

# Static answers that need no backend.
ipmi chassis status | grep -q 'System Power *: off' && t_ok chassis-status-off || t_fail chassis-status-off "$(ipmi chassis status 2>&1)"
out=$(ipmi raw 0x00 0x00 2>/dev/null)
[ "$(echo $out)" = "00 20 20 20 20" ] && t_ok capabilities || t_fail capabilities "got: $out"
out=$(ipmi raw 0x00 0x09 0x07 0x00 0x00 2>&1)
echo "$out" | grep -q 'rsp=0x80' && t_ok unsupported-param-0x80 || t_fail unsupported-param-0x80 "got: $out"
# ipmitool 1.8.19 does not print the identify state: read Get Chassis Status byte 3 bits 6:4
# (0x40 identify supported, state 1 = temporary on).
ipmi chassis identify 120 >/dev/null
out=$(ipmi raw 0x00 0x01 2>/dev/null)
b3=$(echo $out | awk '{print $3}'); [[ $b3 =~ ^[0-9a-fA-F]{2}$ ]] || b3=00
[ $(( 0x$b3 & 0x70 )) -eq $(( 0x50 )) ] \
    && t_ok identify-timed || t_fail identify-timed "get chassis status: $out"
ipmi chassis identify 0 >/dev/null

# Power on: the VM leaves the -S "prelaunch" state and runs.
ipmi power on >/dev/null 2>&1
t_wait_for 10 vm_state_is running \
    && t_ok power-on-runs-vm || t_fail power-on-runs-vm "qmp: $(t_qmp_status vm)"
t_wait_for 10 power_is on \
    && t_ok power-status-on || t_fail power-status-on
ipmi chassis status | grep -q 'Last Power Event *: command' && t_ok last-power-event-ipmi \
    || t_fail last-power-event-ipmi "$(ipmi chassis status 2>&1)"

# One-shot PXE: the next boot starts iPXE ("Booting from ROM" in SeaBIOS; iPXE's banner alone
# shows on every boot), the one after that the VM's own order again (disk first here).
bootparam5() { ipmi chassis bootparam get 5 | sed -n 's/.*Boot parameter data: //p'; }
# first_boot_since MARK SECONDS: the first device SeaBIOS boots after MARK ("ROM", "Hard Disk",
# "DVD/CD"): the first complete "Booting from X..." line after a new SeaBIOS banner (the
# previous boot may still print while the reset request is on its way).
first_boot_awk='/SeaBIOS \(version/ { b = 1 } b && match($0, /Booting from [^.]*\.\.\./) { print substr($0, RSTART + 13, RLENGTH - 16); exit }'
first_boot_now() { t_serial_since vm "$1" | awk "$first_boot_awk"; }
first_boot_seen() { [ -n "$(first_boot_now "$1")" ]; }
first_boot_since() {
    t_wait_for "$2" first_boot_seen "$1" || { echo none; return; }
    first_boot_now "$1"
}
out=$(ipmi chassis bootdev pxe 2>&1) || t_fail bootdev-pxe "$out"
got=$(bootparam5)
[ "$got" = "8004000000" ] && t_ok bootparam-get-pxe || t_fail bootparam-get-pxe "got $got"
m=$(t_serial_mark vm); r=$(t_event_count vm RESET)
ipmi power reset >/dev/null
t_event_wait vm RESET $((r + 1)) 10 && t_ok reset-event || t_fail reset-event
got=$(first_boot_since "$m" 20)
[ "$got" = ROM ] && t_ok oneshot-pxe-boots-ipxe || t_fail oneshot-pxe-boots-ipxe "first boot: $got; $(t_serial_since vm "$m" | tail -5)"
bootparam_is() { [ "$(bootparam5)" = "$1" ]; }
# Consumed once the boot is under way (the module waits until the firmware's resets settle).
t_wait_for 10 bootparam_is 0004000000 && t_ok oneshot-consumed || t_fail oneshot-consumed "got $(bootparam5)"
m=$(t_serial_mark vm)
ipmi power reset >/dev/null
got=$(first_boot_since "$m" 20)
[ "$got" = "Hard Disk" ] && t_ok oneshot-then-own-order || t_fail oneshot-then-own-order "first boot: $got"

# Persistent CD-ROM with EFI flag: round trip and survives two resets.
ipmi chassis bootdev cdrom options=persistent,efiboot >/dev/null
got=$(bootparam5)
[ "$got" = "e014000000" ] && t_ok bootparam-persistent-efi || t_fail bootparam-persistent-efi "got $got"
for i in 1 2; do
    m=$(t_serial_mark vm)
    ipmi power reset >/dev/null
    got=$(first_boot_since "$m" 20)
    [ "$got" = "DVD/CD" ] && t_ok persistent-cdrom-boot-$i || t_fail persistent-cdrom-boot-$i "first boot: $got"
done
got=$(bootparam5)
[ "$got" = "e014000000" ] && t_ok persistent-kept || t_fail persistent-kept "got $got"

# Persistent flags survive an ipmi_sim restart (state-dir).
grep -q 'boot-flags=e014000000' "$T_DIR/vm/state/chassis-state" && t_ok state-file-written \
    || t_fail state-file-written "$(cat "$T_DIR/vm/state/chassis-state" 2>&1)"
[ "$(stat -c %a "$T_DIR/vm/state/chassis-state" 2>/dev/null)" = 600 ] && t_ok state-file-0600 || t_fail state-file-0600

# Disk one-shot: SeaBIOS boots the hard disk.
ipmi chassis bootdev disk >/dev/null
got=$(ipmi chassis bootparam get 5 | sed -n 's/.*Boot parameter data: //p')
[ "$got" = "8008000000" ] && t_ok bootparam-disk || t_fail bootparam-disk "got $got"
m=$(t_serial_mark vm)
ipmi power cycle >/dev/null
got=$(first_boot_since "$m" 20)
[ "$got" = "Hard Disk" ] && t_ok oneshot-disk-boot || t_fail oneshot-disk-boot "first boot: $got"

# Diag (NMI) and soft: accepted, and the module says the backend ran them.
ipmi power diag >/dev/null && t_ok power-diag-accepted || t_fail power-diag-accepted
p=$(t_event_count vm POWERDOWN)
ipmi power soft >/dev/null && t_event_wait vm POWERDOWN $((p + 1)) 10 && t_ok power-soft-powerdown-event \
    || t_fail power-soft-powerdown-event
# Off: the VM stops (no-shutdown keeps QEMU alive, paused/shutdown state).
ipmi power off >/dev/null
t_wait_for 10 power_is off \
    && t_ok power-off-status || t_fail power-off-status "qmp: $(t_qmp_status vm)"
[ "$(t_qmp_status vm)" != running ] && t_ok power-off-vm-not-running || t_fail power-off-vm-not-running

# Status stays true when someone else drives the VM (another QMP client, the guest itself).
t_qmp vm cont >/dev/null
t_wait_for 10 power_is on && t_ok status-follows-external-cont || t_fail status-follows-external-cont
t_qmp vm stop >/dev/null
t_wait_for 10 power_is off && t_ok status-follows-external-stop || t_fail status-follows-external-stop

t_done
