#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run a client command RUNS times and print its wall-time distribution:

  latency.py RUNS IP_LIST_FILE CMD... (the word {ip} in CMD is replaced by the next IP, round robin)
  -> "runs=R ok=K p50_ms=.. p99_ms=.. max_ms=.."
A run is ok when the command exits 0. Run inside the client namespace."""
import subprocess
import sys
import time


def main():
    runs = int(sys.argv[1])
    ips = open(sys.argv[2]).read().split()
    cmd = sys.argv[3:]
    times, ok = [], 0
    for i in range(runs):
        ip = ips[(i * 7919) % len(ips)]   # spread over the BMCs
        argv = [ip if a == "{ip}" else a for a in cmd]
        t = time.monotonic()
        r = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.monotonic() - t) * 1000)
        ok += r.returncode == 0
    times.sort()
    pct = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    print(f"runs={runs} ok={ok} p50_ms={pct(0.5):.0f} p99_ms={pct(0.99):.0f} max_ms={times[-1]:.0f}")


if __name__ == "__main__":
    main()
