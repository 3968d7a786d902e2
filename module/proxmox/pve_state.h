/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where the Proxmox backend gets the VM's power state from: a per-VM poller of
 * status/current (pve_poll.c), or the supervisor's shared table fed by one
 * GET /nodes/{node}/qemu per node (pve_table_source.c, falling back to the former). */
#ifndef MBMC_PVE_STATE_H
#define MBMC_PVE_STATE_H

#include <stdbool.h>

#include "pve_api.h"
#include "pve_state_map.h"

struct pve_vm_state {
    enum pve_err err;       /* PVE_OK: the fields below are fresh */
    const char *msg;        /* the error text when err != PVE_OK */
    bool on;                /* the IPMI view: running and not a paused backup QEMU */
    const char *status;     /* "running" / "stopped" */
    const char *qmpstatus;
    const char *lock;       /* "" when none */
    bool ha_managed;        /* HA: task completion is not the power change */
    /* Only from the shared table (else NULL / 0): */
    const char *node;       /* where the VM runs, "" unknown */
    unsigned info;          /* PVE_INFO_* bits (pve_table.h): privileges, firmware, config */
    unsigned config_gen;    /* the version of the config file (PVE_INFO_CONFIG) */
    int pve_major, pve_minor;   /* Proxmox VE version, 0 unknown */
};

typedef void (*pve_state_cb)(void *ctx, const struct pve_vm_state *st);

struct pve_state_source {
    /* Refresh as soon as possible (after an action), then continue the usual period. */
    void (*refresh)(struct pve_state_source *src);
    /* Optional: look at a cheap source now (a client asks for the power state); may call
     * back at once with a newer state. NULL when there is nothing cheaper than the cache. */
    void (*peek)(struct pve_state_source *src);
    void (*free)(struct pve_state_source *src);
};

/* The per-VM poller: GET status/current every period_ms, reports every answer to cb. */
struct pve_state_source *pve_poll_new(struct mbmc_loop *loop, struct pve_api *api,
                                      unsigned period_ms, pve_state_cb cb, void *ctx);

/* The shared table at path (option state-table=), falling back to pve_poll_new's poller
 * with poll_ms while the table cannot answer for vmid. Idle it arms no timer: it reads the
 * table when a client asks (peek) and on the loop's own tick (loop.h), which costs no
 * wake-up; the state, node, privileges and firmware it hands over need no API request. */
struct pve_state_source *pve_table_source_new(struct mbmc_loop *loop, struct pve_api *api,
                                              const char *path, unsigned vmid, unsigned poll_ms,
                                              pve_state_cb cb, void *ctx);

#endif
