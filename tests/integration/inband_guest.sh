#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# In-band IPMI: a local QEMU VM's KCS interface (ipmi-bmc-extern + isa-ipmi-kcs) is wired to
# its BMC's in-band port (`multibmc add --inband-port`), and Debian's ipmitool inside the
# guest (/dev/ipmi0, driven over the guest's serial console) talks to the same BMC that
# answers on the LAN:
#   lan print     the BMC's address, netmask and MAC
#   mc guid       the VM's SMBIOS UUID, the same the guest's dmidecode and /sys show
#   chassis status   what the LAN says (power on)
#   user set password   changes the LAN login at once; the configuration's password file
#                    wins again at the next start of the BMC (here: after a crash)
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/qemu.sh"
. "$(dirname "$0")/../lib/guest.sh"
. "$(dirname "$0")/../lib/orch.sh"
t_init
orch_setup || { t_fail setup; t_done; }
VMID=50
IP=198.18.0.50
PORT=9230
UUID=4f3c2b1a-0e9d-4c8b-a7f6-5e4d3c2b1a09
t_guest_build || { t_fail guest-build; t_done; }
out=$(mb add $VMID $IP/24 --qmp "$T_DIR/vm.vm/qmp.sock" --inband-port $PORT 2>&1)
echo "$out" | grep -q "ipmi-bmc-extern,id=bmc0,chardev=ipmi0" && t_ok add-prints-qemu-args || t_fail add-prints-qemu-args "$out"
mb show $VMID | grep -q "in-band *127.0.0.1:$PORT" && t_ok show-inband || t_fail show-inband "$(mb show $VMID)"
grep -q "serial 15 127.0.0.1 $PORT codec VM" "$ORCH_RUN/$VMID/lan.conf" 2>/dev/null || true
orch_run && t_wait_for 30 orch_answers $IP && t_ok bmc-up || { t_fail bmc-up "$(cat "$T_DIR/sup.out")"; t_done; }
grep -q "serial 15 127.0.0.1 $PORT codec VM" "$ORCH_RUN/$VMID/lan.conf" && t_ok lan-conf-inband-line \
    || t_fail lan-conf-inband-line "$(cat "$ORCH_RUN/$VMID/lan.conf")"
t_guest_start_direct vm -uuid $UUID -name cn050 \
    -chardev socket,id=ipmi0,host=127.0.0.1,port=$PORT,reconnect=2 \
    -device ipmi-bmc-extern,id=bmc0,chardev=ipmi0 -device isa-ipmi-kcs,bmc=bmc0 || { t_fail qemu-start; t_done; }
ipmi() { t_ipmitool $IP "$@"; }
power_is() { ipmi power status 2>/dev/null | grep -q "is $1"; }
# power ACTION: the chassis command, tried again while the BMC answers "Node busy" (0xC0).
# The BMC was started before this QEMU existed: it retries the missing QMP socket with a
# backoff of up to 2 s and refuses power control as busy until it has the VM's state, as a
# real BMC does while it cannot reach its host. Any other failure fails at once. Prints
# ipmitool's last answer when it fails.
power() {
    local out end=$((SECONDS + 20))
    while :; do
        out=$(ipmi power "$1" 2>&1) && return 0
        if ! echo "$out" | grep -q 'Node busy' || [ $SECONDS -ge $end ]; then
            echo "$out"
            return 1
        fi
        sleep 0.2
    done
}
t_wait_for 20 bash -c "ip netns exec $T_NSB ss -Htn state established '( sport = :$PORT )' | grep -q ." \
    && t_ok qemu-connected-to-bmc || t_fail qemu-connected-to-bmc
m=$(t_serial_mark vm)
out=$(power on) && t_ok power-on-accepted || { t_fail power-on-accepted "$out"; t_done; }
t_guest_wait_login vm "$m" 120 || { t_fail guest-boots "$(t_serial_since vm "$m" | tail -5)"; t_done; }
t_serial_since vm "$m" | grep -q 'in-band IPMI at /dev/ipmi0' && t_ok guest-has-dev-ipmi0 \
    || t_fail guest-has-dev-ipmi0 "$(t_serial_since vm "$m" | grep -i ipmi | tail -5)"
t_guest_login vm 30 || { t_fail guest-login; t_done; }

# guest_run N 'command': run it on the guest's console; prints what it printed.
guest_run() {
    local n=$1 cmd=$2 mark
    mark=$(t_serial_mark vm)
    t_guest_type vm "$cmd; echo guest-done-\$((9000+$n))\r" || return 1
    t_serial_wait_since vm "$mark" 60 "^guest-done-$((9000 + n))" || { t_log "no end of '$cmd'"; return 1; }
    t_serial_since vm "$mark" | sed -n "2,/^guest-done-$((9000 + n))/p" | grep -v "^guest-done-"
}

out=$(guest_run 1 'ipmitool lan print 1')
echo "$out" | grep -q "IP Address *: $IP" && echo "$out" | grep -q 'Subnet Mask *: 255.255.255.0' \
    && t_ok inband-lan-print-shows-bmc-address || t_fail inband-lan-print-shows-bmc-address "$out"
out=$(guest_run 2 'ipmitool mc guid; dmidecode -s system-uuid; cat /sys/class/dmi/id/product_uuid')
t_log "guest: $out"
echo "$out" | grep -q "System GUID *: $UUID" && t_ok inband-mc-guid || t_fail inband-mc-guid "$out"
[ "$(echo "$out" | grep -ci "^$UUID")" = 2 ] && t_ok guest-dmidecode-matches-bmc-guid || t_fail guest-dmidecode-matches-bmc-guid "$out"
lan_guid=$(ipmi mc guid 2>/dev/null | sed -n 's/^System GUID *: //p')
[ "$lan_guid" = "$UUID" ] && t_ok lan-mc-guid-same || t_fail lan-mc-guid-same "$lan_guid"
out=$(guest_run 3 'ipmitool chassis status')
echo "$out" | grep -q 'System Power *: on' && power_is on && t_ok inband-chassis-status-matches \
    || t_fail inband-chassis-status-matches "$out"
out=$(guest_run 4 'ipmitool fru print 0')
echo "$out" | grep -q 'Product Name *: cn050' && echo "$out" | grep -q "Product Serial *: $VMID" \
    && t_ok inband-fru || t_fail inband-fru "$out"

# The guest sets a new password for the configured login: the LAN uses it at once.
out=$(guest_run 5 'ipmitool user set password 2 inband-pw-42')
lan_with() { timeout 10 ip netns exec "$T_NSC" ipmitool -I lanplus -H $IP -U "$T_USER" -P "$1" mc info >/dev/null 2>&1; }
t_wait_for 10 lan_with inband-pw-42 && t_ok inband-password-works-on-lan || t_fail inband-password-works-on-lan "$out"
lan_with "$T_PASS" && t_fail old-password-refused || t_ok old-password-refused
# The next start of the BMC takes the configuration's password file again.
sim=$(orch_sim_pid $VMID)
t_wait_for 5 test -s "$T_DIR/state/$VMID/ipmi_sim/vm$VMID/users.mc20" || t_log "users.mc20 not written"
kill -9 "$sim"
t_wait_for 20 bash -c "[ -n \"\$(sed -n 's/^pid=//p' $ORCH_RUN/$VMID/supervisor)\" ] && [ \"\$(sed -n 's/^pid=//p' $ORCH_RUN/$VMID/supervisor)\" != $sim ]"
t_wait_for 20 lan_with "$T_PASS" && t_ok config-password-wins-after-restart || t_fail config-password-wins-after-restart "$(tail -5 "$T_DIR/sup.out")"
lan_with inband-pw-42 && t_fail inband-password-gone || t_ok inband-password-gone
grep -q 'back to the configuration' "$T_DIR/sup.out" && t_ok reset-logged || t_fail reset-logged

# The event log of a real guest's shutdowns: asked (power soft: S5/G2 soft-off) and the
# guest's own (poweroff inside: seen by the BMC, how is not known: S4/S5).
sel_has() { ipmi sel elist 2>/dev/null | grep -q "$1"; }
m=$(t_serial_mark vm)
power soft >/dev/null
t_serial_wait_since vm "$m" 60 "$T_GUEST_POWERDOWN_RE" && t_wait_for 15 power_is off \
    && t_wait_for 10 sel_has 'S5/G2: soft-off' && t_ok sel-soft-off || t_fail sel-soft-off "$(ipmi sel elist 2>&1 | tail -3)"
m=$(t_serial_mark vm)
out=$(power on) || t_log "power on again: $out"
t_guest_wait_login vm "$m" 120 && t_guest_login vm 30 || t_fail guest-back "$out"
n=$(ipmi sel elist 2>/dev/null | grep -c 'S4/S5: soft-off')
t_guest_type vm 'poweroff\r'
t_wait_for 60 power_is off && t_wait_for 10 bash -c "[ \$(ip netns exec $T_NSC ipmitool -I lanplus -H $IP -U $T_USER -P $T_PASS sel elist 2>/dev/null | grep -c 'S4/S5: soft-off') -gt $n ]" \
    && t_ok sel-guest-own-shutdown || t_fail sel-guest-own-shutdown "$(ipmi sel elist 2>&1 | tail -3)"
t_done
