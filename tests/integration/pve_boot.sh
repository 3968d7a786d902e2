#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Proxmox backend, boot device: ipmitool bootdev onto the VM's own boot order (devices read
# from its config), one-shot applied before the start and the original order restored,
# persistent kept, EFI from bios=ovmf, BIOS setup accepted, missing VM.Config.Disk -> 0xD4.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/fakepve.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
pve_start || { t_fail fakepve-start; t_done; }
# A VM with two NICs, a second disk and a CD-ROM on sata1; legacy-free order; OVMF.
pve_ctl 'vm 100 cfg.net1=virtio=BC:24:11:00:00:02,bridge=vmbr1 cfg.scsi1=local-lvm:vm-100-disk-1,size=8G cfg.bios=ovmf' >/dev/null
IP=198.18.0.41
pve_bmc_start vm $IP || { t_fail bmc-start; t_done; }
ipmi() { t_ipmitool $IP "$@"; }
power_is() { ipmi power status 2>/dev/null | grep -q "is $1"; }
param5() { ipmi chassis bootparam get 5 | sed -n 's/.*Boot parameter data: //p'; }
MLOG=$T_DIR/vm/module.log
boot_is() { [ "$(pve_show 100 config.boot)" = "$1" ]; }
t_wait_for 10 grep -q 'power state is now' "$MLOG" || t_fail first-poll

# EFI bit reported from bios=ovmf before any client set flags.
t_wait_for 5 bash -c "[ \"\$(ip netns exec $T_NSC ipmitool -I lanplus ${T_IPMITOOL_EXTRA:-} -H $IP -U $T_USER -P $T_PASS chassis bootparam get 5 | sed -n 's/.*Boot parameter data: //p')\" = 2000000000 ]" \
    && t_ok efi-from-ovmf || t_fail efi-from-ovmf "got $(param5)"

# One-shot PXE with the VM off: PUT boot before start, original order put back after it.
ipmi chassis bootdev pxe >/dev/null 2>&1 && t_ok bootdev-pxe || t_fail bootdev-pxe
[ "$(param5)" = 8004000000 ] && t_ok param5-pxe || t_fail param5-pxe "got $(param5)"
m=$(pve_mark)
ipmi power on >/dev/null 2>&1
t_wait_for 10 power_is on && t_ok power-on || t_fail power-on
t_wait_for 5 bash -c "[ \"\$(tail -n +$((m + 1)) '$PVE_LOG' | grep -c '^REQ PUT')\" -ge 2 ]"
seq=$(pve_reqs_since "$m" '^REQ (PUT .*/config|POST .*/status/start)' | sed -E 's/^REQ (PUT|POST) .*\/(config|status\/start) .*body=\[(.*)\]$/\2:\3/' | tr '\n' ' ')
[ "$seq" = "config:boot=order%3Dnet0%3Bnet1%3Bscsi0%3Bide2 status/start: config:boot=order%3Dscsi0%3Bide2%3Bnet0 " ] \
    && t_ok oneshot-put-start-restore || t_fail oneshot-put-start-restore "got: $seq"
[ "$(pve_show 100 config.boot)" = "order=net0;net1;scsi0;ide2" ] && t_ok booted-with-pxe-order || t_fail booted-with-pxe-order "$(pve_show 100 config.boot)"
[ "$(pve_show 100 pending.boot)" = "order=scsi0;ide2;net0" ] && t_ok original-order-pending || t_fail original-order-pending "$(pve_show 100 pending)"
t_wait_for 3 bash -c "[ \"\$(ip netns exec $T_NSC ipmitool -I lanplus ${T_IPMITOOL_EXTRA:-} -H $IP -U $T_USER -P $T_PASS chassis bootparam get 5 | sed -n 's/.*Boot parameter data: //p')\" = 0004000000 ]" \
    && t_ok oneshot-consumed || t_fail oneshot-consumed "got $(param5)"

# Next cycle: no override left, the VM boots its own order again, no config change sent.
m=$(pve_mark)
ipmi power cycle >/dev/null 2>&1
t_wait_for 8 bash -c "tail -n +$((m + 1)) '$PVE_LOG' | grep -q 'status/start'"
t_wait_for 5 boot_is "order=scsi0;ide2;net0" && t_ok own-order-back || t_fail own-order-back "$(pve_show 100 config.boot)"
pve_reqs_since "$m" '^REQ PUT' >/dev/null && t_fail no-put-without-override || t_ok no-put-without-override

# Persistent CD-ROM on a running VM: reset becomes stop + PUT + start (reset would not apply
# the pending order), and the override stays.
t_wait_for 5 power_is on
ipmi chassis bootdev cdrom options=persistent >/dev/null 2>&1
[ "$(param5)" = "c014000000" ] && t_ok param5-persistent-cdrom || t_fail param5-persistent-cdrom "got $(param5)"
m=$(pve_mark)
ipmi power reset >/dev/null 2>&1
t_wait_for 8 bash -c "tail -n +$((m + 1)) '$PVE_LOG' | grep -q 'status/start'"
seq=$(pve_reqs_since "$m" '^REQ (PUT .*/config|POST .*/status/)' | sed -E 's/^REQ (PUT|POST) .*\/(config|status\/[a-z]+) .*/\2/' | tr '\n' ' ')
[ "$seq" = "status/stop config status/start " ] && t_ok reset-with-override-is-stop-put-start || t_fail reset-with-override-is-stop-put-start "got: $seq"
t_wait_for 5 power_is on
# The BMC polls the state when its action is done, after a boot order restore if any.
t_wait_for 10 pve_req_after "$m" 'POST .*/status/start' 'GET .*/status/current' || t_log "no status poll after the start"
[ "$(pve_show 100 config.boot)" = "order=ide2;scsi0;net0" ] && t_ok persistent-cdrom-order || t_fail persistent-cdrom-order "$(pve_show 100 config.boot)"
[ -z "$(pve_show 100 pending.boot)" ] && t_ok persistent-not-restored || t_fail persistent-not-restored "$(pve_show 100 pending)"
[ "$(param5)" = "c014000000" ] && t_ok persistent-kept || t_fail persistent-kept "got $(param5)"

# Clearing the persistent override puts the VM's own order back at the next start.
ipmi raw 0x00 0x08 0x05 0x00 0x00 0x00 0x00 0x00 >/dev/null 2>&1
m=$(pve_mark)
# (busy 0xC0 while the BMC still follows the previous start task: retry like Ironic does)
t_wait_for 5 ipmi power cycle
t_wait_for 8 bash -c "tail -n +$((m + 1)) '$PVE_LOG' | grep -q 'status/start'"
t_wait_for 5 boot_is "order=scsi0;ide2;net0" && t_ok cleared-override-restores || t_fail cleared-override-restores "$(pve_show 100 config.boot)"

# BIOS setup: accepted and reported, with a log line that Proxmox has no API for it.
ipmi chassis bootdev bios >/dev/null 2>&1 && t_ok bootdev-bios-accepted || t_fail bootdev-bios-accepted
[ "$(param5)" = "8018000000" ] && t_ok param5-bios || t_fail param5-bios "got $(param5)"
grep -q 'Proxmox has no API' "$MLOG" && t_ok bios-logged || t_fail bios-logged
ipmi chassis bootdev none >/dev/null 2>&1

# A token without VM.Config.Disk: a second BMC for the same VM refuses overrides with 0xD4.
pve_ctl 'privs bmc@pve!ipmi VM.Audit VM.PowerMgmt VM.Console' >/dev/null
IP2=198.18.0.42
pve_bmc_start vm2 $IP2 || t_fail bmc2-start
t_wait_for 10 grep -q 'lacks VM.Config.Disk' "$T_DIR/vm2/module.log" && t_ok perm-probe-logged || t_fail perm-probe-logged
out=$(t_ipmitool $IP2 raw 0x00 0x08 0x05 0x80 0x04 0x00 0x00 0x00 2>&1)
echo "$out" | grep -qi 'rsp=0xd4' && t_ok no-config-disk-d4 || t_fail no-config-disk-d4 "$out"
# And the first BMC, which learned its privileges earlier, learns from the 403 itself.
ipmi chassis bootdev pxe >/dev/null 2>&1
m=$(pve_mark)
t_wait_for 5 ipmi power cycle
t_wait_for 8 grep -q 'needs VM.Config.Disk' "$MLOG" && t_ok put-403-logged || t_fail put-403-logged
pve_reqs_since "$m" '^REQ PUT .*/config' >/dev/null && t_ok put-was-tried || t_fail put-was-tried
t_wait_for 8 power_is on && t_ok still-boots-own-order || t_fail still-boots-own-order
[ "$(param5)" = 8004000000 ] && t_ok unapplied-oneshot-kept || t_fail unapplied-oneshot-kept "got $(param5)"
out=$(ipmi raw 0x00 0x08 0x05 0x80 0x14 0x00 0x00 0x00 2>&1)
echo "$out" | grep -qi 'rsp=0xd4' && t_ok after-403-d4 || t_fail after-403-d4 "$out"
t_done
