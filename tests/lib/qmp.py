#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run one QMP command on a QEMU monitor socket and print its "return" as JSON.

usage: qmp.py SOCKET COMMAND [JSON-ARGUMENTS]
       qmp.py SOCKET --wait-event EVENT SECONDS   (prints the event, exit 1 on timeout)
       qmp.py SOCKET --log-events FILE            (appends every event as a JSON line)
"""
import json
import socket
import sys
import time


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(path)
    f = s.makefile("rwb", buffering=0)
    json.loads(f.readline())  # greeting
    send(f, {"execute": "qmp_capabilities"})
    read_return(f)
    return s, f


def send(f, obj):
    f.write(json.dumps(obj).encode() + b"\n")


def read_return(f, events=None):
    while True:
        line = f.readline()
        if not line:
            raise SystemExit("qmp: connection closed")
        msg = json.loads(line)
        if "event" in msg:
            if events is not None:
                events.append(msg)
            continue
        if "error" in msg:
            print(json.dumps(msg["error"]), file=sys.stderr)
            raise SystemExit(1)
        return msg.get("return")


def main():
    path, cmd = sys.argv[1], sys.argv[2]
    s, f = connect(path)
    if cmd == "--log-events":
        s.settimeout(None)
        with open(sys.argv[3], "a", buffering=1) as out:
            for line in f:
                msg = json.loads(line)
                if "event" in msg:
                    out.write(json.dumps(msg) + "\n")
        return 0
    if cmd == "--wait-event":
        name, secs = sys.argv[3], float(sys.argv[4])
        end = time.time() + secs
        while time.time() < end:
            s.settimeout(max(0.1, end - time.time()))
            try:
                line = f.readline()
            except socket.timeout:
                break
            if not line:
                break
            msg = json.loads(line)
            if msg.get("event") == name:
                print(json.dumps(msg))
                return 0
        return 1
    req = {"execute": cmd}
    if len(sys.argv) > 3 and sys.argv[3]:
        req["arguments"] = json.loads(sys.argv[3])
    send(f, req)
    print(json.dumps(read_return(f)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
