/* SPDX-License-Identifier: GPL-2.0-or-later */
/* multibmc export's formats: one pure function per format (one file each), node list in,
 * text out. A writer fails only for a value its format cannot carry (it says which). */
#ifndef MBMC_EXPORT_FORMAT_H
#define MBMC_EXPORT_FORMAT_H

#include <glib.h>

#include "export_node.h"

typedef gboolean (*MbmcExportWriter)(GString *out, GPtrArray *nodes, GError **error);

/* The export options a format acts on (the others are refused with it, not ignored). */
typedef enum {
    MBMC_EXPORT_USES_NONE = 0,            /* IPMI only, or a list of what each BMC speaks */
    MBMC_EXPORT_USES_PROTOCOL = 1 << 0,   /* --protocol: it writes IPMI or Redfish BMCs */
    MBMC_EXPORT_USES_CA = 1 << 1,         /* --redfish-ca: it names a file to verify a BMC with */
    MBMC_EXPORT_USES_INSECURE = 1 << 2,   /* --redfish-insecure: it can turn verification off */
} MbmcExportUses;

typedef struct {
    const char *name;
    const char *what;        /* one line for --help and the man page */
    MbmcExportWriter write;
    MbmcExportUses uses;
} MbmcExportFormat;

const MbmcExportFormat *mbmc_export_format_find(const char *name);
/* "xcat|hpcm|..." */
char *mbmc_export_format_names(void);

gboolean mbmc_export_xcat(GString *out, GPtrArray *nodes, GError **error);
gboolean mbmc_export_hpcm(GString *out, GPtrArray *nodes, GError **error);
gboolean mbmc_export_ironic(GString *out, GPtrArray *nodes, GError **error);
gboolean mbmc_export_metal3(GString *out, GPtrArray *nodes, GError **error);
gboolean mbmc_export_maas(GString *out, GPtrArray *nodes, GError **error);
gboolean mbmc_export_ansible(GString *out, GPtrArray *nodes, GError **error);
gboolean mbmc_export_csv(GString *out, GPtrArray *nodes, GError **error);

#endif
