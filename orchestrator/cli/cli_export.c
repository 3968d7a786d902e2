/* SPDX-License-Identifier: GPL-2.0-or-later */
/* multibmc export: the configured BMCs (all, or the VMIDs given) as a node list for a
 * cluster manager. What the BMCs are comes from the config; what the VMs are (name, NIC MACs
 * in order, firmware) from their backend: Proxmox (/cluster/resources and each VM's config)
 * or QMP (the running BMC's status file, else QEMU). Passwords only with --with-secrets; a
 * file written with them is 0600. The formats that can manage a BMC by either protocol
 * (ironic, metal3) use Redfish where it is on, IPMI elsewhere (--protocol picks one), and
 * verify the BMC's certificate (--redfish-ca names another file, --redfish-insecure turns it
 * off); an option a format has no use for is refused with it. The formats are pure
 * functions (export_format.h). */
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#include "bmcfiles.h"
#include "cli.h"
#include "export_format.h"
#include "fileutil.h"
#include "mbmc_config.h"
#ifdef MBMC_HAVE_SOLBRIDGE
#include "pve_inventory.h"
#endif
#include "qmp_inventory.h"

/* The Proxmox VMs of the selected BMCs, each with its config read. */
static gboolean ask_proxmox(const MbmcConfig *cfg, GPtrArray *bmcs, GPtrArray *vms, GError **error)
{
    gboolean any = FALSE;
    for (guint i = 0; i < bmcs->len; i++)
        any = any || ((MbmcBmc *)g_ptr_array_index(bmcs, i))->backend == MBMC_BACKEND_KIND_PROXMOX;
    if (!any)
        return TRUE;
#ifdef MBMC_HAVE_SOLBRIDGE
    g_autoptr(MbmcPveFetch) f = mbmc_pve_fetch_new(cfg, error);
    g_autoptr(GPtrArray) all = f ? mbmc_pve_inventory_vms(f, NULL, error) : NULL;
    if (!all)
        return FALSE;
    g_autoptr(GArray) missing = g_array_new(FALSE, FALSE, sizeof(guint));
    /* Owns what it took from all until handed to vms: an error return frees it. */
    g_autoptr(GPtrArray) mine = g_ptr_array_new_with_free_func((GDestroyNotify)mbmc_vm_info_free);
    for (guint i = 0; i < bmcs->len; i++) {
        const MbmcBmc *b = g_ptr_array_index(bmcs, i);
        if (b->backend != MBMC_BACKEND_KIND_PROXMOX)
            continue;
        guint idx;
        MbmcVmInfo *vm = mbmc_vm_info_find(all, b->vmid);
        if (!vm)
            g_array_append_val(missing, b->vmid);
        else if (g_ptr_array_find(all, vm, &idx))
            g_ptr_array_add(mine, g_ptr_array_steal_index(all, idx));
    }
    if (missing->len) {
        guint vmid = g_array_index(missing, guint, 0);
        g_autoptr(GHashTable) hidden = mbmc_pve_inventory_hidden(f, missing, error);
        if (!hidden)
            return FALSE;
        const char *why = g_hash_table_lookup(hidden, GUINT_TO_POINTER(vmid));
        if (why)
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "VM %u: %s", vmid, why);
        else
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "VM %u is not in Proxmox any more: 'multibmc del "
                        "%u' (or discover --prune) removes its BMC; or export the other BMCs by VMID", vmid, vmid);
        return FALSE;
    }
    if (!mbmc_pve_inventory_configs(f, mine, error))
        return FALSE;
    while (mine->len)
        g_ptr_array_add(vms, g_ptr_array_steal_index(mine, 0));
    return TRUE;
#else
    (void)cfg; (void)vms;
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                "this multibmc was built without libsoup 3, so it cannot ask Proxmox");
    return FALSE;
#endif
}

static gboolean ask_qemu(const MbmcConfig *cfg, GPtrArray *bmcs, GPtrArray *vms, GError **error)
{
    for (guint i = 0; i < bmcs->len; i++) {
        const MbmcBmc *b = g_ptr_array_index(bmcs, i);
        if (b->backend != MBMC_BACKEND_KIND_QMP)
            continue;
        MbmcVmInfo *vm = mbmc_qmp_inventory_probe(cfg, b, b->qmp, error);
        if (!vm) {
            g_prefix_error(error, "VM %u: ", b->vmid);
            return FALSE;
        }
        vm->vmid = b->vmid;
        g_ptr_array_add(vms, vm);
    }
    return TRUE;
}

static GPtrArray *selected_bmcs(const MbmcConfig *cfg, int argc, char **argv, GError **error)
{
    g_autoptr(GPtrArray) out = g_ptr_array_new();
    if (argc <= 1) {
        for (guint i = 0; i < cfg->bmcs->len; i++)
            g_ptr_array_add(out, g_ptr_array_index(cfg->bmcs, i));
        return g_steal_pointer(&out);
    }
    for (int i = 1; i < argc; i++) {
        guint vmid;
        if (!mbmc_parse_vmid(argv[i], &vmid, error))
            return NULL;
        MbmcBmc *b = mbmc_config_find(cfg, vmid);
        if (!b) {
            g_set_error(error, MBMC_CONFIG_ERROR, MBMC_CONFIG_ERROR_NOT_FOUND,
                        "VMID %u has no BMC ('multibmc list' shows the configured ones)", vmid);
            return NULL;
        }
        if (!g_ptr_array_find(out, b, NULL))
            g_ptr_array_add(out, b);
    }
    return g_steal_pointer(&out);
}

static gboolean add_password(const MbmcConfig *cfg, const MbmcBmc *b, MbmcExportNode *n, GError **error)
{
    const char *file = b->password_file ? b->password_file : cfg->password_file;
    n->password = file ? mbmc_read_secret_file(file, error) : NULL;
    if (!n->password) {
        if (!file)
            g_set_error(error, MBMC_CONFIG_ERROR, 0, "BMC %u has no password file", b->vmid);
        g_prefix_error(error, "--with-secrets: ");
        return FALSE;
    }
    if (!g_utf8_validate(n->password, -1, NULL)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                    "--with-secrets: the IPMI password of BMC %u (%s) is not UTF-8 text", b->vmid, file);
        return FALSE;
    }
    return TRUE;
}

/* The export options that only some formats act on: refused with the others. */
static gboolean check_choice(const MbmcExportFormat *fmt, const MbmcExportChoice *c, GError **error)
{
    if (c->protocol && strcmp(c->protocol, "ipmi") && strcmp(c->protocol, "redfish")) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "--protocol %s: use ipmi or redfish", c->protocol);
        return FALSE;
    }
    if (c->redfish_ca && c->redfish_insecure) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    "--redfish-ca and --redfish-insecure contradict each other: give one");
        return FALSE;
    }
    if (c->redfish_ca && !g_path_is_absolute(c->redfish_ca)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    "--redfish-ca %s: give the absolute path of the file where the cluster manager runs",
                    c->redfish_ca);
        return FALSE;
    }
    const char *unused = c->protocol && !(fmt->uses & MBMC_EXPORT_USES_PROTOCOL) ? "--protocol"
                       : c->redfish_ca && !(fmt->uses & MBMC_EXPORT_USES_CA) ? "--redfish-ca"
                       : c->redfish_insecure && !(fmt->uses & MBMC_EXPORT_USES_INSECURE) ? "--redfish-insecure"
                       : NULL;
    if (unused) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s has no meaning for --format %s (%s)", unused,
                    fmt->name,
                    !strcmp(unused, "--redfish-ca") ? "only the ironic format names a file to verify a BMC with"
                    : !strcmp(unused, "--protocol") ? "ironic and metal3 choose a protocol; the others write IPMI, "
                                                      "or list every protocol a BMC speaks"
                                                    : "ironic and metal3 can turn the check off");
        return FALSE;
    }
    return TRUE;
}

/* The certificate's fingerprint, read from the file the BMC serves (made at its first start). */
static void add_fingerprint(MbmcExportNode *n, gboolean verified)
{
    if (!n->redfish_cert)
        return;
    n->redfish_fingerprint = mbmc_cert_fingerprint(n->redfish_cert);
    if (!n->redfish_fingerprint && verified)
        fprintf(stderr, "multibmc export: note: BMC %u has not made its Redfish certificate %s yet (it does at its "
                "first start); a manager that verifies it needs that file\n", n->vmid, n->redfish_cert);
}

static gboolean write_out(const char *path, const GString *text, gboolean secrets, GError **error)
{
    if (!path) {
        fwrite(text->str, 1, text->len, stdout);
        if (fflush(stdout) != 0) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write to standard output");
            return FALSE;
        }
        return TRUE;
    }
    if (!mbmc_write_file_atomic(path, text->str, text->len, secrets ? 0600 : 0644, error)) {
        g_prefix_error(error, "%s not written: ", path);
        return FALSE;
    }
    return TRUE;
}

int mbmc_cli_export(MbmcCli *cli, int argc, char **argv)
{
    g_autofree char *format = NULL, *output = NULL;
    g_autofree char *protocol = NULL, *redfish_ca = NULL;
    gboolean secrets = FALSE, insecure = FALSE;
    g_autofree char *names = mbmc_export_format_names();
    g_autofree char *fmt_help = g_strdup_printf("one of %s", names);
    GOptionEntry e[] = {
        { "format", 'f', 0, G_OPTION_ARG_STRING, &format, fmt_help, "F" },
        { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "write to FILE (0600 with secrets) instead of stdout", "FILE" },
        { "with-secrets", 0, 0, G_OPTION_ARG_NONE, &secrets, "include the IPMI passwords", NULL },
        { "protocol", 0, 0, G_OPTION_ARG_STRING, &protocol,
          "ironic, metal3: manage every BMC with this protocol (default: Redfish where it is on, else IPMI)",
          "ipmi|redfish" },
        { "redfish-ca", 0, 0, G_OPTION_ARG_FILENAME, &redfish_ca,
          "ironic: verify the BMCs' certificates with this file where Ironic runs (default: each BMC's own)", "FILE" },
        { "redfish-insecure", 0, 0, G_OPTION_ARG_NONE, &insecure,
          "ironic, metal3: do not verify the BMCs' certificates", NULL },
        { NULL },
    };
    if (!mbmc_cli_parse(cli, "export", "--format F [VMID...]", e, &argc, &argv))
        return 2;
    const MbmcExportFormat *fmt = mbmc_export_format_find(format);
    if (!fmt) {
        fprintf(stderr, "multibmc export: %s%s: use one of %s\n", format ? "--format " : "--format is required",
                format ? format : "", names);
        return 2;
    }
    g_autoptr(GError) err = NULL;
    MbmcExportChoice choice = { .protocol = protocol, .redfish_ca = redfish_ca, .redfish_insecure = insecure };
    if (!check_choice(fmt, &choice, &err)) {
        fprintf(stderr, "multibmc export: %s\n", err->message);
        return 2;
    }
    g_autoptr(MbmcConfig) cfg = mbmc_config_load(cli->config, &err);
    g_autoptr(GPtrArray) bmcs = cfg ? selected_bmcs(cfg, argc, argv, &err) : NULL;
    g_autoptr(GPtrArray) vms = g_ptr_array_new_with_free_func((GDestroyNotify)mbmc_vm_info_free);
    if (!bmcs || !ask_proxmox(cfg, bmcs, vms, &err) || !ask_qemu(cfg, bmcs, vms, &err))
        return mbmc_cli_fail("export", err);
    g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func((GDestroyNotify)mbmc_export_node_free);
    for (guint i = 0; i < bmcs->len; i++) {
        const MbmcBmc *b = g_ptr_array_index(bmcs, i);
        MbmcExportNode *n = mbmc_export_node_new(cfg, b, mbmc_vm_info_find(vms, b->vmid));
        g_ptr_array_add(nodes, n);
        if (!mbmc_export_node_choose(n, &choice, &err) || (secrets && !add_password(cfg, b, n, &err)))
            return mbmc_cli_fail("export", err);
        add_fingerprint(n, (fmt->uses & MBMC_EXPORT_USES_PROTOCOL) && !strcmp(n->manage, "redfish") &&
                               n->redfish_ca && !redfish_ca);
    }
    mbmc_export_hostnames(nodes);
    g_autoptr(GString) text = g_string_new(NULL);
    gboolean ok = fmt->write(text, nodes, &err) && write_out(output, text, secrets, &err);
    if (secrets)
        memset(text->str, 0, text->len);
    if (!ok)
        return mbmc_cli_fail("export", err);
    if (output)
        fprintf(stderr, "wrote %u node%s (%s) to %s%s\n", nodes->len, nodes->len == 1 ? "" : "s", fmt->name, output,
                secrets ? ", mode 0600: it holds passwords" : "");
    return 0;
}
