/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Pure Proxmox backend logic: boot order rewriting, UPID parsing, error mapping. */
#include "unit.h"

#include "pve_boot.h"
#include "pve_error.h"
#include "pve_facts.h"
#include "pve_media_logic.h"
#include "pve_names.h"
#include "pve_identity.h"
#include "pve_parse.h"
#include "pve_state.h"
#include "pve_upid.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct pve_config_entry vm_new[] = {
    { "boot", "order=scsi0;ide2;net0" },
    { "scsi0", "local-lvm:vm-100-disk-0,size=32G" },
    { "scsi1", "local-lvm:vm-100-disk-1,size=8G" },
    { "ide2", "local:iso/debian.iso,media=cdrom" },
    { "net0", "virtio=BC:24:11:00:00:01,bridge=vmbr0" },
    { "net1", "virtio=BC:24:11:00:00:02,bridge=vmbr1" },
    { "bios", "ovmf" },
};

static void boot_pxe_moves_nets_first(void)
{
    char out[256], err[128];
    CHECK_EQ_INT(pve_boot_order(vm_new, N(vm_new), MBMC_BOOT_PXE, out, sizeof(out), err, sizeof(err)), 0);
    CHECK_EQ_STR(out, "order=net0;net1;scsi0;ide2");
}

static void boot_disk_and_cdrom(void)
{
    char out[256], err[128];
    CHECK_EQ_INT(pve_boot_order(vm_new, N(vm_new), MBMC_BOOT_DISK, out, sizeof(out), err, sizeof(err)), 0);
    CHECK_EQ_STR(out, "order=scsi0;scsi1;ide2;net0");
    CHECK_EQ_INT(pve_boot_order(vm_new, N(vm_new), MBMC_BOOT_CDROM, out, sizeof(out), err, sizeof(err)), 0);
    CHECK_EQ_STR(out, "order=ide2;scsi0;net0");
}

static void boot_legacy_form(void)
{
    static const struct pve_config_entry vm[] = {
        { "virtio0", "local:100/vm-100-disk-0.qcow2" },
        { "sata3", "none,media=cdrom" },
        { "net2", "e1000=BC:24:11:00:00:03" },
        { "bootdisk", "virtio0" },
    };
    char out[256], err[128];
    CHECK_EQ_INT(pve_boot_current(vm, N(vm), out, sizeof(out)), 0);
    CHECK_EQ_STR(out, "sata3;virtio0;net2");       /* default legacy "cdn" */
    CHECK_EQ_INT(pve_boot_order(vm, N(vm), MBMC_BOOT_PXE, out, sizeof(out), err, sizeof(err)), 0);
    CHECK_EQ_STR(out, "order=net2;sata3;virtio0");
}

static void boot_missing_device_is_an_error(void)
{
    static const struct pve_config_entry vm[] = { { "scsi0", "x" }, { "boot", "order=scsi0" } };
    char out[256], err[128];
    CHECK_EQ_INT(pve_boot_order(vm, N(vm), MBMC_BOOT_PXE, out, sizeof(out), err, sizeof(err)), -1);
    CHECK(strstr(err, "network") != NULL);
    CHECK_EQ_INT(pve_boot_order(vm, N(vm), MBMC_BOOT_CDROM, out, sizeof(out), err, sizeof(err)), -1);
    CHECK_EQ_INT(pve_boot_order(vm, N(vm), MBMC_BOOT_BIOS, out, sizeof(out), err, sizeof(err)), -2);
}

static void upid_parse(void)
{
    char node[64], type[32];
    CHECK_EQ_INT(pve_upid_parse("UPID:pve2:0003C2F1:0129B1E6:66A1F0C3:qmshutdown:100:bmc@pve!ipmi:",
                                node, sizeof(node), type, sizeof(type)), 0);
    CHECK_EQ_STR(node, "pve2");
    CHECK_EQ_STR(type, "qmshutdown");
    CHECK_EQ_INT(pve_upid_parse("UPID:pve-a1:0003C2F1:129B1E6AB:66A1F0C3:qmstart:100:root@pam:",
                                node, sizeof(node), type, sizeof(type)), 0);
    CHECK_EQ_STR(node, "pve-a1");
    /* no trailing colon, bad hex, bad node, not a UPID */
    CHECK_EQ_INT(pve_upid_parse("UPID:pve2:0003C2F1:0129B1E6:66A1F0C3:qmstart:100:root@pam",
                                node, sizeof(node), type, sizeof(type)), -1);
    CHECK_EQ_INT(pve_upid_parse("UPID:pve2:0003C2G1:0129B1E6:66A1F0C3:qmstart:100:root@pam:",
                                node, sizeof(node), type, sizeof(type)), -1);
    CHECK_EQ_INT(pve_upid_parse("UPID:-pve:0003C2F1:0129B1E6:66A1F0C3:qmstart:100:root@pam:",
                                node, sizeof(node), type, sizeof(type)), -1);
    CHECK_EQ_INT(pve_upid_parse("null", node, sizeof(node), type, sizeof(type)), -1);
}

static void url_escape(void)
{
    char out[128];
    CHECK_EQ_INT(pve_url_escape("UPID:n:1:bmc@pve!ipmi:", out, sizeof(out)), 0);
    CHECK_EQ_STR(out, "UPID%3An%3A1%3Abmc%40pve%21ipmi%3A");
    CHECK_EQ_INT(pve_url_escape("order=net0;scsi0", out, sizeof(out)), 0);
    CHECK_EQ_STR(out, "order%3Dnet0%3Bscsi0");
    CHECK_EQ_INT(pve_url_escape("abcdef", out, 4), -1);
}

static void error_classes(void)
{
    CHECK_EQ_INT(pve_err_classify(0, "Connection refused"), PVE_ERR_TRANSPORT);
    CHECK_EQ_INT(pve_err_classify(401, "Authentication failed!"), PVE_ERR_AUTH);
    CHECK_EQ_INT(pve_err_classify(403, "Permission check failed (/vms/100, VM.Config.Disk)"), PVE_ERR_PERM);
    CHECK_EQ_INT(pve_err_classify(500, "Configuration file 'nodes/pve1/qemu-server/100.conf' does not exist"),
                 PVE_ERR_NOT_HERE);
    CHECK_EQ_INT(pve_err_classify(500, "unable to find configuration file for VM 100 on node 'pve1'"),
                 PVE_ERR_NOT_HERE);
    CHECK_EQ_INT(pve_err_classify(595, "Errors during connection establishment, proxy handshake: No route to host"),
                 PVE_ERR_NODE_DOWN);
    CHECK_EQ_INT(pve_err_classify(200, "VM is locked (migrate)"), PVE_ERR_MIGRATING);
    CHECK_EQ_INT(pve_err_classify(200, "VM is locked (backup)"), PVE_ERR_LOCKED);
    CHECK_EQ_INT(pve_err_classify(200, "VM 100 already running"), PVE_ERR_ALREADY);
    CHECK_EQ_INT(pve_err_classify(200, "OK"), PVE_OK);
    CHECK_EQ_INT(pve_err_classify(200, "WARNINGS: 2"), PVE_OK);
    CHECK_EQ_INT(pve_err_classify(200, "VM quit/powerdown failed - got timeout"), PVE_ERR_SERVER);
    CHECK_EQ_INT(pve_err_classify(500, "VM 100 not running"), PVE_ERR_NOT_RUNNING);
    CHECK_EQ_INT(pve_err_classify(400, "Parameter verification failed."), PVE_ERR_BAD_REQUEST);
    CHECK_EQ_INT(pve_err_ipmi_cc(PVE_ERR_TRANSPORT), 0xC0);
    CHECK_EQ_INT(pve_err_ipmi_cc(PVE_ERR_PERM), 0xD4);
    CHECK_EQ_INT(pve_err_ipmi_cc(PVE_ERR_LOCKED), 0xD5);
    CHECK(pve_err_wants_resolve(PVE_ERR_NOT_HERE));
    CHECK(!pve_err_wants_resolve(PVE_ERR_AUTH));
}

static void power_mapping(void)
{
    CHECK(pve_state_is_on("running", "running", ""));
    CHECK(!pve_state_is_on("stopped", "stopped", ""));
    /* a backup of a stopped VM runs QEMU paused: still off for IPMI */
    CHECK(!pve_state_is_on("running", "prelaunch", "backup"));
    CHECK(!pve_state_is_on("running", "paused", "backup"));
    /* a backup of a running VM: on */
    CHECK(pve_state_is_on("running", "running", "backup"));
    /* hibernated: stopped with lock suspended */
    CHECK(!pve_state_is_on("stopped", "stopped", "suspended"));
    CHECK(pve_state_is_on("running", "running", "migrate"));
    CHECK(!pve_state_is_on("", "", ""));
}

/* ---- parsing Proxmox answers (shapes from the API reference) */

static struct json_object *envelope(const char *body)
{
    struct json_object *d, *root = pve_envelope_unwrap(body, strlen(body), &d, NULL, 0);
    CHECK(root != NULL);
    return root;
}

static void parse_node(void)
{
    struct json_object *root = envelope(
        "{\"data\":[{\"id\":\"lxc/100\",\"type\":\"lxc\",\"vmid\":100,\"node\":\"pve1\"},"
        "{\"id\":\"qemu/100\",\"type\":\"qemu\",\"vmid\":100,\"node\":\"pve2\",\"status\":\"running\"},"
        "{\"type\":null,\"vmid\":101,\"node\":null},"
        "{\"type\":\"qemu\",\"vmid\":102,\"node\":null},"
        "{\"type\":\"qemu\",\"vmid\":103,\"node\":\"../../access\"},"
        "{\"type\":\"qemu\",\"vmid\":\"104\",\"node\":\"pve3\"}, 7, null]}"), *d;
    json_object_object_get_ex(root, "data", &d);
    char node[64];
    CHECK_EQ_INT(pve_parse_node(d, 100, node, sizeof(node)), 0);
    CHECK_EQ_STR(node, "pve2");
    CHECK_EQ_INT(pve_parse_node(d, 101, node, sizeof(node)), -1);   /* type null */
    CHECK_EQ_INT(pve_parse_node(d, 102, node, sizeof(node)), -1);   /* node null */
    CHECK_EQ_INT(pve_parse_node(d, 103, node, sizeof(node)), -1);   /* not a host name */
    CHECK_EQ_INT(pve_parse_node(d, 104, node, sizeof(node)), 0);    /* vmid as digits, too */
    CHECK_EQ_STR(node, "pve3");
    CHECK_EQ_INT(pve_parse_node(d, 100, node, 4), -1);              /* does not fit */
    CHECK_EQ_INT(pve_parse_node(NULL, 100, node, sizeof(node)), -1);
    json_object_put(root);
}

static void parse_vm_state(void)
{
    struct json_object *root = envelope(
        "{\"data\":{\"vmid\":100,\"name\":\"cn001\",\"status\":\"running\",\"qmpstatus\":\"running\","
        "\"ha\":{\"managed\":1,\"state\":\"started\"}}}"), *d;
    json_object_object_get_ex(root, "data", &d);
    struct pve_vm_state st = {0};
    pve_parse_vm_state(d, &st);
    CHECK(st.on && st.ha_managed);
    CHECK_EQ_STR(st.lock, "");
    json_object_put(root);
    root = envelope("{\"data\":{\"status\":\"stopped\",\"qmpstatus\":\"paused\",\"lock\":\"backup\","
                    "\"ha\":7}}");
    json_object_object_get_ex(root, "data", &d);
    pve_parse_vm_state(d, &st);
    CHECK(!st.on && !st.ha_managed);
    CHECK_EQ_STR(st.lock, "backup");
    json_object_put(root);
    root = envelope("{\"data\":{\"status\":null,\"qmpstatus\":null,\"lock\":null,\"ha\":null}}");
    json_object_object_get_ex(root, "data", &d);
    pve_parse_vm_state(d, &st);
    CHECK(!st.on);
    CHECK_EQ_STR(st.status, "");
    json_object_put(root);
    pve_parse_vm_state(NULL, &st);          /* {"data":null} */
    CHECK(!st.on);
}

static void parse_task(void)
{
    const char *es = NULL;
    struct json_object *d = json_tokener_parse("{\"status\":\"running\",\"upid\":\"UPID:...\"}");
    CHECK_EQ_INT(pve_parse_task(d, &es), 0);
    json_object_put(d);
    d = json_tokener_parse("{\"status\":\"stopped\",\"exitstatus\":\"VM is locked (backup)\"}");
    CHECK_EQ_INT(pve_parse_task(d, &es), 1);
    CHECK_EQ_STR(es, "VM is locked (backup)");
    json_object_put(d);
    d = json_tokener_parse("{\"status\":\"stopped\",\"exitstatus\":null}");
    CHECK_EQ_INT(pve_parse_task(d, &es), 1);
    CHECK_EQ_STR(es, "unexpected status");
    json_object_put(d);
    d = json_tokener_parse("{\"status\":null}");
    CHECK_EQ_INT(pve_parse_task(d, &es), 0);
    json_object_put(d);
}

static void parse_config(void)
{
    struct json_object *d = json_tokener_parse(
        "{\"boot\":\"order=scsi0;net0\",\"bios\":null,\"scsi0\":\"local-lvm:vm-100-disk-0\","
        "\"net0\":\"virtio=BC:24:11:00:00:01,bridge=vmbr0\",\"cores\":4,\"digest\":\"ab\"}");
    struct pve_config_entry cfg[8];
    const char *boot, *bios;
    size_t n = pve_parse_config(d, cfg, 8, &boot, &bios);
    CHECK_EQ_INT(n, 5);                      /* bios null skipped, cores as "4" */
    CHECK_EQ_STR(boot, "order=scsi0;net0");
    CHECK_EQ_STR(bios, "");
    CHECK_EQ_INT(pve_parse_config(d, cfg, 2, &boot, &bios), 2);
    json_object_put(d);
    d = json_tokener_parse("[\"boot\"]");
    CHECK_EQ_INT(pve_parse_config(d, cfg, 8, &boot, &bios), 0);
    json_object_put(d);
}

static void parse_version_perms(void)
{
    int major, minor;
    struct json_object *d = json_tokener_parse("{\"version\":\"8.1.4\",\"release\":\"8.1\"}");
    CHECK_EQ_INT(pve_parse_version(d, &major, &minor), 0);
    CHECK(major == 8 && minor == 1);
    json_object_put(d);
    d = json_tokener_parse("{\"version\":null}");
    CHECK_EQ_INT(pve_parse_version(d, &major, &minor), -1);
    json_object_put(d);
    bool cfg_ok, pow_ok;
    d = json_tokener_parse("{\"/vms/100\":{\"VM.Audit\":1,\"VM.PowerMgmt\":1}}");
    pve_parse_perms(d, 100, &cfg_ok, &pow_ok);
    CHECK(!cfg_ok && pow_ok);
    pve_parse_perms(d, 101, &cfg_ok, &pow_ok);       /* nothing known: nothing refused */
    CHECK(cfg_ok && pow_ok);
    json_object_put(d);
    d = json_tokener_parse("{\"/vms/100\":null}");
    pve_parse_perms(d, 100, &cfg_ok, &pow_ok);
    CHECK(!cfg_ok && !pow_ok);
    json_object_put(d);
}

/* GET /access/permissions without path=, as the supervisor asks once for all its VMs. */
static void facts_vm_privs_from_the_whole_map(void)
{
    bool cfg_ok, pow_ok;
    struct json_object *d = json_tokener_parse(
        "{\"/\":{\"Sys.Audit\":1},\"/vms\":{\"VM.Audit\":1,\"VM.PowerMgmt\":1},"
        "\"/vms/100\":{\"VM.Audit\":1,\"VM.PowerMgmt\":1,\"VM.Config.Disk\":1},"
        "\"/vms/102\":{\"VM.Audit\":1}}");
    CHECK(pve_facts_vm_privs(d, 100, &cfg_ok, &pow_ok));     /* an ACL (or a pool) names it */
    CHECK(cfg_ok && pow_ok);
    CHECK(pve_facts_vm_privs(d, 101, &cfg_ok, &pow_ok));     /* what propagates from /vms */
    CHECK(!cfg_ok && pow_ok);
    CHECK(pve_facts_vm_privs(d, 102, &cfg_ok, &pow_ok));     /* the VM's own entry wins */
    CHECK(!cfg_ok && !pow_ok);
    CHECK(pve_facts_vm_has(d, 100, "VM.Config.Disk") && !pve_facts_vm_has(d, 101, "VM.Config.Disk"));
    CHECK(pve_facts_vm_has(d, 101, "VM.PowerMgmt") && !pve_facts_vm_has(d, 102, "VM.PowerMgmt"));
    CHECK(!pve_facts_vm_has(d, 100, "VM.Config.Options"));
    json_object_put(d);
    d = json_tokener_parse("{\"/\":{\"Sys.Audit\":1}}");   /* nothing on /vms: nothing granted */
    CHECK(pve_facts_vm_privs(d, 100, &cfg_ok, &pow_ok));
    CHECK(!cfg_ok && !pow_ok);
    json_object_put(d);
    d = json_tokener_parse("[1,2]");
    CHECK(!pve_facts_vm_privs(d, 100, &cfg_ok, &pow_ok));
    json_object_put(d);
    int major, minor;
    CHECK(pve_facts_version("9.2.11", &major, &minor) == 0 && major == 9 && minor == 2);
    CHECK(pve_facts_version("8", &major, &minor) == 0 && major == 8 && minor == 0);
    CHECK(pve_facts_version("x", &major, &minor) == -1 && major == 0 && minor == 0);
    CHECK(pve_facts_version(NULL, &major, &minor) == -1);
    CHECK(pve_facts_bios_is_efi("ovmf") && !pve_facts_bios_is_efi("seabios") && !pve_facts_bios_is_efi(""));
}

/* ---- virtual media */

static void media_names(void)
{
    CHECK(pve_storage_id_ok("local"));
    CHECK(pve_storage_id_ok("iso-store.2"));
    CHECK(!pve_storage_id_ok("Local"));
    CHECK(!pve_storage_id_ok("isos-"));
    CHECK(!pve_storage_id_ok("1isos"));
    CHECK(!pve_storage_id_ok("a/b"));
    CHECK(pve_cdrom_key_ok("ide2"));
    CHECK(pve_cdrom_key_ok("sata5"));
    CHECK(pve_cdrom_key_ok("scsi30"));
    CHECK(!pve_cdrom_key_ok("ide4"));
    CHECK(!pve_cdrom_key_ok("scsi31"));
    CHECK(!pve_cdrom_key_ok("ide02"));
    CHECK(!pve_cdrom_key_ok("virtio0"));
    CHECK(!pve_cdrom_key_ok("cd0"));
}

static void media_filename(void)
{
    char out[300];
    CHECK_EQ_INT(pve_media_filename("http://h/boot.iso", 100, 1700000000, out, sizeof(out)), 0);
    CHECK_EQ_STR(out, "mbmc-100-1700000000-boot.iso");
    CHECK_EQ_INT(pve_media_filename("https://h:8443/d/My%20Image.ISO?x=1#f", 7, 5, out, sizeof(out)), 0);
    CHECK_EQ_STR(out, "mbmc-7-5-My_Image.ISO");
    CHECK_EQ_INT(pve_media_filename("http://h/", 7, 5, out, sizeof(out)), 0);
    CHECK_EQ_STR(out, "mbmc-7-5-image.iso");
    CHECK_EQ_INT(pve_media_filename("http://h", 7, 5, out, sizeof(out)), 0);
    CHECK_EQ_STR(out, "mbmc-7-5-image.iso");
    CHECK_EQ_INT(pve_media_filename("http://h/cgi-bin/get?id=3", 7, 5, out, sizeof(out)), 0);
    CHECK_EQ_STR(out, "mbmc-7-5-get.iso");
    /* No path tricks survive: a decoded slash, dots, a leading dot. */
    CHECK_EQ_INT(pve_media_filename("http://h/x/..%2F..%2Fetc%2Fshadow", 7, 5, out, sizeof(out)), 0);
    CHECK_EQ_STR(out, "mbmc-7-5-image.._.._etc_shadow.iso");
    CHECK(!strchr(out, '/'));
    CHECK_EQ_INT(pve_media_filename("http://h/.hidden.img", 7, 5, out, sizeof(out)), 0);
    CHECK_EQ_STR(out, "mbmc-7-5-image.hidden.img");
    CHECK_EQ_INT(pve_media_filename("http://h/a%00b.iso", 7, 5, out, sizeof(out)), 0);
    CHECK_EQ_STR(out, "mbmc-7-5-a_b.iso");
    char longurl[700] = "http://h/";
    memset(longurl + 9, 'x', 600);
    CHECK_EQ_INT(pve_media_filename(longurl, 7, 5, out, sizeof(out)), 0);
    CHECK(strlen(out) < 140 && !strcmp(out + strlen(out) - 4, ".iso"));
    CHECK_EQ_INT(pve_media_filename("http:///x.iso", 7, 5, out, sizeof(out)), -1);
    CHECK_EQ_INT(pve_media_filename("nourl", 7, 5, out, sizeof(out)), -1);
    CHECK_EQ_INT(pve_media_filename("http://h/boot.iso", 7, 5, out, 10), -1);
    char why[200];
    CHECK_EQ_INT(pve_media_url_check("http://h/x.iso", why, sizeof(why)), 0);
    CHECK_EQ_INT(pve_media_url_check("HTTPS://h/x.iso", why, sizeof(why)), 0);
    CHECK_EQ_INT(pve_media_url_check("ftp://h/x.iso", why, sizeof(why)), -1);
    CHECK_EQ_INT(pve_media_url_check("/srv/x.iso", why, sizeof(why)), -1);
    CHECK_EQ_INT(pve_media_url_check("http://u:p@h/x.iso", why, sizeof(why)), -1);
    CHECK_EQ_INT(pve_media_url_check("http://h/a b.iso", why, sizeof(why)), -1);
}

static void media_drive_values(void)
{
    char out[PVE_DRIVE_VALUE_LEN];
    pve_drive_volume("local:iso/debian.iso,media=cdrom", out, sizeof(out));
    CHECK_EQ_STR(out, "local:iso/debian.iso");
    pve_drive_volume("media=cdrom,file=isos:iso/x.iso,size=3M", out, sizeof(out));
    CHECK_EQ_STR(out, "isos:iso/x.iso");
    pve_drive_volume("none,media=cdrom", out, sizeof(out));
    CHECK_EQ_STR(out, "none");
    pve_drive_volume("media=cdrom", out, sizeof(out));
    CHECK_EQ_STR(out, "");
    pve_drive_volume(NULL, out, sizeof(out));
    CHECK_EQ_STR(out, "");
    CHECK_EQ_INT(pve_drive_with_volume("local:iso/debian.iso,media=cdrom,size=300M", "isos:iso/m.iso",
                                       out, sizeof(out)), 0);
    CHECK_EQ_STR(out, "isos:iso/m.iso,media=cdrom");
    CHECK_EQ_INT(pve_drive_with_volume("file=none,media=cdrom,aio=native,format=raw", "isos:iso/m.iso",
                                       out, sizeof(out)), 0);
    CHECK_EQ_STR(out, "isos:iso/m.iso,aio=native,media=cdrom");
    CHECK_EQ_INT(pve_drive_with_volume("", "isos:iso/m.iso", out, sizeof(out)), 0);
    CHECK_EQ_STR(out, "isos:iso/m.iso,media=cdrom");
    CHECK_EQ_INT(pve_drive_with_volume("none,media=cdrom", "isos:iso/m.iso", out, 12), -1);
}

static void media_find_drive(void)
{
    static const struct pve_config_entry two[] = {
        { "scsi0", "local-lvm:vm-100-disk-0" }, { "sata1", "none,media=cdrom" },
        { "ide2", "local:iso/debian.iso,media=cdrom" }, { "ide0", "local-lvm:vm-100-disk-1" },
    };
    static const struct pve_config_entry other[] = {
        { "sata3", "none,media=cdrom" }, { "sata1", "cdrom,media=cdrom" }, { "scsi0", "x" },
    };
    static const struct pve_config_entry none[] = { { "scsi0", "x" }, { "net0", "virtio=..." } };
    CHECK_EQ_STR(pve_media_find_drive(two, N(two), NULL), "ide2");
    CHECK_EQ_STR(pve_media_find_drive(two, N(two), "sata1"), "sata1");
    CHECK(pve_media_find_drive(two, N(two), "ide0") == NULL);     /* a disk, not a CD-ROM */
    CHECK(pve_media_find_drive(two, N(two), "ide3") == NULL);
    CHECK_EQ_STR(pve_media_find_drive(other, N(other), NULL), "sata1");
    CHECK(pve_media_find_drive(none, N(none), NULL) == NULL);
    CHECK(pve_media_find_drive(two, N(two), NULL) == two[2].key);  /* points into cfg */
    /* Boot from CD: the media drive first when the VM has several. */
    static const struct pve_config_entry vm[] = {
        { "boot", "order=scsi0;ide2;net0" }, { "scsi0", "local-lvm:vm-100-disk-0" },
        { "ide2", "local:iso/debian.iso,media=cdrom" }, { "sata1", "isos:iso/m.iso,media=cdrom" },
        { "net0", "virtio=BC:24:11:00:00:01" },
    };
    char order[256], err[128];
    CHECK_EQ_INT(pve_boot_order_prefer(vm, N(vm), MBMC_BOOT_CDROM, "sata1", order, sizeof(order), err,
                                       sizeof(err)), 0);
    CHECK_EQ_STR(order, "order=sata1;ide2;scsi0;net0");
    CHECK_EQ_INT(pve_boot_order_prefer(vm, N(vm), MBMC_BOOT_CDROM, NULL, order, sizeof(order), err,
                                       sizeof(err)), 0);
    CHECK_EQ_STR(order, "order=ide2;sata1;scsi0;net0");
    CHECK_EQ_INT(pve_boot_order_prefer(vm, N(vm), MBMC_BOOT_PXE, "sata1", order, sizeof(order), err,
                                       sizeof(err)), 0);
    CHECK_EQ_STR(order, "order=net0;scsi0;ide2");
}

static void media_privileges(void)
{
    char out[600];
    struct pve_media_privs all = { true, true, true, true, true, false };
    pve_media_missing_privs(&all, "isos", 100, out, sizeof(out));
    CHECK_EQ_STR(out, "");
    struct pve_media_privs net = { true, true, true, false, false, true };
    pve_media_missing_privs(&net, "isos", 100, out, sizeof(out));
    CHECK_EQ_STR(out, "");        /* Sys.AccessNetwork instead of Sys.*; no removal is no refusal */
    struct pve_media_privs none = { 0 };
    pve_media_missing_privs(&none, "isos", 100, out, sizeof(out));
    CHECK_EQ_STR(out, "VM.Config.CDROM on /vms/100, Datastore.AllocateTemplate on /storage/isos, "
                      "Datastore.Audit on /storage/isos, Sys.Audit and Sys.Modify on / (or "
                      "Sys.AccessNetwork on /nodes/<node>, PVE 8.2 and later)");
    struct json_object *p = json_tokener_parse(
        "{\"/storage/isos\":{\"Datastore.AllocateTemplate\":1,\"Datastore.Audit\":0}}");
    CHECK(pve_parse_has_priv(p, "/storage/isos", "Datastore.AllocateTemplate"));
    CHECK(pve_parse_has_priv(p, "/storage/isos", "Datastore.Audit"));
    CHECK(!pve_parse_has_priv(p, "/storage/isos", "Datastore.Allocate"));
    CHECK(!pve_parse_has_priv(p, "/", "Sys.Modify"));
    CHECK(!pve_parse_has_priv(NULL, "/", "Sys.Modify"));
    json_object_put(p);
}

static void media_storage_answers(void)
{
    struct json_object *st = json_tokener_parse(
        "[{\"storage\":\"local\",\"content\":\"iso,vztmpl,backup\",\"active\":1},"
        "{\"storage\":\"vms\",\"content\":\"images,rootdir\",\"active\":1},"
        "{\"storage\":\"isosx\",\"content\":\"isos\",\"active\":0}]");
    bool iso, active;
    CHECK_EQ_INT(pve_parse_storage(st, "local", &iso, &active), 0);
    CHECK(iso && active);
    CHECK_EQ_INT(pve_parse_storage(st, "vms", &iso, &active), 0);
    CHECK(!iso);
    CHECK_EQ_INT(pve_parse_storage(st, "isosx", &iso, &active), 0);
    CHECK(!iso && !active);       /* "isos" is not "iso" */
    CHECK_EQ_INT(pve_parse_storage(st, "nope", &iso, &active), -1);
    CHECK_EQ_INT(pve_parse_storage(NULL, "local", &iso, &active), -1);
    json_object_put(st);
    struct json_object *c = json_tokener_parse(
        "[{\"volid\":\"isos:iso/a.iso\",\"format\":\"iso\"},{\"volid\":5},{}]");
    CHECK(pve_parse_content_has(c, "isos:iso/a.iso"));
    CHECK(!pve_parse_content_has(c, "isos:iso/b.iso"));
    json_object_put(c);
    struct json_object *log = json_tokener_parse(
        "[{\"n\":1,\"t\":\"downloading http://h/x.iso to /var/lib/vz/template/iso/x.iso\"},"
        "{\"n\":2,\"t\":\"--2024-05-01 10:00:00--  http://h/x.iso\"},"
        "{\"n\":3,\"t\":\"HTTP request sent, awaiting response... 404 Not Found\"},"
        "{\"n\":4,\"t\":\"2024-05-01 10:00:00 ERROR 404: Not\\u0007 Found.\"},"
        "{\"n\":5,\"t\":\"TASK ERROR: download failed: exit code 8\"}]");
    char err[200];
    pve_parse_task_log_error(log, err, sizeof(err));
    CHECK_EQ_STR(err, "ERROR 404: Not  Found.");
    json_object_put(log);
    log = json_tokener_parse("[{\"n\":1,\"t\":\"Connecting to 10.0.0.9:80... failed: Connection refused.\"}]");
    pve_parse_task_log_error(log, err, sizeof(err));
    CHECK_EQ_STR(err, "Connecting to 10.0.0.9:80... failed: Connection refused.");
    json_object_put(log);
    pve_parse_task_log_error(NULL, err, sizeof(err));
    CHECK_EQ_STR(err, "");
}

static void media_saved_state(void)
{
    struct pve_media_saved s = { 0 }, back;
    snprintf(s.drive, sizeof(s.drive), "ide2");
    snprintf(s.previous, sizeof(s.previous), "local:iso/debian.iso,media=cdrom");
    snprintf(s.volid, sizeof(s.volid), "isos:iso/mbmc-100-9-boot.iso");
    snprintf(s.image, sizeof(s.image), "http://h/boot.iso");
    s.stamp = 9;
    CHECK(pve_media_saved_add(&s, "isos:iso/mbmc-100-8-old.iso", "pve1") != NULL);
    pve_media_saved_find(&s, "isos:iso/mbmc-100-8-old.iso")->ejected = 1000;
    CHECK(pve_media_saved_add(&s, s.volid, "pve1") != NULL);
    snprintf(s.dl[1].upid, sizeof(s.dl[1].upid), "UPID:pve1:00001234:00005678:6650A0B0:download:x.iso:bmc@pve!ipmi:");
    char *txt = pve_media_saved_format(&s);
    CHECK_EQ_INT(pve_media_saved_parse(txt, &back), 0);
    free(txt);
    CHECK_EQ_STR(back.drive, "ide2");
    CHECK_EQ_STR(back.previous, "local:iso/debian.iso,media=cdrom");
    CHECK_EQ_STR(back.image, "http://h/boot.iso");
    CHECK_EQ_INT(back.stamp, 9);
    CHECK_EQ_INT(back.ndl, 2);
    CHECK_EQ_INT(back.dl[0].ejected, 1000);
    CHECK_EQ_STR(back.dl[0].upid, "");
    CHECK_EQ_STR(back.dl[1].upid, "UPID:pve1:00001234:00005678:6650A0B0:download:x.iso:bmc@pve!ipmi:");
    /* Retention: the ejected one after 3600 s, never the one in the drive. */
    size_t due = 99;
    CHECK_EQ_INT(pve_media_next_removal(&back, 1000, 3600, &due), 3600);
    CHECK_EQ_INT(due, 99);
    CHECK_EQ_INT(pve_media_next_removal(&back, 4600, 3600, &due), 0);
    CHECK_EQ_INT(due, 0);
    CHECK_EQ_INT(pve_media_next_removal(&back, 1000, 0, &due), 0);
    pve_media_saved_drop(&back, "isos:iso/mbmc-100-8-old.iso");
    CHECK_EQ_INT(back.ndl, 1);
    CHECK_EQ_INT(pve_media_next_removal(&back, 999999, 0, &due), -1);
    /* Full: the longest ejected one goes now, whatever the retention. */
    struct pve_media_saved f = { 0 };
    char v[64];
    for (int i = 0; i < PVE_MEDIA_MAX_DOWNLOADS; i++) {
        snprintf(v, sizeof(v), "isos:iso/f%d.iso", i);
        CHECK(pve_media_saved_add(&f, v, "pve1") != NULL);
        f.dl[i].ejected = 500 - i;
    }
    CHECK(pve_media_saved_add(&f, "isos:iso/more.iso", "pve1") == NULL);
    due = 99;
    CHECK_EQ_INT(pve_media_next_removal(&f, 600, 86400, &due), 0);
    CHECK_EQ_INT(due, PVE_MEDIA_MAX_DOWNLOADS - 1);
    /* Anything malformed is refused whole. */
    static const char *const bad[] = {
        "", "[]", "{\"drive\":\"ide2\"}", "{\"drive\":\"cd0\",\"volid\":\"a:iso/b\"}",
        "{\"downloads\":[{\"volid\":\"\",\"node\":\"pve1\"}]}", "{\"downloads\":{}}",
        "{\"downloads\":[{\"volid\":\"a\",\"node\":\"pve1\",\"ejected\":-5}]}",
        "{\"stamp\":\"x\"}", "{\"image\":7}", "{\"downloads\":[{\"volid\":\"a\"}]}",
    };
    for (size_t i = 0; i < N(bad); i++) {
        CHECK_EQ_INT(pve_media_saved_parse(bad[i], &back), -1);
        CHECK_EQ_INT(back.ndl, 0);
    }
    CHECK_EQ_INT(pve_media_saved_parse("{}", &back), 0);
}

static void parse_identity(void)
{
    struct json_object *c = json_tokener_parse(
        "{\"name\":\"cn001\",\"bios\":\"ovmf\",\"onboot\":1,"
        "\"smbios1\":\"uuid=8C6F0A12-3B4D-4E5F-9A6B-7C8D9E0F1A2B,serial=U04wMDE=,"
        "manufacturer=QWNtZQ==,base64=1\"}");
    struct mbmc_vm_identity id;
    pve_parse_identity(c, &id);
    CHECK(id.uuid_known);
    CHECK_EQ_INT(id.uuid[0], 0x8c);
    CHECK_EQ_INT(id.uuid[15], 0x2b);
    CHECK_EQ_STR(id.name, "cn001");
    CHECK_EQ_STR(id.serial, "SN001");
    CHECK_EQ_STR(id.manufacturer, "Acme");
    CHECK_EQ_STR(id.firmware, "UEFI (OVMF)");
    CHECK(pve_parse_onboot(c));
    json_object_put(c);
    c = json_tokener_parse("{\"smbios1\":\"uuid=nonsense,serial=plain\",\"onboot\":0}");
    pve_parse_identity(c, &id);
    CHECK(!id.uuid_known);
    CHECK_EQ_STR(id.serial, "plain");      /* without base64=1 the value is the text */
    CHECK_EQ_STR(id.firmware, "SeaBIOS");
    CHECK(!pve_parse_onboot(c));
    json_object_put(c);
    pve_parse_identity(NULL, &id);         /* no config: nothing known, nothing crashes */
    CHECK(!id.uuid_known && !id.name[0]);
    struct json_object *perms = json_tokener_parse("{\"/vms/100\":{\"VM.Config.Options\":1}}");
    CHECK(pve_parse_has_perm(perms, 100, "VM.Config.Options"));
    CHECK(!pve_parse_has_perm(perms, 100, "VM.PowerMgmt"));
    CHECK(pve_parse_has_perm(perms, 101, "VM.PowerMgmt"));
    json_object_put(perms);
}

int main(void)
{
    RUN(boot_pxe_moves_nets_first);
    RUN(facts_vm_privs_from_the_whole_map);
    RUN(boot_disk_and_cdrom);
    RUN(boot_legacy_form);
    RUN(boot_missing_device_is_an_error);
    RUN(upid_parse);
    RUN(url_escape);
    RUN(error_classes);
    RUN(power_mapping);
    RUN(parse_node);
    RUN(parse_vm_state);
    RUN(parse_task);
    RUN(parse_config);
    RUN(parse_version_perms);
    RUN(media_names);
    RUN(media_filename);
    RUN(media_drive_values);
    RUN(media_find_drive);
    RUN(media_privileges);
    RUN(media_storage_answers);
    RUN(media_saved_state);
    RUN(parse_identity);
    UNIT_EXIT();
}
