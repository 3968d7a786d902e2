/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The writer side of the shared power-state table (module/shared/pve_table.h): the supervisor
 * creates <run_dir>/pve-state, publishes each VM's state into its slot and renews the
 * heartbeat; the BMC modules map it read-only. A new set of VMs, or more VMs than half the
 * capacity, means a new file renamed over the old one (which is then marked retired, so the
 * modules re-open the path). */
#ifndef MBMC_STATETABLE_H
#define MBMC_STATETABLE_H

#include <glib.h>

#include "pve_table.h"

typedef struct MbmcStateTable MbmcStateTable;

/* A new table at path for vmids (slots claimed, never observed), replacing any file there.
 * Entries of `from` (may be NULL) for VMs in both are carried over. */
MbmcStateTable *mbmc_state_table_create(const char *path, const guint *vmids, guint n,
                                        guint interval_ms, const MbmcStateTable *from,
                                        GError **error);
/* Unmap; with remove, also delete the file (clean stop: no module needs it any more). */
void mbmc_state_table_free(MbmcStateTable *t, gboolean remove);
/* Does the table hold a slot for every one of vmids, with room to spare (capacity >= 2n)? */
gboolean mbmc_state_table_fits(const MbmcStateTable *t, const guint *vmids, guint n);
guint mbmc_state_table_interval(const MbmcStateTable *t);
/* Publish e for vmid (FALSE: no slot for it). */
gboolean mbmc_state_table_publish(MbmcStateTable *t, guint vmid, const struct pve_table_entry *e);
/* The poller is alive: renew the heartbeat (CLOCK_MONOTONIC now). */
void mbmc_state_table_beat(MbmcStateTable *t);
/* The Proxmox VE version for the modules (carried over into a replacing table). */
void mbmc_state_table_set_version(MbmcStateTable *t, int major, int minor);

#endif
