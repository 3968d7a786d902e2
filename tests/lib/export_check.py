#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Parse a `multibmc export` file with a real parser of its format and print what it says
about each node as one JSON line, so that tests compare every format with the same facts:
    {"name", "bmc", "user", "password" (or null), "macs": [...], "firmware": "uefi|bios|unknown"}
and, where the format says so, "protocol" (what the manager uses: ipmi or redfish; ironic,
metal3), "redfish" (ironic: {"port", "verify_ca": a path or false, "boot_interface"};
metal3: {"port", "virtual_media", "insecure"}), "protocols", "redfish_url", "redfish_cert"
and "redfish_fingerprint" (ansible, csv: what the BMC speaks and its Redfish service).

    export_check.py FORMAT FILE

  ironic   python-ironicclient's own reader and schema (create_resources.load_from_file +
           its JSON schema), then the fields 'baremetal create' posts
  metal3   PyYAML safe_load_all: Secret + BareMetalHost pairs, base64 credentials
  ansible  PyYAML safe_load: all.children.multibmc.hosts
  csv      the csv module (RFC 4180), header first
  maas     /bin/sh runs the script with a stand-in 'maas' on PATH that records its argv
  xcat     xcatstanzafile(5) as xCAT's reader applies it (xCAT::DBobjUtils readFileInput:
           "name:" headers, attr=value lines, '#' comment lines, one '"' stripped off each
           end of a value, objtype first), node(7) attributes
  hpcm     the [discover] section of a 'cm node add -c' file: one line per node of
           comma-separated key=value pairs, double-quoted values with \\-escapes
Exit status 1 with a message on anything that does not parse."""
import base64
import csv
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

MAC = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")


def fail(msg):
    sys.stderr.write("export_check: %s\n" % msg)
    sys.exit(1)


def check_macs(macs, where):
    for m in macs:
        if not MAC.match(m):
            fail("%s: %r is not a lower-case MAC" % (where, m))
    return macs


REDFISH_SYSTEM = "/redfish/v1/Systems/1"


def node(name, bmc, user, password, macs, firmware, **more):
    return dict({"name": name, "bmc": bmc, "user": user, "password": password,
                 "macs": check_macs(macs, name), "firmware": firmware}, **more)


def redfish_host(host, where):
    """ADDR or ADDR:PORT (an https authority) -> (ADDR, port)."""
    m = re.match(r"^([0-9.]+)(?::([0-9]+))?$", host)
    if not m or (m.group(2) and not 1 <= int(m.group(2)) <= 65535) or m.group(2) == "443":
        fail("%s: Redfish host %r" % (where, host))
    return m.group(1), int(m.group(2) or 443)


def redfish_url(url, where):
    """https://ADDR[:PORT]/redfish/v1 -> (ADDR, port)."""
    m = re.match(r"^https://([^/]+)/redfish/v1$", url)
    if not m:
        fail("%s: Redfish URL %r" % (where, url))
    return redfish_host(m.group(1), where)


def ironic(path):
    from ironicclient.v1 import create_resources
    import jsonschema
    data = create_resources.load_from_file(path)
    jsonschema.validate(data, create_resources._CREATE_SCHEMA)
    out = []
    for n in data["nodes"]:
        info = n["driver_info"]
        caps = n.get("properties", {}).get("capabilities", "")
        fw = {"boot_mode:uefi": "uefi", "boot_mode:bios": "bios"}.get(caps, "unknown")
        ports = n.get("ports", [])
        if ports and [p.get("pxe_enabled") for p in ports] != [True] + [False] * (len(ports) - 1):
            fail("%s: the first port (only) boots: %r" % (n["name"], ports))
        macs = [p["address"] for p in ports]
        drivers_keys = sorted({k.split("_")[0] for k in info})
        if n.get("driver") == "ipmi":
            if int(info.get("ipmi_port", 623)) != 623 or drivers_keys != ["ipmi"] or "boot_interface" in n:
                fail("%s: ipmi node %r" % (n["name"], n))
            out.append(node(n["name"], info["ipmi_address"], info["ipmi_username"], info.get("ipmi_password"),
                            macs, fw, protocol="ipmi"))
        elif n.get("driver") == "redfish":
            # What Ironic's redfish hardware type reads (ironic/drivers/modules/redfish/utils.py).
            m = re.match(r"^https://([^/]+)$", info["redfish_address"])
            if not m or drivers_keys != ["redfish"] or info.get("redfish_system_id") != REDFISH_SYSTEM:
                fail("%s: redfish driver_info %r" % (n["name"], info))
            addr, port = redfish_host(m.group(1), n["name"])
            verify = info["redfish_verify_ca"]
            if verify is not False and not (isinstance(verify, str) and verify.startswith("/")):
                fail("%s: redfish_verify_ca %r: a path or false" % (n["name"], verify))
            boot = n.get("boot_interface")
            if boot not in (None, "redfish-virtual-media"):
                fail("%s: boot_interface %r" % (n["name"], boot))
            out.append(node(n["name"], addr, info["redfish_username"], info.get("redfish_password"), macs, fw,
                            protocol="redfish", redfish={"port": port, "verify_ca": verify, "boot_interface": boot}))
        else:
            fail("%s: driver %r" % (n.get("name"), n.get("driver")))
    return out


def metal3(path):
    import yaml
    with open(path) as f:
        docs = [d for d in yaml.safe_load_all(f) if d is not None]
    if len(docs) % 2:
        fail("documents come in Secret + BareMetalHost pairs, got %d" % len(docs))
    out = []
    for secret, host in zip(docs[0::2], docs[1::2]):
        if secret.get("kind") != "Secret" or secret.get("apiVersion") != "v1":
            fail("expected a v1 Secret, got %r" % secret.get("kind"))
        if host.get("kind") != "BareMetalHost" or host.get("apiVersion") != "metal3.io/v1alpha1":
            fail("expected a metal3.io/v1alpha1 BareMetalHost, got %r" % host.get("kind"))
        spec = host["spec"]
        if spec["bmc"]["credentialsName"] != secret["metadata"]["name"]:
            fail("%s: credentialsName does not name its Secret" % host["metadata"]["name"])
        # The baremetal-operator picks the driver from the address's scheme.
        address = spec["bmc"]["address"]
        insecure = spec["bmc"].get("disableCertificateVerification", False)
        m = re.match(r"^ipmi://([0-9.]+):623$", address)
        rf = re.match(r"^(redfish|redfish-virtualmedia)://([^/]+)" + REDFISH_SYSTEM + "$", address)
        if m and "disableCertificateVerification" not in spec["bmc"]:
            bmc, more = m.group(1), {"protocol": "ipmi"}
        elif rf and insecure in (True, False):
            bmc, port = redfish_host(rf.group(2), host["metadata"]["name"])
            more = {"protocol": "redfish", "redfish": {"port": port, "insecure": insecure,
                                                       "virtual_media": rf.group(1) == "redfish-virtualmedia"}}
        else:
            fail("bmc %r" % spec["bmc"])
        mode = spec.get("bootMode")
        if mode not in (None, "UEFI", "legacy"):
            fail("bootMode %r" % mode)
        data = secret["data"]
        pw = base64.b64decode(data["password"]).decode() if "password" in data else None
        macs = [spec["bootMACAddress"]] if "bootMACAddress" in spec else []
        out.append(node(host["metadata"]["name"], bmc, base64.b64decode(data["username"]).decode(), pw, macs,
                        {"UEFI": "uefi", "legacy": "bios"}.get(mode, "unknown"), **more))
    return out


def ansible(path):
    import yaml
    with open(path) as f:
        inv = yaml.safe_load(f)
    hosts = inv["all"]["children"]["multibmc"]["hosts"] or {}
    out = []
    for name, v in hosts.items():
        if not isinstance(name, str) or "ipmi" not in v["bmc_protocols"]:
            fail("host %r: %r" % (name, v))
        out.append(node(name, v["bmc_address"], v["bmc_user"], v.get("bmc_password"), v["nic_macs"],
                        v["boot_firmware"], **redfish_facts(name, v["bmc_address"], v["bmc_protocols"],
                                                            v.get("bmc_redfish_url"), v.get("bmc_redfish_cert"),
                                                            v.get("bmc_redfish_fingerprint"))))
    return out


def redfish_facts(name, address, protocols, url, cert, fingerprint):
    """ansible, csv: the protocols, and the Redfish service exactly where the BMC speaks it."""
    if sorted(protocols) not in (["ipmi"], ["ipmi", "redfish"]):
        fail("%s: protocols %r" % (name, protocols))
    if "redfish" not in protocols:
        if url or cert or fingerprint:
            fail("%s: Redfish facts without Redfish" % name)
        return {"protocols": protocols}
    if redfish_url(url, name)[0] != address or not cert.startswith("/"):
        fail("%s: Redfish URL %r, certificate %r" % (name, url, cert))
    if fingerprint and not re.match(r"^[0-9A-F]{2}(:[0-9A-F]{2}){31}$", fingerprint):
        fail("%s: fingerprint %r" % (name, fingerprint))
    return {"protocols": protocols, "redfish_url": url, "redfish_cert": cert, "redfish_fingerprint": fingerprint}


def csv_(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return [node(r["hostname"], r["bmc_address"], r["user"], r["password"] or None,
                 r["nic_macs"].split(";") if r["nic_macs"] else [], r["boot_firmware"],
                 **redfish_facts(r["hostname"], r["bmc_address"], r["protocols"].split(";"), r["redfish_url"],
                                 r["redfish_cert"], r["redfish_fingerprint"] or None)) for r in rows]


def maas(path):
    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, "calls")
        stand_in = os.path.join(d, "maas")
        with open(stand_in, "w") as f:
            f.write("#!/usr/bin/python3\nimport json, sys\nwith open(%r, 'a') as f:\n"
                    "    f.write(json.dumps(sys.argv[1:]) + '\\n')\n" % log)
        os.chmod(stand_in, 0o755)
        env = dict(os.environ, PATH=d + ":/usr/bin:/bin", PROFILE="admin")
        r = subprocess.run(["/bin/sh", path], env=env, capture_output=True, text=True)
        if r.returncode:
            fail("sh %s: %s" % (path, r.stderr.strip()))
        calls = [json.loads(l) for l in open(log)] if os.path.exists(log) else []
    out = []
    for argv in calls:
        if argv[:3] != ["admin", "machines", "create"]:
            fail("maas %r" % argv)
        kv, macs = {}, []
        for a in argv[3:]:
            k, sep, v = a.partition("=")
            if not sep:
                fail("argument %r is not key=value" % a)
            if k == "mac_addresses":
                macs.append(v)
            elif k in kv:
                fail("%s given twice" % k)
            else:
                kv[k] = v
        if kv.get("power_type") != "ipmi" or kv.get("power_parameters_power_driver") != "LAN_2_0":
            fail("power parameters %r" % kv)
        fw = {"efi": "uefi", "legacy": "bios", "auto": "unknown"}[kv["power_parameters_power_boot_type"]]
        out.append(node(kv["hostname"], kv["power_parameters_power_address"], kv["power_parameters_power_user"],
                        kv.get("power_parameters_power_pass"), macs, fw))
    return out


def xcat(path):
    """xCAT's stanza reader, as xCAT::DBobjUtils readFileInput applies it."""
    objs, order, name = {}, [], None
    for n, line in enumerate(open(path).read().split("\n"), 1):
        if re.match(r"^\s*$", line) or re.match(r"^\s*#", line):
            continue
        if re.search(r":\s*$", line):
            head = line.rstrip()
            name, junk = re.match(r"^(.*):(.*?)$", head).groups()
            if junk or "=" in name:
                fail("line %d: bad stanza header %r" % (n, line))
            name = name.strip()
            if name in objs:
                fail("line %d: a second stanza for %s" % (n, name))
            objs[name] = {}
            order.append(name)
            continue
        m = re.match(r"^\s*(.*?)\s*=\s*(.*)\s*", line)
        if not m or name is None:
            fail("line %d: %r is neither a header, an attribute nor a comment" % (n, line))
        attr, val = m.group(1).strip(), m.group(2).strip()
        val = re.sub(r'^\s*"\s*', "", val, count=1)
        val = re.sub(r'\s*"\s*$', "", val, count=1)
        if not objs[name] and attr != "objtype":
            fail("line %d: objtype must come first in %s" % (n, name))
        objs[name][attr] = val
    out = []
    for name in order:
        a = objs[name]
        for k, want in (("objtype", "node"), ("mgt", "ipmi"), ("cons", "ipmi"), ("arch", "x86_64"), ("netboot", "xnba")):
            if a.get(k) != want:
                fail("%s: %s=%r" % (name, k, a.get(k)))
        macs = [m.split("!")[0] for m in a["mac"].split("|")] if "mac" in a else []
        out.append(node(name, a["bmc"], a["bmcusername"], a.get("bmcpassword"), macs, "unknown"))
    return out


def hpcm_pairs(line):
    """key=value pairs separated by ',' (blanks around them ignored); a value in double quotes
    may hold ',' and blanks, with \\ escaping the next character."""
    pairs, i, n = [], 0, len(line)
    while i < n:
        while i < n and line[i] in " \t":
            i += 1
        m = re.match(r"[A-Za-z0-9_]+", line[i:])
        if not m or line[i + m.end():i + m.end() + 1] != "=":
            fail("bad key at %r" % line[i:])
        key, i = m.group(0), i + m.end() + 1
        val = ""
        if i < n and line[i] == '"':
            i += 1
            while i < n and line[i] != '"':
                if line[i] == "\\" and i + 1 < n:
                    i += 1
                val += line[i]
                i += 1
            if i >= n:
                fail("unterminated quote in %r" % line)
            i += 1
        else:
            while i < n and line[i] != ",":
                val += line[i]
                i += 1
            val = val.strip()
        pairs.append((key, val))
        while i < n and line[i] in " \t":
            i += 1
        if i < n:
            if line[i] != ",":
                fail("expected ',' at %r" % line[i:])
            i += 1
    return pairs


def hpcm(path):
    lines = [l for l in open(path).read().split("\n") if l.strip()]
    if not lines or lines[0] != "[discover]":
        fail("the file must start with [discover]")
    out, internal = [], set()
    for line in lines[1:]:
        kv = {}
        for k, v in hpcm_pairs(line):
            if k in kv:
                fail("%s twice in %r" % (k, line))
            kv[k] = v
        for k, want in (("mgmt_net_name", "head"), ("mgmt_bmc_net_name", "head-bmc"), ("card_type", "IPMI"),
                        ("architecture", "x86_64")):
            if kv.get(k) != want:
                fail("%s: %s=%r" % (kv.get("hostname1"), k, kv.get(k)))
        if not re.match(r"^service\d+$", kv["internal_name"]) or kv["internal_name"] in internal:
            fail("internal_name %r" % kv["internal_name"])
        internal.add(kv["internal_name"])
        if "mgmt_bmc_net_macs" in kv:
            check_macs(kv["mgmt_bmc_net_macs"].split(","), kv["hostname1"])
        macs = kv["mgmt_net_macs"].split(",") if "mgmt_net_macs" in kv else []
        out.append(node(kv["hostname1"], kv["mgmt_bmc_net_ip"], kv["bmc_username"], kv.get("bmc_password"), macs,
                        "unknown"))
    return out


def main():
    if len(sys.argv) != 3:
        fail("usage: export_check.py FORMAT FILE")
    fmt, path = sys.argv[1], sys.argv[2]
    readers = {"ironic": ironic, "metal3": metal3, "ansible": ansible, "csv": csv_, "maas": maas,
               "xcat": xcat, "hpcm": hpcm}
    if fmt not in readers:
        fail("unknown format %s" % fmt)
    try:
        nodes = readers[fmt](path)
    except SystemExit:
        raise
    except Exception as e:   # a parser's own error: the file does not parse
        fail("%s: %s: %s" % (fmt, type(e).__name__, e))
    for n in nodes:
        print(json.dumps(n, sort_keys=True))


if __name__ == "__main__":
    main()
