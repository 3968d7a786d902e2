/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Ansible: a YAML inventory, group "multibmc" under "all", one host per node with the BMC
 * variables (bmc_address, bmc_prefix, bmc_protocols, bmc_user, bmc_password only with
 * secrets, bmc_mac in macvlan mode; where it speaks Redfish bmc_redfish_url, its service
 * root, bmc_redfish_cert, the certificate it serves, and bmc_redfish_fingerprint, its
 * SHA-256, once made) and the VM's (vmid, vm_name, nic_macs, boot_firmware). */
#include "export_format.h"
#include "export_text.h"

static void key_str(GString *out, const char *key, const char *v)
{
    g_string_append_printf(out, "          %s: ", key);
    mbmc_yaml_str(out, v);
    g_string_append_c(out, '\n');
}

static void key_list(GString *out, const char *key, const char *const *items, guint n)
{
    g_string_append_printf(out, "          %s: [", key);
    for (guint i = 0; i < n; i++) {
        if (i)
            g_string_append(out, ", ");
        mbmc_yaml_str(out, items[i]);
    }
    g_string_append(out, "]\n");
}

gboolean mbmc_export_ansible(GString *out, GPtrArray *nodes, GError **error)
{
    (void)error;
    g_string_append(out, "# multibmc export --format ansible\nall:\n  children:\n    multibmc:\n      hosts:");
    g_string_append(out, nodes->len ? "\n" : " {}\n");
    for (guint i = 0; i < nodes->len; i++) {
        const MbmcExportNode *n = g_ptr_array_index(nodes, i);
        g_string_append(out, "        ");
        mbmc_yaml_str(out, n->hostname);
        g_string_append_printf(out, ":\n          vmid: %u\n", n->vmid);
        key_str(out, "vm_name", n->vm_name);
        key_str(out, "bmc_address", n->address);
        g_string_append_printf(out, "          bmc_prefix: %u\n", n->prefix);
        key_list(out, "bmc_protocols", (const char *const *)n->protocols, g_strv_length(n->protocols));
        key_str(out, "bmc_user", n->user);
        if (n->password)
            key_str(out, "bmc_password", n->password);
        if (n->bmc_mac)
            key_str(out, "bmc_mac", n->bmc_mac);
        if (n->redfish_port) {
            key_str(out, "bmc_redfish_url", n->redfish_url);
            key_str(out, "bmc_redfish_cert", n->redfish_cert);
            if (n->redfish_fingerprint)
                key_str(out, "bmc_redfish_fingerprint", n->redfish_fingerprint);
        }
        g_autoptr(GPtrArray) macs = g_ptr_array_new();
        for (guint k = 0; k < n->nics->len; k++)
            g_ptr_array_add(macs, (gpointer)mbmc_export_node_mac(n, k));
        key_list(out, "nic_macs", (const char *const *)macs->pdata, macs->len);
        key_str(out, "boot_firmware", mbmc_firmware_name(n->firmware));
    }
    return TRUE;
}
