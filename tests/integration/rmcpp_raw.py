#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Raw RMCP+ packets for the protocol tests (no IPMI library: every byte is chosen here).

  rmcpp_raw.py HOST ciphers        pre-session Get Channel Cipher Suites, as ipmitool sends
                                   it (RMCP+, auth type 6, session 0); prints the suite ids
  rmcpp_raw.py HOST open SUITE     Open Session proposing SUITE's algorithms; prints the
                                   RMCP+ status code (0 = accepted), then abandons it
  rmcpp_raw.py HOST rakp1-abandon  Open Session (suite 17) + RAKP 1 as admin, then abandons
  rmcpp_raw.py HOST malformed      a series of malformed and truncated packets; prints how
                                   many were sent
  rmcpp_raw.py HOST encrypted-plain an IPMI payload marked "encrypted" on a session of each
                                   suite without confidentiality (1, 6, 15), after Open
                                   Session only; prints how many were sent
  rmcpp_raw.py HOST runts SECONDS  a 4-byte datagram and one with an RMCP sequence other than
                                   ff, every 0.2 s for SECONDS; prints how many were sent
Exit status 0 when the BMC answered as described, 1 otherwise (message on stderr).
"""
import os
import random
import socket
import struct
import sys
import time

PORT = 623
SUITES = {0: (0, 0, 0), 1: (1, 0, 0), 2: (1, 1, 0), 3: (1, 1, 1), 6: (2, 0, 0),
          7: (2, 2, 0), 8: (2, 2, 1), 11: (2, 3, 0), 12: (2, 3, 1),
          15: (3, 0, 0), 16: (3, 4, 0), 17: (3, 4, 1)}


def csum(b):
    return (-sum(b)) & 0xff


def rmcpp(payload_type, payload, sid=0, seq=0):
    return (bytes([0x06, 0x00, 0xff, 0x07, 0x06, payload_type]) + struct.pack("<IIH", sid, seq, len(payload))
            + payload)


def ipmi_req(netfn, cmd, data, rq_seq=1):
    hdr = bytes([0x20, netfn << 2])
    body = bytes([0x81, rq_seq << 2, cmd]) + bytes(data)
    return hdr + bytes([csum(hdr)]) + body + bytes([csum(body)])


def open_session_req(suite, tag=1, priv=0, console_sid=0x5a5a0001):
    a, i, c = SUITES[suite]
    return (bytes([tag, priv, 0, 0]) + struct.pack("<I", console_sid)
            + bytes([0, 0, 0, 8, a, 0, 0, 0]) + bytes([1, 0, 0, 8, i, 0, 0, 0])
            + bytes([2, 0, 0, 8, c, 0, 0, 0]))


def rakp1_req(bmc_sid, user, role=0x14, tag=2):
    return (bytes([tag, 0, 0, 0]) + struct.pack("<I", bmc_sid) + os.urandom(16)
            + bytes([role, 0, 0, len(user)]) + user)


class Bmc:
    def __init__(self, host):
        self.addr = (host, PORT)
        self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.s.settimeout(2.0)

    def send(self, pkt):
        self.s.sendto(pkt, self.addr)

    def ask(self, pkt, tries=3):
        for _ in range(tries):
            self.send(pkt)
            try:
                return self.s.recv(2048)
            except socket.timeout:
                continue
        raise SystemExit("no answer from %s:%d" % self.addr)


def rmcpp_payload(rsp, want_type):
    if len(rsp) < 16 or rsp[4] != 0x06 or (rsp[5] & 0x3f) != want_type:
        raise SystemExit("not an RMCP+ payload 0x%02x answer: %s" % (want_type, rsp.hex()))
    (length,) = struct.unpack("<H", rsp[14:16])
    return rsp[16:16 + length]


def cmd_ciphers(bmc):
    records = b""
    for index in range(8):
        req = ipmi_req(0x06, 0x54, [0x0e, 0x00, 0x80 | index], rq_seq=index + 1)
        msg = rmcpp_payload(bmc.ask(rmcpp(0x00, req)), 0x00)
        if len(msg) < 8 or msg[6] != 0 or csum(msg[:2]) != msg[2] or csum(msg[3:-1]) != msg[-1]:
            raise SystemExit("bad Get Channel Cipher Suites answer: %s" % msg.hex())
        chunk = msg[8:-1]
        records += chunk
        if len(chunk) < 16:
            break
    ids = []
    pos = 0
    while pos + 5 <= len(records) and records[pos] == 0xc0:
        ids.append(records[pos + 1])
        pos += 5
    if pos != len(records):
        raise SystemExit("trailing record bytes: %s" % records.hex())
    print(" ".join(str(i) for i in ids))


def open_session(bmc, suite):
    rsp = rmcpp_payload(bmc.ask(rmcpp(0x10, open_session_req(suite))), 0x11)
    status = rsp[1]
    bmc_sid = struct.unpack("<I", rsp[8:12])[0] if status == 0 and len(rsp) >= 12 else 0
    return status, bmc_sid


def cmd_open(bmc, suite):
    status, _ = open_session(bmc, suite)
    print(status)


def cmd_rakp1_abandon(bmc):
    status, sid = open_session(bmc, 17)
    if status:
        raise SystemExit("Open Session for suite 17 refused: status 0x%02x" % status)
    rsp = rmcpp_payload(bmc.ask(rmcpp(0x12, rakp1_req(sid, b"admin"))), 0x13)
    if rsp[1] != 0 or len(rsp) != 72:
        raise SystemExit("RAKP 2: status 0x%02x, %d bytes" % (rsp[1], len(rsp)))
    print("abandoned session 0x%08x after RAKP 2" % sid)


def cmd_malformed(bmc):
    rnd = random.Random(623)
    good_open = open_session_req(17)
    pkts = [
        b"", b"\x06", b"\x06\x00\xff\x07", b"\x06\x00\xff\x07\x06",
        b"\x06\x00\xff\x07\x06\x00\x00\x00",                       # truncated RMCP+ header
        rmcpp(0x00, b""),                                          # empty IPMI payload
        rmcpp(0x00, b"\x20\x18"),                                  # 2-byte IPMI message
        rmcpp(0x00, ipmi_req(0x06, 0x54, [])),                     # 0x54 without data
        rmcpp(0x00, ipmi_req(0x06, 0x54, [0x0e])),
        rmcpp(0x00, ipmi_req(0x06, 0x54, [0x0e, 0x00, 0xbf])),     # list index 63
        rmcpp(0x00, ipmi_req(0x06, 0x54, [0x0f, 0x00, 0x80])),     # channel 15
        rmcpp(0x00, bytes([0x20, 0x18, 0x00, 0x81, 0x04, 0x54, 0x0e, 0x00, 0x80, 0x00])),  # bad checksums
        rmcpp(0x00, ipmi_req(0x06, 0x38, [0x8e])),                 # auth caps, truncated
        rmcpp(0x00, ipmi_req(0x06, 0x3c, [1, 2, 3, 4])),           # close session, no session
        rmcpp(0x00, ipmi_req(0x00, 0x02, [0x00]), sid=0x1234),     # chassis off, unknown session
        rmcpp(0x00, ipmi_req(0x00, 0x02, [0x00]), sid=0x1235),     # odd (1.5 temporary) sid
        b"\x06\x00\xff\x07\x06\x40" + struct.pack("<IIH", 0, 0, 4) + b"abcd",   # "authenticated", SID 0
        b"\x06\x00\xff\x07\x06\x80" + struct.pack("<IIH", 0, 0, 4) + b"abcd",   # "encrypted", SID 0
        b"\x06\x00\xff\x07\x06\x00" + struct.pack("<IIH", 0, 0, 500) + b"x",    # length beyond data
        rmcpp(0x10, good_open[:10]),                               # short Open Session
        rmcpp(0x10, good_open[:31]),
        rmcpp(0x10, bytes([1, 7]) + good_open[2:]),                # privilege 7
        rmcpp(0x10, good_open[:12] + b"\x09" + good_open[13:]),    # bad auth payload length
        rmcpp(0x10, good_open[:12] + bytes([0x3f]) + good_open[13:]),  # unknown algorithm
        rmcpp(0x12, b"\x01" * 27),                                 # short RAKP 1
        rmcpp(0x12, rakp1_req(0x1234, b"admin")),                  # RAKP 1, no such session
        rmcpp(0x14, b"\x01\x00\x00\x00" + struct.pack("<I", 0x1234)),  # RAKP 3, no such session
        rmcpp(0x14, b"\x01\x00"),
        rmcpp(0x3f, b"\x00" * 8),                                  # unknown payload type
        rmcpp(0x02, b"\x00" * 30),                                 # OEM explicit payload
        rmcpp(0x01, b"\x00" * 4, sid=0x2222),                      # SOL, no session
        b"\x06\x00\xff\x07\x00" + b"\x00" * 8 + b"\x40",           # IPMI 1.5, length beyond data
        b"\x06\x00\xff\x07\x02" + b"\x00" * 8 + b"\x01" * 16 + b"\x05\x20",  # 1.5 MD5, short
        b"\x06\x00\xff\x06\x00\x00\x11\xbe\x80\x00\x00\x00",       # ASF presence ping
        b"\x06\x00\xfe\x07\x06\x00",                               # RMCP seq not ff
    ]
    # Sessions that are half set up and then fed nonsense.
    for suite in (3, 17):
        status, sid = open_session(bmc, suite)
        if status:
            raise SystemExit("Open Session for suite %d refused: 0x%02x" % (suite, status))
        pkts += [
            rmcpp(0x14, b"\x03\x00\x00\x00" + struct.pack("<I", sid) + b"\x00" * 32),  # RAKP 3 before RAKP 1
            rmcpp(0x12, rakp1_req(sid, b"x" * 16, role=0x14)[:40]),   # name past the end
            rmcpp(0x12, rakp1_req(sid, b"nosuchuser")),
            rmcpp(0x00, ipmi_req(0x06, 0x01, []), sid=sid),           # IPMI on a half-open session
            b"\x06\x00\xff\x07\x06\x40" + struct.pack("<IIH", sid, 1, 8) + b"\x00" * 8,   # bad/short ICV
        ]
    for n in range(200):            # random noise after a valid RMCP+ start
        size = rnd.randrange(0, 80)
        body = bytes(rnd.randrange(256) for _ in range(size))
        pkts.append(b"\x06\x00\xff\x07\x06" + bytes([rnd.choice([0x00, 0x10, 0x12, 0x14, 0x40, 0xc0])]) + body)
    for p in pkts:
        bmc.send(p)
    print(len(pkts))


def cmd_encrypted_plain(bmc):
    # Suites with neither integrity nor confidentiality: nothing stops the packet before
    # lanserv decrypts it (stock: through the session's NULL confidentiality handler).
    sent = 0
    for suite in (1, 6, 15):
        status, sid = open_session(bmc, suite)
        if status:
            raise SystemExit("Open Session for suite %d refused: 0x%02x" % (suite, status))
        bmc.send(rmcpp(0x80, b"\x00" * 32, sid=sid, seq=1))
        sent += 1
    print(sent)


def cmd_runts(bmc, seconds):
    # lanserv drops both before reading a field; 2.0.33 logged them with an unset message.
    runts = [b"\x06\x00\xff\x07", b"\x06\x00\xfe\x07\x06\x00"]
    end = time.monotonic() + seconds
    sent = 0
    while time.monotonic() < end:
        for p in runts:
            bmc.send(p)
            sent += 1
        time.sleep(0.2)
    print(sent)


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    bmc = Bmc(sys.argv[1])
    what = sys.argv[2]
    if what == "ciphers":
        cmd_ciphers(bmc)
    elif what == "open":
        cmd_open(bmc, int(sys.argv[3]))
    elif what == "rakp1-abandon":
        cmd_rakp1_abandon(bmc)
    elif what == "malformed":
        cmd_malformed(bmc)
    elif what == "encrypted-plain":
        cmd_encrypted_plain(bmc)
    elif what == "runts":
        cmd_runts(bmc, float(sys.argv[3]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
