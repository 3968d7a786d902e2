#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# macvlan mode: one macvlan link per BMC with a stable locally administered MAC derived from
# the VMID, seen by the client (ARP) and by `lan print`; removed on del and stop; after a
# supervisor SIGKILL the next start reuses the links (no duplicates) and drops stale ones.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/orch.sh"
t_init
orch_setup --mode macvlan || { t_fail setup; t_done; }
# The parent must not answer ARP for the BMC addresses itself (a host setting the docs name).
ip netns exec "$T_NSB" sysctl -qw net.ipv4.conf.bmc0.arp_ignore=1
link_mac() { ip -n "$T_NSB" -o link show "$1" 2>/dev/null | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p'; }
macvlans() { ip -n "$T_NSB" -o -d link show type macvlan | awk -F': ' '{print $2}' | sed 's/@.*//' | sort | tr '\n' ' '; }

mb add 111 198.18.0.111/24 --qmp "$T_DIR/q111.sock" >/dev/null
mb add 4242 198.18.0.142/24 --qmp "$T_DIR/q4242.sock" >/dev/null
orch_run || { t_fail supervisor-up; t_done; }
t_wait_for 15 orch_answers 198.18.0.111 && t_wait_for 15 orch_answers 198.18.0.142 && t_ok macvlan-bmcs-answer \
    || t_fail macvlan-bmcs-answer "$(cat "$T_DIR/sup.out")"
[ "$(link_mac mbmc111)" = 02:4d:00:00:00:6f ] && [ "$(link_mac mbmc4242)" = 02:4d:00:00:10:92 ] \
    && t_ok mac-derived-from-vmid || t_fail mac-derived-from-vmid "$(link_mac mbmc111) $(link_mac mbmc4242)"
ip -n "$T_NSB" -4 -o addr show dev mbmc111 | grep -q ' inet 198.18.0.111/24' && t_ok address-on-macvlan \
    || t_fail address-on-macvlan
neigh=$(ip -n "$T_NSC" neigh show 198.18.0.111)
case "$neigh" in *02:4d:00:00:00:6f*) t_ok client-sees-bmc-mac ;; *) t_fail client-sees-bmc-mac "$neigh" ;; esac
lp=$(t_in_client ipmitool -I lanplus -C 3 -H 198.18.0.142 -U "$T_USER" -P "$T_PASS" lan print 2>/dev/null)
echo "$lp" | grep -qi 'MAC Address *: 02:4d:00:00:10:92' && echo "$lp" | grep -q 'IP Address *: 198.18.0.142' \
    && t_ok lan-print-macvlan-mac || t_fail lan-print-macvlan-mac "$lp"

# Supervisor killed hard, a stale link of a BMC that is gone from the config: the restart
# keeps one link per BMC with the same MAC and removes the stale one.
kill -9 "$ORCH_SUP_PID"; t_wait_for 5 sh -c "! kill -0 $ORCH_SUP_PID"
ip -n "$T_NSB" link add mbmc999 link bmc0 type macvlan mode bridge
orch_run || t_fail supervisor-restart
t_wait_for 15 orch_answers 198.18.0.111 && t_wait_for 15 orch_answers 198.18.0.142 && t_ok answers-after-restart \
    || t_fail answers-after-restart
[ "$(macvlans)" = "mbmc111 mbmc4242 " ] && t_ok no-duplicate-or-stale-links || t_fail no-duplicate-or-stale-links "$(macvlans)"
[ "$(link_mac mbmc111)" = 02:4d:00:00:00:6f ] && t_ok mac-stable-across-restart || t_fail mac-stable-across-restart
[ "$(ip -n "$T_NSB" -4 -o addr show | grep -c ' inet 198.18.0.111/')" = 1 ] && t_ok one-address || t_fail one-address
[ "$(ip -n "$T_NSB" -4 rule show | grep -c '^9623:')" = 2 ] && t_ok one-rule-each || t_fail one-rule-each "$(ip -n "$T_NSB" rule)"

mb del 4242 >/dev/null
t_wait_for 5 sh -c "! ip -n $T_NSB link show mbmc4242 >/dev/null 2>&1" && t_ok del-removes-link || t_fail del-removes-link
# Mode switch in the running supervisor (init --force signals it): the BMC moves from its
# macvlan to an alias on the interface and answers there.
pid111=$(orch_sim_pid 111)
mb init --force --interface bmc0 --mode alias >/dev/null
on_alias() { ip -n "$T_NSB" -4 -o addr show dev bmc0 | grep -q ' inet 198.18.0.111/24'; }
# The BMC's MAC changed: the client's ARP cache would keep the old one for up to a minute.
flush_client_arp() { ip -n "$T_NSC" neigh flush dev eth0; }
t_wait_for 10 on_alias && flush_client_arp && [ -z "$(macvlans)" ] && t_ok reload-macvlan-to-alias || t_fail reload-macvlan-to-alias "$(macvlans)"
t_wait_for 15 orch_answers 198.18.0.111 && [ "$(orch_sim_pid 111)" != "$pid111" ] && t_ok answers-after-mode-switch \
    || t_fail answers-after-mode-switch "$(tail -5 "$T_DIR/sup.out")"
[ "$(ip -n "$T_NSB" -4 rule show | grep -c '^9623:')" = 0 ] && t_ok mode-switch-drops-rules || t_fail mode-switch-drops-rules
mb init --force --interface bmc0 --mode macvlan >/dev/null
t_wait_for 10 sh -c "ip -n $T_NSB link show mbmc111 >/dev/null 2>&1" && flush_client_arp && t_wait_for 15 orch_answers 198.18.0.111 \
    && ! on_alias && t_ok reload-alias-to-macvlan || t_fail reload-alias-to-macvlan
mb stop >/dev/null
[ -z "$(macvlans)" ] && t_ok stop-removes-links || t_fail stop-removes-links "$(macvlans)"
rules=$(ip -n "$T_NSB" -4 rule show | grep -c '^9623:')
[ "$rules" = 0 ] && t_ok stop-removes-rules || t_fail stop-removes-rules "$rules left"

# The sysV init script (as built for installation) drives the same commands.
initd() { ip netns exec "$T_NSB" env MULTIBMC="$T_MB" MULTIBMC_CONFIG="$ORCH_CFG" MULTIBMC_LOG="$T_DIR/initd.log" \
    sh "$T_TOP/scripts/init.d/multibmc" "$@"; }
initd start >/dev/null && t_wait_for 15 orch_answers 198.18.0.111 && t_ok initd-start || t_fail initd-start "$(cat "$T_DIR/initd.log")"
initd status >/dev/null && t_ok initd-status-running || t_fail initd-status-running
initd reload >/dev/null && t_ok initd-reload || t_fail initd-reload
initd stop >/dev/null; initd status >/dev/null; rc=$?
[ $rc = 3 ] && [ -z "$(macvlans)" ] && t_ok initd-stop || t_fail initd-stop "status rc=$rc, links: $(macvlans)"
t_done
