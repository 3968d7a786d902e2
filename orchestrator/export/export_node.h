/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One node as the cluster managers see it (export's input to every format): the BMC
 * (address, protocols, login, its own MAC in macvlan mode) and the VM behind it (name, NICs
 * in order, boot firmware). The formatters (export_format.h) are pure functions of these. */
#ifndef MBMC_EXPORT_NODE_H
#define MBMC_EXPORT_NODE_H

#include <glib.h>

#include "mbmc_config.h"
#include "vminfo.h"

#define MBMC_IPMI_PORT 623

typedef struct {
    guint vmid;
    char *hostname;      /* the node's name for the cluster manager (mbmc_export_hostnames) */
    char *vm_name;       /* the VM's own name, "" when it has none */
    char *address;       /* BMC address */
    guint prefix;
    char *bmc_mac;       /* macvlan mode: the BMC's own MAC; NULL in alias mode */
    GStrv protocols;     /* what the BMC speaks: mbmc_export_protocols */
    char *user;
    char *password;      /* only with --with-secrets, else NULL */
    GPtrArray *nics;     /* MbmcVmNic*, the VM's NICs in order (the first is the boot NIC) */
    MbmcFirmware firmware;
} MbmcExportNode;

/* The protocols a BMC answers, in order of preference: today "ipmi" for every BMC. */
GStrv mbmc_export_protocols(const MbmcConfig *cfg, const MbmcBmc *b);

/* A node for BMC b of cfg and what its backend said about the VM (vm may be NULL). */
MbmcExportNode *mbmc_export_node_new(const MbmcConfig *cfg, const MbmcBmc *b, const MbmcVmInfo *vm);
void mbmc_export_node_free(MbmcExportNode *n);
gboolean mbmc_export_node_speaks(const MbmcExportNode *n, const char *protocol);
const char *mbmc_export_node_mac(const MbmcExportNode *n, guint i);

/* Give every node a host name every format accepts (a-z, 0-9 and '-', at most 63, starting
 * with a letter, not ending with '-'): the first label of its VM name in lower case, else
 * "vm<VMID>"; a name taken by an earlier node gets "-<VMID>" appended. */
void mbmc_export_hostnames(GPtrArray *nodes);

#endif
