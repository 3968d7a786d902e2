/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xCAT: a stanza file for 'mkdef -z' (xcatstanzafile(5); node attributes from node(7)).
 * Each node is an IPMI-managed x86_64 node: mgt=ipmi, cons=ipmi (SOL), bmc, bmcusername,
 * bmcpassword (only with secrets), mac = the boot NIC (the other NICs are listed in a
 * comment: xCAT would bind every MAC of "mac" to the node's own IP), netboot=xnba, which
 * xCAT serves to legacy BIOS (xnba.kpxe) and to UEFI (xnba.efi) alike, and the serial
 * console the VM's ttyS0 at 115200. mgt=ipmi also where Redfish is on: xCAT's mgt=redfish
 * agent never verifies the BMC's certificate, nor sends its session token back.
 * xCAT's reader (xCAT::DBobjUtils readFileInput) strips one '"' and the blanks around a
 * value, and takes a line that ends in ':' for a stanza header: such values are written in
 * quotes; values with a line break or blanks at either end cannot be carried at all. */
#include <gio/gio.h>
#include <string.h>

#include "export_format.h"
#include "export_text.h"

static gboolean put(GString *out, const char *attr, const char *value, const MbmcExportNode *n, GError **error)
{
    gsize len = strlen(value);
    if (strpbrk(value, "\r\n") || (len && (g_ascii_isspace(value[0]) || g_ascii_isspace(value[len - 1])))) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                    "VM %u: its %s cannot go into an xCAT stanza file (line break, or blanks at its start "
                    "or end)", n->vmid, attr);
        return FALSE;
    }
    gboolean quote = len && (value[len - 1] == ':' || value[0] == '"' || value[len - 1] == '"');
    g_string_append_printf(out, "    %s=%s%s%s\n", attr, quote ? "\"" : "", value, quote ? "\"" : "");
    return TRUE;
}

gboolean mbmc_export_xcat(GString *out, GPtrArray *nodes, GError **error)
{
    g_string_append(out, "# multibmc export --format xcat: define the nodes with 'mkdef -z < FILE'\n"
                         "# (add -f to replace nodes that exist). xcatstanzafile(5).\n");
    for (guint i = 0; i < nodes->len; i++) {
        const MbmcExportNode *n = g_ptr_array_index(nodes, i);
        g_string_append_printf(out, "\n# VM %u%s%s%s, boot firmware %s\n", n->vmid, *n->vm_name ? " (" : "",
                               n->vm_name, *n->vm_name ? ")" : "", mbmc_firmware_name(n->firmware));
        if (n->nics->len > 1) {
            g_string_append(out, "# further NICs (not in mac=):");
            for (guint k = 1; k < n->nics->len; k++)
                g_string_append_printf(out, " %s", mbmc_export_node_mac(n, k));
            g_string_append_c(out, '\n');
        }
        g_string_append_printf(out, "%s:\n", n->hostname);
        gboolean ok = put(out, "objtype", "node", n, error) && put(out, "groups", "all,multibmc", n, error) &&
                      put(out, "arch", "x86_64", n, error) && put(out, "mgt", "ipmi", n, error) &&
                      put(out, "cons", "ipmi", n, error) && put(out, "bmc", n->address, n, error) &&
                      put(out, "bmcusername", n->user, n, error) &&
                      (!n->password || put(out, "bmcpassword", n->password, n, error)) &&
                      (!n->nics->len || (put(out, "mac", mbmc_export_node_mac(n, 0), n, error) &&
                                         put(out, "installnic", "mac", n, error))) &&
                      put(out, "netboot", "xnba", n, error) && put(out, "serialport", "0", n, error) &&
                      put(out, "serialspeed", "115200", n, error);
        if (!ok)
            return FALSE;
    }
    return TRUE;
}
