#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# One version everywhere: configure.ac's AC_INIT is the source; multibmc --version,
# multibmc-gen --version, multibmc-solbridge --version, the module's print_version (what
# `ipmi_sim -v` shows) and debian/changelog must all say the same.
# Runs from `make check` (srcdir set, cwd = build dir) and from tests/run (cwd = the tree).
set -u
srcdir=${srcdir:-.}
failed=0
check() {   # NAME EXPECTED ACTUAL-OUTPUT
    case " $3 " in
        *" $2 "*|*" $2)"*) echo "ok $1" ;;
        *) echo "not ok $1"; echo "  $1: expected version $2, got: $3" >&2; failed=1 ;;
    esac
}

want=$(sed -n 's/^AC_INIT(\[multibmc\], *\[\([^]]*\)\].*/\1/p' "$srcdir/configure.ac")
if [ -z "$want" ]; then
    echo "not ok configure-version"; echo "  no AC_INIT([multibmc], [VERSION]) in $srcdir/configure.ac" >&2
    exit 1
fi

check multibmc "$want" "$(orchestrator/multibmc --version 2>&1)"
check multibmc-gen "$want" "$(orchestrator/multibmc-gen --version 2>&1)"
if [ -x orchestrator/multibmc-solbridge ]; then
    check multibmc-solbridge "$want" "$(orchestrator/multibmc-solbridge --version 2>&1)"
fi

# ipmi_sim -v dlopens each loadlib module only to call its print_version.
sim=${IPMI_SIM:-$(command -v ipmi_sim || echo /usr/bin/ipmi_sim)}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf 'name "version"\nloadlib "%s" "backend=qmp qmp=%s/none"\n' "$(pwd)/module/.libs/multibmc.so" "$dir" \
    >"$dir/lan.conf"
out=$("$sim" -c "$dir/lan.conf" -v 2>&1); rc=$?
check module "$want" "$(echo "$out" | grep '^multibmc module' || echo "$sim -v (exit status $rc) said: $out")"

if [ -f "$srcdir/debian/changelog" ]; then
    check debian-changelog "$want" "$(sed -n '1s/^multibmc (\([^)]*\)).*/\1/p' "$srcdir/debian/changelog")"
fi
exit $failed
