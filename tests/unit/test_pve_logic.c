/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Pure Proxmox backend logic: boot order rewriting, UPID parsing, error mapping. */
#include "unit.h"

#include "pve_boot.h"
#include "pve_error.h"
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
    struct json_object *d, *root = pve_parse_envelope(body, &d);
    CHECK(root != NULL);
    return root;
}

static void parse_envelope(void)
{
    struct json_object *d;
    struct json_object *root = pve_parse_envelope("{\"data\":null}", &d);
    CHECK(root != NULL);                     /* data null is still an envelope */
    json_object_put(root);
    CHECK(pve_parse_envelope("", &d) == NULL);
    CHECK(pve_parse_envelope("[1,2]", &d) == NULL);
    CHECK(pve_parse_envelope("{\"errors\":{}}", &d) == NULL);
    CHECK(pve_parse_envelope("{\"data\":", &d) == NULL);
    CHECK(pve_parse_envelope(NULL, &d) == NULL);
    CHECK(d == NULL);
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
    CHECK_EQ_INT(pve_parse_node(d, 104, node, sizeof(node)), -1);   /* vmid must be a number */
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
    RUN(boot_disk_and_cdrom);
    RUN(boot_legacy_form);
    RUN(boot_missing_device_is_an_error);
    RUN(upid_parse);
    RUN(url_escape);
    RUN(error_classes);
    RUN(power_mapping);
    RUN(parse_envelope);
    RUN(parse_node);
    RUN(parse_vm_state);
    RUN(parse_task);
    RUN(parse_config);
    RUN(parse_version_perms);
    RUN(parse_identity);
    UNIT_EXIT();
}
