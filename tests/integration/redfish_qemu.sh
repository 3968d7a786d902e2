#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Redfish beside IPMI on a local-QEMU BMC, driven by the real clients: curl (service root,
# Basic and session auth, ETags, error bodies, Connection: close), python3-sushy (Ironic's
# library: power, boot override, virtual media found through Links.ManagedBy), redfishtool
# and fence_redfish, over HTTPS verified with the BMC's own certificate. One state for both
# protocols: what Redfish sets, ipmitool reads back (boot flags e0/c0/a0/80) and the reverse,
# and the event log records Redfish's power actions and override boots as it records IPMI's.
# Privileges (a USER account may read, not change), the login lockout IPMI and Redfish share,
# the certificate kept across restarts, a VM without the CD-ROM drive, the backend gone,
# hostile requests, and IPMI answering while Redfish clients stall.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/qemu.sh"
. "$(dirname "$0")/../lib/redfish.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }

IP=198.18.0.10
IP2=198.18.0.11
VM_UUID=3f2a7c1e-5b6d-4e8f-9a0b-1c2d3e4f5a6b
SUSHY="$T_PY $T_TOP/tests/lib/redfish_sushy.py"
# requests lets REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE from the environment override the CA file
# sushy gives it: unset them so the BMC's certificate is the one verified.
sushy() { ip netns exec "$T_NSC" env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE $SUSHY "https://$IP/redfish/v1" "$T_USER" "$T_PASS" "$(rf_ca bmc)" "$@"; }
qstatus() { t_qmp vm query-status | "$T_PY" -c 'import json,sys; print(json.load(sys.stdin)["status"])'; }
vm_running() { [ "$(qstatus)" = running ]; }
vm_stopped() { [ "$(qstatus)" != running ]; }
power_is() { [ "$(rf_get bmc $IP /redfish/v1/Systems/1 | rf_json PowerState)" = "$1" ]; }

t_qemu_start vm -uuid $VM_UUID || { t_fail qemu-start; t_done; }
t_qemu_start vm2 || { t_fail qemu-start-2; t_done; }
t_bmc_start bmc $IP "backend=qmp qmp=$T_DIR/vm.vm/qmp.sock poll-ms=500 redfish-addr=$IP lockout-seconds=15" \
    || { t_fail bmc-start; t_done; }
# The second VM's BMC looks for a CD-ROM drive the VM does not have.
t_bmc_start bmc2 $IP2 "backend=qmp qmp=$T_DIR/vm2.vm/qmp.sock redfish-addr=$IP2 cdrom=nocd" \
    || { t_fail bmc2-start; t_done; }
t_wait_for 10 test -s "$(rf_ca bmc)" && t_ok certificate-created || t_fail certificate-created
t_wait_for 10 bash -c "grep -q 'CD-ROM drive' '$T_DIR/bmc/module.log'"

# ---- the service root is public; TLS verifies against the BMC's own certificate (SAN = IP)
root=$(rf_curl bmc $IP "https://$IP/redfish/v1/")
[ "$(rf_json RedfishVersion <<<"$root")" != "" ] && [ "$(rf_json Links/Sessions/@odata.id <<<"$root")" = /redfish/v1/SessionService/Sessions ] \
    && t_ok service-root-public-tls-verified || t_fail service-root-public-tls-verified "$root"
[ "$(rf_curl bmc $IP "https://$IP/redfish" | rf_json v1)" = /redfish/v1/ ] && t_ok version-document || t_fail version-document
ip netns exec "$T_NSC" openssl x509 -in "$(rf_ca bmc)" -noout -ext subjectAltName 2>/dev/null | grep -q "IP Address:$IP" \
    && t_ok certificate-names-bmc-ip || t_fail certificate-names-bmc-ip
[ "$(stat -c %a "$T_DIR/bmc/state/redfish-key.pem")" = 600 ] && t_ok private-key-0600 || t_fail private-key-0600

# ---- authentication
rf_req bmc $IP GET /redfish/v1/Systems/1 -H "X-No-Credentials: 1"
[ "$(rf_status)" = 401 ] && [ "$(rf_msgid)" = NoValidSession ] && rf_header WWW-Authenticate | grep -q Basic \
    && t_ok unauthenticated-401 || t_fail unauthenticated-401 "$(rf_status) $(rf_body)"
rf_req bmc $IP GET /redfish/v1/Systems/1
sys=$(rf_body)
[ "$(rf_status)" = 200 ] && [ "$(rf_json PowerState <<<"$sys")" = Off ] && t_ok basic-auth-power-off \
    || t_fail basic-auth-power-off "$(rf_status) $sys"
[ -n "$(rf_header ETag)" ] && [ "$(rf_header ETag)" = "$(rf_json @odata.etag <<<"$sys")" ] && t_ok etag-header-matches-body \
    || t_fail etag-header-matches-body "$(rf_header ETag)"
# UUID: the VM's SMBIOS UUID (what IPMI's mc guid gives); none for a VM started without -uuid.
uuid_is() { [ "$(rf_get bmc $IP /redfish/v1/Systems/1 | rf_json UUID)" = "$VM_UUID" ]; }
t_wait_for 10 uuid_is && [ "$(rf_get bmc2 $IP2 /redfish/v1/Systems/1 | rf_json UUID)" = null ] \
    && t_ipmitool $IP mc guid | grep -q "System GUID *: $VM_UUID" && t_ok system-uuid-is-smbios-uuid \
    || t_fail system-uuid-is-smbios-uuid "$(rf_get bmc $IP /redfish/v1/Systems/1 | rf_json UUID)"
[ "$(rf_json Links/ManagedBy/0/@odata.id <<<"$sys")" = /redfish/v1/Managers/1 ] && \
    [ "$(rf_json 'Actions/#ComputerSystem.Reset/ResetType@Redfish.AllowableValues' <<<"$sys")" = \
      '["On", "ForceOn", "ForceOff", "GracefulShutdown", "GracefulRestart", "ForceRestart", "Nmi", "PowerCycle", "PushPowerButton"]' ] \
    && [ "$(rf_get bmc $IP /redfish/v1/Systems/1/ResetActionInfo | rf_json Parameters/0/AllowableValues | "$T_PY" -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 9 ] \
    && t_ok reset-allowable-values-and-actioninfo || t_fail reset-allowable-values-and-actioninfo "$sys"

# Sessions: POST -> 201 + X-Auth-Token + Location; the token works; DELETE ends it.
rf_req bmc $IP POST /redfish/v1/SessionService/Sessions -H 'Content-Type: application/json' \
    -d "{\"UserName\":\"$T_USER\",\"Password\":\"$T_PASS\"}"
tok=$(rf_header X-Auth-Token); loc=$(rf_header Location)
[ "$(rf_status)" = 201 ] && [ ${#tok} = 64 ] && [ "$(rf_json Id "$T_DIR/rf.body")" != "" ] && [[ $loc == /redfish/v1/SessionService/Sessions/* ]] \
    && t_ok session-created || t_fail session-created "$(rf_status) $(rf_hdrs)"
rf_req bmc $IP GET /redfish/v1/Chassis/1 -H "X-Auth-Token: $tok"
[ "$(rf_status)" = 200 ] && t_ok session-token-works || t_fail session-token-works "$(rf_status)"
rf_req bmc $IP DELETE "$loc" -H "X-Auth-Token: $tok"
[ "$(rf_status)" = 204 ] && t_ok session-deleted || t_fail session-deleted "$(rf_status) $(rf_body)"
rf_req bmc $IP GET /redfish/v1/Chassis/1 -H "X-Auth-Token: $tok"
[ "$(rf_status)" = 401 ] && t_ok session-token-dead-after-delete || t_fail session-token-dead-after-delete "$(rf_status)"

# Connection: close is honoured: the reply says so and the server closes (curl 7.88 says
# "Closing connection", curl 8.14 "shutting down connection").
out=$(rf_curl bmc $IP -v -u "$T_USER:$T_PASS" -H 'Connection: close' "https://$IP/redfish/v1/Systems/1" -o /dev/null 2>&1)
grep -qi '^< connection: close' <<<"$out" && grep -qi 'closing connection\|shutting down connection' <<<"$out" \
    && ! grep -qi 'left intact' <<<"$out" && t_ok connection-close-honoured || t_fail connection-close-honoured "$out"
# Keep-alive otherwise: two requests, one TLS connection (curl 8.14: "Re-using existing https:
# connection").
out=$(rf_curl bmc $IP -v -u "$T_USER:$T_PASS" "https://$IP/redfish/v1/" "https://$IP/redfish/v1/Systems" -o /dev/null -o /dev/null 2>&1)
grep -qi 're-using existing \(https: \)\?connection\|reusing existing connection' <<<"$out" && t_ok keep-alive-reused \
    || t_fail keep-alive-reused "$(grep -i connect <<<"$out" | head -5)"

# ---- errors: Redfish bodies with Base registry MessageIds and the right status
rf_req bmc $IP PATCH /redfish/v1/Systems/1 -H 'Content-Type: application/json' -u "$T_USER:$T_PASS" \
    -d '{"Boot":{"BootSourceOverrideTarget":"Pxe"},"Frobnicate":1}'
[ "$(rf_status)" = 400 ] && [ "$(rf_msgid)" = PropertyUnknown ] && t_ok patch-unknown-property-400 \
    || t_fail patch-unknown-property-400 "$(rf_status) $(rf_body)"
[ "$(rf_get bmc $IP /redfish/v1/Systems/1 | rf_json Boot/BootSourceOverrideEnabled)" = Disabled ] \
    && t_ok patch-with-error-changes-nothing || t_fail patch-with-error-changes-nothing
rf_req bmc $IP PATCH /redfish/v1/Systems/1 -u "$T_USER:$T_PASS" -d '{"Boot":'
[ "$(rf_status)" = 400 ] && [ "$(rf_msgid)" = MalformedJSON ] && t_ok malformed-json-400 || t_fail malformed-json-400 "$(rf_status) $(rf_body)"
rf_req bmc $IP PATCH /redfish/v1/Systems/1 -u "$T_USER:$T_PASS" -H 'If-Match: "0123456789abcdef"' \
    -d '{"Boot":{"BootSourceOverrideTarget":"Pxe","BootSourceOverrideEnabled":"Once"}}'
[ "$(rf_status)" = 412 ] && [ "$(rf_msgid)" = PreconditionFailed ] && t_ok if-match-mismatch-412 || t_fail if-match-mismatch-412 "$(rf_status)"
etag=$(rf_curl bmc $IP -u "$T_USER:$T_PASS" -D - -o /dev/null "https://$IP/redfish/v1/Systems/1" | tr -d '\r' | sed -n 's/^ETag: //Ip')
rf_req bmc $IP PATCH /redfish/v1/Systems/1 -u "$T_USER:$T_PASS" -H "If-Match: $etag" \
    -d '{"Boot":{"BootSourceOverrideTarget":"Pxe","BootSourceOverrideEnabled":"Once"}}'
[ "$(rf_status)" = 200 ] && [ "$(rf_json Boot/BootSourceOverrideTarget "$T_DIR/rf.body")" = Pxe ] && t_ok if-match-current-200 \
    || t_fail if-match-current-200 "$(rf_status) $(rf_body)"
rf_req bmc $IP GET /redfish/v1/NoSuchThing
[ "$(rf_status)" = 404 ] && [ "$(rf_msgid)" = InvalidURI ] && t_ok unknown-uri-404 || t_fail unknown-uri-404 "$(rf_status)"
rf_req bmc $IP DELETE /redfish/v1/Systems/1
[ "$(rf_status)" = 405 ] && rf_header Allow | grep -q PATCH && t_ok method-not-allowed-405 || t_fail method-not-allowed-405 "$(rf_status)"
rf_req bmc $IP POST /redfish/v1/AccountService/Accounts -d '{"UserName":"x","Password":"y","RoleId":"Administrator"}'
[ "$(rf_status)" = 405 ] && t_ok accounts-read-only || t_fail accounts-read-only "$(rf_status)"
[ "$(rf_get bmc $IP /redfish/v1/AccountService/Accounts | rf_json Members@odata.count)" = 3 ] && \
    [ "$(rf_get bmc $IP /redfish/v1/AccountService/Accounts/4 | rf_json RoleId)" = ReadOnly ] \
    && t_ok accounts-are-ipmi-users || t_fail accounts-are-ipmi-users "$(rf_get bmc $IP /redfish/v1/AccountService/Accounts)"

# ---- privileges: the IPMI USER account (viewer) reads, but may not reset or PATCH
rf_req bmc $IP GET /redfish/v1/Systems/1 -u viewer:viewpass
[ "$(rf_status)" = 200 ] && t_ok user-account-reads || t_fail user-account-reads "$(rf_status)"
rf_req bmc $IP POST /redfish/v1/Systems/1/Actions/ComputerSystem.Reset -u viewer:viewpass -d '{"ResetType":"On"}'
[ "$(rf_status)" = 403 ] && [ "$(rf_msgid)" = InsufficientPrivilege ] && t_ok user-account-reset-403 \
    || t_fail user-account-reset-403 "$(rf_status) $(rf_body)"
rf_req bmc $IP PATCH /redfish/v1/Systems/1 -u viewer:viewpass -d '{"Boot":{"BootSourceOverrideTarget":"Hdd"}}'
[ "$(rf_status)" = 403 ] && t_ok user-account-patch-403 || t_fail user-account-patch-403 "$(rf_status)"
sleep 1; vm_stopped && t_ok user-account-did-nothing || t_fail user-account-did-nothing "$(qstatus)"
rf_req bmc $IP POST /redfish/v1/Systems/1/Actions/ComputerSystem.Reset -u operator:operpass -d '{"ResetType":"Nmi"}'
[ "$(rf_status)" = 409 ] && [ "$(rf_msgid)" = ChassisPowerStateOnRequired ] && t_ok nmi-while-off-409 || t_fail nmi-while-off-409 "$(rf_status) $(rf_body)"

# ---- power: Redfish and IPMI see and change the same state
rf_req bmc $IP POST /redfish/v1/Systems/1/Actions/ComputerSystem.Reset -u operator:operpass -d '{"ResetType":"On"}'
[ "$(rf_status)" = 204 ] && t_wait_for 20 vm_running && t_ok reset-on-runs-vm || t_fail reset-on-runs-vm "$(rf_status) $(qstatus)"
t_ipmitool $IP power status | grep -q 'is on' && t_ok ipmi-sees-redfish-power-on || t_fail ipmi-sees-redfish-power-on
t_ipmitool $IP power off >/dev/null
t_wait_for 20 power_is Off && t_ok redfish-sees-ipmi-power-off || t_fail redfish-sees-ipmi-power-off

# ---- boot override, both ways (the EFI bit is BootSourceOverrideMode)
t_ipmitool $IP chassis bootdev pxe options=persistent,efiboot >/dev/null
b=$(rf_get bmc $IP /redfish/v1/Systems/1)
[ "$(rf_json Boot/BootSourceOverrideEnabled <<<"$b")/$(rf_json Boot/BootSourceOverrideTarget <<<"$b")/$(rf_json Boot/BootSourceOverrideMode <<<"$b")" = Continuous/Pxe/UEFI ] \
    && t_ok ipmi-bootdev-read-by-redfish || t_fail ipmi-bootdev-read-by-redfish "$(rf_json Boot <<<"$b")"
bp5() { t_ipmitool $IP chassis bootparam get 5 | sed -n 's/^Boot parameter data: //p'; }
patch_boot() { rf_req bmc $IP PATCH /redfish/v1/Systems/1 -H 'Content-Type: application/json' -d "{\"Boot\":{$1}}"; [ "$(rf_status)" = 200 ]; }
patch_boot '"BootSourceOverrideTarget":"Cd","BootSourceOverrideMode":"Legacy"' && [ "$(bp5)" = c014000000 ] \
    && t_ok redfish-continuous-legacy-is-c0 || t_fail redfish-continuous-legacy-is-c0 "$(rf_status) $(bp5)"
patch_boot '"BootSourceOverrideEnabled":"Continuous","BootSourceOverrideMode":"UEFI"' && [ "$(bp5)" = e014000000 ] \
    && t_ok redfish-continuous-uefi-is-e0 || t_fail redfish-continuous-uefi-is-e0 "$(bp5)"
patch_boot '"BootSourceOverrideEnabled":"Once"' && [ "$(bp5)" = a014000000 ] && t_ok redfish-once-uefi-is-a0 || t_fail redfish-once-uefi-is-a0 "$(bp5)"
patch_boot '"BootSourceOverrideMode":"Legacy","BootSourceOverrideTarget":"Hdd"' && [ "$(bp5)" = 8008000000 ] \
    && t_ok redfish-once-legacy-is-80 || t_fail redfish-once-legacy-is-80 "$(bp5)"
patch_boot '"BootSourceOverrideEnabled":"Disabled"' && [ "$(( 0x$(bp5 | cut -c1-2) & 0x80 ))" = 0 ] \
    && t_ok redfish-disabled-clears-valid || t_fail redfish-disabled-clears-valid "$(bp5)"

# ---- sushy (Ironic's library), with sessions and certificate verification
st=$(sushy state 2>"$T_DIR/sushy.err")
[ "$(rf_json power <<<"$st")" = Off ] && [ "$(rf_json managers <<<"$st")" = '["1"]' ] \
    && [ "$(rf_json vmedia/0/media_types <<<"$st")" = '["CD", "DVD"]' ] && [ "$(rf_json vmedia/0/id <<<"$st")" = Cd ] \
    && t_ok sushy-state-and-vmedia-via-managedby || t_fail sushy-state-and-vmedia-via-managedby "$st $(cat "$T_DIR/sushy.err")"
grep -q 'redfish: admin@198.18.0.2 session created' "$T_DIR/bmc/module.log" && t_ok sushy-used-a-session || t_fail sushy-used-a-session
sushy reset On 2>>"$T_DIR/sushy.err" && t_wait_for 20 vm_running && t_ok sushy-power-on || t_fail sushy-power-on "$(cat "$T_DIR/sushy.err")"
sushy reset ForceOff 2>>"$T_DIR/sushy.err" && t_wait_for 20 vm_stopped && t_ok sushy-power-off || t_fail sushy-power-off "$(cat "$T_DIR/sushy.err")"
sushy boot Pxe Continuous Legacy 2>>"$T_DIR/sushy.err" && sushy boot Cd Continuous Legacy 2>>"$T_DIR/sushy.err"
st=$(sushy state 2>>"$T_DIR/sushy.err")
# Ironic's second call carried no Enabled (it did not change): Continuous stays.
[ "$(rf_json boot_enabled <<<"$st")/$(rf_json boot_target <<<"$st")/$(rf_json boot_mode <<<"$st")" = Continuous/Cd/Legacy ] \
    && [ "$(bp5)" = c014000000 ] && t_ok sushy-boot-override-keeps-continuous || t_fail sushy-boot-override-keeps-continuous "$st $(bp5)"
sushy boot Cd Once UEFI 2>>"$T_DIR/sushy.err" && [ "$(bp5)" = a014000000 ] && t_ok sushy-boot-once-uefi || t_fail sushy-boot-once-uefi "$(bp5)"

# ---- virtual media (sushy and curl); the image server is busybox httpd on the client side
mkdir -p "$T_DIR/www" && truncate -s 2M "$T_DIR/www/boot.iso"
rf_httpd "$T_DIR/www" 8080 || t_fail httpd-start
URL=http://198.18.0.2:8080/boot.iso
s=$(t_now_ms)
sushy insert "$URL" 2>>"$T_DIR/sushy.err" && t_ok sushy-insert-media || t_fail sushy-insert-media "$(cat "$T_DIR/sushy.err")"
t_log "InsertMedia round trip (sushy, incl. session): $(( $(t_now_ms) - s )) ms"
cd=$(rf_get bmc $IP /redfish/v1/Managers/1/VirtualMedia/Cd)
[ "$(rf_json Inserted <<<"$cd")" = true ] && [ "$(rf_json Image <<<"$cd")" = "$URL" ] && [ "$(rf_json ConnectedVia <<<"$cd")" = URI ] \
    && t_ok vmedia-shows-inserted || t_fail vmedia-shows-inserted "$cd"
t_qmp vm query-block | grep -q "\"file\": \"$URL\"" && t_ok qemu-cd0-has-image || t_fail qemu-cd0-has-image "$(t_qmp vm query-block)"
vm_stopped && t_ok insert-does-not-power-on || t_fail insert-does-not-power-on "$(qstatus)"
rf_req bmc $IP POST /redfish/v1/Managers/1/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia -d '{"Image":"http://198.18.0.2:8080/other.iso"}'
[ "$(rf_status)" = 409 ] && [ "$(rf_msgid)" = ResourceInUse ] && t_ok insert-over-other-image-409 || t_fail insert-over-other-image-409 "$(rf_status) $(rf_body)"
sushy eject 2>>"$T_DIR/sushy.err" && [ "$(rf_get bmc $IP /redfish/v1/Managers/1/VirtualMedia/Cd | rf_json Inserted)" = false ] \
    && ! t_qmp vm query-block | grep -q "\"file\": \"$URL\"" && t_ok sushy-eject-media || t_fail sushy-eject-media "$(cat "$T_DIR/sushy.err")"
rf_req bmc $IP POST /redfish/v1/Managers/1/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia -d '{"Image":"http://198.18.0.2:8080/missing.iso"}'
[ "$(rf_status)" = 400 ] && [ "$(rf_msgid)" = CouldNotEstablishConnection ] && rf_body | grep -q 404 \
    && t_ok insert-missing-image-400 || t_fail insert-missing-image-400 "$(rf_status) $(rf_body)"
rf_req bmc $IP POST /redfish/v1/Managers/1/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia -d '{"Image":"file:///etc/shadow"}'
[ "$(rf_status)" = 400 ] && rf_body | grep -q 'Local images are disabled' && t_ok insert-local-file-refused || t_fail insert-local-file-refused "$(rf_status) $(rf_body)"
rf_req bmc2 $IP2 POST /redfish/v1/Managers/1/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia -d "{\"Image\":\"$URL\"}"
[ "$(rf_status)" = 409 ] && [ "$(rf_msgid)" = ResourceNotFound ] && rf_body | grep -q "'nocd'" \
    && t_ok vm-without-cdrom-clear-error || t_fail vm-without-cdrom-clear-error "$(rf_status) $(rf_body)"
[ "$(rf_get bmc2 $IP2 /redfish/v1/Managers/1/VirtualMedia/Cd | rf_json Status/State)" = Absent ] && t_ok vm-without-cdrom-absent \
    || t_fail vm-without-cdrom-absent

# Insert then power on at once: the medium is in place before the boot (QMP keeps the order).
rf_req bmc $IP POST /redfish/v1/Managers/1/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia -d "{\"Image\":\"$URL\"}"
rf_req bmc $IP POST /redfish/v1/Systems/1/Actions/ComputerSystem.Reset -d '{"ResetType":"On"}'
t_wait_for 20 vm_running && t_qmp vm query-block | grep -q "\"file\": \"$URL\"" && t_ok insert-then-power-on-ordered \
    || t_fail insert-then-power-on-ordered "$(qstatus)"
rf_req bmc $IP POST /redfish/v1/Managers/1/VirtualMedia/Cd/Actions/VirtualMedia.EjectMedia
[ "$(rf_status)" = 204 ] && t_ok curl-eject || t_fail curl-eject "$(rf_status) $(rf_body)"

# ---- redfishtool (DMTF)
rft() { timeout 60 ip netns exec "$T_NSC" redfishtool -r "$IP" -u "$T_USER" -p "$T_PASS" -S Always "$@"; }
out=$(rft Systems -I 1 get 2>&1)
grep -q '"PowerState": "On"' <<<"$out" && t_ok redfishtool-get || t_fail redfishtool-get "$out"
rft Systems -I 1 reset ForceOff >/dev/null 2>&1 && t_wait_for 20 vm_stopped && t_ok redfishtool-reset || t_fail redfishtool-reset
once_pxe() { local b; b=$(bp5); [ $(( 0x${b:0:2} & 0xc0 )) = 128 ] && [ "${b:2:2}" = 04 ]; }
rft -A Session Systems -I 1 setBootOverride Once Pxe >/dev/null 2>"$T_DIR/rft.err" && once_pxe \
    && t_ok redfishtool-session-boot-override || t_fail redfishtool-session-boot-override "$(bp5) $(cat "$T_DIR/rft.err")"

# ---- fence_redfish (Pacemaker), certificate verified through REQUESTS_CA_BUNDLE
fence() { timeout 120 ip netns exec "$T_NSC" env REQUESTS_CA_BUNDLE="$(rf_ca bmc)" fence_redfish --ip "$IP" \
    --username "$T_USER" --password "$T_PASS" --power-wait 1 --power-timeout 30 "$@"; }
[ "$(fence --action status 2>&1)" = "Status: OFF" ] && t_ok fence-status-off || t_fail fence-status-off "$(fence --action status 2>&1)"
fence --action on >"$T_DIR/fence.out" 2>&1 && vm_running && t_ok fence-on || t_fail fence-on "$(cat "$T_DIR/fence.out")"
r0=$(t_event_count vm STOP)
fence --action reboot >"$T_DIR/fence.out" 2>&1 && vm_running && [ "$(t_event_count vm STOP)" -gt "$r0" ] \
    && t_ok fence-reboot-off-then-on || t_fail fence-reboot-off-then-on "$(cat "$T_DIR/fence.out")"
fence --action off >"$T_DIR/fence.out" 2>&1 && vm_stopped && t_ok fence-off || t_fail fence-off "$(cat "$T_DIR/fence.out")"

# ---- one chassis layer: Redfish actions leave the event-log entries IPMI's would
sel() { t_ipmitool $IP sel elist 2>/dev/null; }
sel_has() { sel | grep -q "$1"; }
t_ipmitool $IP sel clear >/dev/null
t_wait_for 5 bash -c "! ip netns exec $T_NSC ipmitool -I lanplus -H $IP -U $T_USER -P $T_PASS sel elist 2>/dev/null | grep -q '|'"
patch_boot '"BootSourceOverrideTarget":"Pxe","BootSourceOverrideEnabled":"Once","BootSourceOverrideMode":"Legacy"'
rf_req bmc $IP POST /redfish/v1/Systems/1/Actions/ComputerSystem.Reset -d '{"ResetType":"On"}'
t_wait_for 20 vm_running && t_wait_for 20 sel_has 'User requested PXE boot' && t_wait_for 10 sel_has 'S0/G0: working' \
    && t_ok sel-redfish-on-with-pxe-override || t_fail sel-redfish-on-with-pxe-override "$(sel)"
rf_req bmc $IP POST /redfish/v1/Systems/1/Actions/ComputerSystem.Reset -d '{"ResetType":"ForceRestart"}'
t_wait_for 10 sel_has 'Initiated by hard reset' && t_ok sel-redfish-force-restart || t_fail sel-redfish-force-restart "$(sel)"
rf_req bmc $IP POST /redfish/v1/Systems/1/Actions/ComputerSystem.Reset -d '{"ResetType":"ForceOff"}'
t_wait_for 20 vm_stopped && t_wait_for 10 bash -c "ip netns exec $T_NSC ipmitool -I lanplus -H $IP -U $T_USER -P $T_PASS sel elist 2>/dev/null | tail -1 | grep -q 'S5: entered by override'" \
    && [ "$(sel | grep -c '|')" = 4 ] && t_ok sel-redfish-force-off || t_fail sel-redfish-force-off "$(sel)"
grep -q 'power reset requested over Redfish' "$T_DIR/bmc/module.log" && t_ok power-origin-redfish-logged \
    || t_fail power-origin-redfish-logged "$(grep 'requested over' "$T_DIR/bmc/module.log" | tail -3)"

# ---- the login lockout is shared: failed Redfish logins lock the address out of IPMI too
t_netns_add_client 198.18.0.3 || t_fail second-client
for i in 1 2 3 4 5; do
    ip netns exec "$T_NSF" curl -sk -o /dev/null -u "$T_USER:wrong" "https://$IP/redfish/v1/Systems/1"
done
code=$(ip netns exec "$T_NSF" curl -sk -o "$T_DIR/lock.body" -w '%{http_code}' -u "$T_USER:$T_PASS" "https://$IP/redfish/v1/Systems/1")
[ "$code" = 401 ] && grep -q 'locked out' "$T_DIR/lock.body" && t_ok redfish-lockout-refuses-right-password \
    || t_fail redfish-lockout-refuses-right-password "$code $(cat "$T_DIR/lock.body")"
timeout 20 ip netns exec "$T_NSF" ipmitool -I lanplus -C 3 -N 1 -R 1 -H "$IP" -U "$T_USER" -P "$T_PASS" mc info >/dev/null 2>&1 \
    && t_fail lockout-shared-with-ipmi "IPMI login from the locked address succeeded" || t_ok lockout-shared-with-ipmi
t_ipmitool $IP mc info >/dev/null && [ "$(rf_req bmc $IP GET /redfish/v1/; rf_status)" = 200 ] \
    && t_ok other-source-not-locked || t_fail other-source-not-locked
grep -q 'failed logins from 198.18.0.3 .*Redfish' "$T_DIR/bmc/module.log" && t_ok lockout-logged || t_fail lockout-logged
ipmi_from_f() { timeout 10 ip netns exec "$T_NSF" ipmitool -I lanplus -C 3 -N 1 -R 1 -H "$IP" -U "$T_USER" -P "$T_PASS" mc info >/dev/null 2>&1; }
t_wait_for 40 ipmi_from_f && t_ok lockout-expires || t_fail lockout-expires

# ---- IPMI is never blocked by Redfish clients: 20 connections (from another address) that
# stall before the TLS handshake; 16 are held (the per-address limit), the rest closed.
for i in $(seq 1 20); do
    t_bg stall$i ip netns exec "$T_NSF" socat -u "EXEC:sleep 60" "TCP:$IP:443"
done
sleep 1
s=$(t_now_ms)
t_ipmitool $IP power status >/dev/null && t_ok ipmi-answers-while-redfish-stalls || t_fail ipmi-answers-while-redfish-stalls
t_log "ipmitool power status with 20 stalled TLS connections: $(( $(t_now_ms) - s )) ms"
[ "$(rf_get bmc $IP /redfish/v1/Systems/1 | rf_json Id)" = 1 ] && t_ok redfish-answers-while-others-stall || t_fail redfish-answers-while-others-stall

# ---- hostile input: garbage, no TLS, huge body, long URL; ipmi_sim stays up
ip netns exec "$T_NSC" bash -c "head -c 65536 /dev/urandom | timeout 5 socat -u - TCP:$IP:443" 2>/dev/null
ip netns exec "$T_NSC" bash -c "printf 'GET / HTTP/1.1\r\nHost: x\r\n\r\n' | timeout 5 socat - TCP:$IP:443" >/dev/null 2>&1
head -c 300000 /dev/zero | tr '\0' a >"$T_DIR/big.json"
rf_req bmc $IP PATCH /redfish/v1/Systems/1 --data-binary @"$T_DIR/big.json"
[ "$(rf_status)" = 413 ] && t_ok huge-body-413 || t_fail huge-body-413 "$(rf_status)"
rf_req bmc $IP GET "/redfish/v1/$(head -c 3000 /dev/zero | tr '\0' x)"
case $(rf_status) in 404|414|431) t_ok long-url-refused ;; *) t_fail long-url-refused "$(rf_status)" ;; esac
kill -0 "$(t_sim_pid bmc)" && t_ipmitool $IP power status >/dev/null && t_ok ipmi-sim-survives-hostile-http || t_fail ipmi-sim-survives-hostile-http

# ---- the certificate: stable across a restart; the second BMC has its own
fp1=$(rf_fingerprint "$(rf_ca bmc)")
fp2=$(rf_fingerprint "$(rf_ca bmc2)")
[ -n "$fp1" ] && [ "$fp1" != "$fp2" ] && t_ok each-bmc-own-certificate || t_fail each-bmc-own-certificate "$fp1 $fp2"
kill "$(t_sim_pid bmc)"; t_wait_for 10 bash -c "! kill -0 $(t_sim_pid bmc) 2>/dev/null"
t_bmc_start bmc $IP "backend=qmp qmp=$T_DIR/vm.vm/qmp.sock poll-ms=500 redfish-addr=$IP" || t_fail bmc-restart
[ "$(rf_fingerprint "$(rf_ca bmc)")" = "$fp1" ] && [ "$(rf_get bmc $IP /redfish/v1/Systems/1 | rf_json Id)" = 1 ] \
    && t_ok certificate-kept-across-restart || t_fail certificate-kept-across-restart

# ---- libmicrohttpd unusable (a library of that name without its functions): the BMC refuses
# to start with Redfish and says which library and why, instead of crashing at a request.
mkdir -p "$T_DIR/badlib"
echo 'int not_microhttpd;' | cc -shared -x c -o "$T_DIR/badlib/libmicrohttpd.so.12" - \
    || t_log "cannot build the stand-in library"
T_SIM_WRAPPER="env LD_LIBRARY_PATH=$T_DIR/badlib ${T_SIM_WRAPPER:-}" T_BMC_TIMEOUT=3 \
    t_bmc_start badlib 198.18.0.12 "backend=qmp qmp=$T_DIR/none.sock redfish-addr=198.18.0.12" 2>/dev/null \
    && t_fail redfish-library-unusable-refused "it started" || {
    t_wait_for 10 bash -c "! kill -0 $(t_sim_pid badlib) 2>/dev/null"
    grep -q 'refusing to start: Redfish: libmicrohttpd.so.12 has no MHD_' "$T_DIR/badlib/module.log" \
        && t_ok redfish-library-unusable-refused \
        || t_fail redfish-library-unusable-refused "$(cat "$T_DIR/badlib/module.log")"; }

# ---- the backend gone (QEMU killed): what a client sees
kill "$(t_qemu_pid vm2)"
t_wait_for 10 bash -c "grep -q 'QEMU is not running' '$T_DIR/bmc2/module.log'"
rf_req bmc2 $IP2 GET /redfish/v1/Systems/1
t_log "backend down: GET Systems/1 -> $(rf_status): PowerState $(rf_json PowerState "$T_DIR/rf.body"), Status $(rf_json Status "$T_DIR/rf.body")"
[ "$(rf_status)" = 200 ] && [ "$(rf_json Status/Health "$T_DIR/rf.body")" = Warning ] && t_ok backend-down-get-shows-warning \
    || t_fail backend-down-get-shows-warning "$(rf_body)"
rf_req bmc2 $IP2 POST /redfish/v1/Systems/1/Actions/ComputerSystem.Reset -d '{"ResetType":"On"}'
t_log "backend down: Reset On -> $(rf_status) Retry-After $(rf_header Retry-After): $(rf_body)"
[ "$(rf_status)" = 503 ] && [ "$(rf_msgid)" = ServiceTemporarilyUnavailable ] && [ -n "$(rf_header Retry-After)" ] \
    && t_ok backend-down-reset-503 || t_fail backend-down-reset-503 "$(rf_status) $(rf_body)"
rf_req bmc2 $IP2 POST /redfish/v1/Managers/1/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia -d "{\"Image\":\"$URL\"}"
t_log "backend down: InsertMedia -> $(rf_status): $(rf_body)"
[ "$(rf_status)" = 503 ] && t_ok backend-down-insert-503 || t_fail backend-down-insert-503 "$(rf_status) $(rf_body)"

t_done
