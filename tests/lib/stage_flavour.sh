#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Stage this build's multibmc.so and this system's ipmi_sim with its OpenIPMI libraries in DIR,
# for tests/integration/flavour_guard.sh on a system of the other lanserv flavour
# (MBMC_OTHER_FLAVOUR_DIR=DIR there). The staged ipmi_sim runs there with LD_LIBRARY_PATH,
# on that system's C library, which must be at least as new as this one: stage Debian 12's
# (flavour A) for a run on Debian 13 (flavour B), which then checks both directions.
# Usage: tests/lib/stage_flavour.sh DIR
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:?usage: stage_flavour.sh DIR}
sim=$(command -v ipmi_sim || echo /usr/bin/ipmi_sim)
[ -f "$top/module/.libs/multibmc.so" ] || { echo "stage_flavour: build first (scripts/build)" >&2; exit 1; }
flavour=A
grep -q '^#define MBMC_LANSERV_FLAVOUR_B 1' "$top/config.h" && flavour=B
rm -rf "$dir"
mkdir -p "$dir/lib"
cp "$top/module/.libs/multibmc.so" "$sim" "$dir/"
ldd "$sim" | awk '/libOpenIPMI|libIPMIlanserv/ { print $3 }' | while read -r lib; do
    cp -L "$lib" "$dir/lib/"
done
echo "$flavour" >"$dir/flavour"
echo "stage_flavour: flavour $flavour staged in $dir"
