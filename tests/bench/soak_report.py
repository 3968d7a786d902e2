#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Table and verdict of a soak run (tests/bench/soak.sh).

    soak_report.py SAMPLES OPS N_BMCS

SAMPLES: a header line, then one line per sample (t, then RSS in kB / fd counts / restarts).
OPS: one line per client operation ("time op ok|fail").
Verdict per series: least-squares slope over the samples after the warm-up (the first quarter
of the run, at least one sample); a series is "growing" when the fitted rise over that span
exceeds 2 % of its mean (at least 1 MB of RSS or 2 fds), "falling" when it drops by as much.
The fake Proxmox (pve_*) is the test's own server: shown, not judged. The run passes when
no judged series grows, no restart happened (the benchmark causes none) and every ipmi_sim
was alive in every sample. Exit status 0 when it passes.
"""
import collections
import sys

samples, ops_file, n_bmcs = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = [line.split() for line in open(samples) if line.strip()]
head, data = rows[0], [[float(x) for x in r] for r in rows[1:]]
print("  ".join(f"{h:>14}" for h in head))
for r in data:
    print("  ".join(f"{int(x):>14}" for x in r))

ops = collections.Counter()
for line in open(ops_file):
    p = line.split()
    if len(p) == 3:
        ops[(p[1], p[2])] += 1
print("client ops (ok / fail; for failed-login, ok = refused as it should be):")
for name in sorted({k[0] for k in ops}):
    print(f"  {name:>14}: {ops[(name, 'ok')]:>7} ok {ops[(name, 'fail')]:>6} fail")


def fit(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    d = sum((x - mx) ** 2 for x in xs)
    return (sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / d if d else 0.0), my


warm = max(1, len(data) // 4) if len(data) > 2 else 0
use = data[warm:]
t = [r[0] for r in use]
span = t[-1] - t[0] if len(t) > 1 else 0
print(f"verdict ({len(data)} samples over {data[-1][0]:.0f} s; warm-up: the first {warm}):")
passed = True
for i, h in enumerate(head):
    if h in ("t", "sims", "restarts"):
        continue
    s, mean = fit(t, [r[i] for r in use])
    change = s * span
    kb = h.endswith("_kb")
    tol = max(0.02 * mean, 1024 if kb else 2)
    state = "growing" if change > tol else "falling" if change < -tol else "flat"
    judged = not h.startswith("pve_")
    if judged and state == "growing":
        passed = False
    unit = "kB" if kb else "fds"
    print(f"  {h:>14}: {state:<7} slope {s * 3600:+9.1f} {unit}/h, fitted change {change:+8.1f} {unit} "
          f"(tolerance {tol:.0f}), mean {mean:.0f}{'' if judged else '  [fake Proxmox, not judged]'}")
restarts = int(data[-1][-1] - data[0][-1])
alive = sorted({int(r[head.index("sims")]) for r in data})
print(f"  restarts during the run: {restarts}; ipmi_sims alive per sample: {alive}")
passed = passed and restarts == 0 and alive == [n_bmcs]
print("VERDICT:", "flat" if passed else "NOT flat")
sys.exit(0 if passed else 1)
