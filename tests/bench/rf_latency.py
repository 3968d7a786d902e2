#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Redfish request latency, in process (Python's http.client + ssl, the BMC's certificate
verified), so only the network and the BMC are timed:

  rf_latency.py MODE RUNS URL PATH USER PASSWORD CAFILE
    keepalive   one TLS connection for all requests (Basic auth)
    newconn     a new TCP + TLS connection per request (full handshake each time)
    session     one connection, an X-Auth-Token session (POST Sessions once, DELETE at the end)
  -> "runs=R ok=K p50_ms=.. p99_ms=.. max_ms=.."   (ok: HTTP 200)"""
import base64
import http.client
import json
import ssl
import sys
import time
import urllib.parse


def main():
    mode, runs, url, path, user, password, ca = sys.argv[1:8]
    runs = int(runs)
    host = urllib.parse.urlsplit(url).hostname
    port = urllib.parse.urlsplit(url).port or 443
    ctx = ssl.create_default_context(cafile=ca)
    auth = {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}
    conn = http.client.HTTPSConnection(host, port, context=ctx, timeout=30)
    session = None
    if mode == "session":
        conn.request("POST", "/redfish/v1/SessionService/Sessions",
                      json.dumps({"UserName": user, "Password": password}),
                      {"Content-Type": "application/json"})
        r = conn.getresponse()
        r.read()
        auth = {"X-Auth-Token": r.getheader("X-Auth-Token")}
        session = r.getheader("Location")
    times, ok = [], 0
    for _ in range(runs):
        if mode == "newconn":
            conn = http.client.HTTPSConnection(host, port, context=ctx, timeout=30)
        t = time.monotonic()
        conn.request("GET", path, headers=auth)
        r = conn.getresponse()
        r.read()
        times.append((time.monotonic() - t) * 1000)
        ok += r.status == 200
        if mode == "newconn":
            conn.close()
    if session:
        conn.request("DELETE", session, headers=auth)
        conn.getresponse().read()
    times.sort()
    pct = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    print(f"runs={runs} ok={ok} p50_ms={pct(0.5):.1f} p99_ms={pct(0.99):.1f} max_ms={times[-1]:.1f}")


if __name__ == "__main__":
    main()
