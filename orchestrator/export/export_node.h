/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One node as the cluster managers see it (export's input to every format): the BMC
 * (address, protocols, login, its own MAC in macvlan mode, its Redfish service and
 * certificate) and the VM behind it (name, NICs in order, boot firmware). The formatters
 * (export_format.h) are pure functions of these. */
#ifndef MBMC_EXPORT_NODE_H
#define MBMC_EXPORT_NODE_H

#include <glib.h>

#include "mbmc_config.h"
#include "vminfo.h"

#define MBMC_IPMI_PORT 623
/* The one ComputerSystem every multibmc BMC serves. */
#define MBMC_REDFISH_SYSTEM "/redfish/v1/Systems/1"

typedef struct {
    guint vmid;
    char *hostname;      /* the node's name for the cluster manager (mbmc_export_hostnames) */
    char *vm_name;       /* the VM's own name, "" when it has none */
    char *address;       /* BMC address */
    guint prefix;
    char *bmc_mac;       /* macvlan mode: the BMC's own MAC; NULL in alias mode */
    GStrv protocols;     /* what the BMC speaks: mbmc_export_protocols */
    const char *manage;  /* the protocol a manager that can use either should use (ironic, metal3):
                          * "redfish" where the BMC speaks it, else "ipmi" (mbmc_export_node_choose) */
    guint redfish_port;  /* Redfish (HTTPS) port; 0 when the BMC does not speak Redfish */
    char *redfish_host;  /* where a client reaches it: "ADDR", or "ADDR:PORT" off 443 */
    char *redfish_url;   /* its service root, https://ADDR[:PORT]/redfish/v1 */
    char *redfish_cert;  /* the certificate it serves (a path on this host), or NULL */
    char *redfish_fingerprint;  /* its SHA-256 "AB:CD:...", NULL until the BMC made it */
    char *redfish_ca;    /* what a manager verifies it with: redfish_cert or export --redfish-ca;
                          * NULL: not verified (export --redfish-insecure) */
    gboolean virtual_media;  /* it inserts Redfish virtual media: local QEMU, or Proxmox with an
                              * ISO storage (init --iso-storage) */
    char *user;
    char *password;      /* only with --with-secrets, else NULL */
    GPtrArray *nics;     /* MbmcVmNic*, the VM's NICs in order (the first is the boot NIC) */
    MbmcFirmware firmware;
} MbmcExportNode;

/* The protocols a BMC answers: "ipmi" always, then "redfish" where it is on (per BMC, else
 * the global setting). */
GStrv mbmc_export_protocols(const MbmcConfig *cfg, const MbmcBmc *b);

/* What export --protocol, --redfish-ca and --redfish-insecure asked for. */
typedef struct {
    const char *protocol;      /* NULL: Redfish where the BMC speaks it, else IPMI; "ipmi" or "redfish" */
    const char *redfish_ca;    /* verify every BMC with this file (a path where the manager runs) */
    gboolean redfish_insecure; /* do not verify the BMCs' certificates */
} MbmcExportChoice;

/* Apply the choice to n: FALSE (and why) for "redfish" on a BMC that does not speak it. */
gboolean mbmc_export_node_choose(MbmcExportNode *n, const MbmcExportChoice *choice, GError **error);

/* A node for BMC b of cfg and what its backend said about the VM (vm may be NULL). */
MbmcExportNode *mbmc_export_node_new(const MbmcConfig *cfg, const MbmcBmc *b, const MbmcVmInfo *vm);
void mbmc_export_node_free(MbmcExportNode *n);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MbmcExportNode, mbmc_export_node_free)
gboolean mbmc_export_node_speaks(const MbmcExportNode *n, const char *protocol);
const char *mbmc_export_node_mac(const MbmcExportNode *n, guint i);

/* Give every node a host name every format accepts (a-z, 0-9 and '-', at most 63, starting
 * with a letter, not ending with '-'): the first label of its VM name in lower case, else
 * "vm<VMID>"; a name taken by an earlier node gets "-<VMID>" appended. */
void mbmc_export_hostnames(GPtrArray *nodes);

#endif
