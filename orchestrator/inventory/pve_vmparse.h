/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proxmox answers → VM records (pure, no I/O): rows of GET /cluster/resources?type=vm, the
 * members of GET /pools/{poolid}, and a VM's GET .../config (its netN NICs, bios). The
 * formats are qemu-server's and pve-manager's (PVE 7 to 9):
 *  - tags: PVE writes "a;b"; older configs may hold "a,b" or "a b" (pve-common split_list);
 *  - netN: "MODEL=MAC,bridge=vmbr0,..." (the model key carries the MAC), or "model=MODEL,
 *    macaddr=MAC,..."; N is 0..31 and the NIC order is N's order, not the JSON order;
 *  - bios: "ovmf" is UEFI, "seabios" (the default when absent) is legacy BIOS. */
#ifndef MBMC_PVE_VMPARSE_H
#define MBMC_PVE_VMPARSE_H

#include <glib.h>
#include <json-c/json.h>

#include "vminfo.h"

#define MBMC_PVE_MAX_NETS 32

/* The tags of a tags value, in order, empty ones dropped; never NULL. */
GStrv mbmc_pve_split_tags(const char *value);

/* A row of /cluster/resources of type qemu → a new record (vmid, name, node, pool, tags,
 * template); NULL for any other row (lxc, storage, pool, ...) or one without vmid/node. */
MbmcVmInfo *mbmc_pve_vm_from_row(json_object *row);

/* The VMIDs of the qemu members of a pool (data of GET /pools/{poolid}), sorted; never NULL. */
GArray *mbmc_pve_pool_members(json_object *pool);

/* The MAC of a netN value (normalised), NULL when it has none; *bridge (may be NULL) gets
 * its bridge or NULL. */
char *mbmc_pve_net_mac(const char *value, char **bridge);

/* A VM's config → its NICs (replacing any), firmware, and name when the config has one. */
void mbmc_pve_vm_apply_config(MbmcVmInfo *vm, json_object *config);

#endif
