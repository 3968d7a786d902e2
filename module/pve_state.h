/* Where the Proxmox backend gets the VM's power state from. Today: a per-VM poller of
 * status/current (pve_poll.c). A shared cluster-wide poller can implement the same
 * interface later and feed many backends from one /cluster/resources stream. */
#ifndef MBMC_PVE_STATE_H
#define MBMC_PVE_STATE_H

#include <stdbool.h>

#include "pve_api.h"

struct pve_vm_state {
    enum pve_err err;       /* PVE_OK: the fields below are fresh */
    const char *msg;        /* the error text when err != PVE_OK */
    bool on;                /* the IPMI view: running and not a paused backup QEMU */
    const char *status;     /* "running" / "stopped" */
    const char *qmpstatus;
    const char *lock;       /* "" when none */
    bool ha_managed;        /* HA: task completion is not the power change */
};

typedef void (*pve_state_cb)(void *ctx, const struct pve_vm_state *st);

struct pve_state_source {
    /* Refresh as soon as possible (after an action), then continue the usual period. */
    void (*refresh)(struct pve_state_source *src);
    void (*free)(struct pve_state_source *src);
};

/* The per-VM poller: GET status/current every period_ms, reports every answer to cb. */
struct pve_state_source *pve_poll_new(struct mbmc_loop *loop, struct pve_api *api,
                                      unsigned period_ms, pve_state_cb cb, void *ctx);

/* Power mapping: on <=> status running, except a stopped VM that a backup started paused
 * (lock backup, qmpstatus prelaunch/paused). */
bool pve_state_is_on(const char *status, const char *qmpstatus, const char *lock);

#endif
