/* SPDX-License-Identifier: GPL-2.0-or-later */
/* multibmc export's formats (pure): what each writes for a UEFI node with two NICs in
 * macvlan mode and a BIOS node without NICs, how values are quoted, host names, and the
 * values a format cannot carry; with Redfish on, which BMCs each format manages by Redfish
 * (local QEMU with virtual media, Proxmox without, one BMC with Redfish off), the port,
 * certificate and what export --protocol/--redfish-ca/--redfish-insecure change.
 * tests/integration/export_formats.sh parses every format with a real parser and
 * ironic_enroll.sh enrolls the Ironic one into a real Ironic. */
#include <gio/gio.h>
#include <json-c/json.h>

#include "export_format.h"
#include "unit.h"

static MbmcConfig *config(MbmcAddrMode mode)
{
    MbmcConfig *c = mbmc_config_new();
    c->interface = g_strdup("bmc0");
    c->mode = mode;
    c->password_file = g_strdup("/etc/multibmc/pw");
    return c;
}

static MbmcBmc *bmc(guint vmid, const char *addr)
{
    MbmcBmc *b = g_new0(MbmcBmc, 1);
    *b = (MbmcBmc){ .vmid = vmid, .address = g_strdup(addr), .prefix = 24 };
    return b;
}

static MbmcVmInfo *vm(guint vmid, const char *name, MbmcFirmware fw, int nics)
{
    MbmcVmInfo *v = mbmc_vm_info_new(vmid);
    g_free(v->name);
    v->name = g_strdup(name);
    v->firmware = fw;
    for (int i = 0; i < nics; i++) {
        g_autofree char *mac = g_strdup_printf("bc:24:11:00:00:%02x", i + 1);
        mbmc_vm_info_add_nic(v, mac, i < 2 ? "vmbr0" : "vmbr1");
    }
    return v;
}

typedef struct {
    MbmcConfig *cfg;
    GPtrArray *bmcs, *vms, *nodes;
} Fixture;

/* Node 1000 "cn0001.lab" (UEFI, 3 NICs, password "pa ss,\"1\""), node 1001 without a name
 * (BIOS, no NIC). */
static void fixture(Fixture *f, MbmcAddrMode mode, gboolean secrets)
{
    f->cfg = config(mode);
    f->bmcs = g_ptr_array_new_with_free_func((GDestroyNotify)mbmc_bmc_free);
    f->vms = g_ptr_array_new_with_free_func((GDestroyNotify)mbmc_vm_info_free);
    f->nodes = g_ptr_array_new_with_free_func((GDestroyNotify)mbmc_export_node_free);
    g_ptr_array_add(f->bmcs, bmc(1000, "198.18.1.10"));
    g_ptr_array_add(f->bmcs, bmc(1001, "198.18.1.11"));
    g_ptr_array_add(f->vms, vm(1000, "cn0001.lab", MBMC_FIRMWARE_UEFI, 3));
    g_ptr_array_add(f->vms, vm(1001, "", MBMC_FIRMWARE_BIOS, 0));
    for (guint i = 0; i < 2; i++) {
        MbmcExportNode *n = mbmc_export_node_new(f->cfg, g_ptr_array_index(f->bmcs, i), g_ptr_array_index(f->vms, i));
        if (secrets)
            n->password = g_strdup(i == 0 ? "pa ss,\"1\"" : "x:");
        g_ptr_array_add(f->nodes, n);
    }
    mbmc_export_hostnames(f->nodes);
}

static void fixture_clear(Fixture *f)
{
    g_ptr_array_unref(f->nodes);
    g_ptr_array_unref(f->vms);
    g_ptr_array_unref(f->bmcs);
    mbmc_config_free(f->cfg);
}

static char *render(const char *format, GPtrArray *nodes)
{
    const MbmcExportFormat *fmt = mbmc_export_format_find(format);
    GString *s = g_string_new(NULL);
    g_autoptr(GError) e = NULL;
    if (!fmt || !fmt->write(s, nodes, &e)) {
        fprintf(stderr, "  %s failed: %s\n", format, e ? e->message : "no such format");
        unit_case_failed = 1;
    }
    return g_string_free(s, FALSE);
}

#define HAS(text, part) do { if (!strstr((text), (part))) { \
    fprintf(stderr, "  %s:%d: missing \"%s\" in:\n%s\n", __FILE__, __LINE__, (part), (text)); unit_case_failed = 1; } } while (0)
#define LACKS(text, part) do { if (strstr((text), (part))) { \
    fprintf(stderr, "  %s:%d: unexpected \"%s\" in:\n%s\n", __FILE__, __LINE__, (part), (text)); unit_case_failed = 1; } } while (0)

static void protocols_and_names(void)
{
    Fixture f;
    fixture(&f, MBMC_MODE_MACVLAN, FALSE);
    const MbmcExportNode *a = g_ptr_array_index(f.nodes, 0), *b = g_ptr_array_index(f.nodes, 1);
    CHECK(g_strv_length(a->protocols) == 1 && mbmc_export_node_speaks(a, "ipmi") && !mbmc_export_node_speaks(a, "redfish"));
    CHECK_EQ_STR(a->hostname, "cn0001");     /* first label, lower case */
    CHECK_EQ_STR(b->hostname, "vm1001");     /* no name */
    CHECK_EQ_STR(a->bmc_mac, "02:4d:00:00:03:e8");
    CHECK_EQ_STR(a->user, "admin");
    CHECK(!a->password);
    fixture_clear(&f);
    fixture(&f, MBMC_MODE_ALIAS, FALSE);
    CHECK(!((MbmcExportNode *)g_ptr_array_index(f.nodes, 0))->bmc_mac);
    fixture_clear(&f);

    g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func((GDestroyNotify)mbmc_export_node_free);
    const char *names[] = { "Web_1", "db", "DB", "-x", "9lives", "a.b.c" };
    for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
        MbmcExportNode *n = g_new0(MbmcExportNode, 1);
        n->vmid = 10 + i;
        n->vm_name = g_strdup(names[i]);
        n->nics = g_ptr_array_new();
        n->protocols = g_new0(char *, 1);
        g_ptr_array_add(nodes, n);
    }
    mbmc_export_hostnames(nodes);
    const char *want[] = { "vm10", "db", "db-12", "vm13", "vm14", "a" };
    for (guint i = 0; i < G_N_ELEMENTS(want); i++)
        CHECK_EQ_STR(((MbmcExportNode *)g_ptr_array_index(nodes, i))->hostname, want[i]);
}

/* Redfish on (port 8443): 1000 a local QEMU (virtual media), 1001 Proxmox with Redfish off,
 * 1002 Proxmox with its own certificate. 1000's certificate has a known fingerprint. */
static void fixture_redfish(Fixture *f, gboolean secrets, guint port)
{
    f->cfg = config(MBMC_MODE_ALIAS);
    f->cfg->redfish = TRUE;
    f->cfg->redfish_port = port;
    g_free(f->cfg->state_dir);
    f->cfg->state_dir = g_strdup("/var/lib/multibmc");
    f->bmcs = g_ptr_array_new_with_free_func((GDestroyNotify)mbmc_bmc_free);
    f->vms = g_ptr_array_new_with_free_func((GDestroyNotify)mbmc_vm_info_free);
    f->nodes = g_ptr_array_new_with_free_func((GDestroyNotify)mbmc_export_node_free);
    MbmcBmc *q = bmc(1000, "198.18.1.10"), *off = bmc(1001, "198.18.1.11"), *own = bmc(1002, "198.18.1.12");
    q->backend = MBMC_BACKEND_KIND_QMP;
    q->qmp = g_strdup("/run/vm1000.qmp");
    off->redfish = MBMC_SWITCH_OFF;
    own->redfish_cert_file = g_strdup("/etc/multibmc/1002.pem");
    own->redfish_key_file = g_strdup("/etc/multibmc/1002.key");
    g_ptr_array_add(f->bmcs, q);
    g_ptr_array_add(f->bmcs, off);
    g_ptr_array_add(f->bmcs, own);
    g_ptr_array_add(f->vms, vm(1000, "guest-1000", MBMC_FIRMWARE_BIOS, 1));
    g_ptr_array_add(f->vms, vm(1001, "cn0002", MBMC_FIRMWARE_UEFI, 1));
    g_ptr_array_add(f->vms, vm(1002, "cn0003", MBMC_FIRMWARE_BIOS, 1));
    for (guint i = 0; i < 3; i++) {
        MbmcExportNode *n = mbmc_export_node_new(f->cfg, g_ptr_array_index(f->bmcs, i), g_ptr_array_index(f->vms, i));
        if (secrets)
            n->password = g_strdup("pw");
        g_ptr_array_add(f->nodes, n);
    }
    ((MbmcExportNode *)g_ptr_array_index(f->nodes, 0))->redfish_fingerprint = g_strdup("AB:CD:EF");
    mbmc_export_hostnames(f->nodes);
}

static MbmcExportNode *node_at(Fixture *f, guint i)
{
    return g_ptr_array_index(f->nodes, i);
}

/* Apply an export choice to every node (as the CLI does). */
static gboolean choose_all(Fixture *f, const char *protocol, const char *ca, gboolean insecure, GError **error)
{
    MbmcExportChoice c = { .protocol = protocol, .redfish_ca = ca, .redfish_insecure = insecure };
    for (guint i = 0; i < f->nodes->len; i++)
        if (!mbmc_export_node_choose(node_at(f, i), &c, error))
            return FALSE;
    return TRUE;
}

static void redfish_nodes(void)
{
    Fixture f;
    fixture_redfish(&f, FALSE, 8443);
    MbmcExportNode *q = node_at(&f, 0), *off = node_at(&f, 1), *own = node_at(&f, 2);
    CHECK(g_strv_length(q->protocols) == 2 && mbmc_export_node_speaks(q, "ipmi") && mbmc_export_node_speaks(q, "redfish"));
    CHECK_EQ_STR(q->manage, "redfish");
    CHECK_EQ_INT(q->redfish_port, 8443);
    CHECK_EQ_STR(q->redfish_host, "198.18.1.10:8443");
    CHECK_EQ_STR(q->redfish_url, "https://198.18.1.10:8443/redfish/v1");
    CHECK_EQ_STR(q->redfish_cert, "/var/lib/multibmc/1000/redfish-cert.pem");
    CHECK_EQ_STR(q->redfish_ca, q->redfish_cert);
    CHECK(q->virtual_media);
    /* Redfish off on this BMC: IPMI only, nothing about Redfish. */
    CHECK(g_strv_length(off->protocols) == 1 && !mbmc_export_node_speaks(off, "redfish"));
    CHECK_EQ_STR(off->manage, "ipmi");
    CHECK(!off->redfish_port && !off->redfish_url && !off->redfish_cert && !off->redfish_ca && !off->virtual_media);
    /* Its own certificate; Proxmox has no virtual media. */
    CHECK_EQ_STR(own->redfish_cert, "/etc/multibmc/1002.pem");
    CHECK(!own->virtual_media);
    fixture_clear(&f);

    /* Port 443 stays out of the URL. */
    fixture_redfish(&f, FALSE, 0);
    CHECK_EQ_STR(node_at(&f, 0)->redfish_host, "198.18.1.10");
    CHECK_EQ_STR(node_at(&f, 0)->redfish_url, "https://198.18.1.10/redfish/v1");
    fixture_clear(&f);

    /* With an ISO storage, Proxmox BMCs with Redfish insert virtual media too. */
    fixture_redfish(&f, FALSE, 8443);
    f.cfg->iso_storage = g_strdup("isos");
    g_autoptr(MbmcExportNode) pve = mbmc_export_node_new(f.cfg, g_ptr_array_index(f.bmcs, 2), g_ptr_array_index(f.vms, 2));
    g_autoptr(MbmcExportNode) pve_off = mbmc_export_node_new(f.cfg, g_ptr_array_index(f.bmcs, 1), g_ptr_array_index(f.vms, 1));
    CHECK(pve->virtual_media && !pve_off->virtual_media);
    fixture_clear(&f);

    /* --protocol redfish needs Redfish on every BMC: refused, naming the BMC. */
    fixture_redfish(&f, FALSE, 8443);
    g_autoptr(GError) e = NULL;
    CHECK(!choose_all(&f, "redfish", NULL, FALSE, &e) && e && strstr(e->message, "BMC 1001"));
    /* --protocol ipmi: IPMI for all. */
    CHECK(choose_all(&f, "ipmi", NULL, FALSE, NULL));
    CHECK_EQ_STR(node_at(&f, 0)->manage, "ipmi");
    CHECK_EQ_STR(node_at(&f, 2)->manage, "ipmi");
    fixture_clear(&f);
    /* --redfish-ca: that file for every Redfish BMC; --redfish-insecure: none. */
    fixture_redfish(&f, FALSE, 8443);
    CHECK(choose_all(&f, NULL, "/etc/ironic/bmc-ca.pem", FALSE, NULL));
    CHECK_EQ_STR(node_at(&f, 0)->redfish_ca, "/etc/ironic/bmc-ca.pem");
    CHECK_EQ_STR(node_at(&f, 2)->redfish_ca, "/etc/ironic/bmc-ca.pem");
    CHECK(!node_at(&f, 1)->redfish_ca);
    CHECK_EQ_STR(node_at(&f, 0)->redfish_cert, "/var/lib/multibmc/1000/redfish-cert.pem");
    CHECK(choose_all(&f, "redfish", NULL, TRUE, NULL) == FALSE);   /* 1001 still has no Redfish */
    fixture_clear(&f);
    fixture_redfish(&f, FALSE, 8443);
    CHECK(choose_all(&f, NULL, NULL, TRUE, NULL));
    CHECK(!node_at(&f, 0)->redfish_ca && !node_at(&f, 2)->redfish_ca);
    CHECK_EQ_STR(node_at(&f, 0)->manage, "redfish");
    fixture_clear(&f);
}

static void xcat_stanzas(void)
{
    Fixture f;
    fixture(&f, MBMC_MODE_MACVLAN, TRUE);
    g_autofree char *x = render("xcat", f.nodes);
    HAS(x, "\ncn0001:\n    objtype=node\n    groups=all,multibmc\n    arch=x86_64\n    mgt=ipmi\n    cons=ipmi\n"
           "    bmc=198.18.1.10\n    bmcusername=admin\n    bmcpassword=\"pa ss,\"1\"\"\n    mac=bc:24:11:00:00:01\n"
           "    installnic=mac\n    netboot=xnba\n    serialport=0\n    serialspeed=115200\n");
    HAS(x, "# further NICs (not in mac=): bc:24:11:00:00:02 bc:24:11:00:00:03\n");
    HAS(x, "# VM 1000 (cn0001.lab), boot firmware uefi\n");
    HAS(x, "\nvm1001:\n");
    HAS(x, "    bmcpassword=\"x:\"\n");   /* a line ending in ':' would read as a header */
    HAS(x, "    bmcpassword=\"x:\"\n    netboot=xnba\n");   /* no NIC: no mac, no installnic */
    /* xCAT's reader takes one '"' off each end: a value that ends in '"' is wrapped in quotes. */
    /* What the stanza reader cannot keep is refused. */
    MbmcExportNode *n = g_ptr_array_index(f.nodes, 1);
    g_free(n->password);
    n->password = g_strdup(" lead");
    GString *s = g_string_new(NULL);
    g_autoptr(GError) e = NULL;
    CHECK(!mbmc_export_xcat(s, f.nodes, &e) && e && strstr(e->message, "VM 1001"));
    g_string_free(s, TRUE);
    fixture_clear(&f);
}

static void hpcm_lines(void)
{
    Fixture f;
    fixture(&f, MBMC_MODE_MACVLAN, TRUE);
    g_autofree char *h = render("hpcm", f.nodes);
    HAS(h, "[discover]\nhostname1=cn0001, internal_name=service1000, mgmt_net_name=head, "
           "mgmt_net_macs=\"bc:24:11:00:00:01,bc:24:11:00:00:02\", mgmt_bmc_net_name=head-bmc, "
           "mgmt_bmc_net_ip=198.18.1.10, mgmt_bmc_net_macs=02:4d:00:00:03:e8, card_type=IPMI, bmc_username=admin, "
           "bmc_password=\"pa ss,\\\"1\\\"\", architecture=x86_64, console_device=ttyS0, baud_rate=115200\n");
    HAS(h, "hostname1=vm1001, internal_name=service1001, mgmt_net_name=head, mgmt_bmc_net_name=head-bmc, ");
    fixture_clear(&f);
    fixture(&f, MBMC_MODE_ALIAS, FALSE);
    g_autofree char *a = render("hpcm", f.nodes);
    LACKS(a, "mgmt_bmc_net_macs");
    LACKS(a, "bmc_password");
    fixture_clear(&f);
}

static void ironic_json(void)
{
    Fixture f;
    fixture(&f, MBMC_MODE_ALIAS, TRUE);
    g_autofree char *text = render("ironic", f.nodes);
    json_object *root = json_tokener_parse(text), *nodes, *n0, *v, *ports;
    CHECK(root && json_object_object_get_ex(root, "nodes", &nodes) && json_object_array_length(nodes) == 2);
    n0 = json_object_array_get_idx(nodes, 0);
    CHECK(json_object_object_get_ex(n0, "driver", &v) && !strcmp(json_object_get_string(v), "ipmi"));
    CHECK(json_object_object_get_ex(n0, "name", &v) && !strcmp(json_object_get_string(v), "cn0001"));
    json_object *info, *props;
    CHECK(json_object_object_get_ex(n0, "driver_info", &info));
    CHECK(json_object_object_get_ex(info, "ipmi_address", &v) && !strcmp(json_object_get_string(v), "198.18.1.10"));
    CHECK(json_object_object_get_ex(info, "ipmi_password", &v) && !strcmp(json_object_get_string(v), "pa ss,\"1\""));
    CHECK(json_object_object_get_ex(info, "ipmi_port", &v) && json_object_get_int(v) == 623);
    CHECK(json_object_object_get_ex(n0, "properties", &props) && json_object_object_get_ex(props, "capabilities", &v) &&
          !strcmp(json_object_get_string(v), "boot_mode:uefi"));
    CHECK(json_object_object_get_ex(n0, "ports", &ports) && json_object_array_length(ports) == 3);
    CHECK(json_object_object_get_ex(json_object_array_get_idx(ports, 0), "pxe_enabled", &v) && json_object_get_boolean(v));
    CHECK(json_object_object_get_ex(json_object_array_get_idx(ports, 1), "pxe_enabled", &v) && !json_object_get_boolean(v));
    json_object *n1 = json_object_array_get_idx(nodes, 1);
    CHECK(json_object_object_get_ex(n1, "properties", &props) && json_object_object_get_ex(props, "capabilities", &v) &&
          !strcmp(json_object_get_string(v), "boot_mode:bios"));
    json_object_put(root);
    fixture_clear(&f);
    fixture(&f, MBMC_MODE_ALIAS, FALSE);
    g_autofree char *plain = render("ironic", f.nodes);
    LACKS(plain, "ipmi_password");
    fixture_clear(&f);
}

static json_object *ironic_node(json_object *root, guint i, json_object **info)
{
    json_object *nodes, *n;
    if (!json_object_object_get_ex(root, "nodes", &nodes) || !(n = json_object_array_get_idx(nodes, i)) ||
        !json_object_object_get_ex(n, "driver_info", info))
        return NULL;
    return n;
}

static const char *member(json_object *o, const char *key)
{
    json_object *v;
    return o && json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : NULL;
}

static void ironic_redfish(void)
{
    Fixture f;
    fixture_redfish(&f, TRUE, 8443);
    g_autofree char *text = render("ironic", f.nodes);
    json_object *root = json_tokener_parse(text), *info = NULL, *v;
    /* A local QEMU: redfish with virtual-media boot, verified with its own certificate. */
    json_object *n = ironic_node(root, 0, &info);
    CHECK(n != NULL);
    CHECK_EQ_STR(member(n, "driver"), "redfish");
    CHECK_EQ_STR(member(n, "boot_interface"), "redfish-virtual-media");
    CHECK_EQ_STR(member(info, "redfish_address"), "https://198.18.1.10:8443");
    CHECK_EQ_STR(member(info, "redfish_system_id"), "/redfish/v1/Systems/1");
    CHECK_EQ_STR(member(info, "redfish_username"), "admin");
    CHECK_EQ_STR(member(info, "redfish_password"), "pw");
    CHECK_EQ_STR(member(info, "redfish_verify_ca"), "/var/lib/multibmc/1000/redfish-cert.pem");
    CHECK(!member(info, "ipmi_address"));
    /* Redfish off: ipmi as before, no boot interface. */
    n = ironic_node(root, 1, &info);
    CHECK_EQ_STR(member(n, "driver"), "ipmi");
    CHECK(!member(n, "boot_interface"));
    CHECK_EQ_STR(member(info, "ipmi_address"), "198.18.1.11");
    CHECK(!member(info, "redfish_address"));
    /* Proxmox: redfish, Ironic's default boot interface (no virtual media). */
    n = ironic_node(root, 2, &info);
    CHECK_EQ_STR(member(n, "driver"), "redfish");
    CHECK(!member(n, "boot_interface"));
    CHECK_EQ_STR(member(info, "redfish_verify_ca"), "/etc/multibmc/1002.pem");
    json_object_put(root);
    fixture_clear(&f);

    /* --redfish-insecure: verify_ca is the JSON boolean false; no password without secrets. */
    fixture_redfish(&f, FALSE, 0);
    CHECK(choose_all(&f, NULL, NULL, TRUE, NULL));
    g_autofree char *insecure = render("ironic", f.nodes);
    root = json_tokener_parse(insecure);
    n = ironic_node(root, 0, &info);
    CHECK(info && json_object_object_get_ex(info, "redfish_verify_ca", &v) && json_object_is_type(v, json_type_boolean) &&
          !json_object_get_boolean(v));
    CHECK_EQ_STR(member(info, "redfish_address"), "https://198.18.1.10");
    CHECK(!member(info, "redfish_password"));
    json_object_put(root);
    fixture_clear(&f);

    /* --protocol ipmi: every node ipmi, even those that speak Redfish. */
    fixture_redfish(&f, FALSE, 8443);
    CHECK(choose_all(&f, "ipmi", NULL, FALSE, NULL));
    g_autofree char *ipmi = render("ironic", f.nodes);
    LACKS(ipmi, "redfish");
    fixture_clear(&f);
}

static void metal3_redfish(void)
{
    Fixture f;
    fixture_redfish(&f, FALSE, 8443);
    g_autofree char *m = render("metal3", f.nodes);
    HAS(m, "    address: \"redfish-virtualmedia://198.18.1.10:8443/redfish/v1/Systems/1\"\n"
           "    credentialsName: \"guest-1000-bmc-secret\"\n"
           "    # its certificate /var/lib/multibmc/1000/redfish-cert.pem, SHA-256 AB:CD:EF: add it to the CA bundle "
           "Metal3's Ironic trusts\n");
    HAS(m, "    address: \"ipmi://198.18.1.11:623\"\n    credentialsName: \"cn0002-bmc-secret\"\n---");
    HAS(m, "    address: \"redfish://198.18.1.12:8443/redfish/v1/Systems/1\"\n    credentialsName: \"cn0003-bmc-secret\"\n"
           "    # its certificate /etc/multibmc/1002.pem, made at the BMC's first start: add it");
    LACKS(m, "disableCertificateVerification");
    fixture_clear(&f);
    fixture_redfish(&f, FALSE, 0);
    CHECK(choose_all(&f, NULL, NULL, TRUE, NULL));
    g_autofree char *insecure = render("metal3", f.nodes);
    HAS(insecure, "    address: \"redfish-virtualmedia://198.18.1.10/redfish/v1/Systems/1\"\n"
                  "    credentialsName: \"guest-1000-bmc-secret\"\n    disableCertificateVerification: true\n");
    LACKS(insecure, "# its certificate");
    HAS(insecure, "    address: \"ipmi://198.18.1.11:623\"\n    credentialsName: \"cn0002-bmc-secret\"\n---");
    fixture_clear(&f);
}

/* The formats that write IPMI only stay IPMI when the BMCs speak Redfish too; the lists
 * (ansible, csv) say what each speaks, where its Redfish service is and its certificate. */
static void redfish_in_other_formats(void)
{
    Fixture f;
    fixture_redfish(&f, TRUE, 8443);
    const char *ipmi_only[] = { "xcat", "hpcm", "maas" };
    for (guint i = 0; i < G_N_ELEMENTS(ipmi_only); i++) {
        g_autofree char *t = render(ipmi_only[i], f.nodes);
        LACKS(t, "redfish");
        LACKS(t, "8443");
    }
    g_autofree char *a = render("ansible", f.nodes);
    HAS(a, "          bmc_protocols: [\"ipmi\", \"redfish\"]\n          bmc_user: \"admin\"\n"
           "          bmc_password: \"pw\"\n          bmc_redfish_url: \"https://198.18.1.10:8443/redfish/v1\"\n"
           "          bmc_redfish_cert: \"/var/lib/multibmc/1000/redfish-cert.pem\"\n"
           "          bmc_redfish_fingerprint: \"AB:CD:EF\"\n");
    HAS(a, "          bmc_protocols: [\"ipmi\"]\n          bmc_user: \"admin\"\n          bmc_password: \"pw\"\n"
           "          nic_macs:");
    HAS(a, "          bmc_redfish_cert: \"/etc/multibmc/1002.pem\"\n          nic_macs:");   /* no fingerprint yet */
    g_autofree char *c = render("csv", f.nodes);
    HAS(c, "1000,guest-1000,guest-1000,198.18.1.10,24,ipmi;redfish,admin,pw,bc:24:11:00:00:01,bios,,"
           "https://198.18.1.10:8443/redfish/v1,/var/lib/multibmc/1000/redfish-cert.pem,AB:CD:EF\r\n");
    HAS(c, "1001,cn0002,cn0002,198.18.1.11,24,ipmi,admin,pw,bc:24:11:00:00:01,uefi,,,,\r\n");
    HAS(c, "1002,cn0003,cn0003,198.18.1.12,24,ipmi;redfish,admin,pw,bc:24:11:00:00:01,bios,,"
           "https://198.18.1.12:8443/redfish/v1,/etc/multibmc/1002.pem,\r\n");
    fixture_clear(&f);
}

static void metal3_documents(void)
{
    Fixture f;
    fixture(&f, MBMC_MODE_ALIAS, TRUE);
    g_autofree char *m = render("metal3", f.nodes);
    HAS(m, "kind: Secret\nmetadata:\n  name: \"cn0001-bmc-secret\"\ntype: Opaque\ndata:\n  username: YWRtaW4=\n"
           "  password: cGEgc3MsIjEi\n");
    HAS(m, "kind: BareMetalHost\nmetadata:\n  name: \"cn0001\"\n");
    HAS(m, "  bootMACAddress: \"bc:24:11:00:00:01\"\n  bootMode: UEFI\n  bmc:\n    address: \"ipmi://198.18.1.10:623\"\n"
           "    credentialsName: \"cn0001-bmc-secret\"\n");
    HAS(m, "  name: \"vm1001\"\n  labels:\n    multibmc/vmid: \"1001\"\nspec:\n  online: false\n  bootMode: legacy\n");
    fixture_clear(&f);
    fixture(&f, MBMC_MODE_ALIAS, FALSE);
    g_autofree char *p = render("metal3", f.nodes);
    HAS(p, "  # password: not exported (multibmc export --with-secrets)\n");
    LACKS(p, "  password:");
    fixture_clear(&f);
}

static void maas_commands(void)
{
    Fixture f;
    fixture(&f, MBMC_MODE_MACVLAN, TRUE);
    g_autofree char *m = render("maas", f.nodes);
    HAS(m, "maas \"$PROFILE\" machines create \\\n    hostname=cn0001 \\\n    architecture=amd64/generic \\\n"
           "    mac_addresses=bc:24:11:00:00:01 \\\n    mac_addresses=bc:24:11:00:00:02 \\\n"
           "    mac_addresses=bc:24:11:00:00:03 \\\n    power_type=ipmi \\\n    power_parameters_power_driver=LAN_2_0 \\\n"
           "    power_parameters_power_address=198.18.1.10 \\\n    power_parameters_power_user=admin \\\n"
           "    'power_parameters_power_pass=pa ss,\"1\"' \\\n    power_parameters_power_boot_type=efi \\\n"
           "    power_parameters_mac_address=02:4d:00:00:03:e8\n");
    HAS(m, "power_parameters_power_boot_type=legacy");
    fixture_clear(&f);
}

static void ansible_and_csv(void)
{
    Fixture f;
    fixture(&f, MBMC_MODE_MACVLAN, TRUE);
    g_autofree char *a = render("ansible", f.nodes);
    HAS(a, "all:\n  children:\n    multibmc:\n      hosts:\n        \"cn0001\":\n          vmid: 1000\n"
           "          vm_name: \"cn0001.lab\"\n          bmc_address: \"198.18.1.10\"\n          bmc_prefix: 24\n"
           "          bmc_protocols: [\"ipmi\"]\n          bmc_user: \"admin\"\n          bmc_password: \"pa ss,\\\"1\\\"\"\n"
           "          bmc_mac: \"02:4d:00:00:03:e8\"\n"
           "          nic_macs: [\"bc:24:11:00:00:01\", \"bc:24:11:00:00:02\", \"bc:24:11:00:00:03\"]\n"
           "          boot_firmware: \"uefi\"\n");
    HAS(a, "          nic_macs: []\n");
    g_autofree char *c = render("csv", f.nodes);
    HAS(c, "vmid,hostname,vm_name,bmc_address,bmc_prefix,protocols,user,password,nic_macs,boot_firmware,bmc_mac,"
           "redfish_url,redfish_cert,redfish_fingerprint\r\n"
           "1000,cn0001,cn0001.lab,198.18.1.10,24,ipmi,admin,\"pa ss,\"\"1\"\"\","
           "bc:24:11:00:00:01;bc:24:11:00:00:02;bc:24:11:00:00:03,uefi,02:4d:00:00:03:e8,,,\r\n"
           "1001,vm1001,,198.18.1.11,24,ipmi,admin,x:,,bios,02:4d:00:00:03:e9,,,\r\n");
    fixture_clear(&f);
    g_autoptr(GPtrArray) none = g_ptr_array_new();
    g_autofree char *empty = render("ansible", none);
    HAS(empty, "hosts: {}\n");
}

static void format_table(void)
{
    CHECK(mbmc_export_format_find("xcat") && !mbmc_export_format_find("XCAT") && !mbmc_export_format_find(NULL));
    g_autofree char *names = mbmc_export_format_names();
    CHECK_EQ_STR(names, "xcat|hpcm|ironic|metal3|maas|ansible|csv");
    /* Which export options each format acts on (the CLI refuses the others). */
    CHECK_EQ_INT(mbmc_export_format_find("ironic")->uses,
                 MBMC_EXPORT_USES_PROTOCOL | MBMC_EXPORT_USES_CA | MBMC_EXPORT_USES_INSECURE);
    CHECK_EQ_INT(mbmc_export_format_find("metal3")->uses, MBMC_EXPORT_USES_PROTOCOL | MBMC_EXPORT_USES_INSECURE);
    const char *none[] = { "xcat", "hpcm", "maas", "ansible", "csv" };
    for (guint i = 0; i < G_N_ELEMENTS(none); i++)
        CHECK_EQ_INT(mbmc_export_format_find(none[i])->uses, MBMC_EXPORT_USES_NONE);
}

int main(void)
{
    RUN(protocols_and_names);
    RUN(redfish_nodes);
    RUN(xcat_stanzas);
    RUN(hpcm_lines);
    RUN(ironic_json);
    RUN(metal3_documents);
    RUN(ironic_redfish);
    RUN(metal3_redfish);
    RUN(redfish_in_other_formats);
    RUN(maas_commands);
    RUN(ansible_and_csv);
    RUN(format_table);
    UNIT_EXIT();
}
