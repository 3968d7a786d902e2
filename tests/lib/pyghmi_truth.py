#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""pyghmi (python3-pyghmi) against a BMC: what Ironic/Confluent-style clients read.

  pyghmi_truth.py IP USER PASSWORD walk        the SDR walk of xCAT's rinv: Get SDR
                                               Repository Info (0Ah/20h), Reserve SDR
                                               Repository, then every record: its 5-byte
                                               header, the rest in 16-byte pieces
  ... health | sensors | inventory | events    pyghmi's get_health, get_sensor_data,
                                               get_inventory, get_event_log (JSON lines)
  ... seladd N                                 N Add SEL Entry requests in one session
Exit status 1 with the error on stderr when a call fails.
"""
import json
import sys

from pyghmi.ipmi import command


def raw(c, netfn, cmd, data=()):
    r = c.raw_command(netfn=netfn, command=cmd, data=list(data))
    if r.get('code', 0):
        raise RuntimeError('netfn %#x cmd %#x: completion code %#x (%s)'
                           % (netfn, cmd, r['code'], r.get('error', '')))
    return bytes(r['data'])


# Where the ID string's type/length byte is in a record's body (after the 5-byte header),
# per SDR type (IPMI 2.0 tables 43-2, 43-3, 43-7, 43-8).
ID_STRING_AT = {0x01: 42, 0x02: 26, 0x03: 11, 0x11: 10, 0x12: 10}


def walk(c):
    info = raw(c, 0x0a, 0x20)
    if info[0] != 0x51 or not info[13] & 0x02:
        raise RuntimeError('repository info %s: version or reserve bit wrong' % info.hex())
    count = info[1] | info[2] << 8
    res = raw(c, 0x0a, 0x22)
    rid, records = 0, []
    while rid != 0xffff and len(records) < 64:
        hdr = raw(c, 0x0a, 0x23, res + bytes([rid & 0xff, rid >> 8, 0, 5]))
        nxt, head = hdr[0] | hdr[1] << 8, hdr[2:]
        body, want = b'', head[4]
        while len(body) < want:
            n = min(16, want - len(body))
            part = raw(c, 0x0a, 0x23, res + bytes([rid & 0xff, rid >> 8, 5 + len(body), n]))
            body += part[2:]
        at = ID_STRING_AT.get(head[3])
        name = ''
        if at is not None and at < len(body):
            name = body[at + 1:at + 1 + (body[at] & 0x1f)].decode('ascii', 'replace')
        records.append({'id': head[0] | head[1] << 8, 'type': head[3], 'length': want,
                        'name': name})
        rid = nxt
    print(json.dumps({'count': count, 'records': records}))


def main():
    ip, user, pw, what = sys.argv[1:5]
    c = command.Command(bmc=ip, userid=user, password=pw)
    if what == 'walk':
        walk(c)
    elif what == 'health':
        print(json.dumps(c.get_health(), default=str))
    elif what == 'sensors':
        for s in c.get_sensor_data():
            print(json.dumps(s.__dict__ if hasattr(s, '__dict__') else s, default=str))
    elif what == 'inventory':
        for name, inv in c.get_inventory():
            print(json.dumps({'name': name, 'inventory': inv}, default=str))
    elif what == 'events':
        for e in c.get_event_log():
            print(json.dumps(e, default=str))
    elif what == 'seladd':
        for i in range(int(sys.argv[5])):
            raw(c, 0x0a, 0x44, bytes([0, 0, 0x02, 0, 0, 0, 0, 0x41, 0, 0x04, 0x12, 0x01, 0x6f,
                                      0x00, 0xff, 0xff]))
    else:
        raise SystemExit('unknown request ' + what)


if __name__ == '__main__':
    try:
        main()
    except Exception as e:  # noqa: BLE001 - the test reads the message
        print('pyghmi: %s' % e, file=sys.stderr)
        sys.exit(1)
