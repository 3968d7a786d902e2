/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The table of export formats (see export_format.h). */
#include "export_format.h"

#include <string.h>

static const MbmcExportFormat formats[] = {
    { "xcat", "xCAT stanza file for 'mkdef -z' (mgt=ipmi, cons=ipmi, bmc, mac, netboot)", mbmc_export_xcat,
      MBMC_EXPORT_USES_NONE },
    { "hpcm", "HPE HPCM node file for 'cm node add -c' ([discover] lines, head / head-bmc)", mbmc_export_hpcm,
      MBMC_EXPORT_USES_NONE },
    { "ironic", "OpenStack Ironic JSON for 'baremetal create' (driver redfish or ipmi, driver_info, ports)",
      mbmc_export_ironic, MBMC_EXPORT_USES_PROTOCOL | MBMC_EXPORT_USES_CA | MBMC_EXPORT_USES_INSECURE },
    { "metal3", "Metal3 BareMetalHost documents (redfish or ipmi), each with its credentials Secret (YAML)",
      mbmc_export_metal3, MBMC_EXPORT_USES_PROTOCOL | MBMC_EXPORT_USES_INSECURE },
    { "maas", "MAAS 'machines create' commands (power_type ipmi)", mbmc_export_maas, MBMC_EXPORT_USES_NONE },
    { "ansible", "Ansible inventory (YAML) with the BMC variables (protocols, Redfish URL)", mbmc_export_ansible,
      MBMC_EXPORT_USES_NONE },
    { "csv", "one line per BMC (RFC 4180), with its protocols and Redfish URL", mbmc_export_csv,
      MBMC_EXPORT_USES_NONE },
};

const MbmcExportFormat *mbmc_export_format_find(const char *name)
{
    for (guint i = 0; name && i < G_N_ELEMENTS(formats); i++)
        if (!strcmp(formats[i].name, name))
            return &formats[i];
    return NULL;
}

char *mbmc_export_format_names(void)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < G_N_ELEMENTS(formats); i++)
        g_string_append_printf(s, "%s%s", i ? "|" : "", formats[i].name);
    return g_string_free(s, FALSE);
}
