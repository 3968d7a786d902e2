#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Power control of a real guest OS through the BMC: stock ipmitool -> ipmi_sim + multibmc.so
# (QMP backend) -> QEMU booting the tiny guest (scripts/build-guest) from its disk.
#   power on    boots it (firmware, from the disk) to the login prompt
#   power diag  delivers an NMI that the guest's kernel reports on the serial console
#   power soft  presses the ACPI power button: the guest shuts down cleanly, status says off
#   chassis bootdev pxe / disk: the next power-on goes to iPXE / boots the guest from disk
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/qemu.sh"
. "$(dirname "$0")/../lib/guest.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
IP=198.18.0.31
t_guest_build || { t_fail guest-build; t_done; }
t_guest_start vm || { t_fail qemu-start; t_done; }
t_bmc_start vm $IP "backend=qmp qmp=$T_DIR/vm.vm/qmp.sock" || { t_fail bmc-start; t_done; }
ipmi() { t_ipmitool $IP "$@"; }
power_is() { ipmi power status 2>/dev/null | grep -q "is $1"; }
vm_state_is() { [ "$(t_qmp_status vm)" = "$1" ]; }
bootflags() { ipmi chassis bootparam get 5 2>/dev/null | sed -n 's/.*Boot parameter data: //p'; }

power_is off && t_ok status-off-at-start || t_fail status-off-at-start "$(ipmi power status 2>&1)"

# power on: the firmware boots the guest from its disk, to the login prompt.
m=$(t_serial_mark vm); s=$(t_now_ms)
out=$(ipmi power on 2>&1) && t_ok power-on-accepted || t_fail power-on-accepted "$out"
t_guest_wait_login vm "$m" 90 && t_ok power-on-boots-to-login \
    || { t_fail power-on-boots-to-login "$(t_serial_since vm "$m" | tail -5)"; t_log "the rest needs a booted guest"; t_done; }
t_log "power on -> login prompt: $(( $(t_now_ms) - s )) ms"
t_serial_since vm "$m" | grep -q 'Booting from Hard Disk' && t_ok booted-from-disk || t_fail booted-from-disk
power_is on && t_ok status-on || t_fail status-on "$(ipmi power status 2>&1)"

# power diag: an NMI, reported by the guest's kernel; the guest keeps running.
m=$(t_serial_mark vm)
out=$(ipmi power diag 2>&1) && t_ok power-diag-accepted || t_fail power-diag-accepted "$out"
t_serial_wait_since vm "$m" 15 "$T_GUEST_NMI_RE" && t_ok diag-nmi-reported-by-guest \
    || t_fail diag-nmi-reported-by-guest "$(t_serial_since vm "$m" | tail -5)"
vm_state_is running && power_is on && t_ok diag-guest-still-running || t_fail diag-guest-still-running "qmp: $(t_qmp_status vm)"

# power soft: the guest sees the power button, shuts down cleanly and powers off; the BMC
# then reports off (the VM turned itself off: status must follow the truth).
m=$(t_serial_mark vm); s=$(t_now_ms)
out=$(ipmi power soft 2>&1) && t_ok power-soft-accepted || t_fail power-soft-accepted "$out"
t_serial_wait_since vm "$m" 30 "$T_GUEST_SHUTDOWN_RE" && t_ok soft-guest-clean-shutdown \
    || t_fail soft-guest-clean-shutdown "$(t_serial_since vm "$m" | tail -5)"
t_serial_wait_since vm "$m" 15 "$T_GUEST_POWERDOWN_RE" && t_ok soft-guest-powered-off \
    || t_fail soft-guest-powered-off "$(t_serial_since vm "$m" | tail -5)"
t_wait_for 15 power_is off && t_ok soft-status-off || t_fail soft-status-off "$(ipmi power status 2>&1); qmp: $(t_qmp_status vm)"
t_log "power soft -> status off: $(( $(t_now_ms) - s )) ms"
vm_state_is running && t_fail soft-vm-not-running "qmp: running" || t_ok soft-vm-not-running

# power on again: back to the login prompt.
m=$(t_serial_mark vm)
ipmi power on >/dev/null 2>&1
t_guest_wait_login vm "$m" 90 && t_ok power-on-again-boots-to-login || t_fail power-on-again-boots-to-login "$(t_serial_since vm "$m" | tail -5)"
t_wait_for 15 power_is on && t_ok status-on-again || t_fail status-on-again

# One-shot PXE: the next boot goes to iPXE instead of the disk.
ipmi power off >/dev/null 2>&1
t_wait_for 15 power_is off || t_fail off-before-pxe "$(ipmi power status 2>&1)"
out=$(ipmi chassis bootdev pxe 2>&1) || t_fail bootdev-pxe "$out"
m=$(t_serial_mark vm)
ipmi power on >/dev/null 2>&1
# iPXE's banner shows on every boot (option ROM init); what counts is SeaBIOS's first
# "Booting from X..." line: ROM is iPXE, Hard Disk is the guest.
first_boot() { # first_boot MARK SECONDS
    t_serial_wait_since vm "$1" "$2" 'Booting from' || { echo none; return; }
    t_serial_since vm "$1" | sed -n 's/.*Booting from \([^.]*\)\.\.\..*/\1/p' | head -1
}
got=$(first_boot "$m" 60)
[ "$got" = ROM ] && t_ok bootdev-pxe-boots-ipxe || t_fail bootdev-pxe-boots-ipxe "first boot: $got"
t_serial_wait_since vm "$m" 30 'iPXE initialising|PXE|DHCP' && t_ok ipxe-runs || t_fail ipxe-runs "$(t_serial_since vm "$m" | tail -5)"

# One-shot disk: the next boot is the guest from its disk, to the login prompt.
ipmi power off >/dev/null 2>&1
t_wait_for 15 power_is off || t_fail off-before-disk "$(ipmi power status 2>&1)"
out=$(ipmi chassis bootdev disk 2>&1) || t_fail bootdev-disk "$out"
[ "$(bootflags)" = 8008000000 ] && t_ok bootparam-disk-set || t_fail bootparam-disk-set "got $(bootflags)"
m=$(t_serial_mark vm)
ipmi power on >/dev/null 2>&1
t_guest_wait_login vm "$m" 90 && t_ok bootdev-disk-boots-guest || t_fail bootdev-disk-boots-guest "$(t_serial_since vm "$m" | tail -5)"
got=$(first_boot "$m" 5)
[ "$got" = "Hard Disk" ] && t_ok bootdev-disk-first || t_fail bootdev-disk-first "first boot: $got"
oneshot_consumed() { local b; b=$(bootflags); [ -n "$b" ] && [ $(( 0x${b:0:2} & 0x80 )) -eq 0 ]; }
t_wait_for 10 oneshot_consumed && t_ok bootdev-disk-consumed || t_fail bootdev-disk-consumed "got $(bootflags)"

# The guest is usable after all that: log in on the serial console.
t_guest_login vm 20 && t_ok guest-login-after-cycles || t_fail guest-login-after-cycles "$(t_serial_since vm "$m" | tail -5)"

t_done
