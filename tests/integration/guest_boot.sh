#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The tiny guest OS itself (scripts/build-guest), driven through QMP only, no BMC: the
# firmware boots it from its disk to a login prompt on the serial port, typed input is echoed
# and runs, an NMI is reported, the ACPI power button shuts it down cleanly; direct
# kernel boot works; the build is cached and redone when an input changes.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/qemu.sh"
. "$(dirname "$0")/../lib/guest.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }

s=$(t_now_ms)
t_guest_build && t_ok guest-build || { t_fail guest-build; t_done; }
t_log "guest build (or cache check): $(( $(t_now_ms) - s )) ms, in $T_GUEST_DIR"
for f in vmlinuz initrd.img cmdline disk.img stamp; do
    [ -s "$T_GUEST_DIR/$f" ] || t_fail "guest-file-$f" "missing $T_GUEST_DIR/$f"
done
# MBR: boot signature and one active FAT16 partition at LBA 2048.
mbr=$(od -An -tx1 -j446 -N16 "$T_GUEST_DIR/disk.img" | tr -d ' \n'); sig=$(od -An -tx1 -j510 -N2 "$T_GUEST_DIR/disk.img" | tr -d ' \n')
[ "${mbr:0:2}" = 80 ] && [ "${mbr:8:2}" = 06 ] && [ "${mbr:16:8}" = 00080000 ] && [ "$sig" = 55aa ] \
    && t_ok disk-mbr-partition || t_fail disk-mbr-partition "entry $mbr signature $sig"

# Firmware boot from the disk, to the login prompt.
t_guest_start vm || { t_fail qemu-start; t_done; }
m=$(t_serial_mark vm); s=$(t_now_ms)
t_qmp vm cont >/dev/null
t_guest_wait_login vm "$m" 90 && t_ok disk-boot-login-prompt || t_fail disk-boot-login-prompt "$(t_serial_since vm "$m" | tail -5)"
t_log "power-on to login prompt (disk boot, TCG): $(( $(t_now_ms) - s )) ms"
out=$(t_serial_since vm "$m")
echo "$out" | grep -q 'Booting from Hard Disk' && echo "$out" | grep -q 'syslinux is booting Linux from the disk' \
    && t_ok booted-by-firmware-from-disk || t_fail booted-by-firmware-from-disk "$(echo "$out" | head -5)"
echo "$out" | grep -q "$T_GUEST_UP_RE" && t_ok guest-init-ran || t_fail guest-init-ran

# Log in on the serial console; what is typed is echoed, and the shell runs it.
t_guest_login vm 20 && t_ok serial-login-root || t_fail serial-login-root "$(t_serial_since vm "$m" | tail -5)"
m=$(t_serial_mark vm)
t_guest_type vm 'echo typed-$((6*7))\r'
t_serial_wait_since vm "$m" 10 'echo typed-\$\(\(6\*7\)\)' && t_ok typed-input-echoed || t_fail typed-input-echoed "$(t_serial_since vm "$m")"
t_serial_wait_since vm "$m" 10 '^typed-42' && t_ok typed-command-runs || t_fail typed-command-runs "$(t_serial_since vm "$m")"

# NMI: the kernel says so on the serial console.
m=$(t_serial_mark vm)
t_qmp vm inject-nmi >/dev/null
t_serial_wait_since vm "$m" 10 "$T_GUEST_NMI_RE" && t_ok nmi-reported || t_fail nmi-reported "$(t_serial_since vm "$m")"

# ACPI power button: a clean shutdown, then the VM powers itself off.
m=$(t_serial_mark vm); s=$(t_now_ms)
t_qmp vm system_powerdown >/dev/null
t_serial_wait_since vm "$m" 30 "$T_GUEST_POWERDOWN_RE" && t_ok powerdown-powers-off || t_fail powerdown-powers-off "$(t_serial_since vm "$m")"
out=$(t_serial_since vm "$m")
echo "$out" | grep -q 'power button pressed' && echo "$out" | grep -q "$T_GUEST_SHUTDOWN_RE" \
    && t_ok powerdown-clean-shutdown || t_fail powerdown-clean-shutdown "$out"
vm_state_is() { [ "$(t_qmp_status vm)" = "$1" ]; }
t_wait_for 10 vm_state_is shutdown && t_ok vm-state-shutdown || t_fail vm-state-shutdown "qmp: $(t_qmp_status vm)"
t_log "system_powerdown to power off: $(( $(t_now_ms) - s )) ms"

# Direct kernel boot (no firmware boot order) reaches the login prompt too.
t_guest_start_direct vm2 || { t_fail qemu-start-direct; t_done; }
m=$(t_serial_mark vm2); s=$(t_now_ms)
t_qmp vm2 cont >/dev/null
t_guest_wait_login vm2 "$m" 90 && t_ok direct-boot-login-prompt || t_fail direct-boot-login-prompt "$(t_serial_since vm2 "$m" | tail -5)"
t_log "power-on to login prompt (direct kernel boot): $(( $(t_now_ms) - s )) ms"

# Cache: a second build is a no-op; a changed input (a guest file) rebuilds.
stamp=$(cat "$T_GUEST_DIR/stamp")
out=$("$T_TOP/scripts/build-guest" 2>&1 >/dev/null)
echo "$out" | grep -q 'up to date' && [ "$(cat "$T_GUEST_DIR/stamp")" = "$stamp" ] \
    && t_ok build-cached || t_fail build-cached "$out"
mkdir -p "$T_DIR/src" && cp -a "$T_TOP/scripts/build-guest" "$T_TOP/scripts/guest" "$T_DIR/src/"
"$T_DIR/src/build-guest" --quiet --out "$T_DIR/cache" >/dev/null && s1=$(cat "$T_DIR/cache/stamp")
# Another checkout (same files, another path) shares the cache instead of rebuilding it.
mkdir -p "$T_DIR/other" && cp -a "$T_DIR/src/build-guest" "$T_DIR/src/guest" "$T_DIR/other/"
out=$("$T_DIR/other/build-guest" --out "$T_DIR/cache" 2>&1 >/dev/null)
echo "$out" | grep -q 'up to date' && [ "$(cat "$T_DIR/cache/stamp")" = "$s1" ] \
    && t_ok build-cache-shared-by-checkouts || t_fail build-cache-shared-by-checkouts "$out"
echo "# changed" >>"$T_DIR/src/guest/etc/profile"
out=$("$T_DIR/src/build-guest" --out "$T_DIR/cache" 2>&1 >/dev/null)
echo "$out" | grep -q 'building' && [ "$(cat "$T_DIR/cache/stamp")" != "$s1" ] \
    && t_ok build-redone-on-input-change || t_fail build-redone-on-input-change "$out"
out=$("$T_DIR/src/build-guest" --bogus 2>&1); rc=$?
[ $rc -ne 0 ] && echo "$out" | grep -q 'unknown argument: --bogus' && t_ok build-bad-argument-refused \
    || t_fail build-bad-argument-refused "rc=$rc $out"

t_done
