#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Virtual media on a Proxmox BMC, end to end against the fake Proxmox API, which really fetches
# the image from an HTTP server on the client side (busybox httpd, 198.18.0.2): sushy and
# redfishtool insert and eject; the image lands in the ISO storage (its SHA-256 is the served
# file's), the VM's ide2 holds it and gets its previous value back at the eject; a one-shot Cd
# boots it first; the download is removed after the retention, the storage's other images
# never; a power-on (IPMI or Redfish) during a slow download waits for the medium; the
# restarted BMC still knows what it inserted; and the errors a client sees: a 404 and an
# unreachable image server, a checksum mismatch, a storage without ISO content, a VM without a
# CD-ROM drive, missing privileges (named in the body and logged once), the Proxmox API down
# before and during a download.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/fakepve.sh"
. "$(dirname "$0")/../lib/redfish.sh"
. "$(dirname "$0")/../lib/orch.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
pve_start || { t_fail fakepve-start; t_done; }
IP=198.18.0.42
RETENTION=3
OPTS="ca-file=$PVE_CA redfish-addr=$IP iso-storage=isos media-retention=$RETENTION"
pve_bmc_start vm $IP "$OPTS" || { t_fail bmc-start; t_done; }
t_wait_for 10 grep -q 'power state is now' "$T_DIR/vm/module.log" || t_fail first-poll

mkdir -p "$T_DIR/www"
head -c $((2 * 1024 * 1024)) /dev/urandom >"$T_DIR/www/boot.iso"
head -c $((6 * 1024 * 1024)) /dev/urandom >"$T_DIR/www/big.iso"
rf_httpd "$T_DIR/www" 8080 || t_fail httpd-start
URL=http://198.18.0.2:8080/boot.iso
BOOT_SHA=$(sha256sum "$T_DIR/www/boot.iso" | cut -d' ' -f1)

sushy() { ip netns exec "$T_NSC" env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE "$T_PY" "$T_TOP/tests/lib/redfish_sushy.py" \
    "https://$IP/redfish/v1" "$T_USER" "$T_PASS" "$(rf_ca vm)" "$@" 2>>"$T_DIR/sushy.err"; }
rft() { timeout 90 ip netns exec "$T_NSC" env REQUESTS_CA_BUNDLE="$(rf_ca vm)" redfishtool -r "$IP" \
    -u "$T_USER" -p "$T_PASS" -S Always -T 60 "$@"; }
INSERT=/redfish/v1/Managers/1/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia
EJECT=/redfish/v1/Managers/1/VirtualMedia/Cd/Actions/VirtualMedia.EjectMedia
cd_state() { rf_get vm $IP /redfish/v1/Managers/1/VirtualMedia/Cd; }
ide2() { pve_show 100 config.ide2; }
vm_is() { [ "$(pve_show 100 status)" = "$1" ]; }
volumes() { pve_ctl storage_show | "$T_PY" -c 'import json,sys; [print(v["volid"], v["node"], v["sha256"]) for v in json.load(sys.stdin)["volumes"]]'; }
ours() { volumes | grep -c '^isos:iso/mbmc-100-'; }
ipmi() { t_ipmitool "$IP" "$@"; }
DEBIAN="local:iso/debian.iso,media=cdrom"

# ---- sushy: download, attach, the VM stays off
[ "$(ide2)" = "$DEBIAN" ] && [ "$(cd_state | rf_json Inserted)" = false ] && [ "$(cd_state | rf_json Status/State)" = Enabled ] \
    && t_ok vmedia-empty-at-start || t_fail vmedia-empty-at-start "$(ide2) $(cd_state)"
s=$(t_now_ms)
sushy insert "$URL" && t_ok sushy-insert || t_fail sushy-insert "$(cat "$T_DIR/sushy.err")"
t_log "InsertMedia of a 2 MiB image (download + attach, sushy incl. session): $(( $(t_now_ms) - s )) ms"
vol=$(volumes | awk '$1 ~ /^isos:iso\/mbmc-100-[0-9]+-boot\.iso$/ { print $1 }')
[ -n "$vol" ] && volumes | grep -q "^$vol pve1 $BOOT_SHA\$" && t_ok downloaded-into-iso-storage \
    || t_fail downloaded-into-iso-storage "$(volumes)"
[ "$(ide2)" = "$vol,media=cdrom" ] && t_ok ide2-holds-the-image || t_fail ide2-holds-the-image "$(ide2)"
pve_reqs 'POST .*/nodes/pve1/storage/isos/download-url .*content=iso&filename=mbmc-100-[0-9]+-boot\.iso&url=http%3A%2F%2F198\.18\.0\.2%3A8080%2Fboot\.iso' \
    >/dev/null && t_ok download-url-request || t_fail download-url-request "$(pve_reqs download-url)"
cd=$(cd_state)
[ "$(rf_json Inserted <<<"$cd")" = true ] && [ "$(rf_json Image <<<"$cd")" = "$URL" ] && [ "$(rf_json ConnectedVia <<<"$cd")" = URI ] \
    && t_ok vmedia-shows-inserted || t_fail vmedia-shows-inserted "$cd"
vm_is stopped && ! pve_reqs 'status/start' >/dev/null && t_ok insert-does-not-power-on || t_fail insert-does-not-power-on
grep -q "^media=$URL\$" "$T_DIR/vm/status" && t_ok status-file-shows-media || t_fail status-file-shows-media "$(cat "$T_DIR/vm/status")"
sushy insert "$URL" && [ "$(volumes | grep -c mbmc-100-)" = 1 ] && t_ok insert-again-same-image-noop \
    || t_fail insert-again-same-image-noop "$(volumes)"

# ---- a one-shot Cd boots the medium first; the VM's own order comes back
m=$(pve_mark)
sushy boot Cd Once Legacy && sushy reset On && t_ok sushy-cd-once-on || t_fail sushy-cd-once-on "$(cat "$T_DIR/sushy.err")"
t_wait_for 15 vm_is running && [[ $(pve_show 100 config.boot) == order=ide2\;* ]] && t_ok booted-from-cd-first \
    || t_fail booted-from-cd-first "$(pve_show 100 config.boot)"
consumed() { [ "$(sushy state | rf_json boot_enabled)" = Disabled ] && [ "$(pve_show 100 pending.boot)" = 'order=scsi0;ide2;net0' ]; }
t_wait_for 15 consumed && t_ok cd-once-consumed-own-order-back || t_fail cd-once-consumed-own-order-back "$(sushy state) $(pve_show 100 pending.boot)"

# ---- eject on the running VM: ide2 gets its previous value back at once; removal after retention
sushy eject && t_ok sushy-eject || t_fail sushy-eject "$(cat "$T_DIR/sushy.err")"
[ "$(ide2)" = "$DEBIAN" ] && [ "$(cd_state | rf_json Inserted)" = false ] && t_ok eject-restores-previous-cdrom \
    || t_fail eject-restores-previous-cdrom "$(ide2)"
[ "$(ours)" = 1 ] && t_ok image-kept-during-retention || t_fail image-kept-during-retention "$(volumes)"
none_ours() { [ "$(ours)" = 0 ]; }
t_wait_for $((RETENTION + 15)) none_ours
[ "$(ours)" = 0 ] && pve_reqs "DELETE .*/nodes/pve1/storage/isos/content/isos%3Aiso%2Fmbmc-100-" >/dev/null \
    && t_ok removed-after-retention || t_fail removed-after-retention "$(volumes)"
[ "$(volumes | grep -c '^local:iso/debian.iso')" = 2 ] && ! pve_reqs 'DELETE .*debian' >/dev/null \
    && t_ok others-images-never-removed || t_fail others-images-never-removed "$(volumes)"

# ---- redfishtool (DMTF): insert and eject with raw POSTs
rft raw POST "$INSERT" -d "{\"Image\":\"$URL\"}" >"$T_DIR/rft.out" 2>&1 && [ "$(cd_state | rf_json Inserted)" = true ] \
    && [[ $(ide2) == isos:iso/mbmc-100-*-boot.iso,media=cdrom ]] && t_ok redfishtool-insert || t_fail redfishtool-insert "$(cat "$T_DIR/rft.out")"
rft raw POST "$EJECT" -d '{}' >"$T_DIR/rft.out" 2>&1 && [ "$(ide2)" = "$DEBIAN" ] && t_ok redfishtool-eject \
    || t_fail redfishtool-eject "$(cat "$T_DIR/rft.out") $(ide2)"

# ---- a power-on during a slow download waits for the medium (IPMI, then Redfish)
ipmi power off >/dev/null 2>&1
t_wait_for 15 vm_is stopped || t_fail stopped-for-download-test
pve_ctl "download_rate 1500000" >/dev/null              # 6 MiB: about 4 s
cp "$T_DIR/www/big.iso" "$T_DIR/www/big2.iso"
slow_insert() {   # slow_insert NAME: InsertMedia of http://198.18.0.2:8080/NAME.iso
    ip netns exec "$T_NSC" curl -sS --max-time 60 --cacert "$(rf_ca vm)" -u "$T_USER:$T_PASS" -o "$T_DIR/slow.body" \
        -w '%{http_code}' -X POST -d "{\"Image\":\"http://198.18.0.2:8080/$1.iso\"}" "https://$IP$INSERT" >"$T_DIR/slow.status"
}
downloading() { pve_reqs_since "$m" "download-url .*$1\\.iso" >/dev/null && ! volumes | grep -q -- "-$1\\.iso"; }
m=$(pve_mark)
slow_insert big & bg=$!
t_wait_for 10 downloading big || t_fail slow-download-started
ipmi power on >"$T_DIR/on.out" 2>&1 && t_ok power-on-accepted-during-download || t_fail power-on-accepted-during-download "$(cat "$T_DIR/on.out")"
sleep 1
vm_is stopped && downloading big && t_ok vm-waits-while-downloading || t_fail vm-waits-while-downloading "$(pve_show 100 status) $(volumes)"
[ "$(cd_state | rf_json Status/State)" = Updating ] && t_ok vmedia-updating-during-download || t_fail vmedia-updating-during-download "$(cd_state)"
grep -q 'power on waits for the virtual media insert' "$T_DIR/vm/module.log" && t_ok wait-logged || t_fail wait-logged
wait $bg
[ "$(cat "$T_DIR/slow.status")" = 204 ] && t_ok slow-insert-204 || t_fail slow-insert-204 "$(cat "$T_DIR/slow.status") $(cat "$T_DIR/slow.body")"
t_wait_for 15 vm_is running || t_fail vm-started-after-insert
order=$(pve_reqs_since "$m" "PUT .*/qemu/100/config .*ide2=|status/start" | sed -E 's#.*(config|status/start).*#\1#' | tr '\n' ' ')
[ "$order" = "config status/start " ] && t_ok power-on-after-medium-attached || t_fail power-on-after-medium-attached "$order"
rf_req vm $IP POST "$EJECT" -d '{}'
[ "$(rf_status)" = 204 ] && [ "$(ide2)" = "$DEBIAN" ] && t_ok eject-running || t_fail eject-running "$(rf_status) $(rf_body)"
# Redfish: Reset On while the next download runs is accepted (204) and waits the same way.
ipmi power off >/dev/null 2>&1
t_wait_for 15 vm_is stopped
m=$(pve_mark)
slow_insert big2 & bg=$!
t_wait_for 10 downloading big2 || t_fail slow-download-started-2
rf_req vm $IP POST /redfish/v1/Systems/1/Actions/ComputerSystem.Reset -d '{"ResetType":"On"}'
[ "$(rf_status)" = 204 ] && vm_is stopped && t_ok redfish-on-waits-during-download || t_fail redfish-on-waits-during-download "$(rf_status) $(pve_show 100 status)"
wait $bg
t_wait_for 15 vm_is running && [ "$(cat "$T_DIR/slow.status")" = 204 ] && t_ok redfish-on-after-insert || t_fail redfish-on-after-insert
pve_ctl "download_rate 0" >/dev/null

# ---- the BMC restarts with the medium in: it still knows it, and the eject still restores
pid=$(t_sim_pid vm)
kill "$pid"
gone() { ! kill -0 "$pid" 2>/dev/null; }
t_wait_for 10 gone
pve_bmc_start vm $IP "$OPTS" || t_fail bmc-restart
back() { [ "$(cd_state | rf_json Inserted)" = true ] && [ "$(cd_state | rf_json Image)" = http://198.18.0.2:8080/big2.iso ]; }
t_wait_for 15 back && t_ok restart-keeps-inserted-media || t_fail restart-keeps-inserted-media "$(cd_state)"
sushy eject && [ "$(ide2)" = "$DEBIAN" ] && t_ok eject-after-restart || t_fail eject-after-restart "$(ide2)"

# ---- power off while a power-on waits for a download: off wins, the boot is dropped (the
# power policy aborts the waiting boot), the VM stays off once the medium is in.
ipmi power off >/dev/null 2>&1
t_wait_for 15 vm_is stopped || t_fail stopped-for-off-during-download
pve_ctl "download_rate 1500000" >/dev/null
cp "$T_DIR/www/big.iso" "$T_DIR/www/big4.iso"
m=$(pve_mark)
slow_insert big4 & bg=$!
t_wait_for 10 downloading big4 || t_fail slow-download-started-4
ipmi power on >/dev/null 2>&1 && ipmi power off >"$T_DIR/off.out" 2>&1 && t_ok off-during-waiting-boot-accepted \
    || t_fail off-during-waiting-boot-accepted "$(cat "$T_DIR/off.out")"
wait $bg
pve_wait_polls 15 "$(pve_mark)" 3 || t_log "no polls"       # a start would have been sent by now
vm_is stopped && ! pve_reqs_since "$m" 'status/start' >/dev/null && t_ok off-drops-waiting-boot \
    || t_fail off-drops-waiting-boot "$(pve_show 100 status) $(pve_reqs_since "$m" 'status/')"
grep -q 'power off overrules the boot waiting for the virtual media' "$T_DIR/vm/module.log" && t_ok off-overrules-logged \
    || t_fail off-overrules-logged
rf_req vm $IP POST "$EJECT" -d '{}'
pve_ctl "download_rate 0" >/dev/null
ipmi power on >/dev/null 2>&1
t_wait_for 15 vm_is running || t_fail running-again

# ---- what a client is told when it cannot work
insert_err() {   # insert_err NAME BODY STATUS MESSAGEID TEXT
    rf_req vm $IP POST "$INSERT" -d "$2"
    t_log "$1: $(rf_status) $(rf_msgid): $(rf_json error/@Message.ExtendedInfo/0/Resolution "$T_DIR/rf.body")"
    [ "$(rf_status)" = "$3" ] && [ "$(rf_msgid)" = "$4" ] && rf_body | grep -q -- "$5" && t_ok "$1" || t_fail "$1" "$(rf_status) $(rf_body)"
}
insert_err bad-url-404 '{"Image":"http://198.18.0.2:8080/missing.iso"}' 400 CouldNotEstablishConnection 'ERROR 404'
insert_err unreachable-image-server '{"Image":"http://198.18.0.2:8099/boot.iso"}' 400 CouldNotEstablishConnection 'Connection refused'
BAD_SUM=0000000000000000000000000000000000000000000000000000000000000000
insert_err checksum-mismatch "{\"Image\":\"$URL\",\"Oem\":{\"Multibmc\":{\"Checksum\":\"$BAD_SUM\",\"ChecksumAlgorithm\":\"sha256\"}}}" \
    400 ResourceAtUriInUnknownFormat 'checksum mismatch'
! volumes | grep -q -- '-missing\.iso\|-boot\.iso' && [ "$(ide2)" = "$DEBIAN" ] && t_ok failed-downloads-leave-nothing || t_fail failed-downloads-leave-nothing "$(volumes) $(ide2)"
rf_req vm $IP POST "$INSERT" -d "{\"Image\":\"$URL\",\"Oem\":{\"Multibmc\":{\"Checksum\":\"$BOOT_SHA\",\"ChecksumAlgorithm\":\"sha256\"}}}"
[ "$(rf_status)" = 204 ] && pve_reqs "download-url .*checksum=$BOOT_SHA&checksum-algorithm=sha256" >/dev/null \
    && t_ok checksum-verified-insert || t_fail checksum-verified-insert "$(rf_status) $(rf_body)"
rf_req vm $IP POST "$EJECT" -d '{}'
pve_ctl "storage isos content=vztmpl" >/dev/null
insert_err storage-without-iso-content "{\"Image\":\"$URL\"}" 500 OperationFailed "not configured for content-type 'iso'"
pve_ctl "storage isos content=iso" >/dev/null
pve_ctl "vm 100 cfg.ide2=" >/dev/null
insert_err no-cdrom-drive "{\"Image\":\"$URL\"}" 409 ResourceNotFound 'no CD-ROM drive'
pve_ctl "vm 100 cfg.ide2=$DEBIAN" >/dev/null
# Privileges: without Sys.Audit/Sys.Modify on / Proxmox says only "Permission check failed";
# the BMC names what is missing, in the body and once in the log.
pve_ctl 'privs bmc@pve!ipmi VM.Audit VM.PowerMgmt VM.Config.Disk VM.Console VM.Config.CDROM Datastore.AllocateTemplate Datastore.Audit Datastore.Allocate' >/dev/null
insert_err missing-privilege "{\"Image\":\"$URL\"}" 500 OperationFailed 'Sys.Audit and Sys.Modify on /'
m=$(pve_mark)
insert_err missing-privilege-again "{\"Image\":\"$URL\"}" 500 OperationFailed 'Sys.Audit and Sys.Modify on /'
! pve_reqs_since "$m" download-url >/dev/null && t_ok known-missing-privilege-no-download || t_fail known-missing-privilege-no-download
[ "$(grep -c 'virtual media for VM 100 will fail' "$T_DIR/vm/module.log")" = 1 ] && t_ok missing-privilege-logged-once \
    || t_fail missing-privilege-logged-once "$(grep 'virtual media' "$T_DIR/vm/module.log")"
# The role the README gives: storage privileges on the ISO storage, Datastore.Audit on /storage
# (to put a VM's own ISO back), Sys.AccessNetwork on the node.
README_PRIVS="VM.Audit VM.PowerMgmt VM.Config.Disk VM.Console VM.Config.CDROM Datastore.AllocateTemplate@/storage/isos Datastore.Allocate@/storage/isos Datastore.Audit@/storage Sys.AccessNetwork@/nodes"
pve_ctl "privs bmc@pve!ipmi $README_PRIVS" >/dev/null
rf_req vm $IP POST "$INSERT" -d "{\"Image\":\"$URL\"}"
[ "$(rf_status)" = 204 ] && t_ok readme-role-insert-works || t_fail readme-role-insert-works "$(rf_status) $(rf_body)"
rf_req vm $IP POST "$EJECT" -d '{}'
[ "$(rf_status)" = 204 ] && [ "$(ide2)" = "$DEBIAN" ] && t_ok readme-role-eject-restores || t_fail readme-role-eject-restores "$(rf_status) $(ide2)"
# Without Datastore.Audit on the storage of the VM's own ISO, Proxmox refuses to put it back:
# the medium still comes out (empty drive), and the log says why.
pve_ctl "privs bmc@pve!ipmi ${README_PRIVS/Datastore.Audit@\/storage/Datastore.Audit@/storage/isos}" >/dev/null
rf_req vm $IP POST "$INSERT" -d "{\"Image\":\"$URL\"}"
rf_req vm $IP POST "$EJECT" -d '{}'
[ "$(rf_status)" = 204 ] && [ "$(ide2)" = "none,media=cdrom" ] && grep -q "refused to put local:iso/debian.iso,media=cdrom back" "$T_DIR/vm/module.log" \
    && t_ok eject-without-audit-empties-drive || t_fail eject-without-audit-empties-drive "$(rf_status) $(ide2)"
pve_ctl "vm 100 cfg.ide2=$DEBIAN" >/dev/null
pve_ctl "privs bmc@pve!ipmi VM.Audit VM.PowerMgmt VM.Config.Disk VM.Console VM.Monitor Sys.Modify VM.Config.CDROM Datastore.AllocateTemplate Datastore.Audit Datastore.Allocate Sys.Audit" >/dev/null
# The Proxmox API down during an insert: 503 with Retry-After, and what the BMC knows.
pve_ctl "listen 0" >/dev/null
rf_req vm $IP POST "$INSERT" -d "{\"Image\":\"$URL\"}"
t_log "Proxmox API down: InsertMedia -> $(rf_status) Retry-After $(rf_header Retry-After): $(rf_body)"
[ "$(rf_status)" = 503 ] && [ "$(rf_msgid)" = ServiceTemporarilyUnavailable ] && [ -n "$(rf_header Retry-After)" ] \
    && t_ok api-down-insert-503 || t_fail api-down-insert-503 "$(rf_status) $(rf_body)"
pve_ctl "listen 1" >/dev/null
# ... and while Proxmox downloads: the client learns that the BMC lost the task (503); the file
# that download makes later is still the BMC's, and removed after the retention.
pve_ctl "download_rate 600000" >/dev/null               # 6 MiB: about 10 s
m=$(pve_mark)
cp "$T_DIR/www/big.iso" "$T_DIR/www/big3.iso"
s=$(t_now_ms)
slow_insert big3 & bg=$!
t_wait_for 10 downloading big3 || t_fail slow-download-started-3
pve_ctl "listen 0" >/dev/null
wait $bg
t_log "Proxmox API down during the download: InsertMedia -> $(cat "$T_DIR/slow.status") after $(( $(t_now_ms) - s )) ms: $(cat "$T_DIR/slow.body")"
[ "$(cat "$T_DIR/slow.status")" = 503 ] && grep -q 'Lost contact with Proxmox while it downloaded' "$T_DIR/slow.body" \
    && t_ok api-down-mid-download-503 || t_fail api-down-mid-download-503 "$(cat "$T_DIR/slow.status") $(cat "$T_DIR/slow.body")"
pve_ctl "listen 1" >/dev/null
big3_gone() { pve_reqs_since "$m" 'DELETE .*big3' >/dev/null && ! volumes | grep -q -- '-big3\.iso'; }
t_wait_for 40 big3_gone && t_ok lost-download-removed-when-done || t_fail lost-download-removed-when-done "$(volumes)"
pve_ctl "download_rate 0" >/dev/null
healthy() { [ "$(rf_get vm $IP /redfish/v1/Systems/1 | rf_json Status/Health)" = OK ]; }
t_wait_for 30 healthy || t_fail api-back

# ---- fence_redfish still works on this BMC
fence() { timeout 120 ip netns exec "$T_NSC" env REQUESTS_CA_BUNDLE="$(rf_ca vm)" fence_redfish --ip "$IP" \
    --username "$T_USER" --password "$T_PASS" --power-wait 1 --power-timeout 30 "$@"; }
[ "$(fence --action status 2>&1)" = "Status: ON" ] && t_ok fence-status || t_fail fence-status "$(fence --action status 2>&1)"
fence --action off >"$T_DIR/fence.out" 2>&1 && vm_is stopped && t_ok fence-off || t_fail fence-off "$(cat "$T_DIR/fence.out")"

# ---- through the orchestrator: init --iso-storage/--media-retention reach the BMC, show and
# status say what is configured and inserted
IP2=198.18.0.43
pve_ctl "addvm 101 pve1" >/dev/null
orch_setup --pve-url "$PVE_URL" --token-file "$PVE_TOKEN_FILE" --ca-file "$PVE_CA" --redfish on \
    --iso-storage isos --media-retention 60 && mb add 101 $IP2/24 --cdrom ide2 >/dev/null || t_fail orch-config "$(mb list 2>&1)"
mb show 101 | grep -q 'iso-storage=isos media-retention=60' && mb show 101 | grep -q '^ISO storage   isos' \
    && mb list | grep -q 'downloads into storage isos, removed 60 s after the eject' && t_ok orch-show-iso-storage \
    || t_fail orch-show-iso-storage "$(mb show 101; mb list)"
orch_run || t_fail supervisor-up
ca2=$T_DIR/state/101/redfish-cert.pem
rf2_up() { [ -s "$ca2" ] && ip netns exec "$T_NSC" curl -s --max-time 5 --cacert "$ca2" -o /dev/null "https://$IP2/redfish/v1/"; }
t_wait_for 30 rf2_up || t_fail orch-redfish-up
code=$(ip netns exec "$T_NSC" curl -s --max-time 60 --cacert "$ca2" -o "$T_DIR/ins2.out" -w '%{http_code}' -u "$T_USER:$T_PASS" \
    -d "{\"Image\":\"$URL\"}" "https://$IP2$INSERT")
[ "$code" = 204 ] && [[ $(pve_show 101 config.ide2) == isos:iso/mbmc-101-*-boot.iso,media=cdrom ]] && t_ok orch-bmc-insert \
    || t_fail orch-bmc-insert "$code $(cat "$T_DIR/ins2.out") $(pve_show 101 config.ide2)"
status_shows() { mb status | grep -q "virtual media: $URL"; }
t_wait_for 10 status_shows && t_ok orch-status-shows-media || t_fail orch-status-shows-media "$(mb status)"

t_done
