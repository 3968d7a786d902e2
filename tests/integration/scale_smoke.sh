#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The 100-BMC setup of the scale benchmark (tests/bench/scale.sh), behaviour only, no timings:
# `multibmc run` with 100 Proxmox BMCs on the fake API (`fakepve --vms 100 --nodes 2`, VMs
# 1000..1099, BMCs 198.18.1.1..100 on a /16): all 100 answer power status to one ipmipower
# fan-out over the hostrange, a power change on three of them reaches their VMs and shows in
# power status, `multibmc status` lists 100 running, and stopping the supervisor leaves no
# address and no ipmi_sim behind.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/orch.sh"
. "$(dirname "$0")/../lib/fakepve.sh"
t_init
N=100
T_PREFIX=16
orch_setup || { t_fail setup; t_done; }
pve_start --vms $N --nodes 2 || { t_fail fakepve-start; t_done; }
# The default SOL policy (hold): every BMC's console bridge tries its VM's serial port, which
# the fleet's VMs do not have.
mb init --force --interface bmc0 --pve-url "$PVE_URL" --token-file "$PVE_TOKEN_FILE" --ca-file "$PVE_CA" \
    >/dev/null || { t_fail init; t_done; }
for ((i = 1; i <= N; i++)); do
    mb add $((999 + i)) "198.18.1.$i/16" >/dev/null || { t_fail "add-$i" "$(mb add $((999 + i)) "198.18.1.$i/16" 2>&1)"; t_done; }
done
t_ok hundred-added
# The supervisor holds ~4 fds per BMC; systemd starts services with a soft limit of 1024
# (hard 524288), i.e. room for ~250 BMCs. Scaled down here: 256 for 100 BMCs.
ulimit -Sn 256
orch_run || { t_fail supervisor-up "$(tail -20 "$T_DIR/sup.out")"; t_done; }
ulimit -Sn "$(ulimit -Hn)"

fan() { timeout 60 ip netns exec "$T_NSC" ipmipower -D LAN_2_0 -h "$1" -u "$T_USER" -p "$T_PASS" "${@:2}" 2>&1; }
count_on() { fan '198.18.1.[1-100]' --stat | grep -cE ': on$'; }
all_on() { [ "$(count_on)" = $N ]; }
t_wait_for 90 all_on && t_ok all-100-power-on || t_fail all-100-power-on "$(count_on) of $N on; $(mb status | grep -vc ' running ') not running"
out=$(fan '198.18.1.[1-100]' --stat)
[ "$(grep -cE '^198\.18\.1\.[0-9]+: (on|off)$' <<<"$out")" = $N ] && t_ok fanout-every-host-answers \
    || t_fail fanout-every-host-answers "$(grep -vE ': (on|off)$' <<<"$out" | head -5)"

# A power change on three BMCs reaches their VMs (and only theirs) and shows in power status.
out=$(fan '198.18.1.[1-3]' --off)
[ "$(grep -c ': ok$' <<<"$out")" = 3 ] && t_ok power-off-three || t_fail power-off-three "$out"
vms_off() { local v; for v in 1000 1001 1002; do [ "$(pve_show $v status)" = stopped ] || return 1; done; }
t_wait_for 15 vms_off && t_ok three-vms-stopped || t_fail three-vms-stopped "$(pve_show 1000 status) $(pve_show 1001 status) $(pve_show 1002 status)"
[ "$(pve_show 1003 status)" = running ] && [ "$(pve_show 1099 status)" = running ] && t_ok others-untouched \
    || t_fail others-untouched
three_off() { [ "$(fan '198.18.1.[1-3]' --stat | grep -cE ': off$')" = 3 ]; }
t_wait_for 15 three_off && t_ok power-status-shows-off || t_fail power-status-shows-off "$(fan '198.18.1.[1-3]' --stat)"
t_ipmitool 198.18.1.2 power on >/dev/null 2>&1
t_wait_for 15 bash -c "ip netns exec $T_NSC ipmitool -I lanplus -H 198.18.1.2 -U $T_USER -P $T_PASS power status 2>/dev/null | grep -q 'is on'" \
    && [ "$(pve_show 1001 status)" = running ] && t_ok power-on-one || t_fail power-on-one "$(pve_show 1001 status)"

# No serial port on the VM: the bridge says so and does not keep knocking (once a minute).
no_port_shown() { mb show 1050 | grep -q "serial interface 'serial0' is not configured"; }
t_wait_for 20 no_port_shown && t_ok sol-no-serial-port-shown \
    || t_fail sol-no-serial-port-shown "$(mb show 1050 | grep -i sol)"
m=$(pve_mark)
sleep 10    # the window the retry rate is counted over
n=$(pve_reqs_since "$m" 'termproxy' | wc -l)
[ "$n" -le 5 ] && t_ok sol-no-serial-port-not-retried || t_fail sol-no-serial-port-not-retried "$n termproxy requests in 10 s"

st=$(mb status)
[ "$(grep -cE '^ +1[0-9]{3} +198\.18\.1\.[0-9]+ +running ' <<<"$st")" = $N ] && t_ok status-lists-100-running \
    || t_fail status-lists-100-running "$(grep -vE ' running ' <<<"$st" | head -5)"

# Stop: every address and every ipmi_sim goes.
sims=$(pgrep -P "$ORCH_SUP_PID" -x ipmi_sim | wc -l)
[ "$sims" = $N ] && t_ok hundred-ipmi-sims || t_fail hundred-ipmi-sims "$sims"
lim() { sed -n 's/^Max open files *\([0-9]*\) .*/\1/p' "/proc/$1/limits"; }
sim=$(pgrep -P "$ORCH_SUP_PID" -x ipmi_sim | head -1)
[ "$(lim "$ORCH_SUP_PID")" = "$(ulimit -Hn)" ] && [ "$(lim "$sim")" = 256 ] && t_ok fd-limit-raised-for-supervisor-only \
    || t_fail fd-limit-raised-for-supervisor-only "supervisor $(lim "$ORCH_SUP_PID"), ipmi_sim $(lim "$sim")"
kill -TERM "$ORCH_SUP_PID"
t_wait_for 60 bash -c "! kill -0 $ORCH_SUP_PID 2>/dev/null" && t_ok supervisor-stopped || t_fail supervisor-stopped
left=$(ip -n "$T_NSB" -4 -o addr show dev bmc0 | grep -vc ' 198\.18\.0\.1/')
[ "$left" = 0 ] && t_ok addresses-removed || t_fail addresses-removed "$left left"
left=$(pgrep -f "ipmi_sim -n -c $ORCH_RUN/" | wc -l)
[ "$left" = 0 ] && t_ok ipmi-sims-gone || t_fail ipmi-sims-gone "$left left"
t_done
