/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The table of export formats (see export_format.h). */
#include "export_format.h"

#include <string.h>

static const MbmcExportFormat formats[] = {
    { "xcat", "xCAT stanza file for 'mkdef -z' (mgt=ipmi, cons=ipmi, bmc, mac, netboot)", mbmc_export_xcat },
    { "hpcm", "HPE HPCM node file for 'cm node add -c' ([discover] lines, head / head-bmc)", mbmc_export_hpcm },
    { "ironic", "OpenStack Ironic JSON for 'baremetal create' (nodes with driver_info and ports)", mbmc_export_ironic },
    { "metal3", "Metal3 BareMetalHost documents, each with its credentials Secret (YAML)", mbmc_export_metal3 },
    { "maas", "MAAS 'machines create' commands (power_type ipmi)", mbmc_export_maas },
    { "ansible", "Ansible inventory (YAML) with the BMC variables", mbmc_export_ansible },
    { "csv", "one line per BMC (RFC 4180)", mbmc_export_csv },
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
