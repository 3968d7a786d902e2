#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The suite once more under sanitizers, one TAP line per program:
#  - unit tests built with AddressSanitizer + UndefinedBehaviorSanitizer (./configure
#    --enable-sanitizers, in a private copy of the tree so the main build is untouched);
#  - the same unit tests of the normal build under valgrind (errors and definite leaks fail);
#  - the integration tests named in MBMC_ASAN_INTEGRATION (default below) with the ASan
#    build of the module loaded into ipmi_sim (libasan preloaded through T_SIM_WRAPPER).
# Logs: tests/out/sanitize/.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/tests/out/sanitize
rm -rf "$out"; mkdir -p "$out"
integration=${MBMC_ASAN_INTEGRATION-chassis_ipmitool protocol_refused pve_power bmc_truth}
failed=0
ok() { echo "ok $1"; }
bad() { echo "not ok $1"; shift; printf '# %s\n' "$@" >&2; failed=1; }

src=$(mktemp -d /tmp/mbmc-asan.XXXXXX)
trap 'rm -rf "$src"' EXIT
( cd "$top" && git ls-files -z 2>/dev/null || find . -type f -not -path './.git/*' -print0 ) |
    (cd "$top" && xargs -0 cp --parents -t "$src")
# Without git (a copy of the tree, as in scripts/run-tests --in) the build products came
# along: drop them, or make would link the plain objects into the sanitizer build.
if [ -f "$src/Makefile" ]; then (cd "$src" && make -s distclean) >/dev/null 2>&1; fi
if ( cd "$src" && ./autogen.sh && ./configure --quiet --enable-sanitizers && make -j"$(nproc)" test-programs ) \
        >"$out/build.log" 2>&1; then
    ok asan-build
else
    bad asan-build "$(tail -20 "$out/build.log")"
    exit 1
fi

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for t in "$src"/tests/unit/test_*; do
    case "$t" in *.c|*.o|*.h|*.sh|*.log|*.trs) continue ;; esac
    [ -x "$t" ] && [ -f "$t" ] || continue
    n=$(basename "$t")
    if "$t" >"$out/asan-$n.log" 2>&1 && ! grep -q 'not ok' "$out/asan-$n.log"; then ok "asan-$n"
    else bad "asan-$n" "$(grep -m5 -E 'not ok|ERROR|runtime error|^  [^ ]+:[0-9]+: ' "$out/asan-$n.log")"; fi
done

for t in "$top"/tests/unit/test_*; do
    case "$t" in *.c|*.o|*.h|*.sh|*.log|*.trs) continue ;; esac
    [ -x "$t" ] && [ -f "$t" ] || continue
    n=$(basename "$t")
    # libtool wrappers: run the real binary
    bin=$t; [ -x "$(dirname "$t")/.libs/$n" ] && bin=$(dirname "$t")/.libs/$n
    # valgrind runs one thread at a time; its default lock lets a thread that yields take the
    # CPU straight back, so a threaded test could starve for seconds: hand over in turn.
    if valgrind -q --fair-sched=yes --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
            "$bin" >"$out/valgrind-$n.log" 2>&1 && ! grep -q 'not ok' "$out/valgrind-$n.log"; then
        ok "valgrind-$n"
    else bad "valgrind-$n" "$(grep -m8 -E 'not ok|==[0-9]+==|^  [^ ]+:[0-9]+: |^# ' "$out/valgrind-$n.log")"; fi
done

libasan=$(gcc -print-file-name=libasan.so)
for name in $integration; do
    t=$src/tests/integration/$name.sh
    [ -f "$t" ] || { bad "asan-$name" "no such integration test"; continue; }
    # ipmi_sim itself is not built with ASan: its own leaks are not ours to report.
    T_SIM_WRAPPER="env LD_PRELOAD=$libasan ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:log_path=$out/asan-$name-sim" \
        timeout -k 10 900 bash "$t" >"$out/asan-$name.tap" 2>"$out/asan-$name.log"
    rc=$?
    reports=$(cat "$out/asan-$name-sim".* 2>/dev/null | grep -c 'ERROR: AddressSanitizer\|runtime error')
    if [ $rc -eq 0 ] && [ "$reports" -eq 0 ]; then ok "asan-$name"
    else bad "asan-$name" "exit $rc, $reports sanitizer reports" "$(grep '^not ok' "$out/asan-$name.tap")" \
        "$(cat "$out/asan-$name-sim".* 2>/dev/null | head -30)"; fi
done
exit $failed
