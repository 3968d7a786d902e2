#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Proxmox backend, TLS and the token file: verified by default (system CAs refuse the test
# CA), ca-file, fingerprint pin (SHA-256 of the certificate, Proxmox format) right and
# wrong, insecure=1 warns, a token file readable by others is refused at start.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/fakepve.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
pve_start || { t_fail fakepve-start; t_done; }
n=60
# bmc NAME OPTIONS: start a BMC for VM 100 with these TLS options; sets IP.
bmc() { n=$((n + 1)); IP=198.18.0.$n; pve_bmc_start "$1" $IP "$2"; }
cc_on() { t_ipmitool "$1" raw 0x00 0x02 0x01 2>&1 | sed -n 's/.*rsp=\(0x[0-9a-f]*\).*/\1/p'; }
reqs() { grep -c '^REQ ' "$PVE_LOG"; }

# Pinned fingerprint: works.
bmc pin "fingerprint=$PVE_FP" || t_fail pin-start
t_wait_for 10 grep -q 'power state is now off' "$T_DIR/pin/module.log" && t_ok pin-right-works || t_fail pin-right-works "$(tail -3 "$T_DIR/pin/module.log")"
grep -q 'certificate fingerprint pinned' "$T_DIR/pin/module.log" && t_ok pin-mode-logged || t_fail pin-mode-logged
t_ipmitool $IP power on >/dev/null 2>&1
t_wait_for 5 bash -c "[ \"\$(pve_show 100 status)\" = running ]" 2>/dev/null || true
[ "$(pve_show 100 status)" = running ] && t_ok pin-power-on || t_fail pin-power-on
kill "$(t_sim_pid pin)"

# ca-file: works (and the others use it: pve_bmc_start's default).
bmc ca "ca-file=$PVE_CA" || t_fail ca-start
t_wait_for 10 grep -q 'power state is now on' "$T_DIR/ca/module.log" && t_ok ca-file-works || t_fail ca-file-works
ca=$(t_sim_pid ca)
kill "$ca"
t_wait_for 10 bash -c "! kill -0 $ca 2>/dev/null" || t_log "ipmi_sim ca still there"
pve_quiet 10 0.5 '.' || t_log "requests still coming"     # nothing of it still in flight

# From here no request may reach the API: the token must not be sent to an untrusted peer.
before=$(reqs)
wrong=$(echo "$PVE_FP" | sed 's/^../00/')
bmc badpin "fingerprint=$wrong" || t_fail badpin-start
t_wait_for 10 grep -q 'does not match the pinned fingerprint' "$T_DIR/badpin/module.log" && t_ok pin-wrong-refused \
    || t_fail pin-wrong-refused "$(tail -3 "$T_DIR/badpin/module.log")"
grep -q "$PVE_FP" "$T_DIR/badpin/module.log" && t_ok pin-wrong-shows-real-fp || t_fail pin-wrong-shows-real-fp
[ "$(cc_on $IP)" = 0xc0 ] && t_ok pin-wrong-power-on-c0 || t_fail pin-wrong-power-on-c0
sleep 1     # an absence (logged once, not per poll) shows only after polls went by
[ "$(grep -c 'does not match' "$T_DIR/badpin/module.log")" = 1 ] && t_ok pin-wrong-logged-once || t_fail pin-wrong-logged-once
kill "$(t_sim_pid badpin)"

bmc otherca "ca-file=$PVE_OTHER_CA" || t_fail otherca-start
t_wait_for 10 grep -q 'check ca-file or fingerprint' "$T_DIR/otherca/module.log" && t_ok other-ca-refused \
    || t_fail other-ca-refused "$(tail -3 "$T_DIR/otherca/module.log")"
kill "$(t_sim_pid otherca)"

bmc sysca "poll-ms=500" || t_fail sysca-start     # no TLS option: the system's CAs
t_wait_for 10 grep -q 'check ca-file or fingerprint' "$T_DIR/sysca/module.log" && t_ok verified-by-default \
    || t_fail verified-by-default "$(tail -3 "$T_DIR/sysca/module.log")"
kill "$(t_sim_pid sysca)"
[ "$(reqs)" = "$before" ] && t_ok untrusted-peers-got-no-request || t_fail untrusted-peers-got-no-request "$before -> $(reqs)"

# insecure=1: works, with a warning at start.
bmc insecure "insecure=1" || t_fail insecure-start
t_wait_for 10 grep -q 'power state is now' "$T_DIR/insecure/module.log" && t_ok insecure-works || t_fail insecure-works
grep -q 'warning: insecure=1: the Proxmox API certificate is NOT verified' "$T_DIR/insecure/module.log" \
    && t_ok insecure-warns || t_fail insecure-warns
kill "$(t_sim_pid insecure)"

# Token file readable by others: refused at start with a message that says what to do.
chmod 644 "$PVE_TOKEN_FILE"
n=$((n + 1))
T_BMC_TIMEOUT=3 pve_bmc_start perm 198.18.0.$n "ca-file=$PVE_CA" 2>/dev/null && t_fail token-0644-refused \
    || { grep -q "may be read by group or others (mode 0644); refusing to use it: chmod 600" "$T_DIR/perm/module.log" \
         && t_ok token-0644-refused || t_fail token-0644-refused "$(cat "$T_DIR/perm/module.log")"; }
chmod 600 "$PVE_TOKEN_FILE"
t_secret "$T_DIR/malformed.token" "just-a-secret"
n=$((n + 1))
T_BMC_TIMEOUT=3 t_bmc_start malformed 198.18.0.$n "backend=proxmox vmid=100 url=$PVE_URL token-file=$T_DIR/malformed.token ca-file=$PVE_CA" 2>/dev/null \
    && t_fail token-malformed-refused \
    || { grep -q 'expected one line USER@REALM!TOKENID=SECRET' "$T_DIR/malformed/module.log" && t_ok token-malformed-refused \
         || t_fail token-malformed-refused "$(cat "$T_DIR/malformed/module.log")"; }
grep -q 'just-a-secret' "$T_DIR/malformed/module.log" && t_fail malformed-secret-not-logged || t_ok malformed-secret-not-logged
t_done
