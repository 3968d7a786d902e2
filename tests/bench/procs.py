#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Memory and CPU of process groups, from /proc.

  procs.py mem PID...   -> "n=N rss_kb=R pss_kb=P" (sums; PSS from smaps_rollup)
  procs.py cpu PID...   -> "ticks=T hz=H" (utime+stime of the processes and their waited-for
                           children, in clock ticks; differences over time give CPU use)
  procs.py wakeups PID... -> "runs=R ns=T" (times the processes' threads were scheduled in,
                           and their time on a CPU in ns, from /proc/PID/task/*/schedstat; a
                           sleeping process runs once per wake-up, so differences over time
                           give wake-ups, and CPU use finer than clock ticks)"""
import os
import sys


def mem(pids):
    rss = pss = n = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    k, v = line.split(":", 1)
                    if k == "Rss":
                        rss += int(v.split()[0])
                    elif k == "Pss":
                        pss += int(v.split()[0])
            n += 1
        except (OSError, ValueError):
            pass
    print(f"n={n} rss_kb={rss} pss_kb={pss}")


def cpu(pids):
    ticks = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks += sum(int(x) for x in fields[11:15])   # utime stime cutime cstime
        except (OSError, IndexError, ValueError):
            pass
    print(f"ticks={ticks} hz={os.sysconf('SC_CLK_TCK')}")


def wakeups(pids):
    runs = ns = 0
    for p in pids:
        try:
            for t in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{t}/schedstat") as f:
                    fields = f.read().split()
                ns += int(fields[0])
                runs += int(fields[2])
        except (OSError, IndexError, ValueError):
            pass
    print(f"runs={runs} ns={ns}")


if __name__ == "__main__":
    {"mem": mem, "cpu": cpu, "wakeups": wakeups}[sys.argv[1]](sys.argv[2:])
