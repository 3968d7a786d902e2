/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CSV (RFC 4180): a header line, then one line per BMC. Lists (protocols, NIC MACs) are
 * joined with ';'; password stays empty without secrets, bmc_mac outside macvlan mode, the
 * Redfish columns (service root URL, certificate, its SHA-256 once made) where the BMC does
 * not speak Redfish. */
#include "export_format.h"
#include "export_text.h"

static void field(GString *out, const char *v, gboolean last)
{
    mbmc_csv_field(out, v ? v : "");
    g_string_append(out, last ? "\r\n" : ",");
}

gboolean mbmc_export_csv(GString *out, GPtrArray *nodes, GError **error)
{
    (void)error;
    g_string_append(out, "vmid,hostname,vm_name,bmc_address,bmc_prefix,protocols,user,password,nic_macs,"
                         "boot_firmware,bmc_mac,redfish_url,redfish_cert,redfish_fingerprint\r\n");
    for (guint i = 0; i < nodes->len; i++) {
        const MbmcExportNode *n = g_ptr_array_index(nodes, i);
        g_autofree char *vmid = g_strdup_printf("%u", n->vmid), *prefix = g_strdup_printf("%u", n->prefix);
        g_autofree char *protocols = g_strjoinv(";", n->protocols), *macs = mbmc_join_macs(n->nics, ";");
        field(out, vmid, FALSE);
        field(out, n->hostname, FALSE);
        field(out, n->vm_name, FALSE);
        field(out, n->address, FALSE);
        field(out, prefix, FALSE);
        field(out, protocols, FALSE);
        field(out, n->user, FALSE);
        field(out, n->password, FALSE);
        field(out, macs, FALSE);
        field(out, mbmc_firmware_name(n->firmware), FALSE);
        field(out, n->bmc_mac, FALSE);
        field(out, n->redfish_url, FALSE);
        field(out, n->redfish_cert, FALSE);
        field(out, n->redfish_fingerprint, TRUE);
    }
    return TRUE;
}
