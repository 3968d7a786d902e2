#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What the BMC must refuse, and input that must not bring ipmi_sim down: cipher suite 0,
# wrong passwords, per-user privilege over RMCP+, the advertised suite list (exactly what
# Open Session accepts), the abandoned MD5-128 Open Session (stock: SIGSEGV 30 s later),
# Get Channel Payload Support, malformed and truncated RMCP+ packets, an "encrypted" packet on
# a session without confidentiality, runt datagrams after a session timeout (the last two:
# SIGSEGV in stock 2.0.33).
. "$(dirname "$0")/../lib/common.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
IP=198.18.0.32
RAW=$(dirname "$0")/rmcpp_raw.py
t_bmc_start bmc $IP "backend=qmp qmp=/nonexistent" || { t_fail bmc-start; t_done; }
PID=$(t_sim_pid bmc)
ipmi() { t_ipmitool $IP "$@"; }
as() { local u=$1 p=$2; shift 2; timeout 60 ip netns exec "$T_NSC" ipmitool -I lanplus -H $IP -U "$u" -P "$p" "$@"; }
alive() { kill -0 "$PID" 2>/dev/null; }
raw() { t_in_client "$T_PY" "$RAW" $IP "$@"; }

# Start the slow case first: Open Sessions proposing MD5-128 integrity (suites 11, 12) and
# HMAC-MD5-128 (7), then nothing. The module refuses them (status 5, invalid integrity
# algorithm); stock 2.0.33 accepted them and crashed when the session timed out (30 s).
# A suite-17 session abandoned after RAKP 2 times out in the same window.
md5_status=$(for s in 11 12 7; do raw open $s; done 2>&1 | tr '\n' ' ')
[ "$md5_status" = "5 5 5 " ] && t_ok md5-integrity-suites-refused || t_fail md5-integrity-suites-refused "status: $md5_status"
out=$(raw rakp1-abandon 2>&1) && t_ok sha256-rakp2-then-abandon || t_fail sha256-rakp2-then-abandon "$out"
abandoned_at=$SECONDS

# Cipher suite 0 is refused whatever the password.
for pw in right:password wrong:wrong empty:; do
    out=$(as admin "${pw#*:}" -C 0 power status 2>&1)
    echo "$out" | grep -q 'Chassis Power is' && t_fail "suite-0-refused-${pw%%:*}-password" "$out" \
        || t_ok "suite-0-refused-${pw%%:*}-password"
done
[ "$(raw open 0 2>&1)" = 17 ] && t_ok suite-0-open-session-no-match || t_fail suite-0-open-session-no-match

# Wrong password: refused on SHA-1 and SHA-256 suites, and over IPMI 1.5.
for c in 3 17; do
    out=$(as admin wrongpass -C $c power status 2>&1)
    echo "$out" | grep -q 'Chassis Power is' && t_fail wrong-password-suite-$c "$out" || t_ok wrong-password-suite-$c
done
out=$(timeout 60 ip netns exec "$T_NSC" ipmitool -I lan -H $IP -U admin -P wrongpass power status 2>&1)
echo "$out" | grep -q 'Chassis Power is' && t_fail wrong-password-lan15 "$out" || t_ok wrong-password-lan15
out=$(timeout 60 ip netns exec "$T_NSC" ipmi-chassis -h $IP -u admin -p wrongpass -D LAN_2_0 -I 17 --get-chassis-status 2>&1)
echo "$out" | grep -q 'System Power' && t_fail wrong-password-freeipmi-17 "$out" || t_ok wrong-password-freeipmi-17

# Per-user privilege over RMCP+ (lan.conf: viewer is a "user"-level account).
out=$(as viewer viewpass power status 2>&1)   # ipmitool asks for ADMINISTRATOR by default
echo "$out" | grep -q 'Chassis Power is' && t_fail viewer-cannot-get-admin "$out" || t_ok viewer-cannot-get-admin
for c in 3 17; do
    out=$(as viewer viewpass -C $c -L USER power status 2>&1)
    echo "$out" | grep -q 'Chassis Power is' && t_ok viewer-power-status-suite-$c || t_fail viewer-power-status-suite-$c "$out"
    out=$(as viewer viewpass -C $c -L USER power off 2>&1)
    echo "$out" | grep -q 'Insufficient privilege level' && t_ok viewer-power-off-0xd4-suite-$c \
        || t_fail viewer-power-off-0xd4-suite-$c "$out"
done
out=$(as viewer viewpass -L USER chassis bootdev pxe 2>&1)
echo "$out" | grep -q 'Insufficient privilege level' && t_ok viewer-bootdev-0xd4 || t_fail viewer-bootdev-0xd4 "$out"
out=$(as viewer viewpass -L USER raw 0x00 0x04 2>&1)
echo "$out" | grep -q 'rsp=0xd4' && t_ok viewer-identify-0xd4 || t_fail viewer-identify-0xd4 "$out"
out=$(timeout 60 ip netns exec "$T_NSC" ipmi-chassis -h $IP -u viewer -p viewpass -D LAN_2_0 -l admin --get-chassis-status 2>&1)
echo "$out" | grep -q 'System Power' && t_fail viewer-freeipmi-admin-refused "$out" || t_ok viewer-freeipmi-admin-refused
out=$(timeout 60 ip netns exec "$T_NSC" ipmi-chassis -h $IP -u viewer -p viewpass -D LAN_2_0 -l user --get-chassis-status 2>&1)
echo "$out" | grep -q 'System Power' && t_ok viewer-freeipmi-user-status || t_fail viewer-freeipmi-user-status "$out"

# Operator: may control the chassis (identify needs no backend; power reaches the handler,
# whose answer depends on the backend, but never "insufficient privilege"), not admin.
out=$(as operator operpass -L OPERATOR raw 0x00 0x04 2>&1)
[ -z "$(echo "$out" | grep -v HPM)" ] && t_ok operator-identify || t_fail operator-identify "$out"
out=$(as operator operpass -L OPERATOR power on 2>&1)
echo "$out" | grep -q 'Insufficient privilege' && t_fail operator-power-not-0xd4 "$out" || t_ok operator-power-not-0xd4
out=$(as operator operpass power status 2>&1)
echo "$out" | grep -q 'Chassis Power is' && t_fail operator-cannot-get-admin "$out" || t_ok operator-cannot-get-admin

# Advertised suites are exactly what Open Session accepts.
got=$(ipmi channel getciphers ipmi 2>&1 | awk '$1 ~ /^[0-9]+$/ {printf "%s ", $1}')
[ "$got" = "1 2 3 6 15 16 17 " ] && t_ok getciphers-list || t_fail getciphers-list "got: $got"
lanprint=$(ipmi lan print 1 2>&1)
got=$(echo "$lanprint" | sed -n 's/^RMCP+ Cipher Suites *: *//p')
[ "$got" = "1,2,3,6,15,16,17" ] && t_ok lan-print-cipher-suites || t_fail lan-print-cipher-suites "got: $got"
got=$(echo "$lanprint" | sed -n 's/^Cipher Suite Priv Max *: *//p')
[ "$got" = "aaaaaaaXXXXXXXX" ] && t_ok lan-print-priv-max-entries || t_fail lan-print-priv-max-entries "got: $got"
accepted=""
for s in 0 1 2 3 6 7 8 11 12 15 16 17; do
    [ "$(raw open $s 2>/dev/null)" = 0 ] && accepted="$accepted$s "
done
[ "$accepted" = "1 2 3 6 15 16 17 " ] && t_ok open-session-accepts-advertised || t_fail open-session-accepts-advertised "accepted: $accepted"
out=$(ipmi user list 1 2>&1)
echo "$out" | grep -q 'viewer .* USER' && t_ok user-list || t_fail user-list "$out"

# Get Channel Payload Support (stock: NULL dereference): IPMI payload, no SOL configured.
out=$(ipmi raw 0x06 0x4e 0x0e 2>&1)
[ "$(echo $out)" = "01 00 3f 00 00 00 00 00" ] && t_ok payload-support-answer || t_fail payload-support-answer "got: $out"
out=$(ipmi raw 0x06 0x4e 0x09 2>&1)
echo "$out" | grep -q 'rsp=0xcc' && t_ok payload-support-no-channel || t_fail payload-support-no-channel "got: $out"
alive && t_ok payload-support-sim-alive || t_fail payload-support-sim-alive

# Malformed, truncated and out-of-order RMCP+ / RMCP packets, then a normal login.
out=$(raw malformed 2>&1) || t_fail malformed-sent "$out"
# No wait: the power status request is answered only after ipmi_sim handled what came before.
alive && ipmi power status >/dev/null 2>&1 && t_ok malformed-sim-survives || t_fail malformed-sim-survives "$out"
# A packet marked "encrypted" on a session without confidentiality (suites 1, 6, 15; Open
# Session needs no password). Stock lanserv decrypted it through a NULL handler (SIGSEGV).
out=$(raw encrypted-plain 2>&1) || t_fail encrypted-plain-sent "$out"
alive && ipmi power status >/dev/null 2>&1 && t_ok encrypted-on-plain-session-sim-survives \
    || t_fail encrypted-on-plain-session-sim-survives "$out"

# The BMC's addresses belong to the multibmc config: setting them over IPMI is refused as
# read-only (0x82) instead of answering success and changing nothing; lan print is unchanged.
out=$(ipmi raw 0x0c 0x01 0x01 0x03 198 18 0 99 2>&1)
echo "$out" | grep -q 'rsp=0x82' && t_ok lan-set-ipaddr-read-only || t_fail lan-set-ipaddr-read-only "got: $out"
out=$(ipmi raw 0x0c 0x01 0x01 0x06 255 255 0 0 2>&1)
echo "$out" | grep -q 'rsp=0x82' && t_ok lan-set-netmask-read-only || t_fail lan-set-netmask-read-only "got: $out"
out=$(ipmi lan print 1 2>&1)
echo "$out" | grep -q 'IP Address *: ' && ! echo "$out" | grep -q '198.18.0.99' \
    && t_ok lan-print-address-unchanged || t_fail lan-print-address-unchanged "$(echo "$out" | grep 'IP Address')"

# Stock 2.0.33 died when the abandoned MD5-128 sessions timed out (30 s, checked each second).
# An absence can only be seen by waiting: ipmi_sim must still be there after that moment.
# Meanwhile, runt datagrams: lanserv logs a session's timeout from its tick, and a datagram
# of 4 bytes or with an RMCP sequence other than ff that came next made 2.0.33's log read an
# unset message (SIGSEGV; module/lanserv/log_guard.c). A half-open session is opened (it
# times out after 5 s) and the runts go every 0.2 s for the whole wait, so some arrive right
# after each timeout; nothing else reaches ipmi_sim meanwhile.
wait_s=$(( 35 - (SECONDS - abandoned_at) ))
[ $wait_s -lt 15 ] && wait_s=15     # the half-open session's 5 s, lanserv's tick, and slack
raw open 3 >/dev/null 2>&1
t_log "waiting ${wait_s}s for the session timeouts, sending runt datagrams"
out=$(raw runts $wait_s 2>&1) || t_fail runts-sent "$out"
alive && t_ok runts-after-session-timeout-sim-alive || t_fail runts-after-session-timeout-sim-alive "ipmi_sim died: $(tail -3 "$T_DIR/bmc.sim.out" 2>/dev/null)"
alive && t_ok abandoned-sessions-sim-alive || t_fail abandoned-sessions-sim-alive "ipmi_sim died: $(tail -3 "$T_DIR/bmc.sim.out" 2>/dev/null)"
out=$(ipmi -C 17 power status 2>&1)
echo "$out" | grep -q 'Chassis Power is' && t_ok abandoned-sessions-then-login || t_fail abandoned-sessions-then-login "$out"
t_done
