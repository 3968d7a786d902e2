#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# From multibmc to the real OpenStack Ironic (issue 17): two Proxmox VMs (fake API) and a
# local QEMU get BMCs by multibmc discover, with Redfish on (port 8443) except on the first
# Proxmox BMC; `multibmc export --format ironic --with-secrets` is enrolled with `baremetal
# create` into Debian's Ironic 21.4 (standalone: one process, noauth, SQLite;
# tests/lib/ironic.sh): cn0001 with the ipmi hardware type (ipmitool), cn0002 and guest-301
# with the redfish type (sushy; TLS verified with each BMC's own certificate; guest-301 with
# the redfish-virtual-media boot interface). Ironic then works the BMCs through its own power
# and management interfaces: validate (power and management pass), manage (Ironic reads each
# node's power state from its BMC: the truth of each VM), power off by IPMI and by Redfish,
# power on by Redfish (the VMs follow), boot devices (read back from the BMC, over IPMI too);
# a Redfish node told to trust another BMC's certificate fails its TLS check and the VM does
# not move; the ports are the VMs' NICs.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/orch.sh"
. "$(dirname "$0")/../lib/fakepve.sh"
. "$(dirname "$0")/../lib/qemu.sh"
. "$(dirname "$0")/../lib/ironic.sh"
t_init
T_PASS=Xyzzy-pw-42   # distinctive, so that a leak is easy to spot
orch_setup || { t_fail setup; t_done; }
pve_start --vms 2 --nodes 2 || { t_fail fakepve-start; t_done; }
pve_ctl 'pool ironic
vm 1000 pool=ironic
vm 1001 pool=ironic cfg.bios=ovmf cfg.net1=virtio=BC:24:11:AA:00:01,bridge=vmbr0' >/dev/null
t_qemu_start vm301 -name guest-301 || { t_fail qemu-start; t_done; }
mb init --force --interface bmc0 --pve-url "$PVE_URL" --token-file "$PVE_TOKEN_FILE" --ca-file "$PVE_CA" \
        --redfish on --redfish-port 8443 >/dev/null \
    && mb discover --pool ironic --range 198.18.0.100-198.18.0.150 >/dev/null \
    && mb discover --qmp-glob "$T_DIR/vm*.vm/qmp.sock" --range 198.18.0.200-198.18.0.210 >/dev/null \
    && mb del 1000 >/dev/null && mb add 1000 198.18.0.100/24 --redfish off >/dev/null \
    || { t_fail discover "$(mb list 2>&1)"; t_done; }
orch_run || { t_fail supervisor-up "$(cat "$T_DIR/sup.out")"; t_done; }
certs() { [ -s "$T_DIR/state/1001/redfish-cert.pem" ] && [ -s "$T_DIR/state/301/redfish-cert.pem" ]; }
up() { orch_answers 198.18.0.100 && orch_answers 198.18.0.101 && orch_answers 198.18.0.200 && certs; }
t_wait_for 30 up || { t_fail bmcs-up "$(mb status)"; t_done; }
mb export --format ironic --with-secrets -o "$T_DIR/nodes.json" 2>"$T_DIR/export.err" && t_ok export \
    || { t_fail export "$(cat "$T_DIR/export.err")"; t_done; }

ironic_start && t_ok ironic-up || { t_fail ironic-up; t_done; }
out=$(bm create "$T_DIR/nodes.json" 2>&1) && t_ok baremetal-create || { t_fail baremetal-create "$out"; t_done; }
names=$(bm node list -f value -c Name | sort | tr '\n' ' ')
[ "$names" = "cn0001 cn0002 guest-301 " ] && t_ok nodes-enrolled || t_fail nodes-enrolled "$names"
# Redfish where it is on: ipmi for cn0001, redfish for the others; virtual-media boot where the
# backend has it (local QEMU); each Redfish node verifies its BMC with the BMC's own certificate.
# nodes PYTHON: one `node list` (each baremetal command costs seconds), the nodes by name in
# n, their fields as n["cn0001"]["power_state"]; prints what PYTHON gives.
nodes() { bm node list --fields name driver power_interface management_interface boot_interface driver_info \
        power_state provision_state last_error -f json | "$T_PY" -c 'import json, sys
n = {d["Name"]: {k.lower().replace(" ", "_"): v for k, v in d.items()} for d in json.load(sys.stdin)}
print(eval(sys.argv[1]))' "$1"; }
drivers=$(nodes '[(x["driver"], x["power_interface"], x["management_interface"], x["boot_interface"],
    x["driver_info"].get("redfish_verify_ca")) for x in (n["cn0001"], n["cn0002"], n["guest-301"])]')
[ "$drivers" = "[('ipmi', 'ipmitool', 'ipmitool', 'pxe', None), \
('redfish', 'redfish', 'redfish', 'pxe', '$T_DIR/state/1001/redfish-cert.pem'), \
('redfish', 'redfish', 'redfish', 'redfish-virtual-media', '$T_DIR/state/301/redfish-cert.pem')]" ] \
    && t_ok drivers-redfish-where-on || t_fail drivers-redfish-where-on "$drivers"
ports=$(bm port list --node cn0002 -f value -c Address | sort | tr '\n' ' ')
[ "$ports" = "bc:24:11:00:00:01 bc:24:11:aa:00:01 " ] && t_ok ports-are-the-nics || t_fail ports-are-the-nics "$ports"
[ "$(bm node show cn0002 -f value -c properties)" = "{'cpu_arch': 'x86_64', 'capabilities': 'boot_mode:uefi'}" ] \
    && t_ok boot-mode-uefi || t_fail boot-mode-uefi "$(bm node show cn0002 -f value -c properties)"

# validate: Ironic's ipmi and redfish hardware types accept each node's power and management interfaces.
bad=
for n in cn0001 cn0002 guest-301; do
    v=$(bm node validate "$n" -f value -c Interface -c Result)
    echo "$v" | grep -qx 'power True' && echo "$v" | grep -qx 'management True' || bad="$bad $n: $v"
done
[ -z "$bad" ] && t_ok validate-power-management || t_fail validate-power-management "$bad"
# manage: the conductor's verify step reads each power state from the BMC (ipmitool; sushy over
# TLS, verified).
# The three at once: the API answers at once, the conductor verifies them side by side.
for n in cn0001 cn0002 guest-301; do bm node manage "$n" >/dev/null 2>&1 || t_fail "manage-$n"; done
states() { nodes '" ".join("%s/%s" % (n[k]["power_state"], n[k]["provisioning_state"]) for k in sorted(n))'; }
settled() { [ "$(nodes 'sorted(x["provisioning_state"] for x in n.values())')" = "['manageable', 'manageable', 'manageable']" ]; }
t_wait_for 120 settled
[ "$(states)" = "power on/manageable power on/manageable power off/manageable" ] && t_ok manage-reads-power-from-bmc \
    || t_fail manage-reads-power-from-bmc "$(states) $(nodes 'n') $(tail -5 "$IRONIC_LOG")"
state() { bm node show "$1" -f value -c power_state -c provision_state | tr '\n' ' '; }
# power: Ironic's commands reach the VMs (the API answers at once, the conductor acts after).
is_state() { [ "$(state "$1")" = "$2" ]; }
bm node power off cn0001 --power-timeout 60 >/dev/null 2>&1
t_wait_for 90 is_state cn0001 "power off manageable " && [ "$(pve_show 1000 status)" = stopped ] \
    && t_ok ironic-ipmi-powers-off-proxmox-vm || t_fail ironic-ipmi-powers-off-proxmox-vm "$(pve_show 1000 status) $(state cn0001)"
bm node power on guest-301 --power-timeout 60 >/dev/null 2>&1
t_wait_for 90 is_state guest-301 "power on manageable " && [ "$(t_qmp_status vm301)" = running ] \
    && t_ok ironic-redfish-powers-on-qemu-vm || t_fail ironic-redfish-powers-on-qemu-vm "$(t_qmp_status vm301) $(state guest-301)"
bm node power off cn0002 --power-timeout 60 >/dev/null 2>&1
t_wait_for 90 is_state cn0002 "power off manageable " && [ "$(pve_show 1001 status)" = stopped ] \
    && t_ok ironic-redfish-powers-off-proxmox-vm || t_fail ironic-redfish-powers-off-proxmox-vm "$(pve_show 1001 status) $(state cn0002)"
# management: the boot device, set and read back through the BMC (Redfish and IPMI share it).
bootparam() { t_in_client ipmitool -I lanplus -H "$1" -U "$T_USER" -P "$T_PASS" chassis bootparam get 5; }
bm node boot device set cn0002 pxe >/dev/null 2>&1
[ "$(bm node boot device show cn0002 -f value -c boot_device)" = pxe ] && bootparam 198.18.0.101 | grep -q 'Force PXE' \
    && t_ok ironic-redfish-boot-device || t_fail ironic-redfish-boot-device "$(bm node boot device show cn0002 2>&1)"
bm node boot device set cn0001 disk >/dev/null 2>&1
[ "$(bm node boot device show cn0001 -f value -c boot_device)" = disk ] && bootparam 198.18.0.100 | grep -q 'Force Boot from default Hard-Drive' \
    && t_ok ironic-ipmi-boot-device || t_fail ironic-ipmi-boot-device "$(bm node boot device show cn0001 2>&1)"
# TLS is verified: told to trust guest-301's certificate instead of its own, cn0002's BMC is
# refused, the power-on fails with the TLS error and the VM stays off.
bm node set cn0002 --driver-info redfish_verify_ca="$T_DIR/state/301/redfish-cert.pem" >/dev/null
bm node power on cn0002 --power-timeout 60 >/dev/null 2>&1
tls_refused() { bm node show cn0002 -f value -c last_error | grep -qi 'certificate verify failed'; }
t_wait_for 60 tls_refused && [ "$(pve_show 1001 status)" = stopped ] \
    && t_ok redfish-tls-verified || t_fail redfish-tls-verified "$(bm node show cn0002 -f value -c last_error) $(pve_show 1001 status)"
grep -q "$T_PASS" "$IRONIC_LOG" && t_fail password-not-logged || t_ok password-not-logged
t_done
