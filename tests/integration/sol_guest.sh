#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SOL input into a real guest OS, session after session: every new `sol activate` (ipmitool)
# and ipmiconsole session delivers its first keystrokes. (lanserv used to drop a new
# session's first packet when the previous session's last one had the same sequence number.)
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/qemu.sh"
. "$(dirname "$0")/../lib/guest.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
IP=198.18.0.61
EXP=$T_TOP/tests/lib/console.exp
t_guest_build || { t_fail guest-build; t_done; }
t_guest_start_direct vm || { t_fail qemu-start; t_done; }
t_bmc_start vm $IP "backend=qmp qmp=$T_DIR/vm.vm/qmp.sock" \
    --sol-device "tcp:127.0.0.1:$T_QEMU_SERIAL_PORT" || { t_fail bmc-start; t_done; }
t_ipmitool $IP power on >/dev/null 2>&1
m=$(t_serial_mark vm)
t_guest_wait_login vm "$m" 90 && t_ok guest-login-prompt || { t_fail guest-login-prompt; t_done; }
sol=(ip netns exec "$T_NSC" ipmitool -I lanplus -H $IP -U admin -P password sol activate)
steps() { printf '%s\n' "$@" >"$T_DIR/s.steps"; }
# After a failed step the session may still hold the console: free it for the next check.
release() { t_ipmitool $IP sol deactivate >/dev/null 2>&1; true; }

# Log in through SOL, then five short sessions that each run one command.
steps 'expect SOL Session operational' 'sleep 1' 'send \r' 'sleep 1' 'send root\r' 'expect :~# ' 'send ~.' 'eof'
expect "$EXP" 30 "$T_DIR/s.steps" -- "${sol[@]}" >"$T_DIR/login.out" 2>&1 \
    && t_ok sol-login-as-root || { t_fail sol-login-as-root "$(tail -c 400 "$T_DIR/login.out")"; release; }
for n in 1 2 3 4 5; do
    steps 'expect SOL Session operational' "send echo sol-input-\$((40+$n))\\r" "expect sol-input-4$n" 'send ~.' 'eof'
    expect "$EXP" 20 "$T_DIR/s.steps" -- "${sol[@]}" >"$T_DIR/s$n.out" 2>&1 \
        && t_ok "sol-session-$n-first-keystrokes" || { t_fail "sol-session-$n-first-keystrokes" "$(tail -c 400 "$T_DIR/s$n.out")"; release; }
done
# FreeIPMI's console, no workaround flags.
steps 'expect SOL established' 'send echo ipmiconsole-$((6*7))\r' 'expect ipmiconsole-42' 'send &.' 'eof'
expect "$EXP" 20 "$T_DIR/s.steps" -- ip netns exec "$T_NSC" ipmiconsole -h $IP -u admin -p password \
    >"$T_DIR/ic.out" 2>&1 && t_ok ipmiconsole-input || t_fail ipmiconsole-input "$(tail -c 400 "$T_DIR/ic.out")"
t_done
