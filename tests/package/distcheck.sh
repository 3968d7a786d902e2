#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The release tarball: `make distcheck` (make dist with scripts/check-dist, then a VPATH build
# from the unpacked tarball with a read-only source tree, make check, install, uninstall,
# distclean) and `make check` in the tree. The tarball stays in tests/out/package/.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/tests/out/package
mkdir -p "$out"
cd "$top" || exit 1
failed=0
if [ ! -f Makefile ]; then
    echo "not ok distcheck: the tree is not configured (scripts/build)"
    exit 1
fi
start=$SECONDS
if make -j"$(nproc)" --no-print-directory check >"$out/make-check.log" 2>&1; then
    echo "ok make-check"
else
    echo "not ok make-check"; grep -E '^(FAIL|ERROR)' "$out/make-check.log" | sed 's/^/# /' >&2; failed=1
fi
echo "# make check: $(grep -E '^# (TOTAL|PASS|SKIP|FAIL|ERROR):' "$out/make-check.log" | tr -s ' ' | tr '\n' ' ')($((SECONDS - start)) s)" >&2
start=$SECONDS
tarball=$(sed -n 's/^PACKAGE_TARNAME = //p' Makefile)-$(sed -n 's/^PACKAGE_VERSION = //p' Makefile).tar.gz
if make -j"$(nproc)" --no-print-directory distcheck >"$out/make-distcheck.log" 2>&1; then
    echo "ok distcheck"
    mv "$tarball" "$out/"
    echo "# distcheck: $((SECONDS - start)) s, $tarball $(du -k "$out/$tarball" | cut -f1) KiB, $(tar tzf "$out/$tarball" | grep -vc '/$') files" >&2
else
    echo "not ok distcheck"; tail -n 30 "$out/make-distcheck.log" | sed 's/^/# /' >&2; failed=1
    rm -f "$tarball"
fi
exit $failed
