#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Stock clients against ipmi_sim + multibmc's protocol fixes, with no workaround flags:
# ipmitool lanplus without -C (negotiates suite 17 at once), every offered suite, IPMI 1.5,
# FreeIPMI LAN_2_0, ipmiconsole, pyghmi over SHA-256, Ironic-style raw commands.
# Only answers that do not depend on the VM backend are asserted.
. "$(dirname "$0")/../lib/common.sh"
t_init
t_netns_setup || { t_fail netns; t_done; }
IP=198.18.0.31
RAW=$(dirname "$0")/rmcpp_raw.py
t_bmc_start bmc $IP "backend=qmp qmp=/nonexistent" || { t_fail bmc-start; t_done; }
PID=$(t_sim_pid bmc)
ipmi() { t_ipmitool $IP "$@"; }
alive() { kill -0 "$PID" 2>/dev/null; }

# ipmitool without -C: Get Channel Cipher Suites is answered before the session, so no
# 10 s fallback, and the best suite (17, SHA-256) is picked.
out=$(ipmi -vv power status 2>&1)
echo "$out" | grep -q 'Chassis Power is' && t_ok ipmitool-default-answers || t_fail ipmitool-default-answers "$out"
echo "$out" | grep -q 'Using best available cipher suite 17' && ! echo "$out" | grep -q 'Unable to Get Channel Cipher Suites' \
    && t_ok ipmitool-default-picks-suite-17 || t_fail ipmitool-default-picks-suite-17 "$(echo "$out" | grep -i cipher)"
echo "$out" | grep -q 'Negotiated authenticati.* algorithm : hmac_sha256' && t_ok ipmitool-default-negotiates-sha256 \
    || t_fail ipmitool-default-negotiates-sha256 "$(echo "$out" | grep -i negotiated)"
times=()
for i in 1 2 3 4 5; do
    s=$(t_now_ms); ipmi power status >/dev/null 2>&1; times+=($(( $(t_now_ms) - s )))
done
t_log "ipmitool lanplus power status without -C: ${times[*]} ms"

# The pre-session answer itself, byte by byte (RMCP+ format, as ipmitool sends the request).
got=$(t_in_client "$T_PY" "$RAW" $IP ciphers 2>&1)
[ "$got" = "1 2 3 6 15 16 17" ] && t_ok presession-cipher-suites-rmcpp || t_fail presession-cipher-suites-rmcpp "got: $got"

# Every offered suite logs in and answers; -C 17 also runs a longer exchange (SDR/SEL reads).
for c in 1 2 3 6 15 16 17; do
    out=$(ipmi -C $c power status 2>&1)
    echo "$out" | grep -q 'Chassis Power is' && t_ok ipmitool-suite-$c || t_fail ipmitool-suite-$c "$out"
done
ipmi -C 17 sel info >/dev/null 2>&1 && ipmi -C 17 mc info | grep -q 'Device ID' && t_ok ipmitool-suite-17-commands \
    || t_fail ipmitool-suite-17-commands
s=$(t_now_ms); ipmi -C 17 power status >/dev/null 2>&1; t_log "ipmitool -C 17 power status: $(( $(t_now_ms) - s )) ms"

# IPMI 1.5
out=$(timeout 60 ip netns exec "$T_NSC" ipmitool -I lan -H $IP -U admin -P password power status 2>&1)
echo "$out" | grep -q 'Chassis Power is' && t_ok ipmitool-lan15 || t_fail ipmitool-lan15 "$out"

# FreeIPMI, no -W workaround flags: the Open Session privilege-0 fix.
fi_args=(-h $IP -u admin -p password)
out=$(timeout 60 ip netns exec "$T_NSC" ipmi-chassis "${fi_args[@]}" -D LAN_2_0 --get-chassis-status 2>&1)
echo "$out" | grep -q 'System Power *: ' && t_ok freeipmi-chassis-lan20 || t_fail freeipmi-chassis-lan20 "$out"
out=$(timeout 60 ip netns exec "$T_NSC" ipmi-chassis "${fi_args[@]}" -D LAN_2_0 -I 17 --get-chassis-status 2>&1)
echo "$out" | grep -q 'System Power *: ' && t_ok freeipmi-chassis-suite-17 || t_fail freeipmi-chassis-suite-17 "$out"
out=$(timeout 60 ip netns exec "$T_NSC" ipmipower "${fi_args[@]}" -D LAN_2_0 --stat 2>&1)
echo "$out" | grep -q "^$IP: o[nf]" && t_ok freeipmi-ipmipower-stat || t_fail freeipmi-ipmipower-stat "$out"
out=$(timeout 60 ip netns exec "$T_NSC" ipmipower "${fi_args[@]}" -D LAN_2_0 -I 16 --stat 2>&1)
echo "$out" | grep -q "^$IP: o[nf]" && t_ok freeipmi-ipmipower-suite-16 || t_fail freeipmi-ipmipower-suite-16 "$out"

# ipmiconsole sends Get Channel Payload Support (0x4E), which crashed stock ipmi_sim. No SOL
# is configured here, so it may fail to get a console, but ipmi_sim must live on.
out=$(timeout 15 ip netns exec "$T_NSC" ipmiconsole "${fi_args[@]}" </dev/null 2>&1)
t_log "ipmiconsole: $(echo "$out" | head -1)"
# No wait: the power status request is answered only after ipmi_sim handled what came before.
alive && ipmi power status >/dev/null 2>&1 && t_ok ipmiconsole-sim-survives || t_fail ipmiconsole-sim-survives "$out"

# pyghmi negotiates SHA-256 (integrity algorithm 256) and reads the power state.
out=$(t_in_client "$T_PY" -c "
from pyghmi.ipmi import command
c = command.Command(bmc='$IP', userid='admin', password='password')
print(c.get_power()['powerstate'], c.ipmi_session.integrityalgo)
" 2>&1)
echo "$out" | grep -Eq '^o(n|ff) 256$' && t_ok pyghmi-sha256 || t_fail pyghmi-sha256 "$out"

# Ironic-style raw commands (ipmitool driver): boot parameter get, valid-bit clearing,
# set boot device (may be refused by the VM backend, but never for privilege/unknown command).
out=$(ipmi raw 0x00 0x09 0x05 0x00 0x00 2>&1)
echo "$out" | grep -Eq '^ *01 05 ' && t_ok ironic-raw-get-bootparam || t_fail ironic-raw-get-bootparam "$out"
out=$(ipmi raw 0x00 0x08 0x03 0x08 2>&1)
[ -z "$(echo $out)" ] && t_ok ironic-raw-clear-valid-bits || t_fail ironic-raw-clear-valid-bits "$out"
out=$(ipmi raw 0x00 0x08 0x05 0xe0 0x08 0x00 0x00 0x00 2>&1)
echo "$out" | grep -Eq 'rsp=0x(d4|c1)' && t_fail ironic-raw-set-bootdev "$out" || t_ok ironic-raw-set-bootdev
out=$(ipmi raw 0x06 0x01 2>&1)
[ "$(echo $out | wc -w)" -ge 11 ] && t_ok ironic-raw-mc-info || t_fail ironic-raw-mc-info "$out"

# A BMC key (Kg, lan.conf bmc_key) keys the session integrity key: SHA-256 and SHA-1 suites
# work with the right -k and fail without it. The wrapper adds the line to the generated
# lan.conf just before ipmi_sim starts.
cat >"$T_DIR/add-kg" <<'EOF2'
#!/bin/bash
for ((i = 1; i < $#; i++)); do [ "${!i}" = -c ] && { j=$((i + 1)); conf=${!j}; }; done
sed -i '/^ *guid /a\    bmc_key "kgkey1234567890"' "$conf"
exec "$@"
EOF2
chmod 700 "$T_DIR/add-kg"
KIP=198.18.0.33
T_SIM_WRAPPER=$T_DIR/add-kg t_bmc_start kg $KIP "backend=qmp qmp=/nonexistent" || t_fail kg-bmc-start
grep -q '^ *bmc_key ' "$T_DIR/kg/lan.conf" && t_ok kg-configured || t_fail kg-configured
kg() { timeout 60 ip netns exec "$T_NSC" ipmitool -I lanplus -H $KIP -U admin -P password "$@"; }
for c in 3 17; do
    out=$(kg -C $c -k kgkey1234567890 power status 2>&1)
    echo "$out" | grep -q 'Chassis Power is' && t_ok kg-suite-$c || t_fail kg-suite-$c "$out"
    out=$(kg -C $c power status 2>&1)
    echo "$out" | grep -q 'Chassis Power is' && t_fail kg-missing-refused-suite-$c "$out" || t_ok kg-missing-refused-suite-$c
done
out=$(timeout 60 ip netns exec "$T_NSC" ipmi-chassis -h $KIP -u admin -p password -k kgkey1234567890 -D LAN_2_0 -I 17 --get-chassis-status 2>&1)
echo "$out" | grep -q 'System Power *: ' && t_ok kg-freeipmi-suite-17 || t_fail kg-freeipmi-suite-17 "$out"

# SOL over suite 17: payload type 1 with SHA-256 integrity and AES, both directions.
# A stand-in serial port (TCP, in the BMC's namespace) prints lines and records what is
# typed. (-W solpayloadsize: lanserv's Activate Payload reports buffer sizes FreeIPMI
# rejects; that is a SOL matter, not a cipher one.)
t_bg serial ip netns exec "$T_NSB" "$T_PY" -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 5599)); s.listen(1)
c, _ = s.accept(); c.settimeout(0.2)
i = 0
while True:                       # until the test ends (t_cleanup)
    c.sendall(b"HELLO-SOL-%d\r\n" % i)
    i += 1
    try:
        d = c.recv(100)
        if d:
            open(sys.argv[1], "ab").write(d)
            c.sendall(b"GOT:" + d.strip() + b"\r\n")    # an echo the console can wait for
    except socket.timeout: pass
' "$T_DIR/typed"
serial_listening() { t_in_bmc ss -Hltn 'sport = :5599' | grep -q .; }
t_wait_for 10 serial_listening || t_fail sol-serial-listening
SIP=198.18.0.35
t_bmc_start sol $SIP "backend=qmp qmp=/nonexistent" --sol-device tcp:127.0.0.1:5599 || t_fail sol-bmc-start
# The console types only once the session shows output, and leaves once its text came back.
printf '%s\n' 'expect SOL established' 'expect HELLO-SOL-' 'send typed-over-17\r' \
    'expect GOT:typed-over-17' 'send &.' 'eof' >"$T_DIR/s17.steps"
expect "$T_TOP/tests/lib/console.exp" 30 "$T_DIR/s17.steps" -- ip netns exec "$T_NSC" ipmiconsole \
    -h $SIP -u admin -p password -I 17 -W solpayloadsize >"$T_DIR/s17.out" 2>&1
out=$(tr -d '\r' <"$T_DIR/s17.out")
echo "$out" | grep -q '\[SOL established\]' && echo "$out" | grep -q 'HELLO-SOL-' && t_ok sol-suite-17-output \
    || t_fail sol-suite-17-output "$(echo "$out" | head -5)"
grep -q 'typed-over-17' "$T_DIR/typed" 2>/dev/null && t_ok sol-suite-17-input || t_fail sol-suite-17-input "$(echo "$out" | tail -3)"
kill -0 "$(t_sim_pid sol)" && t_ok sol-sim-alive || t_fail sol-sim-alive

alive && t_ok sim-alive-at-end || t_fail sim-alive-at-end
t_done
