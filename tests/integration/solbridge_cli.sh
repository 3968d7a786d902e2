#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# multibmc-solbridge, the installed command (docs/man/multibmc-solbridge.8.in), run directly as
# its man page says, against the fake Proxmox's termproxy/vncwebsocket console
# (tests/fakepve/fake_console.c), in a network namespace of the test:
#  - it prints "listening on ADDR:PORT", attaches to the VM's serial0, and the console's bytes
#    flow both ways between a TCP client (ipmi_sim's place) and the VM, with the API token or,
#    with --console-auth ticket, a console user's ticket; --listen and --fingerprint are obeyed;
#  - bad arguments (a number outside its range in settings.def too) exit 2, a missing or
#    group-readable token file, a wrong URL, serial port, fingerprint or token, a listen
#    address that is not loopback, and a VM the cluster does not have exit 1, each with a line
#    that says what is wrong, and nothing listens;
#  - the token secret and the console password are in no command line and no log line (with
#    G_MESSAGES_DEBUG=all), nor are the tickets Proxmox hands out;
#  - SIGTERM ends it with status 0.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/fakepve.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
pve_start || { t_fail fakepve-start; t_done; }
BRIDGE=${T_SOLBRIDGE:-$T_TOP/orchestrator/multibmc-solbridge}
[ -x "$BRIDGE" ] || { t_fail solbridge-built "$BRIDGE is missing (configure found no libsoup 3?)"; t_done; }
CUSER=vbmc-console@pve
CPW=Cpw-$RANDOM$RANDOM-cli
CPW_FILE=$T_DIR/console-pw
t_secret "$CPW_FILE" "$CPW"
pve_ctl "user $CUSER $CPW VM.Console" >/dev/null
pve_ctl 'vm 100 status=running' >/dev/null
stat_of() { pve_ctl console_stats | tr ' ' '\n' | sed -n "s/^$1=//p"; }

# ---- 1. refusals: status, message, and no "listening on"
# refused NAME STATUS REGEX ARGS...: the bridge (in the BMC namespace) exits with STATUS and
# prints a line matching REGEX.
refused() {
    local name=$1 want=$2 re=$3; shift 3
    local out rc
    out=$(timeout 30 ip netns exec "$T_NSB" "$BRIDGE" "$@" 2>&1 </dev/null); rc=$?
    printf '%s\n' "$out" >>"$T_DIR/refusals.out"
    if [ "$rc" = "$want" ] && grep -qE -- "$re" <<<"$out" && ! grep -q '^listening on' <<<"$out"; then
        t_ok "$name"
    else
        t_fail "$name" "status $rc (want $want): $out"
    fi
}
BASE=(--vmid 100 --url "$PVE_URL" --token-file "$PVE_TOKEN_FILE" --ca-file "$PVE_CA")
refused usage-required-options 2 '--url, --token-file and --vmid are required'
refused usage-unknown-option 2 'frobnicate' "${BASE[@]}" --frobnicate
refused usage-vmid-not-a-number 2 'abc.*--vmid' --vmid abc --url "$PVE_URL" --token-file "$PVE_TOKEN_FILE"
refused usage-one-tls-choice 2 'at most one of --ca-file, --fingerprint, --insecure' "${BASE[@]}" --insecure
refused usage-policy 2 '--policy sometimes: use hold or share' "${BASE[@]}" --policy sometimes
refused usage-console-auth 2 '--console-auth password: use auto, token or ticket' "${BASE[@]}" --console-auth password
# the ranges of the table of settings (settings.def), in the words of multibmc init
refused usage-idle-secs-range 2 '--idle-secs 0: expected seconds from 5 to 86400' "${BASE[@]}" --idle-secs 0
refused usage-vmid-range 2 '--vmid 0: expected a VM id from 1 to 999999999' "${BASE[@]}" --vmid 0
refused usage-keepalive-range 2 '--keepalive-secs 0: expected seconds from 1 to 3600' "${BASE[@]}" --keepalive-secs 0
refused usage-listen 2 '--listen wants ADDR:PORT' "${BASE[@]}" --listen 127.0.0.1
refused url-not-https 1 'must start with https://' --vmid 100 --url "http://127.0.0.1:$PVE_PORT" --token-file "$PVE_TOKEN_FILE"
refused listen-not-loopback 1 'must be a loopback address.*got 198\.18\.0\.1' "${BASE[@]}" --listen 198.18.0.1:6240
refused serial-out-of-range 1 'serial0..serial3 \(got serial7\)' "${BASE[@]}" --serial serial7
refused token-file-missing 1 "cannot open secret file.*$T_DIR/no-such-token" \
    --vmid 100 --url "$PVE_URL" --token-file "$T_DIR/no-such-token" --ca-file "$PVE_CA"
cp "$PVE_TOKEN_FILE" "$T_DIR/token-0644" && chmod 644 "$T_DIR/token-0644"
refused token-file-group-readable 1 'readable by group or others \(mode 0644\): run chmod 600' \
    --vmid 100 --url "$PVE_URL" --token-file "$T_DIR/token-0644" --ca-file "$PVE_CA"
t_secret "$T_DIR/token-wrong" "$PVE_TOKEN_ID=not-$PVE_TOKEN_SECRET"
refused token-refused 1 "refused the API token $PVE_TOKEN_ID" \
    --vmid 100 --url "$PVE_URL" --token-file "$T_DIR/token-wrong" --ca-file "$PVE_CA"
refused fingerprint-malformed 1 '64 hex digits' --vmid 100 --url "$PVE_URL" --token-file "$PVE_TOKEN_FILE" \
    --fingerprint 12:34
refused vm-unknown 1 'VM 4242 is not a QEMU VM of the cluster' \
    --vmid 4242 --url "$PVE_URL" --token-file "$PVE_TOKEN_FILE" --ca-file "$PVE_CA"
refused ticket-needs-user 1 'needs both a console user and its password file' "${BASE[@]}" --console-auth ticket
out=$(timeout 10 "$BRIDGE" --version 2>&1); rc=$?
[ "$rc" = 0 ] && grep -qE '^multibmc-solbridge \(multibmc\) [0-9]' <<<"$out" && t_ok version \
    || t_fail version "status $rc: $out"

# ---- 2. a running bridge: the console both ways
# start_bridge NAME ARGS...: runs it in the BMC namespace with every log line on
# (G_MESSAGES_DEBUG=all: the state steps too); sets PID_<NAME> and PORT_<NAME>.
start_bridge() {
    local name=$1; shift
    t_bg "$name" ip netns exec "$T_NSB" env G_MESSAGES_DEBUG=all "$BRIDGE" "$@"
    printf -v "PID_$name" %s "$T_LAST_PID"
    t_wait_for 15 grep -q '^listening on ' "$T_DIR/$name.out" || return 1
    printf -v "PORT_$name" %s "$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$T_DIR/$name.out")"
}
attached() { grep -q -- '-> ATTACHED' "$T_DIR/$1.out"; }
# console NAME PORT: a TCP client where ipmi_sim would be; the VM says something, the client
# types something; TAP lines for each direction.
console() {
    t_in_bmc "$T_PY" - "$1" "$2" "$PVE_PORT" "$PVE_CA" <<'PY'
import http.client, socket, ssl, sys, time
name, port, pve_port, ca = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
ctx = ssl.create_default_context(cafile=ca)

def ctl(cmd):
    c = http.client.HTTPSConnection("127.0.0.1", pve_port, context=ctx, timeout=10)
    c.request("POST", "/_fake", body=cmd)
    return c.getresponse().read().decode()

def result(case, ok, why=""):
    print(("ok " if ok else "not ok ") + name + "-" + case + ("" if ok else "  # " + repr(why)[-300:]))

def read_until(s, want, secs=15):
    got, end = b"", time.time() + secs
    while want not in got and time.time() < end:
        s.settimeout(max(0.1, end - time.time()))
        try:
            b = s.recv(4096)
        except socket.timeout:
            break
        if not b:
            break
        got += b
    return got

s = socket.create_connection(("127.0.0.1", port), timeout=5)
said = "vm-says-%d" % time.time_ns()
ctl("console_say 100 " + said)
got = read_until(s, said.encode())
result("vm-to-client", said.encode() in got, got)
typed = "typed-%d" % time.time_ns()
s.sendall(typed.encode() + b"\r")
echo = read_until(s, typed.encode())      # the fake's tty echoes what it receives
end, last = time.time() + 15, ""
while typed not in last and time.time() < end:
    last = dict(kv.split("=", 1) for kv in ctl("console_stats").split()).get("last_input", "")
    time.sleep(0.1)
result("client-to-vm", typed in last and typed.encode() in echo, (last, echo))
s.close()
PY
}

# HOLD with the API token and a CA; the default listen address (127.0.0.1, a free port).
if start_bridge tok "${BASE[@]}" && t_wait_for 20 attached tok; then
    t_ok token-bridge-attached
    console token "$PORT_tok"
else
    t_fail token-bridge-attached "$(cat "$T_DIR/tok.out")"
fi

# A given --listen port and the certificate pinned by --fingerprint. The port is free: the
# namespace is the test's own, and the fake's is another.
LPORT=6230; [ "$PVE_PORT" = $LPORT ] && LPORT=6231
kill -TERM "$PID_tok" 2>/dev/null
t_wait_for 10 sh -c "! kill -0 $PID_tok"; wait "$PID_tok"; rc=$?
[ "$rc" = 0 ] && t_ok sigterm-exits-0 || t_fail sigterm-exits-0 "status $rc"
if start_bridge pin --vmid 100 --url "$PVE_URL" --token-file "$PVE_TOKEN_FILE" --fingerprint "$PVE_FP" \
        --listen "127.0.0.1:$LPORT" && [ "$PORT_pin" = "$LPORT" ] && t_wait_for 20 attached pin; then
    t_ok listen-and-fingerprint
    console pinned "$PORT_pin"
else
    t_fail listen-and-fingerprint "$(cat "$T_DIR/pin.out")"
fi
kill -TERM "$PID_pin" 2>/dev/null
t_wait_for 10 sh -c "! kill -0 $PID_pin"

# The console user's ticket instead of the token (old Proxmox; here forced by --console-auth).
if start_bridge tkt "${BASE[@]}" --console-auth ticket --console-user "$CUSER" \
        --console-password-file "$CPW_FILE" && t_wait_for 20 attached tkt; then
    t_ok ticket-bridge-attached
    console ticket "$PORT_tkt"
    cmd=$(tr '\0' ' ' <"/proc/$PID_tkt/cmdline")
else
    t_fail ticket-bridge-attached "$(cat "$T_DIR/tkt.out")"
fi
grep -q 'POST /api2/json/access/ticket' "$PVE_LOG" && t_ok ticket-login-used \
    || t_fail ticket-login-used "$(grep -c REQ "$PVE_LOG") requests, none to /access/ticket"

# ---- 3. secrets: not in argv, not in any log line
leaks=$(grep -lF -e "$PVE_TOKEN_SECRET" -e "$CPW" -e 'PVEVNC:' -e "PVE:$CUSER" \
        "$T_DIR"/tok.out "$T_DIR"/pin.out "$T_DIR"/tkt.out "$T_DIR"/refusals.out 2>/dev/null)
[ -z "$leaks" ] && t_ok secrets-not-logged || t_fail secrets-not-logged "found in: $leaks"
[ -n "${cmd:-}" ] && ! grep -qF -e "$PVE_TOKEN_SECRET" -e "$CPW" <<<"$cmd" && t_ok secrets-not-in-argv \
    || t_fail secrets-not-in-argv "${cmd:-no command line read}"
t_done
