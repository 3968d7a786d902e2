#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# multibmc export (issue 17): three Proxmox BMCs (fake API: one UEFI VM with two NICs) and
# two local-QEMU BMCs found by discover --qmp-glob (real QEMUs, query-name, a second NIC).
# Every format is read back by a real parser of that format (tests/lib/export_check.py:
# python-ironicclient's reader and schema, PyYAML, csv, /bin/sh running the MAAS script, the
# xCAT stanza and HPCM node-file grammars) and must say the same: names, BMC addresses,
# login, the VMs' NIC MACs in order, the firmware. Passwords only with --with-secrets, a file
# holding them is 0600; the QEMU facts come from QEMU before the BMCs run and from the BMCs
# (their status files: they hold QEMU's only QMP connection) while they run; an export of a
# VM that is gone, of an unknown VMID, and in an unknown format is refused. With Redfish on
# (port 8443) except on one BMC: ironic and metal3 manage by Redfish where it is on (virtual
# media for the local QEMU, and for Proxmox once an ISO storage is set), verify each BMC with
# its own certificate unless told otherwise (--redfish-ca, --redfish-insecure), --protocol
# picks one protocol; ansible and csv list the protocols, the Redfish URL, certificate and
# fingerprint; xcat, hpcm and maas stay IPMI; an option a format has no use for, and
# --protocol redfish for a BMC without it, are refused.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/orch.sh"
. "$(dirname "$0")/../lib/fakepve.sh"
. "$(dirname "$0")/../lib/qemu.sh"
. "$(dirname "$0")/../lib/redfish.sh"
t_init
T_PASS=Xyzzy-pw-42   # distinctive, so that a leak is easy to spot
orch_setup || { t_fail setup; t_done; }
pve_start --vms 3 --nodes 2 || { t_fail fakepve-start; t_done; }
pve_ctl 'pool lab
vm 1000 pool=lab
vm 1001 pool=lab cfg.bios=ovmf cfg.net1=e1000=BC:24:11:AA:00:01,bridge=vmbr1
vm 1002 pool=lab' >/dev/null
for n in 201 202; do
    t_qemu_start vm$n -name guest-$n -netdev user,id=n1,restrict=on \
        -device e1000,netdev=n1,id=net1,mac=52:54:00:aa:0$((n - 200)):01 || { t_fail qemu-start; t_done; }
done
mb init --force --interface bmc0 --pve-url "$PVE_URL" --token-file "$PVE_TOKEN_FILE" --ca-file "$PVE_CA" >/dev/null \
    && mb discover --pool lab --range 198.18.0.100-198.18.0.150 >/dev/null \
    && out=$(mb discover --qmp-glob "$T_DIR/vm*.vm/qmp.sock" --range 198.18.0.201-198.18.0.210) \
    && t_ok discover-both-backends || { t_fail discover-both-backends "$out $(mb list 2>&1)"; t_done; }
echo "$out" | grep -q '^added BMC 201 (guest-201) at 198.18.0.201/24' && echo "$out" | grep -q '^added BMC 202 (guest-202)' \
    && t_ok qmp-discover-names || t_fail qmp-discover-names "$out"

# What every format must say, in VMID order (name bmc user macs firmware); the QEMU VMs' host names come
# from their names (query-name), their NICs in device-id order.
want() {
    cat <<EOF
guest-201 198.18.0.201 admin 52:54:00:12:34:56,52:54:00:aa:01:01 bios
guest-202 198.18.0.202 admin 52:54:00:12:34:56,52:54:00:aa:02:01 bios
cn0001 198.18.0.100 admin bc:24:11:00:00:00 bios
cn0002 198.18.0.101 admin bc:24:11:00:00:01,bc:24:11:aa:00:01 uefi
cn0003 198.18.0.102 admin bc:24:11:00:00:02 bios
EOF
}

# check FORMAT FILE SECRETS: parse, compare with want (and the password).
check() {
    local fmt=$1 file=$2 secrets=$3 parsed
    parsed=$("$T_PY" "$T_TOP/tests/lib/export_check.py" "$fmt" "$file" 2>&1) || { t_fail "$fmt-parses" "$parsed"; return; }
    "$T_PY" - "$fmt" "$secrets" "$T_PASS" <<PY >"$T_DIR/cmp.out" 2>&1 || { t_fail "$fmt-parses" "$(cat "$T_DIR/cmp.out")"; return; }
import json, sys
fmt, secrets, pw = sys.argv[1], sys.argv[2] == "1", sys.argv[3]
got = [json.loads(l) for l in """$parsed""".splitlines()]
want = [l.split() for l in """$(want)""".splitlines()]
assert len(got) == len(want), (len(got), len(want))
for g, (name, bmc, user, macs, fw) in zip(got, want):
    macs = macs.split(",")
    assert (g["name"], g["bmc"], g["user"]) == (name, bmc, user), (g, name)
    if fmt in ("xcat", "metal3", "hpcm"):
        macs = macs[:1]   # the boot NIC (hpcm: and those on its bridge: cn0002's second is on another)
    assert g["macs"] == macs, (fmt, g["macs"], macs)
    if fmt not in ("xcat", "hpcm"):
        assert g["firmware"] == fw, (fmt, name, g["firmware"], fw)
    assert g["password"] == (pw if secrets else None), (fmt, name, g["password"])
PY
    t_ok "$fmt-parses"
}

# 1. Before the BMCs run: the QEMU facts come from QEMU itself.
for fmt in xcat hpcm ironic metal3 maas ansible csv; do
    ext=$fmt; [ $fmt = ironic ] && ext=json
    mb export --format $fmt -o "$T_DIR/out.$ext" 2>"$T_DIR/export.err" || { t_fail "$fmt-parses" "$(cat "$T_DIR/export.err")"; continue; }
    check $fmt "$T_DIR/out.$ext" 0
    [ "$(stat -c %a "$T_DIR/out.$ext")" = 644 ] || t_fail "$fmt-mode-644" "$(stat -c %a "$T_DIR/out.$ext")"
done
grep -rq "$T_PASS" "$T_DIR"/out.* && t_fail no-password-without-secrets || t_ok no-password-without-secrets

# 2. With secrets, while the BMCs run: 0600 files, the QEMU facts from the BMCs.
orch_run || { t_fail supervisor-up "$(cat "$T_DIR/sup.out")"; t_done; }
facts() { grep -q '^nic_macs=52' "$ORCH_RUN/201/status" 2>/dev/null && grep -q '^nic_macs=52' "$ORCH_RUN/202/status" 2>/dev/null; }
t_wait_for 30 facts && t_ok bmc-publishes-facts || t_fail bmc-publishes-facts "$(cat "$ORCH_RUN/201/status" 2>&1)"
grep -q '^vm_name=guest-201$' "$ORCH_RUN/201/status" && grep -q '^firmware=bios$' "$ORCH_RUN/201/status" \
    && t_ok status-file-facts || t_fail status-file-facts "$(cat "$ORCH_RUN/201/status")"
for fmt in xcat hpcm ironic metal3 maas ansible csv; do
    ext=$fmt; [ $fmt = ironic ] && ext=json
    start=$(t_now_ms)
    mb export --format $fmt --with-secrets -o "$T_DIR/secret.$ext" 2>"$T_DIR/export.err" \
        || { t_fail "$fmt-with-secrets" "$(cat "$T_DIR/export.err")"; continue; }
    took=$(( $(t_now_ms) - start ))
    check $fmt "$T_DIR/secret.$ext" 1
    [ "$(stat -c %a "$T_DIR/secret.$ext")" = 600 ] && t_ok "$fmt-with-secrets-0600" || t_fail "$fmt-with-secrets-0600"
    [ $fmt = csv ] && t_log "export with 5 BMCs (2 QEMUs busy with their BMCs) took ${took} ms"
done
# stdout, and a subset by VMID
out=$(mb export --format csv 1001 201)
[ "$(echo "$out" | wc -l)" = 3 ] && echo "$out" | grep -q '^1001,cn0002,' && echo "$out" | grep -q '^201,guest-201,' \
    && t_ok export-by-vmid || t_fail export-by-vmid "$out"

# discover again while the BMCs hold the QMP connections: the facts come from the BMCs, at
# once (asking QEMU would wait for a greeting that never comes); then a QEMU goes away.
start=$(t_now_ms)
out=$(mb discover --qmp-glob "$T_DIR/vm*.vm/qmp.sock" --range 198.18.0.201-198.18.0.210 2>&1)
took=$(( $(t_now_ms) - start ))
[ "$out" = "0 added, 2 kept, 0 removed" ] && [ $took -lt 4000 ] && t_ok qmp-rediscover-from-bmcs \
    || t_fail qmp-rediscover-from-bmcs "$out (${took} ms)"
kill "$(t_qemu_pid vm202)"; t_wait_for 10 sh -c "! kill -0 $(t_qemu_pid vm202) 2>/dev/null"
rm -f "$T_DIR/vm202.vm/qmp.sock"
out=$(mb discover --qmp-glob "$T_DIR/vm*.vm/qmp.sock" --range 198.18.0.201-198.18.0.210 --prune 2>&1)
echo "$out" | grep -q '^removed BMC 202 at 198.18.0.202/24: VM gone (no QMP socket)$' && ! mb show 202 >/dev/null 2>&1 \
    && mb show 201 >/dev/null && mb show 1000 >/dev/null && t_ok qmp-prune || t_fail qmp-prune "$out"

# 3. Refusals: nothing written.
refuse() {
    local name=$1 want=$2; shift 2
    local out
    if out=$("$@" 2>&1); then t_fail "$name" "accepted: $out"; return; fi
    case "$out" in *"$want"*) t_ok "$name" ;; *) t_fail "$name" "message: $out" ;; esac
}
refuse unknown-format "use one of xcat|hpcm|ironic|metal3|maas|ansible|csv" mb export --format yaml
refuse unknown-vmid "VMID 4242 has no BMC" mb export --format csv 4242
pve_ctl 'delvm 1002' >/dev/null
refuse vm-gone "VM 1002 is not in Proxmox any more" mb export --format ironic -o "$T_DIR/gone.json"
[ ! -e "$T_DIR/gone.json" ] && t_ok refused-writes-nothing || t_fail refused-writes-nothing

# 4. Redfish on every BMC (port 8443) but cn0001's (re-added at .110 with it off); the
# supervisor restarts the BMCs, which make their certificates. The VMs left: 1000 1001 201.
mb init --force --interface bmc0 --redfish on --redfish-port 8443 >/dev/null && mb del 1000 >/dev/null \
    && mb add 1000 198.18.0.110/24 --redfish off >/dev/null || { t_fail redfish-on "$(mb list 2>&1)"; t_done; }
CERT1001=$T_DIR/state/1001/redfish-cert.pem CERT201=$T_DIR/state/201/redfish-cert.pem
certs() { [ -s "$CERT1001" ] && [ -s "$CERT201" ]; }
t_wait_for 60 certs && t_ok redfish-certificates-made || { t_fail redfish-certificates-made "$(mb status)"; t_done; }
rf_export() {   # rf_export NAME FORMAT [ARGS...]: export into $T_DIR/rf-NAME.json (the file name
    # python-ironicclient wants), parsed into $T_DIR/rf-NAME.parsed
    local name=$1 fmt=$2; shift 2
    mb export --format "$fmt" --with-secrets "$@" -o "$T_DIR/rf-$name.json" 1000 1001 201 2>"$T_DIR/export.err" \
        && "$T_PY" "$T_TOP/tests/lib/export_check.py" "$fmt" "$T_DIR/rf-$name.json" >"$T_DIR/rf-$name.parsed" \
            2>>"$T_DIR/export.err"
}
# rf_expect NAME PYTHON: the parsed nodes as n["cn0001"], n["cn0002"], n["guest-201"], the
# export's text as text; each assert is checked.
rf_expect() {
    local name=$1 code=$2
    "$T_PY" - "$T_DIR/rf-$name" "$CERT1001" "$CERT201" "$(rf_fingerprint "$CERT1001")" <<PY >"$T_DIR/cmp.out" 2>&1 \
        && t_ok "redfish-$name" || t_fail "redfish-$name" "$(cat "$T_DIR/export.err" "$T_DIR/cmp.out")"
import json, sys
n = {d["name"]: d for d in map(json.loads, open(sys.argv[1] + ".parsed"))}
text = open(sys.argv[1] + ".json").read()
cert1001, cert201, fp1001 = sys.argv[2:5]
assert sorted(n) == ["cn0001", "cn0002", "guest-201"], sorted(n)
assert n["cn0001"]["bmc"] == "198.18.0.110" and n["cn0002"]["bmc"] == "198.18.0.101", n
assert all(d["password"] == "$T_PASS" for d in n.values()), n
$code
PY
}
for fmt in ironic metal3 ansible csv xcat hpcm maas; do
    rf_export $fmt $fmt || t_fail "redfish-$fmt" "$(cat "$T_DIR/export.err")"
done
rf_expect ironic '
assert n["cn0001"]["protocol"] == "ipmi", n["cn0001"]
assert n["cn0002"]["redfish"] == {"port": 8443, "verify_ca": cert1001, "boot_interface": None}, n["cn0002"]
assert n["guest-201"]["redfish"] == {"port": 8443, "verify_ca": cert201, "boot_interface": "redfish-virtual-media"}, n'
rf_expect metal3 '
assert n["cn0001"]["protocol"] == "ipmi", n["cn0001"]
assert n["cn0002"]["redfish"] == {"port": 8443, "insecure": False, "virtual_media": False}, n["cn0002"]
assert n["guest-201"]["redfish"] == {"port": 8443, "insecure": False, "virtual_media": True}, n["guest-201"]'
grep -q "# its certificate $CERT1001, SHA-256 $(rf_fingerprint "$CERT1001"): add it" "$T_DIR/rf-metal3.json" \
    && t_ok redfish-metal3-names-certificate || t_fail redfish-metal3-names-certificate "$(cat "$T_DIR/rf-metal3.json")"
for fmt in ansible csv; do
    rf_expect $fmt '
assert n["cn0001"]["protocols"] == ["ipmi"], n["cn0001"]
assert n["cn0002"]["protocols"] == ["ipmi", "redfish"], n["cn0002"]
assert n["cn0002"]["redfish_url"] == "https://198.18.0.101:8443/redfish/v1", n["cn0002"]
assert n["cn0002"]["redfish_cert"] == cert1001 and n["cn0002"]["redfish_fingerprint"] == fp1001, n["cn0002"]
assert n["guest-201"]["redfish_url"] == "https://198.18.0.201:8443/redfish/v1", n["guest-201"]'
done
for fmt in xcat hpcm maas; do   # their parsers accept IPMI only (mgt=ipmi, card_type=IPMI, power_type ipmi)
    rf_expect $fmt 'assert "redfish" not in text and "8443" not in text'
done
rf_export ironic-ipmi ironic --protocol ipmi && rf_expect ironic-ipmi '
assert all(d["protocol"] == "ipmi" for d in n.values()), n'
rf_export ironic-insecure ironic --redfish-insecure && rf_expect ironic-insecure '
assert n["cn0001"]["protocol"] == "ipmi"
assert n["cn0002"]["redfish"]["verify_ca"] is False and n["guest-201"]["redfish"]["verify_ca"] is False, n'
rf_export ironic-ca ironic --redfish-ca /etc/ironic/bmc-ca.pem && rf_expect ironic-ca '
assert n["cn0002"]["redfish"]["verify_ca"] == n["guest-201"]["redfish"]["verify_ca"] == "/etc/ironic/bmc-ca.pem", n'
rf_export metal3-insecure metal3 --redfish-insecure && rf_expect metal3-insecure '
assert n["cn0002"]["redfish"]["insecure"] is True and n["guest-201"]["redfish"]["insecure"] is True, n
assert n["cn0001"]["protocol"] == "ipmi"'
refuse protocol-redfish-needs-redfish "Redfish is off on BMC 1000" mb export --format ironic --protocol redfish 1000 1001
out=$(mb export --format metal3 --protocol redfish 1001 201) && [ "$(grep -c 'address: "redfish' <<<"$out")" = 2 ] \
    && t_ok protocol-redfish || t_fail protocol-redfish "$out"
refuse protocol-not-for-xcat "--protocol has no meaning for --format xcat" mb export --format xcat --protocol redfish
refuse ca-only-for-ironic "--redfish-ca has no meaning for --format metal3" mb export --format metal3 --redfish-ca /x.pem
refuse insecure-not-for-csv "--redfish-insecure has no meaning for --format csv" mb export --format csv --redfish-insecure
refuse protocol-unknown "--protocol snmp: use ipmi or redfish" mb export --format ironic --protocol snmp
refuse ca-relative "give the absolute path" mb export --format ironic --redfish-ca bmc-ca.pem
refuse ca-and-insecure "contradict" mb export --format ironic --redfish-ca /x.pem --redfish-insecure
# With an ISO storage the Proxmox BMCs insert virtual media too: virtual-media boot for cn0002.
mb init --force --interface bmc0 --iso-storage local >/dev/null || t_fail iso-storage "$(mb list 2>&1)"
rf_export ironic-iso ironic && rf_expect ironic-iso '
assert n["cn0002"]["redfish"]["boot_interface"] == "redfish-virtual-media", n["cn0002"]
assert n["cn0001"]["protocol"] == "ipmi"'
rf_export metal3-iso metal3 && rf_expect metal3-iso '
assert n["cn0002"]["redfish"]["virtual_media"] is True, n["cn0002"]'
t_done
