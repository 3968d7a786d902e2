#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The full SOL stall stress (issue 14; not part of tests/run, which runs a short form):
# N consoles in a row against a local QEMU BMC whose guest keeps printing
# (tests/integration/sol_stall.sh) and N against a Proxmox BMC through the supervisor's
# termproxy bridge (tests/integration/sol_stall_proxmox.sh), each with ipmi_sim killed and
# restarted halfway. Prints per run: consoles opened, how many showed the VM's output within
# 2 s, the slowest and median time to first output, the checks.
#
#   tests/bench/sol_stall.sh [N]          default 240
#   SOL_STALL_RUNS="qemu pve stock"       which runs (stock: the QEMU run with the module's fix
#                                         off, sol-stall-fix=0, until the first silent console)
# Logs: $BENCH_OUT (default tests/out/bench/sol_stall/), one per run, with the per-console table.
cd "$(dirname "$0")/../.." || exit 2
N=${1:-240}
RUNS=${SOL_STALL_RUNS:-qemu pve}
OUT=${BENCH_OUT:-tests/out/bench/sol_stall}
mkdir -p "$OUT"
rc=0
for run in $RUNS; do
    case $run in
        qemu)  cmd=(bash tests/integration/sol_stall.sh) ;;
        pve)   cmd=(bash tests/integration/sol_stall_proxmox.sh) ;;
        stock) cmd=(env MBMC_SOL_STRESS_STOCK=1 bash tests/integration/sol_stall.sh) ;;
        *) echo "sol_stall: unknown run $run (qemu pve stock)"; exit 2 ;;
    esac
    start=$(date +%s)
    MBMC_SOL_STRESS_CONSOLES=$N "${cmd[@]}" >"$OUT/$run.tap" 2>"$OUT/$run.log" || rc=1
    echo "== $run: $(( $(date +%s) - start )) s"
    grep -h -E '^# [a-z-]+: [0-9]+ consoles opened' "$OUT/$run.tap" "$OUT/$run.log"
    grep -h -E '^(not )?ok ' "$OUT/$run.tap"
    grep -h -E 'FAIL:' "$OUT/$run.tap" | head -20
done
exit $rc
