#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# One power policy for both backends (backend.h, chassis/power_policy.c): the same burst of
# Chassis Control requests from stock ipmitool (one session, `ipmitool exec`, no pause)
# against a BMC on a real QEMU (QMP) and one on the fake Proxmox API gets the same answers,
# and the same power actions reach QEMU (its STOP/RESUME events) and Proxmox (the fake's
# request log). The bursts are chosen so that the outcome does not depend on how fast the
# backend runs an action: a repeat and an "on" while on run once, "off" drops what waits.
# That holds while the first action is still in flight when the last request arrives: QEMU
# acts in milliseconds, and on a loaded host ipmitool's six requests took longer (QEMU got
# "on off on off on"). So each backend's actions take ACTION_MS: QEMU's answers to power
# commands pass through tests/lib/qmp_delay.py, the fake answers status/* that late.
ACTION_MS=2000
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/qemu.sh"
. "$(dirname "$0")/../lib/fakepve.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
QIP=198.18.0.41
PIP=198.18.0.42
t_qemu_start vm || { t_fail qemu-start; t_done; }
t_bg qmp_delay "$T_PY" "$T_TOP/tests/lib/qmp_delay.py" "$T_DIR/slow-qmp.sock" "$T_DIR/vm.vm/qmp.sock" "$ACTION_MS"
t_wait_for 10 test -S "$T_DIR/slow-qmp.sock" || { t_fail qmp-delay-start; t_done; }
t_bmc_start qmp $QIP "backend=qmp qmp=$T_DIR/slow-qmp.sock" || { t_fail bmc-start-qmp; t_done; }
pve_start || { t_fail fakepve-start; t_done; }
pve_ctl "latency /status/start $ACTION_MS"$'\n'"latency /status/stop $ACTION_MS" >/dev/null
pve_bmc_start pve $PIP || { t_fail bmc-start-pve; t_done; }

power_is() { t_ipmitool "$1" power status 2>/dev/null | grep -q "is $2"; }

# burst IP OP...: the Chassis Control requests (op numbers) in one ipmitool session, back to
# back; prints each one's completion code (00 when accepted).
burst() {
    local ip=$1; shift
    local f=$T_DIR/burst.$ip op
    : >"$f"
    for op in "$@"; do echo "raw 0x00 0x02 0x0$op" >>"$f"; done
    # Unbuffered: a success prints an empty line on stdout, a refusal a line on stderr; the
    # file keeps their order.
    timeout 60 ip netns exec "$T_NSC" stdbuf -o0 -e0 ipmitool -I lanplus -H "$ip" -U "$T_USER" -P "$T_PASS" \
        exec "$f" >"$f.out" 2>&1
    awk '/Unable to send RAW command/ { match($0, /rsp=0x[0-9a-fA-F]+/); print substr($0, RSTART + 6, RSTART ? 2 : 0); n++; next }
         /^ *$/ { print "00"; n++ }' "$f.out" | tr '\n' ' ' | sed 's/ $//'
}

# What reached QEMU since the events.log line MARK: on = RESUME (cont), off = STOP.
qemu_actions() {
    tail -n +"$(($1 + 1))" "$T_DIR/vm.vm/events.log" | grep -oE '"event": "(STOP|RESUME|POWERDOWN)"' |
        sed -E 's/.*"(STOP|RESUME|POWERDOWN)"/\1/; s/STOP/off/; s/RESUME/on/; s/POWERDOWN/soft/' | tr '\n' ' ' | sed 's/ $//'
}
# What reached Proxmox since the log line MARK: status/start = on, status/stop = off, ...
pve_actions() {
    pve_reqs_since "$1" '^REQ POST .*/qemu/100/status/(start|stop|shutdown|reset) ' |
        sed -E 's#.*/status/([a-z]+) .*#\1#; s/start/on/; s/stop/off/; s/shutdown/soft/' | tr '\n' ' ' | sed 's/ $//'
}
qemu_mark() { wc -l <"$T_DIR/vm.vm/events.log"; }

t_wait_for 10 power_is $QIP off || t_fail qmp-off-at-start
t_wait_for 10 power_is $PIP off || t_fail pve-off-at-start

# check_burst NAME WANT_ANSWERS WANT_ACTIONS OP...: the burst on each BMC; its answers and the
# actions that reached the VM are as wanted, and the same on both.
check_burst() {
    local name=$1 want_ans=$2 want_act=$3; shift 3
    local b ip ans act n qm pm
    n=$(echo $want_act | wc -w)
    declare -A got_ans got_act
    for b in qmp pve; do
        ip=$QIP; [ $b = pve ] && ip=$PIP
        qm=$(qemu_mark); pm=$(pve_mark)
        ans=$(burst $ip "$@")
        [ "$ans" = "$want_ans" ] && t_ok $name-answers-$b || t_fail $name-answers-$b "got '$ans': $(cat "$T_DIR/burst.$ip.out")"
        t_wait_for 30 power_is $ip on || t_fail $name-on-$b
        if [ $b = qmp ]; then
            t_wait_for 15 bash -c "[ \"\$(tail -n +$((qm + 1)) '$T_DIR/vm.vm/events.log' | grep -cE '\"(STOP|RESUME)\"')\" -ge $n ]"
            sleep $((ACTION_MS / 1000 + 2))  # one action more would have reached QEMU by now
            act=$(qemu_actions "$qm")
        else
            t_wait_for 30 bash -c "[ \"\$(tail -n +$((pm + 1)) '$PVE_LOG' | grep -cE '^REQ POST .*/status/(start|stop)')\" -ge $n ]"
            # the BMC had time for one more: the last action's answer and a few polls
            pve_wait_polls 30 "$(pve_mark)" $((3 + 2 * ACTION_MS / 500)) || t_log "no polls"
            act=$(pve_actions "$pm")
        fi
        [ "$act" = "$want_act" ] && t_ok $name-actions-$b || t_fail $name-actions-$b "got '$act'"
        got_ans[$b]=$ans got_act[$b]=$act
    done
    [ "${got_ans[qmp]}" = "${got_ans[pve]}" ] && [ "${got_act[qmp]}" = "${got_act[pve]}" ] && t_ok $name-same-for-both \
        || t_fail $name-same-for-both "qmp '${got_ans[qmp]}' / '${got_act[qmp]}', proxmox '${got_ans[pve]}' / '${got_act[pve]}'"
}

# 1. on, on, off, on, off, on from off: everything accepted; on, off, on runs (the repeat
#    once, the first queued "on" dropped by the second "off").
check_burst burst1 "00 00 00 00 00 00" "on off on" 1 1 0 1 0 1
# 2. off, reset, soft, on from on: reset and soft get 0xD5 (the power will be off whether or
#    not the off has run yet); off and on run.
check_burst burst2 "00 d5 d5 00" "off on" 0 3 5 1
t_done
