#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Open and leave many SOL consoles in a row against one BMC whose VM keeps printing.

    sol_stress.py --ip IP --netns NS --count N --output-re RE --type TEXT --expect RE [options]

Console n (1..N) alternates ipmitool `sol activate` (odd n) and FreeIPMI ipmiconsole (even n),
each in a pty. Every console must show the VM's output (--output-re) within --deadline
seconds of its banner and carry typing to the guest: --type is typed ({n} is the console
number, {n7} n*7) and --expect must come back. How it ends cycles through seven kinds (an odd
cycle, so both clients get every kind):
  leave      the escape (~. / &.) while output flows
  loss       through a lossy UDP relay (--lossy-ip, tests/lib/lossy_udp_relay.py), then leave
             (typing is tried up to three times there: ipmitool loses keystrokes whose
             packet is lost when output arrives before its retransmission)
  kill       SIGKILL mid-session: no deactivate, the BMC still holds the console
  leave
  takeover   another session runs `ipmitool sol deactivate` while the console runs: the
             console must be told: ipmiconsole ends ("SOL session stolen"); ipmitool, which
             ignores the BMC's notice, is given a keystroke a second later (what a user does
             when the console goes quiet) and must end ("SOL session closed by BMC")
  leave
  loss-kill  through the relay, then SIGKILL
The console after a kill finds SOL still active: ipmiconsole takes it over by itself,
ipmitool is refused ("already active") and the next one first runs `sol deactivate` from
another session, as an admin would. --restart-at K runs --restart-cmd (e.g. kill -9 ipmi_sim
and wait for it to answer again) while console K is open.

Prints one "# console ..." line per console, the numbers, TAP lines for the checks, and
exits 1 if any failed. --csv FILE keeps the per-console table. --stock: the BMC is expected
to stall (lanserv without the fix): the run goes on for --after-stall more consoles after
the first silent one (are they silent too?) and passes when one was seen.
"""
import argparse
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time

KINDS = ['leave', 'loss', 'kill', 'leave', 'takeover', 'leave', 'loss-kill']
BANNER = {'ipmitool': rb'\[SOL Session operational', 'ipmiconsole': rb'\[SOL established\]'}
ESCAPE = {'ipmitool': b'\r~.', 'ipmiconsole': b'&.'}
# What each client prints when the BMC ends its SOL session (the other session's deactivate).
TOLD = {'ipmitool': rb'SOL session closed by BMC', 'ipmiconsole': rb'SOL session stolen'}


class Console:
    """A client in a pty; every byte read is kept with its arrival time."""

    def __init__(self, argv, env=None):
        self.start = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:
            try:
                if env:
                    os.environ.update(env)
                os.execvp(argv[0], argv)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.buf = b''
        self.arrivals = []          # (end offset in buf, monotonic time)
        self.eof = False
        self.status = None

    def pump(self, timeout):
        if self.eof:
            self.reap(timeout)
            return
        r, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not r:
            return
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            data = b''
        if not data:
            self.eof = True
            return
        self.buf += data
        self.arrivals.append((len(self.buf), time.monotonic()))

    def arrival(self, offset):
        for end, t in self.arrivals:
            if end >= offset:
                return t
        return time.monotonic()

    def wait_re(self, regex, timeout, since=0):
        """Wait for regex in the output after offset since; (match, arrival time) or (None, None)."""
        end = time.monotonic() + timeout
        rx = re.compile(regex)
        while True:
            m = rx.search(self.buf, since)
            if m:
                return m, self.arrival(m.end())
            now = time.monotonic()
            if now >= end or (self.eof and self.reap(0) is not None):
                return None, None
            self.pump(min(0.1, end - now))

    def send(self, data):
        try:
            os.write(self.fd, data)
        except OSError:
            pass

    def reap(self, timeout):
        end = time.monotonic() + timeout
        while self.status is None:
            pid, st = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = st
                break
            if time.monotonic() >= end:
                break
            if not self.eof:
                self.pump(0.05)
            else:
                time.sleep(0.05)
        return self.status

    def wait_exit(self, timeout):
        end = time.monotonic() + timeout
        while self.status is None and time.monotonic() < end:
            self.pump(0.1)
            self.reap(0)
        return self.status

    def kill(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.wait_exit(5)

    def close(self):
        if self.status is None:
            self.kill()
        try:
            os.close(self.fd)
        except OSError:
            pass


def text_tail(buf, n=300):
    return buf[-n:].decode('utf-8', 'replace').replace('\r', '').replace('\n', '\\n')


class Stress:
    def __init__(self, a):
        self.a = a
        self.rows = []
        self.failures = []
        self.must_deactivate = False     # a killed ipmitool client still holds SOL

    def ipmitool(self, ip, *args):
        return ['ip', 'netns', 'exec', self.a.netns, 'ipmitool', '-I', 'lanplus', '-H', ip,
                '-U', self.a.user, '-E'] + list(args)

    def client_argv(self, client, ip):
        if client == 'ipmitool':
            return self.ipmitool(ip, 'sol', 'activate')
        return ['ip', 'netns', 'exec', self.a.netns, 'ipmiconsole', '-h', ip, '-u', self.a.user,
                '-p', self.a.password]

    def deactivate(self):
        t = time.monotonic()
        r = subprocess.run(self.ipmitool(self.a.ip, 'sol', 'deactivate'), env=self.env(),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
        return r.returncode, r.stdout.decode('utf-8', 'replace').strip(), time.monotonic() - t

    def env(self):
        e = dict(os.environ)
        e['IPMI_PASSWORD'] = self.a.password
        return e

    def fail(self, row, why):
        row['fail'] = why
        self.failures.append((row['n'], why))

    def open_console(self, client, ip, row):
        """Start the client until its banner; an ipmitool refused because SOL is held gets a
        `sol deactivate` from another session first (what an admin does)."""
        for attempt in range(3):
            if client == 'ipmitool' and self.must_deactivate:
                rc, out, secs = self.deactivate()
                row['notes'].append('deactivated the killed session (%.2f s, rc %d)' % (secs, rc))
                self.must_deactivate = False
            c = Console(self.client_argv(client, ip), {'IPMI_PASSWORD': self.a.password})
            m, t = c.wait_re(BANNER[client], self.a.banner_timeout)
            if m:
                self.must_deactivate = False    # this console holds SOL now
                return c, m.end(), t
            c.close()
            if client == 'ipmitool' and b'already active' in c.buf:
                self.must_deactivate = True
                continue
            # A login lost to the relay's losses: try again, as a user would.
            row['notes'].append('no session (attempt %d): %s' % (attempt + 1, text_tail(c.buf, 160)))
        return None, 0, None

    def one(self, n):
        a = self.a
        client = 'ipmitool' if n % 2 else 'ipmiconsole'
        kind = a.kinds[(n - 1) % len(a.kinds)]
        lossy = kind.startswith('loss') and a.lossy_ip
        row = {'n': n, 'client': client, 'kind': kind, 'banner_s': None, 'output_s': None,
               'typed_s': None, 'told_s': None, 'fail': '', 'notes': [], 'retyped': False}
        self.rows.append(row)
        c, since, t_banner = self.open_console(client, a.lossy_ip if lossy else a.ip, row)
        if not c:
            self.fail(row, 'no session')
            return row
        try:
            row['banner_s'] = t_banner - c.start
            m, t = c.wait_re(a.output_re.encode(), a.silent_after, since)
            if not m:
                self.fail(row, 'no VM output %.0f s after the banner' % a.silent_after)
                row['notes'].append(text_tail(c.buf))
                return row
            row['output_s'] = t - t_banner
            if row['output_s'] > a.deadline:
                self.fail(row, 'first output after %.2f s' % row['output_s'])
            mark = len(c.buf)
            t_type = time.monotonic()
            typed = a.type.format(n=n, n7=n * 7).encode()
            expect = a.expect.format(n=n, n7=n * 7).encode()
            tries = 3 if lossy else 1
            for attempt in range(tries):
                if attempt:
                    # ipmitool drops its keystrokes when their packet is lost and output
                    # arrives before the retransmission (ipmi_lanplus_send_payload takes that
                    # output for the answer): type again, as its user would.
                    row['notes'].append('typed again')
                    row['retyped'] = True
                c.send(typed)
                m, t = c.wait_re(expect, a.type_timeout / tries, mark)
                if m:
                    break
            if not m:
                self.fail(row, 'typing did not reach the guest')
                row['notes'].append(text_tail(c.buf))
                return row
            row['typed_s'] = t - t_type
            if a.restart_at == n:
                t_r = time.monotonic()
                r = subprocess.run(a.restart_cmd, shell=True, timeout=120)
                row['notes'].append('ipmi_sim restarted (%.1f s, rc %d)' % (time.monotonic() - t_r,
                                                                           r.returncode))
                c.kill()
                return row
            if kind.endswith('kill'):
                c.kill()
                self.must_deactivate = True
                return row
            if kind == 'takeover':
                mark = len(c.buf)
                rc, out, secs = self.deactivate()
                t_deact = time.monotonic()
                if rc != 0:
                    self.fail(row, 'sol deactivate from another session failed: ' + out)
                    return row
                m, t = c.wait_re(TOLD[client], 1.0 if client == 'ipmitool' else a.told_timeout, mark)
                if not m and client == 'ipmitool':
                    c.send(b'\r')
                    m, t = c.wait_re(TOLD[client], a.told_timeout, mark)
                if m:
                    row['told_s'] = t - t_deact
                    if c.wait_exit(5) is None:
                        self.fail(row, 'told, but the client did not end')
                else:
                    self.fail(row, 'not told of the takeover within %.0f s' % a.told_timeout)
                    row['notes'].append(text_tail(c.buf))
                return row
            c.send(ESCAPE[client])
            if c.wait_exit(a.exit_timeout) is None:
                self.fail(row, 'did not end after the escape')
                row['notes'].append(text_tail(c.buf))
            return row
        finally:
            c.close()

    def run(self):
        a = self.a
        t0 = time.monotonic()
        after_stall = None
        for n in range(a.first, a.first + a.count):
            row = self.one(n)
            self.report(row)
            if a.stock and after_stall is None and self.silent(row):
                after_stall = 0
            elif after_stall is not None:
                after_stall += 1
            if after_stall is not None and after_stall >= a.after_stall:
                break
        return self.summary(time.monotonic() - t0)

    def silent(self, row):
        return row['output_s'] is None or row['output_s'] > self.a.deadline

    def report(self, r):
        def s(v):
            return '-' if v is None else '%.2f' % v
        print('# console %d %s %s: banner %s s, first output %s s, typed %s s%s%s%s' % (
            r['n'], r['client'], r['kind'], s(r['banner_s']), s(r['output_s']), s(r['typed_s']),
            ', told %s s' % s(r['told_s']) if r['kind'] == 'takeover' else '',
            ('; ' + '; '.join(r['notes'])) if r['notes'] else '',
            ('  FAIL: ' + r['fail']) if r['fail'] else ''), flush=True)
        if self.a.csv:
            with open(self.a.csv, 'a') as f:
                f.write('%d,%s,%s,%s,%s,%s,%s,%s\n' % (r['n'], r['client'], r['kind'], s(r['banner_s']),
                        s(r['output_s']), s(r['typed_s']), s(r['told_s']), r['fail'].replace(',', ';')))

    def summary(self, secs):
        a, rows = self.a, self.rows
        outs = [r['output_s'] for r in rows if r['output_s'] is not None]
        shown = sum(1 for r in rows if r['output_s'] is not None and r['output_s'] <= a.deadline)
        slowest = max(outs) if outs else None
        print('# %s: %d consoles opened in %.0f s, %d showed output within %.1f s, %d showed none; '
              'slowest first output %s s, median %s s; typing arrived in %d (%d typed again '
              'behind the lossy relay)' % (
                  a.name, len(rows), secs, shown, a.deadline, len(rows) - len(outs),
                  '%.2f' % slowest if slowest is not None else '-',
                  '%.2f' % sorted(outs)[len(outs) // 2] if outs else '-',
                  sum(1 for r in rows if r['typed_s'] is not None),
                  sum(1 for r in rows if r['retyped'])), flush=True)
        if a.stock:
            silent = [r['n'] for r in rows if self.silent(r)]
            name = '%s-stalls-without-fix' % a.name
            if silent:
                later = [r for r in rows if r['n'] > silent[0]]
                print('ok %s (console %d of %d was silent, then %d of the %d after it)' % (
                    name, silent[0], len(rows), sum(1 for r in later if self.silent(r)), len(later)))
                return True
            print('not ok %s (all %d consoles had output)' % (name, len(rows)))
            return False
        checks = [
            ('all-consoles-show-output-within-%gs' % a.deadline,
             [r for r in rows if r['output_s'] is None or r['output_s'] > a.deadline]),
            ('typing-reaches-the-guest', [r for r in rows if r['typed_s'] is None]),
            ('takeover-tells-the-first-session',
             [r for r in rows if r['kind'] == 'takeover' and r['told_s'] is None
              and r['n'] != a.restart_at]),
            ('every-console-ends-cleanly', [r for r in rows if r['fail']]),
        ]
        ok = True
        for name, bad in checks:
            if bad:
                ok = False
                print('not ok %s-%s: consoles %s' % (a.name, name, ' '.join(str(r['n']) for r in bad[:20])))
            else:
                print('ok %s-%s' % (a.name, name))
        return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[1])
    ap.add_argument('--ip', required=True)
    ap.add_argument('--lossy-ip', help='the lossy relay in front of the BMC')
    ap.add_argument('--netns', required=True, help='client network namespace')
    ap.add_argument('--user', default='admin')
    ap.add_argument('--password-env', default='T_PASS', help='variable holding the password')
    ap.add_argument('--count', type=int, default=200)
    ap.add_argument('--first', type=int, default=1, help='number of the first console')
    ap.add_argument('--output-re', required=True)
    ap.add_argument('--type', required=True)
    ap.add_argument('--expect', required=True)
    ap.add_argument('--deadline', type=float, default=2.0)
    ap.add_argument('--silent-after', type=float, default=10.0)
    ap.add_argument('--banner-timeout', type=float, default=30.0)
    ap.add_argument('--type-timeout', type=float, default=15.0)
    ap.add_argument('--told-timeout', type=float, default=20.0)
    ap.add_argument('--exit-timeout', type=float, default=15.0)
    ap.add_argument('--restart-at', type=int, default=0)
    ap.add_argument('--restart-cmd', default='')
    ap.add_argument('--stock', action='store_true')
    ap.add_argument('--after-stall', type=int, default=4,
                    help='--stock: consoles still opened after the first silent one')
    ap.add_argument('--kinds', default=','.join(KINDS), help='the cycle of endings (default: %(default)s)')
    ap.add_argument('--csv')
    ap.add_argument('--name', default='sol-stress')
    a = ap.parse_args()
    a.password = os.environ.get(a.password_env, 'password')
    a.type = a.type.encode().decode('unicode_escape')
    a.kinds = a.kinds.split(',')
    sys.exit(0 if Stress(a).run() else 1)


if __name__ == '__main__':
    main()
