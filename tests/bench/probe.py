#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Wait until every BMC answers: probe.py TIMEOUT_S T0_MS IP...

Sends the IPMI 1.5 Get Channel Authentication Capabilities request (what ipmitool sends
first) from one UDP socket to every BMC that has not answered yet, every 0.1 s (longer when
thousands are pending: at most ~20000 packets per second), and prints
"answered=K total=N ms=M first_ms=F p50_ms=P" where M is the time from T0_MS (ms since the
epoch, e.g. when `multibmc run` started) until the last one answered (or the timeout), F and P
until the first one and half of them did.
Run inside the client namespace."""
import select
import socket
import sys
import time

# RMCP, session header (no auth), IPMB message: 0x20 <- 0x81, netfn App, cmd 0x38,
# channel 0x8e (this channel, IPMI 2.0 extended), privilege admin.
PING = bytes.fromhex("0600ff07" "00" "00000000" "00000000" "09" "20 18 c8 81 00 38 8e 04 b5".replace(" ", ""))


def main():
    timeout, t0 = float(sys.argv[1]), int(sys.argv[2]) / 1000.0
    pending = set(sys.argv[3:])
    total = len(pending)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.setblocking(False)
    end = time.monotonic() + timeout
    answers = []
    next_send = 0.0
    while pending and time.monotonic() < end:
        now = time.monotonic()
        if now >= next_send:
            for ip in list(pending):
                try:
                    s.sendto(PING, (ip, 623))
                except (BlockingIOError, OSError):
                    pass   # socket buffer full or no route yet: next round
            next_send = now + max(0.1, len(pending) / 20000)
        r, _, _ = select.select([s], [], [], max(0.0, min(next_send, end) - time.monotonic()))
        while r:
            try:
                data, (ip, _) = s.recvfrom(512)
            except BlockingIOError:
                break
            if ip in pending and len(data) > 20 and data[19] == 0x38:
                pending.discard(ip)
                answers.append(int((time.time() - t0) * 1000))
    ms = answers[-1] if not pending else int((time.time() - t0) * 1000)
    first = answers[0] if answers else -1
    p50 = answers[(total - 1) // 2] if len(answers) > (total - 1) // 2 else -1
    print(f"answered={total - len(pending)} total={total} ms={ms} first_ms={first} p50_ms={p50}")
    return 0 if not pending else 1


if __name__ == "__main__":
    sys.exit(main())
