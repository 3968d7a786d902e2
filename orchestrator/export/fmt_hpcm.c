/* SPDX-License-Identifier: GPL-2.0-or-later */
/* HPE Performance Cluster Manager: the node file of 'cm node add -c FILE', a [discover]
 * section with one line per node of comma-separated key=value pairs, a value holding a comma
 * in double quotes. Field names as HPE's own examples use them (docs/hpcm.md says which were
 * verified where): hostname1, internal_name (service<N>, unique), the management network
 * (mgmt_net_name=head, mgmt_net_macs = the boot NIC and the NICs on its bridge), the BMC
 * network (mgmt_bmc_net_name=head-bmc, mgmt_bmc_net_ip, mgmt_bmc_net_macs in macvlan mode),
 * card_type=IPMI, bmc_username, bmc_password (only with secrets), architecture, and the
 * serial console (console_device=ttyS0, baud_rate=115200). No comments: whether HPCM's
 * reader skips them is not known. IPMI also where Redfish is on: whether HPCM manages nodes
 * by Redfish could not be checked (docs/hpcm.md). */
#include <gio/gio.h>
#include <string.h>

#include "export_format.h"

static gboolean value(GString *out, const char *key, const char *v, const MbmcExportNode *n, GError **error)
{
    if (strpbrk(v, "\r\n")) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                    "VM %u: its %s holds a line break, which an HPCM node file cannot carry", n->vmid, key);
        return FALSE;
    }
    g_string_append_printf(out, "%s%s=", out->len && out->str[out->len - 1] != '\n' ? ", " : "", key);
    if (!*v || strpbrk(v, ", \t\"'\\=")) {
        g_string_append_c(out, '"');
        for (const char *p = v; *p; p++) {
            if (*p == '"' || *p == '\\')
                g_string_append_c(out, '\\');
            g_string_append_c(out, *p);
        }
        g_string_append_c(out, '"');
    } else {
        g_string_append(out, v);
    }
    return TRUE;
}

/* The management NICs: the boot NIC and the others on its bridge (all of them on Proxmox's
 * usual single bridge; only the boot NIC when the bridges are not known). */
static char *mgmt_macs(const MbmcExportNode *n)
{
    GString *s = g_string_new(NULL);
    const MbmcVmNic *boot = n->nics->len ? g_ptr_array_index(n->nics, 0) : NULL;
    for (guint i = 0; boot && i < n->nics->len; i++) {
        const MbmcVmNic *nic = g_ptr_array_index(n->nics, i);
        if (i == 0 || (boot->bridge && !g_strcmp0(nic->bridge, boot->bridge)))
            g_string_append_printf(s, "%s%s", s->len ? "," : "", nic->mac);
    }
    return g_string_free(s, FALSE);
}

gboolean mbmc_export_hpcm(GString *out, GPtrArray *nodes, GError **error)
{
    g_string_append(out, "[discover]\n");
    for (guint i = 0; i < nodes->len; i++) {
        const MbmcExportNode *n = g_ptr_array_index(nodes, i);
        g_autofree char *internal = g_strdup_printf("service%u", n->vmid);
        g_autofree char *macs = mgmt_macs(n);
        gboolean ok = value(out, "hostname1", n->hostname, n, error) &&
                      value(out, "internal_name", internal, n, error) &&
                      value(out, "mgmt_net_name", "head", n, error) &&
                      (!*macs || value(out, "mgmt_net_macs", macs, n, error)) &&
                      value(out, "mgmt_bmc_net_name", "head-bmc", n, error) &&
                      value(out, "mgmt_bmc_net_ip", n->address, n, error) &&
                      (!n->bmc_mac || value(out, "mgmt_bmc_net_macs", n->bmc_mac, n, error)) &&
                      value(out, "card_type", "IPMI", n, error) &&
                      value(out, "bmc_username", n->user, n, error) &&
                      (!n->password || value(out, "bmc_password", n->password, n, error)) &&
                      value(out, "architecture", "x86_64", n, error) &&
                      value(out, "console_device", "ttyS0", n, error) &&
                      value(out, "baud_rate", "115200", n, error);
        if (!ok)
            return FALSE;
        g_string_append_c(out, '\n');
    }
    return TRUE;
}
