/* Pure Proxmox backend logic: boot order rewriting, UPID parsing, error mapping. */
#include "unit.h"

#include "pve_boot.h"
#include "pve_error.h"
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

int main(void)
{
    RUN(boot_pxe_moves_nets_first);
    RUN(boot_disk_and_cdrom);
    RUN(boot_legacy_form);
    RUN(boot_missing_device_is_an_error);
    RUN(upid_parse);
    RUN(url_escape);
    RUN(error_classes);
    UNIT_EXIT();
}
