#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# multibmc discover against the fake Proxmox (issue 17): 80 VMs on 3 nodes, 50 of them in pool
# "compute" (tags hpc;rackN), 20 in pool "storage" (also tagged hpc), 10 without a pool, and
# a template in "compute". With the supervisor running: --dry-run changes nothing; discover
# --pool compute --tag hpc adds exactly the 50 (the running BMCs keep running), they answer
# IPMI; a second run adds nothing and leaves the file alone; --prune removes exactly the BMCs
# of the deleted VMs and of the one moved to another pool, never a hand-made BMC, and not
# one whose VM the token cannot see; rule addresses (--ip-base/--ip-offset); the refusals:
# address conflict, exhausted range, missing Pool.Audit / VM.Audit, unknown pool.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/orch.sh"
. "$(dirname "$0")/../lib/fakepve.sh"
t_init
T_PREFIX=16 t_netns_setup || { t_fail setup; t_done; }
orch_setup || { t_fail setup; t_done; }
pve_start --vms 80 --nodes 3 || { t_fail fakepve-start; t_done; }
{
    echo 'pool compute HPC compute nodes'
    echo 'pool storage'
    for i in $(seq 0 49); do echo "vm $((1000 + i)) pool=compute cfg.tags=hpc;rack$((i % 4))"; done
    for i in $(seq 50 69); do echo "vm $((1000 + i)) pool=storage cfg.tags=hpc;storage"; done
    for i in $(seq 70 79); do echo "vm $((1000 + i)) cfg.tags=hpc"; done
    echo 'addvm 1200 pve1'
    echo 'vm 1200 pool=compute template=1 cfg.tags=hpc'
} | pve_ctl "$(cat)" >/dev/null
mb init --force --interface bmc0 --pve-url "$PVE_URL" --token-file "$PVE_TOKEN_FILE" --ca-file "$PVE_CA" >/dev/null \
    && mb add 1075 198.18.3.75/16 >/dev/null || { t_fail config "$(mb list 2>&1)"; t_done; }
orch_run || { t_fail supervisor-up "$(cat "$T_DIR/sup.out")"; t_done; }
t_wait_for 20 orch_answers 198.18.3.75 || t_fail hand-made-bmc-up
hand_pid=$(orch_sim_pid 1075)

count() { mb list --json | "$T_PY" -c 'import json,sys; print(len(json.load(sys.stdin)["bmcs"]))'; }
RANGE=198.18.1.1-198.18.1.254

# --dry-run: the plan as a table, nothing changes.
sum=$(sha256sum <"$ORCH_CFG")
out=$(mb discover --pool compute --tag hpc --range $RANGE --dry-run)
t_log "$(echo "$out" | head -4)"
[ "$(echo "$out" | grep -c ' add$')" = 50 ] && echo "$out" | tail -1 | grep -q '^50 to add, 0 kept, 0 to remove, 0 problems' \
    && echo "$out" | grep -qE '^ +1000 +cn0001 +pve1 +198\.18\.1\.1/16 +add$' && [ "$(sha256sum <"$ORCH_CFG")" = "$sum" ] \
    && t_ok dry-run-plan || t_fail dry-run-plan "$out"

# The real thing: 50 BMCs, the others untouched, all of them answering.
start=$(t_now_ms)
out=$(mb discover --pool compute --tag hpc --range $RANGE)
t_log "discover took $(( $(t_now_ms) - start )) ms: $(echo "$out" | tail -1)"
echo "$out" | tail -1 | grep -q '^50 added, 0 kept, 0 removed (the running supervisor applies it now)' \
    && [ "$(count)" = 51 ] && t_ok discover-adds-50 || t_fail discover-adds-50 "$out"
ids=$(mb list --json | "$T_PY" -c '
import json, sys
c = json.load(sys.stdin)
print(" ".join(str(b["vmid"]) for b in c["bmcs"] if b.get("discovered") == "proxmox pool=compute tag=hpc"))')
[ "$ids" = "$(seq -s ' ' 1000 1049)" ] && t_ok exactly-the-pool || t_fail exactly-the-pool "$ids"
all_running() { [ "$(mb status --json | "$T_PY" -c 'import json,sys; print(sum(1 for b in json.load(sys.stdin)["bmcs"] if b["state"]["bmc"] == "running"))')" = 51 ]; }
t_wait_for 120 all_running && t_ok fifty-bmcs-running || t_fail fifty-bmcs-running "$(mb status | tail -5)"
power_on() { t_ipmitool "$1" power status 2>/dev/null | grep -q 'is on'; }
ok=1; for a in 198.18.1.1 198.18.1.25 198.18.1.50; do t_wait_for 30 power_on $a || ok=0; done
[ $ok = 1 ] && t_ok new-bmcs-answer || t_fail new-bmcs-answer "$(mb show 1049)"
[ "$(orch_sim_pid 1075)" = "$hand_pid" ] && t_ok others-keep-running \
    || t_fail others-keep-running "pid $hand_pid -> $(orch_sim_pid 1075); $(grep -E '\[1075\]|reload' "$T_DIR/sup.out" | tail -15)"

# A second run adds nothing and does not even rewrite the file.
sum=$(sha256sum <"$ORCH_CFG")
out=$(mb discover --pool compute --tag hpc --range $RANGE)
[ "$out" = "0 added, 50 kept, 0 removed" ] && [ "$(sha256sum <"$ORCH_CFG")" = "$sum" ] && [ "$(count)" = 51 ] \
    && t_ok second-run-adds-nothing || t_fail second-run-adds-nothing "$out"

# Prune: three VMs deleted, one moved to another pool, one hidden from the token.
pve_ctl 'delvm 1003
delvm 1017
delvm 1042
vm 1010 pool=storage' >/dev/null
pids_before=$(for v in 1000 1001 1049; do orch_sim_pid $v; done)
out=$(mb discover --pool compute --tag hpc --range $RANGE --prune --dry-run)
echo "$out" | grep -qE '^ +1003 .* remove: VM gone$' && echo "$out" | grep -qE '^ +1010 .* remove: no longer matches$' \
    && [ "$(echo "$out" | grep -c ' remove:')" = 4 ] && t_ok prune-dry-run || t_fail prune-dry-run "$out"
out=$(mb discover --pool compute --tag hpc --range $RANGE --prune)
removed=$(echo "$out" | sed -n 's/^removed BMC \([0-9]*\) .*/\1/p' | tr '\n' ' ')
[ "$removed" = "1003 1010 1017 1042 " ] && [ "$(count)" = 47 ] && mb show 1075 >/dev/null \
    && t_ok prune-removes-exactly-those || t_fail prune-removes-exactly-those "$out"
gone() { ! orch_answers "$1"; }
t_wait_for 20 gone 198.18.1.4 && ! orch_has_addr 198.18.1.4 && t_ok pruned-bmc-stopped || t_fail pruned-bmc-stopped
[ "$(for v in 1000 1001 1049; do orch_sim_pid $v; done)" = "$pids_before" ] && t_ok prune-keeps-the-rest-running \
    || t_fail prune-keeps-the-rest-running
# Missing privileges are named, with the command that grants them (a token without VM.Audit
# sees no VM at all; /cluster/resources says nothing about it).
pve_ctl 'privs bmc@pve!ipmi Pool.Audit' >/dev/null
out=$(mb discover --pool compute --range $RANGE --prune 2>&1)
case "$out" in *"sees no VM: it lacks VM.Audit on /vms"*"pveum acl modify /vms -token 'bmc@pve!ipmi'"*) t_ok no-vm-audit-refused ;;
    *) t_fail no-vm-audit-refused "$out" ;; esac
pve_ctl 'privs bmc@pve!ipmi VM.Audit VM.PowerMgmt VM.Config.Disk VM.Console' >/dev/null
out=$(mb discover --pool compute --tag hpc --range $RANGE 2>&1)
case "$out" in *"lacks Pool.Audit on /pool/compute"*"pveum acl modify /pool/compute -token 'bmc@pve!ipmi'"*) t_ok no-pool-audit-refused ;;
    *) t_fail no-pool-audit-refused "$out" ;; esac
pve_ctl 'privs bmc@pve!ipmi VM.Audit VM.PowerMgmt VM.Config.Disk VM.Console Pool.Audit' >/dev/null
out=$(mb discover --pool nosuch --range $RANGE 2>&1)
case "$out" in *"Proxmox has no pool 'nosuch' (pools: compute, storage)"*) t_ok unknown-pool ;; *) t_fail unknown-pool "$out" ;; esac

# Rule addresses, and the refusals that leave the file as it was.
sum=$(sha256sum <"$ORCH_CFG")
out=$(mb discover --tag storage --ip-base 198.18.3.0 --ip-offset vmid-975 2>&1)
case "$out" in *"nothing changed"*"address conflict: 198.18.3.75 (198.18.3.0 + vmid-975) is already the BMC address of VMID 1075"*)
    [ "$(sha256sum <"$ORCH_CFG")" = "$sum" ] && t_ok rule-conflict-refused || t_fail rule-conflict-refused "file changed" ;;
    *) t_fail rule-conflict-refused "$out" ;; esac
out=$(mb discover --pool storage --range 198.18.4.1-198.18.4.5 2>&1)
case "$out" in *"nothing changed"*"range 198.18.4.1-198.18.4.5 exhausted: 16 new BMCs found no free address (widen --range)"*)
    [ "$(sha256sum <"$ORCH_CFG")" = "$sum" ] && t_ok exhausted-range-refused || t_fail exhausted-range-refused "file changed" ;;
    *) t_fail exhausted-range-refused "$out" ;; esac
out=$(mb discover --pool storage --ip-base 198.18.2.0 --ip-offset vmid-1000)
[ "$(echo "$out" | tail -1)" = "21 added, 0 kept, 0 removed (the running supervisor applies it now)" ] \
    && mb show 1062 | grep -q '198.18.2.62/16' && t_ok rule-addresses || t_fail rule-addresses "$out"
t_done
