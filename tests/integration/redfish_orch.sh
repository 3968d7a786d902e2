#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Redfish through the orchestrator: `multibmc init --redfish on` gives every BMC HTTPS on its
# own address (the BMC's IPMI user and password), `add --redfish off` opts one out, `show`
# prints the URL and the certificate's fingerprint (the one clients see), `status` shows the
# inserted virtual media; bad Redfish options and a taken TCP port are clear errors.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/orch.sh"
. "$(dirname "$0")/../lib/qemu.sh"
. "$(dirname "$0")/../lib/redfish.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }

out=$(orch_setup --redfish maybe 2>&1) && t_fail init-redfish-bad-value || { grep -q 'use on or off' <<<"$out" \
    && t_ok init-redfish-bad-value || t_fail init-redfish-bad-value "$out"; }
out=$(orch_setup --redfish on --redfish-cert /etc/hostname 2>&1) && t_fail init-cert-without-key \
    || { grep -q 'together' <<<"$out" && t_ok init-cert-without-key || t_fail init-cert-without-key "$out"; }
orch_setup --redfish on || { t_fail init; t_done; }
grep -q '"redfish": {' "$ORCH_CFG" && t_ok init-redfish-on-saved || t_fail init-redfish-on-saved "$(cat "$ORCH_CFG")"

t_qemu_start vm || { t_fail qemu-start; t_done; }
mb add 121 198.18.0.121/24 --qmp "$T_DIR/vm.vm/qmp.sock" >/dev/null && t_ok add-qmp-bmc || t_fail add-qmp-bmc
mb add 122 198.18.0.122/24 --qmp "$T_DIR/none.sock" --redfish off >/dev/null && t_ok add-redfish-off || t_fail add-redfish-off
# Another program already listens on TCP 443 of the address: refused before anything changes.
ip -n "$T_NSB" addr add 198.18.0.123/24 dev bmc0
t_bg squat ip netns exec "$T_NSB" socat TCP-LISTEN:443,bind=198.18.0.123,reuseaddr,fork /dev/null
t_wait_for 10 bash -c "ip netns exec $T_NSB ss -Htln 'src 198.18.0.123:443' | grep -q ."
ip -n "$T_NSB" addr del 198.18.0.123/24 dev bmc0 2>/dev/null   # only the socket remains (bound before)
out=$(mb add 123 198.18.0.123/24 --qmp "$T_DIR/none.sock" 2>&1) && t_fail add-tcp-port-taken "$out" \
    || { grep -q 'TCP port 443 (Redfish) is already taken' <<<"$out" && t_ok add-tcp-port-taken || t_fail add-tcp-port-taken "$out"; }

orch_run || { t_fail supervisor-up "$(cat "$T_DIR/sup.out")"; t_done; }
ca=$T_DIR/state/121/redfish-cert.pem
rf_up() { [ -s "$ca" ] && ip netns exec "$T_NSC" curl -s --max-time 5 --cacert "$ca" -o /dev/null https://198.18.0.121/redfish/v1/; }
t_wait_for 30 rf_up && t_ok redfish-served-on-bmc-address || t_fail redfish-served-on-bmc-address "$(mb status)"
code=$(ip netns exec "$T_NSC" curl -s --max-time 5 --cacert "$ca" -o /dev/null -w '%{http_code}' \
    -u "$T_USER:$T_PASS" https://198.18.0.121/redfish/v1/Systems/1)
[ "$code" = 200 ] && t_ok ipmi-credentials-log-in || t_fail ipmi-credentials-log-in "$code"
t_wait_for 20 orch_answers 198.18.0.122 && ! ip netns exec "$T_NSB" ss -Htln 'src 198.18.0.122:443' | grep -q . \
    && t_ok redfish-off-bmc-has-no-listener || t_fail redfish-off-bmc-has-no-listener
# libmicrohttpd and GnuTLS are loaded by a BMC that serves Redfish, not by every ipmi_sim
# (module/redfish/rf_libs.h: they cost each start ~1.5 ms of CPU).
maps_of() { cat "/proc/$(orch_sim_pid "$1")/maps" 2>/dev/null; }
maps_of 121 | grep -q '/libmicrohttpd\.so' && maps_of 121 | grep -q '/libgnutls\.so' && [ -n "$(maps_of 122)" ] \
    && ! maps_of 122 | grep -qE '/lib(microhttpd|gnutls)\.so' && t_ok redfish-libraries-only-where-served \
    || t_fail redfish-libraries-only-where-served "$(maps_of 122 | grep -E 'microhttpd|gnutls')"

show=$(mb show 121)
fp=$(rf_fingerprint "$ca")
grep -q '^Redfish  *https://198.18.0.121/redfish/v1' <<<"$show" && grep -q "SHA-256     $fp" <<<"$show" \
    && t_ok show-url-and-fingerprint || t_fail show-url-and-fingerprint "$show / $fp"
seen=$(ip netns exec "$T_NSC" openssl s_client -connect 198.18.0.121:443 </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256 | sed 's/^.*=//')
[ "$seen" = "$fp" ] && t_ok fingerprint-is-what-clients-see || t_fail fingerprint-is-what-clients-see "$seen"
mb show 122 | grep -q '^Redfish  *off' && t_ok show-redfish-off || t_fail show-redfish-off "$(mb show 122)"
[ "$(mb show --json 121 | rf_json redfish/fingerprint)" = "$fp" ] && t_ok show-json-fingerprint || t_fail show-json-fingerprint

# Virtual media shows in `multibmc status`.
mkdir -p "$T_DIR/www" && truncate -s 1M "$T_DIR/www/x.iso"
rf_httpd "$T_DIR/www" 8080
code=$(ip netns exec "$T_NSC" curl -s --max-time 30 --cacert "$ca" -o "$T_DIR/ins.out" -w '%{http_code}' -u "$T_USER:$T_PASS" \
    -d '{"Image":"http://198.18.0.2:8080/x.iso"}' \
    https://198.18.0.121/redfish/v1/Managers/1/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia)
[ "$code" = 204 ] && t_ok insert-media || t_fail insert-media "$code $(cat "$T_DIR/ins.out")"
status_shows() { mb status | grep -q 'virtual media: http://198.18.0.2:8080/x.iso'; }
t_wait_for 10 status_shows && t_ok status-shows-media || t_fail status-shows-media "$(mb status)"
[ "$(mb status --json | rf_json bmcs/0/state/media)" = http://198.18.0.2:8080/x.iso ] && t_ok status-json-media \
    || t_fail status-json-media "$(mb status --json)"
ip netns exec "$T_NSC" curl -s --max-time 30 --cacert "$ca" -o /dev/null -u "$T_USER:$T_PASS" -X POST \
    https://198.18.0.121/redfish/v1/Managers/1/VirtualMedia/Cd/Actions/VirtualMedia.EjectMedia
t_wait_for 10 bash -c "! ip netns exec $T_NSB $T_MB -c $ORCH_CFG status | grep -q 'virtual media'" \
    && t_ok status-media-gone-after-eject || t_fail status-media-gone-after-eject "$(mb status)"

t_done
