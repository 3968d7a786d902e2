# SPDX-License-Identifier: GPL-2.0-or-later
# The fake Proxmox API for integration tests (source after common.sh).
#
# pve_start [fakepve args...]: make a test CA and a node certificate (openssl CLI), start
#   tests/fakepve/fakepve inside $T_NSB on 127.0.0.1 (ephemeral port), e.g. `pve_start --vms 100`. Sets PVE_URL, PVE_CA, PVE_FP (the
#   certificate's SHA-256 fingerprint, Proxmox format), PVE_LOG (request log), PVE_TOKEN_FILE.
# pve_ctl 'command...': script the fake (see tests/fakepve/fake_ctl.c); prints its answer.
#   Users for ticket logins: pve_ctl "user vbmc-console@pve PASSWORD VM.Console" (fake_auth.c).
# pve_show ID FIELD: one field of the VM as the fake sees it (status, lock, node, nmi,
#   config.boot, pending.boot, ...).
# pve_reqs PATTERN: the request log lines (REQ ...) matching an extended regex.
# pve_mark / pve_reqs_since MARK PATTERN: the same, only after a mark.
# pve_req_after MARK FIRST THEN: true when, after MARK, a request matching THEN came after one
#   matching FIRST (extended regexes on the REQ lines), e.g. the BMC's status poll after a
#   task it started: the BMC is done with that action (use with t_wait_for).
# pve_wait_polls SECONDS MARK N: wait until N status polls (GET status/current) came after
#   MARK; with N=2 the BMC has taken in an answer given after MARK.
# pve_quiet SECONDS WINDOW PATTERN: wait (up to SECONDS) for WINDOW seconds in a row without a
#   request matching PATTERN: "stopped doing X" as an event with a bound.
# pve_stats_reset; pve_stat CLASS [count|rate]: API requests of a class since the reset
#   (node_qemu status_current power tasks resources config other total), or per second.
# pve_cost US: every API request holds the fake's one API worker US microseconds.

T_FAKEPVE=${T_FAKEPVE:-$T_TOP/tests/fakepve/fakepve}
PVE_TOKEN_ID='bmc@pve!ipmi'
PVE_TOKEN_SECRET=0f6a1c2e-1111-4222-8333-944455556666

pve_certs() {
    local d=$T_DIR/pki
    mkdir -p "$d" && chmod 700 "$d"
    (
        cd "$d" || exit 1
        # The extensions RFC 5280 asks for: Python 3.13 (VERIFY_X509_STRICT) and OpenSSL 3.5
        # refuse a CA without keyUsage and a leaf without an authority key identifier.
        local ca_ext=(-addext "basicConstraints=critical,CA:TRUE"
                      -addext "keyUsage=critical,keyCertSign,cRLSign"
                      -addext "subjectKeyIdentifier=hash")
        openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 \
            -subj "/CN=Test Proxmox Virtual Environment CA" "${ca_ext[@]}" 2>/dev/null || exit 1
        openssl req -newkey rsa:2048 -nodes -keyout node.key -out node.csr \
            -subj "/OU=PVE Cluster Node/CN=pve1.test" 2>/dev/null || exit 1
        cat >ext.cnf <<'EOF'
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = IP:127.0.0.1, DNS:localhost, DNS:pve1
EOF
        openssl x509 -req -in node.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out node.pem \
            -days 2 -extfile ext.cnf 2>/dev/null || exit 1
        # A second, unrelated CA, as well-formed: a certificate chain the client must refuse.
        openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.pem -days 2 \
            -subj "/CN=Some Other CA" "${ca_ext[@]}" 2>/dev/null || exit 1
    ) || return 1
    PVE_CA=$d/ca.pem
    PVE_OTHER_CA=$d/other.pem
    PVE_FP=$(openssl x509 -in "$d/node.pem" -noout -fingerprint -sha256 | sed 's/.*=//')
}

pve_start() {
    pve_certs || { t_log "cannot make test certificates"; return 1; }
    PVE_LOG=$T_DIR/fakepve.log
    rm -f "$T_DIR/fakepve.port"
    t_bg fakepve ip netns exec "$T_NSB" "$T_FAKEPVE" --cert "$T_DIR/pki/node.pem" \
        --key "$T_DIR/pki/node.key" --port-file "$T_DIR/fakepve.port" --log "$PVE_LOG" "$@"
    PVE_PID=$T_LAST_PID
    t_wait_for 5 test -s "$T_DIR/fakepve.port" || { t_log "fakepve did not start"; cat "$T_DIR/fakepve.out" >&2; return 1; }
    PVE_PORT=$(cat "$T_DIR/fakepve.port")
    PVE_URL=https://127.0.0.1:$PVE_PORT
    PVE_TOKEN_FILE=$T_DIR/token
    t_secret "$PVE_TOKEN_FILE" "$PVE_TOKEN_ID=$PVE_TOKEN_SECRET"
    pve_ctl "auth_delay 0" >/dev/null
}

pve_ctl() {
    # The command goes through stdin: it may hold a password ("user ID PASSWORD ..."), which
    # must not show in ps.
    printf '%s' "$1" | ip netns exec "$T_NSB" /usr/bin/python3 -c '
import ssl, sys, urllib.request
ctx = ssl.create_default_context(cafile=sys.argv[1])
req = urllib.request.Request(sys.argv[2] + "/_fake", data=sys.stdin.read().encode(), method="POST")
sys.stdout.write(urllib.request.urlopen(req, context=ctx, timeout=10).read().decode())' \
        "$PVE_CA" "$PVE_URL"
}

pve_show() {
    pve_ctl "show $1" | /usr/bin/python3 -c '
import json, sys
o = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    o = o.get(k) if isinstance(o, dict) else None
print("" if o is None else o)' "$2"
}

pve_reqs() { grep -E "^REQ " "$PVE_LOG" | grep -E -- "$1"; }
pve_stats_reset() { pve_ctl 'stats reset' >/dev/null; }
pve_stat() { pve_ctl stats | awk -v c="$1" -v f="${2:-count}" '$1 == c { print (f == "rate" ? $3 : $2) }'; }
pve_cost() { pve_ctl "cost $1" >/dev/null; }
pve_mark() { wc -l <"$PVE_LOG"; }
pve_reqs_since() { tail -n +"$(($1 + 1))" "$PVE_LOG" | grep -E "^REQ " | grep -E -- "$2"; }
pve_req_after() {
    tail -n +"$(($1 + 1))" "$PVE_LOG" | grep -E "^REQ " |
        awk -v a="$2" -v b="$3" 'f && $0 ~ b { ok = 1; exit } $0 ~ a { f = 1 } END { exit !ok }'
}
pve_quiet() {
    local end=$((SECONDS + $1)) m
    while :; do
        m=$(pve_mark)
        sleep "$2"
        pve_reqs_since "$m" "$3" >/dev/null || return 0
        [ $SECONDS -lt "$end" ] || return 1
    done
}
pve_polls_since() { tail -n +"$(($1 + 1))" "$PVE_LOG" | grep -cE '^REQ GET .*/status/current'; }
pve_wait_polls() { t_wait_for "$1" bash -c "[ \$(tail -n +$(($2 + 1)) '$PVE_LOG' | grep -cE '^REQ GET .*/status/current') -ge $3 ]"; }

# pve_bmc_start NAME IP [extra module options]: a BMC for VM 100 against the fake, CA-verified.
pve_bmc_start() {
    local name=$1 ip=$2; shift 2
    t_bmc_start "$name" "$ip" "backend=proxmox vmid=100 url=$PVE_URL token-file=$PVE_TOKEN_FILE poll-ms=${PVE_POLL_MS:-500} ${*:-ca-file=$PVE_CA}"
}
