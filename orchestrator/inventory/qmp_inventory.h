/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The local-QEMU side of discover and export: the QMP sockets a glob matches, the VMID a
 * socket path names, and what a VM is (name from query-name; NIC MACs and firmware). A
 * running BMC holds its QEMU's only QMP connection, so for it the facts come from the BMC's
 * status file (module/qmp/qmp_facts.h), else from QEMU itself. */
#ifndef MBMC_QMP_INVENTORY_H
#define MBMC_QMP_INVENTORY_H

#include <glib.h>

#include "mbmc_config.h"
#include "vminfo.h"

#define MBMC_QMP_TIMEOUT_SECS 5

/* The paths matching pattern (glob(3)), sorted; an empty array when none. */
GPtrArray *mbmc_qmp_glob(const char *pattern, GError **error);

/* The VMID a socket path names: its last run of digits (/run/vms/201/qmp.sock → 201,
 * /run/vm7.qmp → 7); 0 when it has none or it is out of range. */
guint mbmc_qmp_path_vmid(const char *path);

/* The VM behind socket path (bmc: the BMC that serves it, or NULL). NULL and why when neither
 * the BMC's status file nor QEMU could tell. */
MbmcVmInfo *mbmc_qmp_inventory_probe(const MbmcConfig *cfg, const MbmcBmc *bmc, const char *path,
                                     GError **error);

/* Pure: facts from a status file's text (vm_name=, nic_macs=, firmware=) into vm. FALSE
 * when the text has none. */
gboolean mbmc_qmp_facts_parse(const char *text, MbmcVmInfo *vm);

#endif
