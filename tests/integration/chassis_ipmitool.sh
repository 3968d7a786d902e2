#!/bin/bash
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
out=$(ipmi raw 0x00 0x00 2>&1)
[ "$(echo $out)" = "00 20 20 20 20" ] && t_ok capabilities || t_fail capabilities "got: $out"
out=$(ipmi raw 0x00 0x09 0x07 0x00 0x00 2>&1)
echo "$out" | grep -q 'rsp=0x80' && t_ok unsupported-param-0x80 || t_fail unsupported-param-0x80 "got: $out"
ipmi chassis identify 5 >/dev/null && ipmi chassis status | grep -q 'Chassis identify state *: Temporary' \
    && t_ok identify-timed || t_fail identify-timed "$(ipmi chassis status 2>&1)"

# Power on: the VM leaves the -S "prelaunch" state and runs.
ipmi power on >/dev/null 2>&1
t_wait_for 30 vm_state_is running \
    && t_ok power-on-runs-vm || t_fail power-on-runs-vm "qmp: $(t_qmp_status vm)"
t_wait_for 15 power_is on \
    && t_ok power-status-on || t_fail power-status-on
ipmi chassis status | grep -q 'Last Power Event *: command' && t_ok last-power-event-ipmi \
    || t_fail last-power-event-ipmi "$(ipmi chassis status 2>&1)"

# One-shot PXE: next reset goes to iPXE, the one after that no longer does.
out=$(ipmi chassis bootdev pxe 2>&1) || t_fail bootdev-pxe "$out"
got=$(ipmi chassis bootparam get 5 | sed -n 's/.*Boot parameter data: //p')
[ "$got" = "8004000000" ] && t_ok bootparam-get-pxe || t_fail bootparam-get-pxe "got $got"
m=$(t_serial_mark vm); r=$(t_event_count vm RESET)
ipmi power reset >/dev/null
t_event_wait vm RESET $((r + 1)) 20 && t_ok reset-event || t_fail reset-event
t_serial_wait_since vm "$m" 90 'iPXE' && t_ok oneshot-pxe-boots-ipxe || t_fail oneshot-pxe-boots-ipxe "$(t_serial_since vm "$m" | tail -5)"
got=$(ipmi chassis bootparam get 5 | sed -n 's/.*Boot parameter data: //p')
[ "$got" = "0004000000" ] && t_ok oneshot-consumed || t_fail oneshot-consumed "got $got"

# Persistent CD-ROM with EFI flag: round trip and survives two resets.
ipmi chassis bootdev cdrom options=persistent,efiboot >/dev/null
got=$(ipmi chassis bootparam get 5 | sed -n 's/.*Boot parameter data: //p')
[ "$got" = "e014000000" ] && t_ok bootparam-persistent-efi || t_fail bootparam-persistent-efi "got $got"
for i in 1 2; do
    m=$(t_serial_mark vm)
    ipmi power reset >/dev/null
    t_serial_wait_since vm "$m" 90 'Booting from DVD/CD' && t_ok persistent-cdrom-boot-$i \
        || t_fail persistent-cdrom-boot-$i "$(t_serial_since vm "$m" | tail -5)"
done
got=$(ipmi chassis bootparam get 5 | sed -n 's/.*Boot parameter data: //p')
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
t_serial_wait_since vm "$m" 120 'Booting from Hard Disk' && t_ok oneshot-disk-boot || t_fail oneshot-disk-boot "$(t_serial_since vm "$m" | tail -5)"

# Diag (NMI) and soft: accepted, and the module says the backend ran them.
ipmi power diag >/dev/null && t_ok power-diag-accepted || t_fail power-diag-accepted
p=$(t_event_count vm POWERDOWN)
ipmi power soft >/dev/null && t_event_wait vm POWERDOWN $((p + 1)) 20 && t_ok power-soft-powerdown-event \
    || t_fail power-soft-powerdown-event
# Off: the VM stops (no-shutdown keeps QEMU alive, paused/shutdown state).
ipmi power off >/dev/null
t_wait_for 15 power_is off \
    && t_ok power-off-status || t_fail power-off-status "qmp: $(t_qmp_status vm)"
[ "$(t_qmp_status vm)" != running ] && t_ok power-off-vm-not-running || t_fail power-off-vm-not-running

t_done
