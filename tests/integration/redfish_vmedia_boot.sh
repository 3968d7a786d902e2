#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Virtual-media boot end to end, the way Ironic's redfish-virtual-media boot does it, with
# sushy against a local-QEMU BMC: an ISO of the test guest (scripts/build-guest-iso) served
# over HTTP from the client side is inserted into the VM's CD-ROM drive (cd0), the boot
# override set to Cd once, the system powered on: the firmware boots the ISO (serial console),
# the one-shot override is consumed (Redfish and IPMI agree), eject empties the drive, and a
# GracefulRestart shuts the guest down cleanly and powers it on again, now from its disk.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/qemu.sh"
. "$(dirname "$0")/../lib/guest.sh"
. "$(dirname "$0")/../lib/redfish.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
IP=198.18.0.20
t_guest_build || { t_fail guest-build; t_done; }
iso=$("$T_TOP/scripts/build-guest-iso" --guest "$T_GUEST_DIR" --quiet) && [ -s "$iso" ] \
    && t_ok guest-iso-built || { t_fail guest-iso-built; t_done; }
mkdir -p "$T_DIR/www" && ln -s "$iso" "$T_DIR/www/guest.iso"
rf_httpd "$T_DIR/www" 8080 || { t_fail httpd; t_done; }
URL=http://198.18.0.2:8080/guest.iso

t_guest_start vm || { t_fail qemu-start; t_done; }
t_bmc_start vm $IP "backend=qmp qmp=$T_DIR/vm.vm/qmp.sock redfish-addr=$IP" || { t_fail bmc-start; t_done; }
sushy() { ip netns exec "$T_NSC" env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE "$T_PY" "$T_TOP/tests/lib/redfish_sushy.py" \
    "https://$IP/redfish/v1" "$T_USER" "$T_PASS" "$(rf_ca vm)" "$@" 2>>"$T_DIR/sushy.err"; }
state() { sushy state | rf_json "$1"; }
vm_is() { [ "$(t_qmp_status vm)" = "$1" ]; }
bp5() { t_ipmitool $IP chassis bootparam get 5 | sed -n 's/^Boot parameter data: //p'; }
t_wait_for 10 bash -c "grep -q 'CD-ROM drive' '$T_DIR/vm/module.log'"

# Insert, boot from Cd once, power on.
sushy insert "$URL" && [ "$(state vmedia/0/inserted)" = true ] && t_ok iso-inserted || t_fail iso-inserted "$(cat "$T_DIR/sushy.err")"
vm_is prelaunch && t_ok still-off-after-insert || t_fail still-off-after-insert "$(t_qmp_status vm)"
sushy boot Cd Once Legacy && [ "$(state boot_enabled)/$(state boot_target)" = Once/Cd ] && t_ok boot-cd-once-set \
    || t_fail boot-cd-once-set "$(cat "$T_DIR/sushy.err")"
m=$(t_serial_mark vm); s=$(t_now_ms)
sushy reset On && t_ok power-on || t_fail power-on "$(cat "$T_DIR/sushy.err")"
t_guest_wait_login vm "$m" 120 && t_ok guest-boots-to-login || t_fail guest-boots-to-login "$(t_serial_since vm "$m" | tail -8)"
t_log "power on -> login prompt from the HTTP ISO: $(( $(t_now_ms) - s )) ms"
out=$(t_serial_since vm "$m")
grep -q 'Booting from DVD/CD' <<<"$out" && grep -q 'isolinux is booting Linux from the CD' <<<"$out" \
    && ! grep -q 'Booting from Hard Disk' <<<"$out" && t_ok booted-from-virtual-media || t_fail booted-from-virtual-media "$(head -20 <<<"$out")"

# The one-shot override was consumed by this boot: Redfish and IPMI say so.
consumed() { [ "$(state boot_enabled)" = Disabled ]; }
t_wait_for 15 consumed && t_ok one-shot-consumed-redfish || t_fail one-shot-consumed-redfish "$(sushy state)"
[ $(( 0x$(bp5 | cut -c1-2) & 0x80 )) = 0 ] && t_ok one-shot-consumed-ipmi || t_fail one-shot-consumed-ipmi "$(bp5)"

# Eject: the drive is empty for QEMU and for Redfish.
sushy eject && [ "$(state vmedia/0/inserted)" = false ] && ! t_qmp vm query-block | grep -q guest.iso \
    && t_ok ejected || t_fail ejected "$(cat "$T_DIR/sushy.err")"

# GracefulRestart: a clean shutdown of the guest, then power on again; the VM's own order
# (its disk) this time.
m=$(t_serial_mark vm); s=$(t_now_ms)
sushy reset GracefulRestart && t_ok graceful-restart-accepted || t_fail graceful-restart-accepted "$(cat "$T_DIR/sushy.err")"
t_serial_wait_since vm "$m" 60 "$T_GUEST_SHUTDOWN_RE" && t_ok graceful-restart-clean-shutdown \
    || t_fail graceful-restart-clean-shutdown "$(t_serial_since vm "$m" | tail -5)"
t_guest_wait_login vm "$m" 120 && t_serial_since vm "$m" | grep -q 'Booting from Hard Disk' \
    && t_ok graceful-restart-boots-again-from-disk || t_fail graceful-restart-boots-again-from-disk "$(t_serial_since vm "$m" | tail -8)"
t_log "GracefulRestart -> login prompt: $(( $(t_now_ms) - s )) ms"
[ "$(state power)" = On ] && t_ok power-on-after-restart || t_fail power-on-after-restart

t_done
