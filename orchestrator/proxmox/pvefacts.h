/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the supervisor learns once for all its Proxmox BMCs, so that their modules ask the
 * API nothing when they start (issue 19: start-up in O(nodes), not O(VMs)):
 *   - the Proxmox VE version: one GET /version;
 *   - the token's privileges on every VM: one GET /access/permissions (the whole map);
 *   - each VM's firmware (bios=ovmf): its config, read in the background once the fleet has
 *     started, one VM at a time, and again when the VM boots (a pending change applies then).
 * The poller (pvepoll.c) publishes it through the shared table (pve_table.h: the header's
 * version, each slot's info bits). Runs on the poller's thread and main context; every
 * function is called with the poller's lock held, and the callbacks take that lock. */
#ifndef MBMC_PVEFACTS_H
#define MBMC_PVEFACTS_H

#include <glib.h>

#include "pveclient.h"

typedef struct MbmcPveFacts MbmcPveFacts;

/* Something changed for vmid (0: for every VM: privileges or version). Called with the lock
 * held. */
typedef void (*MbmcPveFactsChanged)(gpointer data, guint vmid);

/* run_dir: where each VM's config goes for its module (<run_dir>/<vmid>/pve-config.json). */
MbmcPveFacts *mbmc_pve_facts_new(MbmcPveClient *client, GMutex *lock, MbmcPveFactsChanged changed,
                                 gpointer data, const char *run_dir);
void mbmc_pve_facts_free(MbmcPveFacts *f);
/* Ask (again) for the version and the privileges. */
void mbmc_pve_facts_refresh(MbmcPveFacts *f);
/* The firmware of vmid on node is wanted: unless known (or again: it booted), its config is
 * read when its turn comes. */
void mbmc_pve_facts_want_firmware(MbmcPveFacts *f, guint vmid, const char *node, gboolean again);
/* Config reads may begin delay_ms from now (the fleet has started: they no longer compete
 * with the BMCs' start for the API's workers). */
void mbmc_pve_facts_start_background(MbmcPveFacts *f, guint delay_ms);
void mbmc_pve_facts_forget(MbmcPveFacts *f, guint vmid);
/* The PVE_INFO_* bits known for vmid. */
guint16 mbmc_pve_facts_info(const MbmcPveFacts *f, guint vmid);
/* The version of vmid's config file (PVE_INFO_CONFIG). */
guint16 mbmc_pve_facts_config_gen(const MbmcPveFacts *f, guint vmid);
/* The version; FALSE while unknown. */
gboolean mbmc_pve_facts_version(const MbmcPveFacts *f, int *major, int *minor);

#endif
