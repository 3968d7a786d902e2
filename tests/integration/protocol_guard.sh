#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The protocol fixes patch lanserv's tables only when they are exactly the stock ones (the same
# in both lanserv flavours; flavour_guard.sh covers the flavours themselves).
# A different lanserv is simulated with LD_PRELOAD (a table symbol that is not lanserv's):
# the module must refuse to load, say why, and ipmi_sim must not start. (The version and
# slot checks are driven against the real library by tests/unit/test_lanserv_guard.)
. "$(dirname "$0")/../lib/common.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
IP=198.18.0.34
t_bmc_start bmc $IP "backend=qmp qmp=/nonexistent" || { t_fail bmc-start; t_done; }
d=$T_DIR/bmc
grep -q 'protocol fixes installed, cipher suites 1,2,3,6,15,16,17' "$d/module.log" \
    && t_ok fixes-installed || t_fail fixes-installed "$(cat "$d/module.log")"

cat >"$T_DIR/other_table.c" <<'EOF'
int valid_cipher_suites[48] = {0, 0, 0, 1, 0, 0, -1, -1, -1};
EOF
${CC:-cc} -shared -fPIC -o "$T_DIR/other_table.so" "$T_DIR/other_table.c" || t_fail build-other-table

# ipmi_sim with the same files and the library preloaded must exit at module init, before
# its emu file opens the socket (the running BMC keeps the address).
: >"$d/module.log"
timeout 20 ip netns exec "$T_NSB" env LD_PRELOAD="$T_DIR/other_table.so" ipmi_sim -n \
    -c "$d/lan.conf" -f "$d/bmc.emu" -s "$d/state" </dev/null >"$T_DIR/other_table.out" 2>&1
rc=$?
[ $rc -ne 0 ] && [ $rc -ne 124 ] && t_ok other-table-sim-exits || t_fail other-table-sim-exits "exit status $rc"
grep -q "refusing to load: 'valid_cipher_suites' is not lanserv's own table" "$d/module.log" \
    && t_ok other-table-reason-logged || t_fail other-table-reason-logged "$(cat "$d/module.log")"

# The real one is untouched and still answers.
t_ipmitool $IP power status 2>&1 | grep -q 'Chassis Power is' && t_ok original-bmc-answers || t_fail original-bmc-answers
t_done
