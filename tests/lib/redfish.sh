# SPDX-License-Identifier: GPL-2.0-or-later
# Redfish helpers for integration tests (source after common.sh).
#
# rf_ca NAME: the certificate the BMC NAME made at its first start (t_bmc_start's state dir);
#   clients verify the BMC with it (its subjectAltName is the BMC's IP).
# rf_curl NAME IP [curl args...]: curl from the client namespace, TLS verified.
# rf_get NAME IP PATH: GET as admin, the body on stdout.
# rf_status: the HTTP status of the last rf_req; rf_body: its body; rf_hdrs: its headers.
# rf_req NAME IP METHOD PATH [curl args...]: one request, as admin unless it carries -u USER:PW,
#   -H "X-Auth-Token: T" or -H "X-No-Credentials: 1" (none).
# rf_json PATH [FILE]: a value from JSON on stdin (or FILE), path "Boot/BootSourceOverrideEnabled".
# rf_msgid: the first MessageId of the last rf_req's error body.
# rf_fingerprint FILE: SHA-256 fingerprint of a PEM certificate (AA:BB:...).

rf_ca() { echo "$T_DIR/$1/state/redfish-cert.pem"; }

rf_curl() {
    local name=$1 ip=$2; shift 2
    timeout 60 ip netns exec "$T_NSC" curl -sS --max-time 50 --cacert "$(rf_ca "$name")" "$@"
}

rf_get() { rf_curl "$1" "$2" -u "$T_USER:$T_PASS" "https://$2$3"; }

rf_req() {
    local name=$1 ip=$2 method=$3 path=$4; shift 4
    local auth=(-u "$T_USER:$T_PASS") a prev=
    # Own credentials (-u, an X-Auth-Token) or none (an X-No-Credentials header) replace admin's.
    for a in "$@"; do
        case $prev/$a in -u/*|-H/X-Auth-Token:*|-H/X-No-Credentials:*) auth=() ;; esac
        prev=$a
    done
    rf_curl "$name" "$ip" -o "$T_DIR/rf.body" -D "$T_DIR/rf.hdrs" -w '%{http_code}' -X "$method" \
        "${auth[@]}" "$@" "https://$ip$path" >"$T_DIR/rf.status" 2>"$T_DIR/rf.err"
}
rf_status() { cat "$T_DIR/rf.status"; }
rf_body() { cat "$T_DIR/rf.body"; }
rf_hdrs() { tr -d '\r' <"$T_DIR/rf.hdrs"; }
rf_header() { rf_hdrs | sed -n "s/^$1: //Ip" | tail -1; }
rf_msgid() { rf_json error/@Message.ExtendedInfo/0/MessageId "$T_DIR/rf.body" | sed 's/^Base\.[0-9.]*\.//'; }

rf_json() {
    "$T_PY" -c '
import json, sys
path, src = sys.argv[1], (open(sys.argv[2]) if len(sys.argv) > 2 else sys.stdin)
try:
    o = json.load(src)
except ValueError:
    sys.exit(1)
for k in [p for p in path.split("/") if p]:
    if isinstance(o, list):
        o = o[int(k)] if int(k) < len(o) else None
    elif isinstance(o, dict):
        o = o.get(k)
    if o is None:
        break
print(o if isinstance(o, str) else json.dumps(o))' "$@"
}

rf_fingerprint() { openssl x509 -in "$1" -noout -fingerprint -sha256 | sed 's/^.*=//'; }

# rf_httpd DIR PORT: serve DIR over HTTP (with byte ranges, which QEMU's curl driver needs)
# on the client side, 198.18.0.2:PORT; sets RF_HTTPD_PID.
rf_httpd() {
    t_bg httpd ip netns exec "$T_NSC" busybox httpd -f -p "198.18.0.2:$2" -h "$1"
    RF_HTTPD_PID=$T_LAST_PID
    t_wait_for 10 ip netns exec "$T_NSC" curl -s -o /dev/null "http://198.18.0.2:$2/"
}
