#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The fake Proxmox console (tests/fakepve/fake_console.c) keeps the rules of the real one
# (reference 1.6, 3.6 scenario 12), driven by a raw websocket client: VM.Console, serial enum,
# 101 with the right Sec-WebSocket-Accept, login -> OK + banner, echo of 0:len:data, resize and
# keepalive parsed, ping -> pong, unmasked or oversized frames refused, wrong / reused /
# expired tickets refused, qm terminal's complaint for a stopped VM, VM stop closes, old PVE
# closes after a token's login but takes a user's ticket (login, cookie, CSRF token, expiry),
# no login within 10 s closes. So the bridge's test fights a real fake.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/fakepve.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
pve_start || { t_fail fakepve-start; t_done; }
pve_ctl 'vm 100 status=running' >/dev/null
t_in_bmc "$T_PY" - "$PVE_PORT" "$PVE_CA" "$PVE_TOKEN_ID=$PVE_TOKEN_SECRET" <<'PY'
import base64, hashlib, http.client, json, os, socket, ssl, struct, sys, time
port, ca, token = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ctx = ssl.create_default_context(cafile=ca)
AUTH = "PVEAPIToken=" + token

def result(name, ok, why=""):
    print(("ok " if ok else "not ok ") + name + ("" if ok else "  # " + str(why)))

def api(method, path, body=None, auth=AUTH):
    c = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=10)
    h = {"Authorization": auth}
    if body is not None:
        h["Content-Type"] = "application/x-www-form-urlencoded"
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    return r.status, r.reason, (json.loads(data) if data else None)

def ctl(cmd):
    c = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=10)
    c.request("POST", "/_fake", body=cmd)
    return c.getresponse().read().decode()

def stats():
    return dict(kv.split("=", 1) for kv in ctl("console_stats").split())

def termproxy(serial="serial0"):
    return api("POST", "/api2/json/nodes/pve1/qemu/100/termproxy", "serial=" + serial)

def ws_open(t, ticket=None, port_=None, auth_hdr=None):
    d = t[2]["data"]
    from urllib.parse import quote
    key = base64.b64encode(os.urandom(16)).decode()
    s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=5), server_hostname="127.0.0.1")
    q = "port=%s&vncticket=%s" % (port_ or d["port"], quote(ticket or d["ticket"], safe=""))
    s.sendall(("GET /api2/json/nodes/pve1/qemu/100/vncwebsocket?%s HTTP/1.1\r\nHost: x\r\n"
               "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
               "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Protocol: binary\r\n%s\r\n\r\n"
               % (q, key, auth_hdr or "Authorization: " + AUTH)).encode())
    head = b""
    while b"\r\n\r\n" not in head:
        b = s.recv(1)
        if not b:
            break
        head += b
    return s, head.decode(errors="replace"), key

def send(s, op, payload, masked=True, fin=True, length=None):
    n = len(payload) if length is None else length
    h = bytes([(0x80 if fin else 0) | op])
    m = 0x80 if masked else 0
    if n < 126:
        h += bytes([m | n])
    elif n < 65536:
        h += bytes([m | 126]) + struct.pack(">H", n)
    else:
        h += bytes([m | 127]) + struct.pack(">Q", n)
    if masked:
        k = os.urandom(4)
        h += k
        payload = bytes(b ^ k[i % 4] for i, b in enumerate(payload))
    s.sendall(h + payload)

def recv(s, timeout=5):
    s.settimeout(timeout)
    def exact(n):
        b = b""
        while len(b) < n:
            c = s.recv(n - len(b))
            if not c:
                raise EOFError
            b += c
        return b
    h = exact(2)
    n = h[1] & 0x7f
    if n == 126:
        n = struct.unpack(">H", exact(2))[0]
    elif n == 127:
        n = struct.unpack(">Q", exact(8))[0]
    return h[0] & 0x0f, exact(n)

def read_until(s, want, secs=5):
    got, end = b"", time.time() + secs
    while want not in got and time.time() < end:
        try:
            op, p = recv(s, max(0.1, end - time.time()))
        except (socket.timeout, EOFError, ssl.SSLError):
            break
        if op == 8:
            got += b"<close>"
            break
        got += p
    return got

def closes(s, secs=12):
    try:
        while True:
            op, p = recv(s, secs)
            if op == 8:
                return struct.unpack(">H", p[:2])[0] if len(p) >= 2 else 1005
    except (EOFError, ConnectionError, ssl.SSLError):
        return "eof"
    except socket.timeout:
        return None

# Privilege and parameters.
ctl("privs bmc@pve!ipmi VM.Audit VM.PowerMgmt")
r = termproxy()
result("termproxy-needs-vm-console", r[0] == 403 and "VM.Console" in r[1], r[:2])
ctl("privs bmc@pve!ipmi VM.Audit VM.PowerMgmt VM.Console")
r = termproxy("serial9")
result("termproxy-serial-enum", r[0] == 400, r[:2])
r = termproxy()
d = r[2]["data"] if r[0] == 200 else {}
result("termproxy-answer", r[0] == 200 and d.get("user") == token.split("=")[0]
       and d.get("ticket", "").startswith("PVEVNC:") and 5900 <= d.get("port", 0) <= 5999
       and ":vncproxy:100:" in d.get("upid", ""), r)

# Happy path.
s, head, key = ws_open(r)
acc = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
result("upgrade-101", head.startswith("HTTP/1.1 101") and ("Sec-WebSocket-Accept: " + acc) in head
       and "Sec-WebSocket-Protocol: binary" in head, head)
send(s, 2, ("%s:%s\n" % (d["user"], d["ticket"])).encode())
out = read_until(s, b"login: ")
result("login-ok-banner-bootlog", out.startswith(b"OKstarting serial terminal on interface serial0\r\n")
       and b"SeaBIOS" in out and b"cn001 login: " in out, out)
send(s, 2, b"0:5:hello1:80:24:")
send(s, 1, b"2")
out = read_until(s, b"hello")
st = stats()
result("echo-resize-keepalive", b"hello" in out and st["resizes"] == "1" and st["keepalives"] == "1", (out, st))
send(s, 9, b"ping!")
op, p = recv(s)
result("ping-pong", op == 10 and p == b"ping!", (op, p))
# A second use of the same ticket: termproxy took its one connection.
s2, head2, _ = ws_open(r)
result("ticket-single-use", head2.startswith("HTTP/1.1 500"), head2)
# VM stop closes the session.
ctl("vm 100 status=stopped")
result("vm-stop-closes", closes(s, 5) == 1000)
ctl("vm 100 status=running")

def logged_in_session():
    t = termproxy()
    s, head, _ = ws_open(t)
    send(s, 2, ("%s:%s\n" % (t[2]["data"]["user"], t[2]["data"]["ticket"])).encode())
    read_until(s, b"serial0\r\n")
    return s

s = logged_in_session()
send(s, 2, b"0:1:x", masked=False)
result("unmasked-frame-refused", closes(s, 5) == 1002)
s = logged_in_session()
send(s, 2, b"", length=200000)
result("oversized-frame-refused", closes(s, 5) == 1009)
s = logged_in_session()
send(s, 2, b"0:1:", fin=False)
result("fragment-refused", closes(s, 5) == 1002)

# Tickets: wrong, expired (40 s on the fake clock).
t = termproxy()
s, head, _ = ws_open(t, ticket="PVEVNC:00000000::bm9wZQ==")
result("wrong-ticket-refused", head.startswith("HTTP/1.1 401"), head)
t = termproxy()
ctl("advance 41")
before = int(stats()["expired"])
s, head, _ = ws_open(t)
result("expired-ticket-refused", head.startswith("HTTP/1.1 401") and int(stats()["expired"]) == before + 1, head)

# A stopped VM: qm terminal complains inside the session, which then ends.
ctl("vm 100 status=stopped")
t = termproxy()
s, head, _ = ws_open(t)
send(s, 2, ("%s:%s\n" % (t[2]["data"]["user"], t[2]["data"]["ticket"])).encode())
out = read_until(s, b"<close>")
result("stopped-vm-qm-terminal-error", out.startswith(b"OKVM 100 not running\r\n") and out.endswith(b"<close>"), out)
ctl("vm 100 status=running")

# Old Proxmox: a token's login is rejected, the connection ends without OK.
ctl("profile 7")
t = termproxy()
s, head, _ = ws_open(t)
send(s, 2, ("%s:%s\n" % (t[2]["data"]["user"], t[2]["data"]["ticket"])).encode())
out = read_until(s, b"<close>")
result("old-pve-token-refused", head.startswith("HTTP/1.1 101") and out == b"<close>", out)

# Old Proxmox with a user's ticket (the bridge's fallback, reference 1.2 "Ticket").
def call(method, path, body=None, headers={}):
    c = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=10)
    h = dict(headers)
    if body is not None:
        h["Content-Type"] = "application/x-www-form-urlencoded"
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    return r.status, r.reason, (json.loads(data) if data else None)
from urllib.parse import quote
ctl("user vbmc@pve S3cret&pw VM.Console")
LOGIN = "/api2/json/access/ticket"
form = "username=vbmc%40pve&password=" + quote("S3cret&pw", safe="")
r = call("POST", LOGIN, form, {"Authorization": AUTH})
result("ticket-login-refuses-token", r[0] == 403 and "not available with API token" in r[1], r[:2])
r = call("POST", LOGIN, "username=vbmc%40pve&password=wrong")
result("ticket-login-wrong-password", r[:2] == (401, "authentication failure"), r[:2])
r = call("POST", LOGIN, "username=nobody%40pve&password=" + quote("S3cret&pw", safe=""))
result("ticket-login-unknown-user-same-answer", r[:2] == (401, "authentication failure"), r[:2])
r = call("POST", LOGIN, form)
d = r[2]["data"] if r[0] == 200 else {}
result("ticket-login", r[0] == 200 and d.get("username") == "vbmc@pve" and d.get("ticket", "").startswith("PVE:vbmc@pve:")
       and ":" in d.get("CSRFPreventionToken", ""), r)
COOKIE = "PVEAuthCookie=" + quote(d.get("ticket", ""), safe="")
TP = "/api2/json/nodes/pve1/qemu/100/termproxy"
r = call("POST", TP, "serial=serial0", {"Cookie": COOKIE})
result("ticket-post-needs-csrf", r[:2] == (401, "Permission denied - invalid csrf token"), r[:2])
r = call("POST", TP, "serial=serial0", {"Cookie": COOKIE, "CSRFPreventionToken": "00000000:forged"})
result("ticket-post-forged-csrf", r[0] == 401, r[:2])
r = call("POST", TP, "serial=serial0", {"Authorization": COOKIE, "CSRFPreventionToken": d.get("CSRFPreventionToken", "")})
result("ticket-in-authorization-header", r[0] == 200 and r[2]["data"]["user"] == "vbmc@pve", r[:2])
t = call("POST", TP, "serial=serial0", {"Cookie": "x=1; " + COOKIE, "CSRFPreventionToken": d.get("CSRFPreventionToken", "")})
s, head, _ = ws_open(t, auth_hdr="Cookie: " + COOKIE)
send(s, 2, ("%s:%s\n" % (t[2]["data"]["user"], t[2]["data"]["ticket"])).encode())
out = read_until(s, b"serial0\r\n")
result("old-pve-user-ticket-console", head.startswith("HTTP/1.1 101") and out.startswith(b"OKstarting serial terminal"), (head, out))
s.close()
r = call("POST", LOGIN, "username=vbmc%40pve&password=" + quote(d.get("ticket", ""), safe=""))
result("ticket-renewed-with-ticket", r[0] == 200 and r[2]["data"]["ticket"] != d.get("ticket"), r[:2])
ctl("advance 7201")
r = call("POST", TP, "serial=serial0", {"Cookie": COOKIE, "CSRFPreventionToken": d.get("CSRFPreventionToken", "")})
result("ticket-expires-after-2h", r[:2] == (401, "Authentication failed!"), r[:2])
ctl("profile 8")

# No login within 10 s.
t = termproxy()
s, head, _ = ws_open(t)
t0 = time.time()
c = closes(s, 13)
result("login-timeout", c is not None and 9 <= time.time() - t0 <= 12.5, (c, time.time() - t0))
result("never-two-consoles", stats()["max_open_per_vm"] == "1", stats())
PY
[ $? -eq 0 ] || t_fail console-client "the python client failed"
t_done
