#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The supervisor's Proxmox sessions keep the trust the configuration asks for, across reloads
# within one process. A CA file becomes the process's default TLS database
# (orchestrator/proxmox/pvetls.h: a new connection then no longer loads the whole system store
# first); a session made after it that trusts the system CAs, another CA or a pinned
# fingerprint must still refuse the fake's certificate (signed by the test CA), and the right
# pin and the CA file again must work.
# The refusals reach the API as https://localhost:PORT, a server identity no session of this
# process has verified before: glib-networking resumes a TLS session it cached for the same
# address, name and port (10 minutes) without verifying the certificate again, so a session
# with a stricter trust would still reach https://127.0.0.1:PORT that way.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/orch.sh"
. "$(dirname "$0")/../lib/fakepve.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
pve_start || { t_fail fakepve-start; t_done; }
orch_setup || { t_fail setup; t_done; }
PVE=(--interface bmc0 --pve-url "$PVE_URL" --token-file "$PVE_TOKEN_FILE")
LOCAL=(--interface bmc0 --pve-url "https://localhost:$PVE_PORT" --token-file "$PVE_TOKEN_FILE")
mb init --force "${PVE[@]}" --ca-file "$PVE_CA" >/dev/null && mb add 100 198.18.0.100/24 >/dev/null \
    || { t_fail config; t_done; }
orch_run || { t_fail supervisor-up "$(cat "$T_DIR/sup.out")"; t_done; }
LISTS='GET /api2/json/nodes/[^/]+/qemu '

# trust NAME INIT-ARGS...: the configuration now trusts this way (`multibmc init` makes the
# running supervisor reload); the marks are taken before, the old poller's last requests are
# over once the supervisor says it reloaded.
trust() {
    local name=$1; shift
    local n; n=$(grep -c 'multibmc: reloaded' "$T_DIR/sup.out")
    L=$(wc -l <"$T_DIR/sup.out")
    mb init --force "$@" >/dev/null || { t_fail "config-$name"; return 1; }
    t_wait_for 20 bash -c "[ \$(grep -c 'multibmc: reloaded' '$T_DIR/sup.out') -gt $n ]" || t_log "no reload after $name"
    M=$(pve_mark)
}
lists_flow() { pve_reqs_since "$M" "$LISTS" >/dev/null; }
# refused NAME REGEX: no node list reaches the fake for 3 s in a row, and the poller says why.
refused() {
    if pve_quiet 20 3 "$LISTS" && t_wait_for 10 bash -c "tail -n +$((L + 1)) '$T_DIR/sup.out' | grep -qE '$2'"; then
        t_ok "$1"
    else
        t_fail "$1" "$(tail -n +$((L + 1)) "$T_DIR/sup.out" | grep -i pvepoll | tail -3)"
    fi
}

M=0
t_wait_for 20 lists_flow && t_ok ca-file-trusted || t_fail ca-file-trusted "$(grep pvepoll "$T_DIR/sup.out" | tail -3)"

trust system "${LOCAL[@]}"
refused system-cas-refuse-test-ca 'pvepoll: .*(Unacceptable TLS certificate|certificate)'

trust pin-wrong "${LOCAL[@]}" --fingerprint 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF
refused wrong-pin-refused 'pvepoll: .*does not match the pinned fingerprint'

trust other-ca "${LOCAL[@]}" --ca-file "$PVE_OTHER_CA"
refused other-ca-refused 'pvepoll: .*(Unacceptable TLS certificate|certificate)'

trust pin-right "${LOCAL[@]}" --fingerprint "$PVE_FP"
t_wait_for 20 lists_flow && t_ok right-pin-trusted || t_fail right-pin-trusted "$(tail -n +$((L + 1)) "$T_DIR/sup.out" | tail -3)"

trust ca-file-again "${PVE[@]}" --ca-file "$PVE_CA"
t_wait_for 20 lists_flow && t_ok ca-file-trusted-again || t_fail ca-file-trusted-again "$(tail -n +$((L + 1)) "$T_DIR/sup.out" | tail -3)"
t_done
