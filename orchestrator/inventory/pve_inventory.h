/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Proxmox side of discover and export: which QEMU VMs the API token sees (GET
 * /cluster/resources?type=vm), the members of a pool (GET /pools/{poolid}), each VM's NICs and
 * firmware (GET .../config), and, for a VM that does not show, whether it is gone or only
 * hidden from the token (GET /access/permissions). Privilege gaps are errors that say which
 * privilege on which path, and how to grant it. */
#ifndef MBMC_PVE_INVENTORY_H
#define MBMC_PVE_INVENTORY_H

#include <glib.h>

#include "pvefetch.h"
#include "vminfo.h"

/* Every QEMU VM the token sees (MbmcVmInfo*). With pool, its members get vm->pool = pool
 * (the pool must exist and be auditable, and each member visible). */
GPtrArray *mbmc_pve_inventory_vms(MbmcPveFetch *f, const char *pool, GError **error);

/* Fill NICs, firmware and name of each VM from its config. */
gboolean mbmc_pve_inventory_configs(MbmcPveFetch *f, GPtrArray *vms, GError **error);

/* For VMIDs the token does not see: those it could not see even if they existed (no VM.Audit
 * on /vms/ID), as VMID → reason; the others are really gone. */
GHashTable *mbmc_pve_inventory_hidden(MbmcPveFetch *f, GArray *vmids, GError **error);

#endif
