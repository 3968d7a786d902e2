#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A UDP relay that loses packets, for tests on a kernel without netem.

    lossy_udp_relay.py LISTEN_IP:PORT TARGET_IP:PORT [--up P] [--down P] [--down-sol P] [--seed N]

Each client address gets its own socket towards TARGET (the BMC sees the relay as the
client). Packets from clients to TARGET are dropped with probability --up, answers with
--down, the BMC's Serial-over-LAN packets (RMCP+ payload type 1) with --down-sol (default 0:
a lost acknowledgement from the client leaves the BMC in the same state as a lost SOL packet
would, so the BMC's resend path is exercised either way, while its first output to a console
is not delayed by the relay). Never two drops in a row on one flow and direction: a
retransmission after a loss gets through, so the loss perturbs the protocol without turning
into an outage. On SIGTERM/SIGINT prints one line of counters to stdout and exits.
"""
import argparse
import random
import select
import signal
import socket
import sys


def is_sol(packet):
    """An RMCP+ packet (auth type 6) carrying a SOL payload (type 1, bits 0-5)."""
    return len(packet) > 5 and packet[4] == 0x06 and (packet[5] & 0x3f) == 0x01


def addr(text):
    host, port = text.rsplit(':', 1)
    return host, int(port)


class Flow:
    def __init__(self, client, listen_ip, target):
        self.client = client
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((listen_ip, 0))
        self.sock.connect(target)
        self.dropped_last = {'up': False, 'down': False}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('listen', type=addr)
    ap.add_argument('target', type=addr)
    ap.add_argument('--up', type=float, default=0.2, help='loss towards the target')
    ap.add_argument('--down', type=float, default=0.05, help='loss towards the clients')
    ap.add_argument('--down-sol', type=float, default=0.0, help='loss of SOL packets towards the clients')
    ap.add_argument('--seed', type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    front = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    front.bind(a.listen)
    flows = {}           # client address -> Flow
    by_sock = {}         # socket -> Flow
    count = {'up': 0, 'down': 0, 'up_lost': 0, 'down_lost': 0}
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))

    def lose(flow, way, p):
        if flow.dropped_last[way] or rng.random() >= p:
            flow.dropped_last[way] = False
            return False
        flow.dropped_last[way] = True
        count[way + '_lost'] += 1
        return True

    while not stop:
        try:
            ready, _, _ = select.select([front] + list(by_sock), [], [], 0.5)
        except InterruptedError:
            continue
        for s in ready:
            try:
                if s is front:
                    data, client = front.recvfrom(65536)
                    flow = flows.get(client)
                    if flow is None:
                        flow = flows[client] = Flow(client, a.listen[0], a.target)
                        by_sock[flow.sock] = flow
                    count['up'] += 1
                    if not lose(flow, 'up', a.up):
                        flow.sock.send(data)
                else:
                    flow = by_sock[s]
                    data = s.recv(65536)
                    count['down'] += 1
                    if not lose(flow, 'down', a.down_sol if is_sol(data) else a.down):
                        front.sendto(data, flow.client)
            except OSError:
                pass    # e.g. ECONNREFUSED while the BMC restarts: that packet is lost
    print('relay: flows=%d up=%d up_lost=%d down=%d down_lost=%d' % (
        len(flows), count['up'], count['up_lost'], count['down'], count['down_lost']))
    sys.stdout.flush()


if __name__ == '__main__':
    main()
