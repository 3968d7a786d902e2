#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""An unexpected QMP peer for fault tests: listens on a unix socket, greets like QEMU,
accepts qmp_capabilities, then answers the next command with half a reply and closes the
connection. Repeats for every connection until killed; prints one line per cut.

usage: qmp_cut.py SOCKET
"""
import json
import os
import socket
import sys

GREETING = {"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 8}, "package": ""},
                    "capabilities": []}}

path = sys.argv[1]
if os.path.exists(path):
    os.unlink(path)
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(path)
srv.listen(4)
while True:
    conn, _ = srv.accept()
    try:
        f = conn.makefile("rwb", buffering=0)
        f.write(json.dumps(GREETING).encode() + b"\r\n")
        line = f.readline()
        if not line:
            continue
        f.write(json.dumps({"return": {}, "id": json.loads(line).get("id")}).encode() + b"\r\n")
        line = f.readline()
        if not line:
            continue
        cmd = json.loads(line)
        full = json.dumps({"return": {"status": "running", "running": True, "singlestep": False},
                           "id": cmd.get("id")}).encode()
        f.write(full[: len(full) // 2])
        print("cut", cmd.get("execute"), flush=True)
    except (OSError, ValueError):
        pass
    finally:
        conn.close()
