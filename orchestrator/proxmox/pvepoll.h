/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The supervisor's cluster-wide power-state poller: one GET /nodes/{node}/qemu per node and
 * interval gives the live status of every VM on the node; the states go into the shared
 * table (statetable.h) that every Proxmox BMC's module reads. The API load is then one
 * request per node and interval, whatever the number of BMCs.
 *
 * Where each VM runs comes from GET /cluster/resources?type=vm: at start, when a VM is
 * missing from its node's list (migration to a node we do not poll yet; a VM moving between
 * polled nodes is followed from the lists alone), and every few minutes. API failures are
 * published per VM (the module reports them as its own) and logged once per node and cause.
 * Besides the state, each VM's slot carries what its module would otherwise ask Proxmox at
 * start: the node, the token's privileges, the firmware; the header the Proxmox version
 * (pvefacts.h). A thousand BMCs then start without a request of their own.
 * Asynchronous (libsoup 3 on a main loop of its own, in a thread, so the supervisor's
 * loop, which watches ~4 fds per BMC, is not woken by every HTTP exchange); never blocks. */
#ifndef MBMC_PVEPOLL_H
#define MBMC_PVEPOLL_H

#include <glib.h>

#include "mbmc_config.h"

typedef struct MbmcPvePoll MbmcPvePoll;

/* NULL with *error unset when the configuration has no use for it (no Proxmox BMC,
 * shared_poll false) or this build has no libsoup. */
MbmcPvePoll *mbmc_pve_poll_start(const MbmcConfig *cfg, GError **error);
/* With remove, the table file goes too (clean stop). */
void mbmc_pve_poll_free(MbmcPvePoll *p, gboolean remove);
/* The poller needs restarting for cfg (API, TLS or interval settings changed). */
gboolean mbmc_pve_poll_same_settings(const MbmcPvePoll *p, const MbmcConfig *cfg);
/* Follow a reloaded configuration's set of Proxmox BMCs (same API settings). */
gboolean mbmc_pve_poll_update(MbmcPvePoll *p, const MbmcConfig *cfg, GError **error);

/* The supervisor has started its BMCs: the poller may now read the VMs' configs in the
 * background (their firmware, pvefacts.h), behind the fleet's start. */
void mbmc_pve_poll_fleet_started(MbmcPvePoll *p);

/* What the poller knows of vmid, if it is fresh and certain: does a QEMU process run (status
 * "running", for the serial bridge) and on which node (*node: g_free). FALSE otherwise. */
gboolean mbmc_pve_poll_vm_state(const MbmcPvePoll *p, guint vmid, gboolean *running, char **node);

#endif
