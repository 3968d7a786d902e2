#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Send malformed, truncated and mutated RMCP / RMCP+ packets to a BMC and check it stays alive.

    rmcp_storm.py HOST [--count N] [--seed S] [--port 623]

Starts from well-formed packets (ASF ping, IPMI 1.5 Get Channel Authentication Capabilities,
RMCP+ pre-session Get Channel Cipher Suites, Open Session, RAKP 1/3 with random session ids),
then truncates, bit-flips, extends and reshuffles them. Every 200 packets it checks that the BMC
still answers an ASF presence ping. Exit status 0 when the BMC answered every check.
Deterministic for a given seed, so a failure can be replayed.
"""
import argparse
import random
import socket
import struct
import sys


def rmcp(cls, body, seq=0xFF):
    return bytes([0x06, 0x00, seq, cls]) + body


def asf_ping(tag=0):
    # ASF: IANA 4542, type 0x80 presence ping, tag, reserved, data length 0
    return rmcp(0x06, struct.pack(">IBBBB", 4542, 0x80, tag, 0, 0))


def ipmi_msg(netfn, cmd, data, rq_seq=0):
    hdr = bytes([0x20, netfn << 2])
    c1 = (-sum(hdr)) & 0xFF
    body = bytes([0x81, rq_seq << 2, cmd]) + bytes(data)
    c2 = (-sum(body)) & 0xFF
    return hdr + bytes([c1]) + body + bytes([c2])


def ipmi15(msg, authtype=0, seq=0, sid=0):
    return rmcp(0x07, struct.pack("<BII", authtype, seq, sid) + bytes([len(msg)]) + msg)


def rmcpp(ptype, payload, sid=0, seq=0):
    return rmcp(0x07, struct.pack("<BBIIH", 0x06, ptype, sid, seq, len(payload)) + payload)


def seeds(rnd):
    sid = rnd.getrandbits(32)
    auth_caps = ipmi15(ipmi_msg(0x06, 0x38, [0x8E, 0x04]))
    ciphers = rmcpp(0x00, ipmi_msg(0x06, 0x54, [0x0E, 0x00, 0x80]))
    suite = rnd.choice([0, 1, 2, 3, 6, 7, 8, 11, 12, 15, 16, 17, 63])
    open_req = bytes([0, rnd.choice([0, 1, 2, 3, 4, 5, 0x3F]), 0, 0]) + struct.pack("<I", sid)
    open_req += bytes([0, 0, 0, 8, rnd.randrange(64), 0, 0, 0])
    open_req += bytes([1, 0, 0, 8, rnd.randrange(64), 0, 0, 0])
    open_req += bytes([2, 0, 0, 8, rnd.randrange(64), 0, 0, 0])
    open_sess = rmcpp(0x10, open_req)
    name = b"admin"[: rnd.randrange(6)]
    rakp1 = rmcpp(0x12, bytes([0, 0, 0, 0]) + struct.pack("<I", rnd.getrandbits(32))
                  + rnd.randbytes(16) + bytes([0x14, 0, 0, len(name)]) + name)
    rakp3 = rmcpp(0x14, bytes([0, 0, 0, 0]) + struct.pack("<I", rnd.getrandbits(32)) + rnd.randbytes(32))
    in_session = rmcpp(0x40 | 0x00, rnd.randbytes(rnd.randrange(40)), sid=rnd.getrandbits(32),
                       seq=rnd.getrandbits(32))
    sol = rmcpp(0x01 | rnd.choice([0, 0x40, 0xC0]), rnd.randbytes(rnd.randrange(300)),
                sid=rnd.getrandbits(32), seq=rnd.getrandbits(32))
    return [asf_ping(), auth_caps, ciphers, open_sess, rakp1, rakp3, in_session, sol]


def mutate(rnd, pkt):
    p = bytearray(pkt)
    kind = rnd.randrange(7)
    if kind == 0 and p:                      # truncate anywhere
        del p[rnd.randrange(len(p)):]
    elif kind == 1 and p:                    # flip bits
        for _ in range(rnd.randrange(1, 6)):
            p[rnd.randrange(len(p))] ^= 1 << rnd.randrange(8)
    elif kind == 2:                          # append garbage
        p += rnd.randbytes(rnd.randrange(1, 200))
    elif kind == 3 and len(p) > 16:          # lie about the payload length
        p[14:16] = struct.pack("<H", rnd.getrandbits(16))
    elif kind == 4 and len(p) > 4:           # random bytes after the RMCP header
        p[4:] = rnd.randbytes(rnd.randrange(0, 120))
    elif kind == 5:                          # oversized datagram
        p += rnd.randbytes(rnd.randrange(1000, 1400))
    # kind 6: unchanged (valid packet with random contents)
    return bytes(p)


def alive(sock, host, port, tag):
    for _ in range(5):
        sock.sendto(asf_ping(tag), (host, port))
        try:
            while True:
                data, _ = sock.recvfrom(2048)
                if len(data) >= 9 and data[3] == 0x06 and data[8] == 0x40:  # presence pong
                    return True
        except socket.timeout:
            continue
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("host")
    ap.add_argument("--port", type=int, default=623)
    ap.add_argument("--count", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    chk = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    chk.settimeout(1.0)
    if not alive(chk, a.host, a.port, 1):
        print("BMC does not answer an ASF ping before the storm", file=sys.stderr)
        return 2
    for i in range(a.count):
        pkt = mutate(rnd, rnd.choice(seeds(rnd)))
        tx.sendto(pkt, (a.host, a.port))
        if i % 200 == 199 and not alive(chk, a.host, a.port, (i // 200) & 0xFF):
            print(f"BMC stopped answering after packet {i} (seed {a.seed}); last: {pkt.hex()}",
                  file=sys.stderr)
            return 1
    if not alive(chk, a.host, a.port, 2):
        print("BMC does not answer after the storm", file=sys.stderr)
        return 1
    print(f"{a.count} packets sent, BMC alive (seed {a.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
