#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Memory of one BMC, two module builds side by side: N local-QEMU BMCs with BASE_SO (e.g. a
# build of main) and N with this tree's module, each after the same client requests (mc info,
# mc guid, fru print, sdr list, sel list, chassis status, power on/off). Prints RSS and PSS
# per ipmi_sim for both (tests/bench/procs.py). A benchmark: numbers, not pass/fail.
#
#   tests/bench/module_mem.sh BASE_SO [N]      (root: network namespaces)
set -u
base_so=${1:?usage: module_mem.sh BASE_SO [N]}
n=${2:-10}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"
. "$here/../lib/qemu.sh"
t_init
t_netns_setup || { echo "netns setup failed" >&2; exit 1; }
declare -A pids
for flavour in base this; do
    mod=$T_MODULE first=150
    [ $flavour = base ] && mod=$base_so first=100
    for i in $(seq 1 "$n"); do
        ip=198.18.0.$((first + i))
        name=$flavour$i
        t_qemu_start "$name" -uuid "$(printf '00000000-0000-4000-8000-%012d' "$i")" >/dev/null || exit 1
        T_MODULE=$mod t_bmc_start "$name" "$ip" "backend=qmp qmp=$T_DIR/$name.vm/qmp.sock vmid=$i" >/dev/null || exit 1
        pids[$flavour]+=" $(t_sim_pid "$name")"
        for c in "mc info" "mc guid" "fru print" "sdr list" "sel list" "chassis status" "power on" "power off"; do
            # shellcheck disable=SC2086
            t_ipmitool "$ip" $c >/dev/null 2>&1
        done
    done
done
for flavour in base this; do
    # shellcheck disable=SC2086
    read -r _ rss pss < <(python3 "$here/procs.py" mem ${pids[$flavour]} | tr '=' ' ' | awk '{print $2, $4, $6}')
    awk -v f="$flavour" -v n="$n" -v r="$rss" -v p="$pss" \
        'BEGIN { printf "%-5s %2d BMCs: RSS %.2f MB, PSS %.2f MB per BMC\n", f, n, r / n / 1024, p / n / 1024 }'
done
