#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A Redfish fan-out: GET PATH on every BMC once, each on a new TLS connection verified with that
BMC's own certificate, THREADS at a time.

  rf_fanout.py THREADS PATH USER PASSWORD LIST     (LIST: lines "IP CAFILE")
  -> "answered=K total=N ms=WALL p50_ms=.. p99_ms=.."   (answered: HTTP 200)"""
import base64
import concurrent.futures
import http.client
import ssl
import sys
import time


def one(ip, ca, path, auth):
    t = time.monotonic()
    try:
        conn = http.client.HTTPSConnection(ip, 443, context=ssl.create_default_context(cafile=ca), timeout=30)
        conn.request("GET", path, headers={"Authorization": auth, "Connection": "close"})
        r = conn.getresponse()
        r.read()
        conn.close()
        ok = r.status == 200
    except (OSError, ssl.SSLError, http.client.HTTPException):
        ok = False
    return ok, (time.monotonic() - t) * 1000


def main():
    threads, path, user, password, listfile = sys.argv[1:6]
    targets = [line.split() for line in open(listfile) if line.strip()]
    auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(int(threads)) as ex:
        results = list(ex.map(lambda t: one(t[0], t[1], path, auth), targets))
    wall = (time.monotonic() - t0) * 1000
    times = sorted(ms for _, ms in results)
    pct = lambda q: times[min(len(times) - 1, int(q * len(times)))] if times else 0
    print(f"answered={sum(ok for ok, _ in results)} total={len(targets)} ms={wall:.0f} "
          f"p50_ms={pct(0.5):.0f} p99_ms={pct(0.99):.0f}")


if __name__ == "__main__":
    main()
