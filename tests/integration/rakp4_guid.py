#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""An RMCP+ login that checks RAKP 4 the way a console does, with a pause between RAKP 2 and
RAKP 3 for the BMC's GUID to change (tests/integration/guid_handshake.sh).

  rakp4_guid.py HOST USER PASSWORD SUITE LOG TEXT

SUITE 3 (RAKP-HMAC-SHA1, lanserv's own) or 17 (RAKP-HMAC-SHA256, the module's). After RAKP 2
it waits until TEXT appears in the file LOG (the module's "system GUID is ..." line), at most
3 s, then sends RAKP 3 and checks RAKP 4's integrity value over the GUID that RAKP 2 carried.
Prints key=value pairs: changed (TEXT seen during the pause), rakp4 (ok|bad|status N),
guid (RAKP 2's, hex). Exit status 0 when RAKP 4 checks out.
"""
import hashlib
import hmac
import os
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rmcpp_raw import Bmc, open_session_req, rakp1_req, rmcpp, rmcpp_payload  # noqa: E402

ROLE = 0x14      # administrator, name-only lookup
PAUSE_MAX_S = 3.0


def main():
    if len(sys.argv) != 7:
        raise SystemExit(__doc__)
    host, user, password, suite, log, text = sys.argv[1:]
    user, password, suite = user.encode(), password.encode(), int(suite)
    digest, icv_len = (hashlib.sha1, 12) if suite == 3 else (hashlib.sha256, 16)
    bmc = Bmc(host)
    console_sid = 0x5a5a0000 + os.getpid() % 0xffff
    rsp = rmcpp_payload(bmc.ask(rmcpp(0x10, open_session_req(suite, priv=4, console_sid=console_sid))), 0x11)
    if len(rsp) < 12 or rsp[1] != 0:
        raise SystemExit("open session refused: %s" % rsp.hex())
    bmc_sid = struct.unpack("<I", rsp[8:12])[0]
    with open(log, "rb") as f:
        seen_before = text.encode() in f.read()
    rakp1 = rakp1_req(bmc_sid, user, role=ROLE)
    rand_m = rakp1[8:24]
    rsp = rmcpp_payload(bmc.ask(rmcpp(0x12, rakp1)), 0x13)
    if len(rsp) < 40 or rsp[1] != 0:
        raise SystemExit("RAKP 2 refused: %s" % rsp.hex())
    rand_c, guid = rsp[8:24], rsp[24:40]
    changed = False
    deadline = time.monotonic() + PAUSE_MAX_S
    while not seen_before and time.monotonic() < deadline:
        with open(log, "rb") as f:
            if text.encode() in f.read():
                changed = True
                break
        time.sleep(0.02)
    name = bytes([ROLE, len(user)]) + user
    code = hmac.new(password, rand_c + struct.pack("<I", console_sid) + name, digest).digest()
    rakp3 = bytes([3, 0, 0, 0]) + struct.pack("<I", bmc_sid) + code
    rsp = rmcpp_payload(bmc.ask(rmcpp(0x14, rakp3)), 0x15)
    if len(rsp) < 8 or rsp[1] != 0:
        print("changed=%d rakp4=status_%d guid=%s" % (changed, rsp[1] if len(rsp) > 1 else -1, guid.hex()))
        return 1
    sik = hmac.new(password, rand_m + rand_c + name, digest).digest()
    want = hmac.new(sik, rand_m + struct.pack("<I", bmc_sid) + guid, digest).digest()[:icv_len]
    ok = rsp[8:8 + icv_len] == want
    print("changed=%d rakp4=%s guid=%s" % (changed, "ok" if ok else "bad", guid.hex()))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
