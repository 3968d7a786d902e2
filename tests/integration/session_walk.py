#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Walk a BMC's RMCP+ session slots with complete logins (suite 1: RAKP-HMAC-SHA1, no
integrity, no confidentiality; every byte chosen here).

  session_walk.py HOST USER PASSWORD [--pause]

lanserv numbers sessions by slot (BMC session id bits 1-6). The walk logs in and out until
a login lands in slot 63, keeps that session open (Get Device ID every few seconds), logs in
and out until the next login would take slot 63 again (the one before it landed in 62),
then logs in once more. On OpenIPMI 2.0.37 that last login makes find_free_session() walk
past the 64-slot array. A lanserv that takes the lowest free slot (2.0.33) never reaches
slot 63 this way: then the 63rd login is held instead and 62 more follow.
With --pause the walk stops before the one more login, prints "paused" and keeps the held
session alive until a line on stdin: "login" makes the one more login, anything else (or
60 s) skips it; the caller makes its own login (IPMI 1.5, say) in between.
Prints one line: key=value pairs (round_robin, logins, failed, last, held_slot, slots).
Exit status 0 when every login but possibly the last succeeded, 1 otherwise.
"""
import hashlib
import hmac
import os
import select
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rmcpp_raw import Bmc, ipmi_req, open_session_req, rakp1_req, rmcpp, rmcpp_payload  # noqa: E402

SLOTS = 63
KEEPALIVE_S = 3.0
PAUSE_MAX_S = 60.0
ROLE_ADMIN_NAME_ONLY = 0x14


class Session:
    def __init__(self, bmc, sid):
        self.bmc = bmc
        self.sid = sid
        self.seq = 0
        self.rq_seq = 0

    @property
    def slot(self):
        return (self.sid >> 1) & 0x3f

    def cmd(self, netfn, cmd, data=()):
        self.seq += 1
        self.rq_seq = (self.rq_seq + 1) & 0x3f
        rsp = rmcpp_payload(self.bmc.ask(rmcpp(0x00, ipmi_req(netfn, cmd, data, self.rq_seq),
                                               sid=self.sid, seq=self.seq)), 0x00)
        return rsp[6] if len(rsp) > 6 else None

    def close(self):
        self.cmd(0x06, 0x3c, struct.pack("<I", self.sid))


def login(bmc, user, password, console_sid):
    """A complete RMCP+ login with suite 1; the Session, or None if the BMC refused."""
    rsp = rmcpp_payload(bmc.ask(rmcpp(0x10, open_session_req(1, priv=4, console_sid=console_sid))), 0x11)
    if len(rsp) < 12 or rsp[1] != 0:
        return None
    bmc_sid = struct.unpack("<I", rsp[8:12])[0]
    rakp1 = rakp1_req(bmc_sid, user, role=ROLE_ADMIN_NAME_ONLY)
    rsp = rmcpp_payload(bmc.ask(rmcpp(0x12, rakp1)), 0x13)
    if len(rsp) < 40 or rsp[1] != 0:
        return None
    rand_c = rsp[8:24]
    code = hmac.new(password, rand_c + struct.pack("<I", console_sid)
                    + bytes([ROLE_ADMIN_NAME_ONLY, len(user)]) + user, hashlib.sha1).digest()
    rakp3 = bytes([3, 0, 0, 0]) + struct.pack("<I", bmc_sid) + code
    rsp = rmcpp_payload(bmc.ask(rmcpp(0x14, rakp3)), 0x15)
    if len(rsp) < 8 or rsp[1] != 0:
        return None
    return Session(bmc, bmc_sid)


def main():
    pause = sys.argv[4:] == ["--pause"]
    if len(sys.argv) != 4 and not pause:
        raise SystemExit(__doc__)
    bmc = Bmc(sys.argv[1])
    user, password = sys.argv[2].encode(), sys.argv[3].encode()
    slots, failed = [], 0
    held, last_keepalive = None, 0.0
    round_robin = None
    n = 0

    def one_login():
        nonlocal n, failed
        n += 1
        try:
            s = login(bmc, user, password, 0x5a000000 + n)
        except SystemExit:          # no answer at all
            s = None
        if s is None:
            failed += 1
            slots.append(0)
        else:
            slots.append(s.slot)
        return s

    def keepalive():
        nonlocal last_keepalive
        if held and time.monotonic() - last_keepalive > KEEPALIVE_S:
            held.cmd(0x06, 0x01)
            last_keepalive = time.monotonic()

    # Up to the held session: slot 63 (round robin) or the 63rd login (lowest free slot).
    while held is None and n < 2 * SLOTS:
        s = one_login()
        if s is None:
            continue
        if round_robin is None and len(slots) >= 2 and slots[-2]:
            round_robin = slots[-1] != slots[-2]
        if (round_robin and s.slot == SLOTS) or (round_robin is False and n == SLOTS):
            held, last_keepalive = s, time.monotonic()
        else:
            s.close()
    if held is None:
        print("no slot 63 reached after %d logins: %s" % (n, slots))
        return 1
    # Until the login before the held slot (62), or 62 more logins.
    for _ in range(SLOTS - 1):
        keepalive()
        s = one_login()
        if s is None:
            continue
        s.close()
        if round_robin and s.slot == SLOTS - 1:
            break
    if pause:
        print("paused", flush=True)
        answer, deadline = "", time.monotonic() + PAUSE_MAX_S
        while time.monotonic() < deadline:
            keepalive()
            if select.select([sys.stdin], [], [], 0.5)[0]:
                answer = sys.stdin.readline().strip()
                break
        if answer != "login":
            held.close()
            print("round_robin=%d logins=%d failed=%d last=skipped held_slot=%d slots=%s"
                  % (bool(round_robin), n, failed, held.slot, ",".join(map(str, slots))))
            return 0 if failed == 0 else 1
    # The one more login.
    keepalive()
    s = one_login()
    last = "ok" if s else "failed"
    if s:
        s.close()
    try:
        held.close()
    except SystemExit:
        pass
    print("round_robin=%d logins=%d failed=%d last=%s held_slot=%d slots=%s"
          % (bool(round_robin), n, failed, last, held.slot, ",".join(map(str, slots))))
    return 0 if failed == (0 if s else 1) else 1


if __name__ == "__main__":
    sys.exit(main())
