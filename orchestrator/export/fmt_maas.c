/* SPDX-License-Identifier: GPL-2.0-or-later */
/* MAAS: a shell script of 'maas $PROFILE machines create' commands, one per node: hostname,
 * architecture amd64/generic, one mac_addresses per NIC (the first is the boot NIC), and
 * the IPMI power parameters of MAAS's ipmi driver: power_driver LAN_2_0, power_address,
 * power_user, power_pass (only with secrets), power_boot_type efi or legacy (auto when the
 * firmware is not known), and mac_address, the BMC's own MAC in macvlan mode. IPMI also
 * where Redfish is on: MAAS's redfish power type does not verify the BMC's certificate and
 * offers nothing more for these VMs. */
#include "export_format.h"
#include "export_text.h"

static void arg(GString *out, const char *key, const char *value)
{
    g_autofree char *kv = g_strconcat(key, "=", value, NULL);
    g_string_append(out, " \\\n    ");
    mbmc_shell_word(out, kv);
}

gboolean mbmc_export_maas(GString *out, GPtrArray *nodes, GError **error)
{
    (void)error;
    g_string_append(out, "#!/bin/sh\n# multibmc export --format maas: PROFILE is your MAAS CLI profile (maas login ...).\n"
                         "set -e\n: \"${PROFILE:?set PROFILE to the MAAS CLI profile}\"\n");
    for (guint i = 0; i < nodes->len; i++) {
        const MbmcExportNode *n = g_ptr_array_index(nodes, i);
        g_string_append_printf(out, "\n# VM %u\nmaas \"$PROFILE\" machines create", n->vmid);
        arg(out, "hostname", n->hostname);
        arg(out, "architecture", "amd64/generic");
        for (guint k = 0; k < n->nics->len; k++)
            arg(out, "mac_addresses", mbmc_export_node_mac(n, k));
        arg(out, "power_type", "ipmi");
        arg(out, "power_parameters_power_driver", "LAN_2_0");
        arg(out, "power_parameters_power_address", n->address);
        arg(out, "power_parameters_power_user", n->user);
        if (n->password)
            arg(out, "power_parameters_power_pass", n->password);
        arg(out, "power_parameters_power_boot_type",
            n->firmware == MBMC_FIRMWARE_UEFI ? "efi" : n->firmware == MBMC_FIRMWARE_BIOS ? "legacy" : "auto");
        if (n->bmc_mac)
            arg(out, "power_parameters_mac_address", n->bmc_mac);
        g_string_append_c(out, '\n');
    }
    return TRUE;
}
