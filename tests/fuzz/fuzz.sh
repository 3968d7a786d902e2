#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Bounded libFuzzer runs of the parsers and handlers we own (ASan + UBSan), one TAP line each.
#
#   tests/fuzz/fuzz.sh [SECONDS] [TARGET...]     default: 20 s per target, all targets
#
# Seeds: tests/fuzz/corpus/<target>/ (read only); new inputs go to a temporary directory.
# A crash leaves its input in tests/out/fuzz/ and fails the target.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-${MBMC_FUZZ_SECONDS:-20}}; [ $# -gt 0 ] && shift
out=$top/tests/out/fuzz
mkdir -p "$out"
cc=${FUZZ_CC:-clang}
flags=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -I"$top/tests/unit" -I"$top"
       $(for d in "$top"/module "$top"/module/*/ "$top"/orchestrator/*/; do printf -- "-I%s " "${d%/}"; done)
       $(pkg-config --cflags OpenIPMI gio-2.0 glib-2.0 json-c libmnl 2>/dev/null))
glib=$(pkg-config --libs gio-2.0 glib-2.0)
jsonc=$(pkg-config --libs json-c)

# target -> sources besides tests/fuzz/fuzz_<target>.c, and libraries
declare -A srcs=(
    [chassis]="module/chassis/chassis_logic.c module/chassis/power_control.c module/chassis/power_policy.c module/log.c"
    [options]="module/options.c module/log.c module/shared/pve_names.c module/shared/pve_fingerprint.c module/shared/settings.c"
    [template]="orchestrator/gen/template.c"
    [termproxy]="orchestrator/sol/termproxy.c"
    [pveticket]="orchestrator/proxmox/pveticket.c module/shared/pve_json.c"
    [qmp]="module/qmp/qmp_conn.c module/qmp/qmp_lines.c module/log.c tests/unit/loop_poll.c"
    [pve]="module/proxmox/pve_parse.c module/shared/pve_facts.c module/proxmox/pve_boot.c module/proxmox/pve_upid.c module/shared/pve_error.c module/shared/pve_state_map.c module/proxmox/pve_media_logic.c module/shared/pve_names.c module/shared/pve_json.c module/shared/pve_resources.c"
    [config]="orchestrator/config/config.c orchestrator/config/config_fields.c orchestrator/net/netif.c orchestrator/proxmox/pveticket.c module/shared/pve_names.c module/shared/settings.c module/shared/pve_token.c module/shared/pve_fingerprint.c module/shared/pve_json.c module/shared/pve_resources.c orchestrator/gen/template.c orchestrator/gen/gen.c orchestrator/config/fileutil.c"
)
mnl=$(pkg-config --libs libmnl)
declare -A libs=([chassis]="" [options]="" [template]="$glib" [termproxy]="$glib" [pveticket]="$glib $jsonc"
                 [qmp]="$jsonc" [pve]="$jsonc" [config]="$glib $jsonc $mnl")
# Targets contributed by other areas register themselves in tests/fuzz/targets.d/*.sh
# (each sets srcs[NAME] and libs[NAME]).
for f in "$top"/tests/fuzz/targets.d/*.sh; do [ -f "$f" ] && . "$f"; done

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=($(printf '%s\n' "${!srcs[@]}" | sort))
failed=0
for t in "${targets[@]}"; do
    bin=$out/fuzz_$t
    src=()
    for s in ${srcs[$t]}; do src+=("$top/$s"); done
    if ! $cc "${flags[@]}" "$top/tests/fuzz/fuzz_$t.c" "${src[@]}" ${libs[$t]} -o "$bin" 2>"$out/$t.build.log"; then
        echo "not ok fuzz-$t: build failed"; sed 's/^/# /' "$out/$t.build.log" | head -20 >&2
        failed=1; continue
    fi
    work=$(mktemp -d)
    seeds=$top/tests/fuzz/corpus/$t
    [ -d "$seeds" ] || seeds=
    ( cd "$out" && UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$bin" -max_total_time="$secs" \
        -timeout=5 -rss_limit_mb=1024 -artifact_prefix="$out/$t-" -print_final_stats=1 \
        "$work" $seeds ) >"$out/$t.log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log")
    rm -rf "$work"
    if [ $rc -eq 0 ]; then
        echo "ok fuzz-$t ($runs runs in ${secs}s)"
    else
        echo "not ok fuzz-$t: exit $rc, see $out/$t.log"
        grep -m5 -E 'ERROR|SUMMARY|runtime error' "$out/$t.log" | sed 's/^/# /' >&2
        failed=1
    fi
done
exit $failed
