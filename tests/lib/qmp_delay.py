#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A QMP proxy that makes QEMU's power commands slow to answer, the way a Proxmox action
takes a while: listens on SOCKET, connects each client to QEMU's UPSTREAM socket, passes
everything through, and holds QEMU's reply to a power command (cont, stop,
system_powerdown, system_reset, inject-nmi, quit) for DELAY_MS, and what follows it with it
(order is kept). QEMU itself acts at once: its events on other monitors are not delayed.

usage: qmp_delay.py SOCKET UPSTREAM DELAY_MS
"""
import json
import os
import socket
import sys
import threading
import time

POWER = {"cont", "stop", "system_powerdown", "system_reset", "inject-nmi", "quit"}


def pipe_commands(client, upstream, slow_ids, lock):
    """Client -> QEMU: note the ids of power commands, pass every line on."""
    f = client.makefile("rb", buffering=0)
    for line in f:
        try:
            msg = json.loads(line)
            if msg.get("execute") in POWER and "id" in msg:
                with lock:
                    slow_ids.add(json.dumps(msg["id"]))
        except ValueError:
            pass
        upstream.sendall(line)
    upstream.shutdown(socket.SHUT_WR)


def pipe_replies(upstream, client, slow_ids, lock, delay):
    """QEMU -> client: a reply to a noted power command waits DELAY before it goes on."""
    f = upstream.makefile("rb", buffering=0)
    for line in f:
        try:
            msg = json.loads(line)
            key = json.dumps(msg.get("id")) if "id" in msg else None
        except ValueError:
            key = None
        with lock:
            slow = key in slow_ids
            slow_ids.discard(key)
        if slow:
            time.sleep(delay)
        client.sendall(line)
    client.close()


def serve(client, upstream_path, delay):
    upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        upstream.connect(upstream_path)
    except OSError:
        client.close()
        return
    slow_ids, lock = set(), threading.Lock()
    threading.Thread(target=pipe_commands, args=(client, upstream, slow_ids, lock), daemon=True).start()
    threading.Thread(target=pipe_replies, args=(upstream, client, slow_ids, lock, delay), daemon=True).start()


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    path, upstream_path, delay = sys.argv[1], sys.argv[2], int(sys.argv[3]) / 1000.0
    if os.path.exists(path):
        os.unlink(path)
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(4)
    print("listening", flush=True)
    while True:
        client, _ = srv.accept()
        serve(client, upstream_path, delay)


if __name__ == "__main__":
    main()
