/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one power-action policy of the BMC (backend.h states it for clients): what a Chassis
 * Control request gets while another action is in flight or waiting, and what runs next.
 * Pure state machine, no I/O: power_control.c feeds it requests, the backend's power state
 * and completions, and runs what it says on the backend. */
#ifndef MBMC_POWER_POLICY_H
#define MBMC_POWER_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "backend.h"

/* Actions that may wait behind the one in flight; one more is refused with
 * IPMI_NODE_BUSY_CC (clients retry "Node busy"). */
#define MBMC_POWER_QUEUE_MAX 3

enum mbmc_power_verdict {
    MBMC_POWER_START,       /* 00h: nothing was in flight, run the action now */
    MBMC_POWER_QUEUED,      /* 00h: runs once the actions before it ended */
    MBMC_POWER_COALESCED,   /* 00h: nothing new runs (a repeat, or the state is reached) */
    MBMC_POWER_REFUSED,     /* the completion code says why; nothing changed */
};

struct mbmc_power_answer {
    enum mbmc_power_verdict verdict;
    uint8_t cc;             /* the reply's completion code */
    unsigned dropped;       /* queued actions a power off dropped */
    bool abort_inflight;    /* power off: cut the action in flight short if it only waits */
};

struct mbmc_power_policy {
    bool running;                               /* an action is in flight */
    enum mbmc_chassis_op inflight;
    enum mbmc_chassis_op queue[MBMC_POWER_QUEUE_MAX];
    unsigned nqueue;
    bool sealed;                /* boot settings changed since the last pending action was
                                   accepted: the same request again is a new one */
};

void mbmc_power_policy_init(struct mbmc_power_policy *p);

/* A client asks for op; power_on: the VM's power state as the backend knows it now. */
struct mbmc_power_answer mbmc_power_policy_request(struct mbmc_power_policy *p,
                                                   enum mbmc_chassis_op op, bool power_on);

/* A client changed the boot settings (Set System Boot Options): a request after this one is
 * no retransmission of an earlier one, even when it is the same action ("bootdev pxe, power
 * cycle" while a cycle runs boots PXE next). */
void mbmc_power_policy_settings_changed(struct mbmc_power_policy *p);

/* The action in flight ended (or was aborted, or could not start): nothing runs now. */
void mbmc_power_policy_done(struct mbmc_power_policy *p);

/* What to start now that nothing runs: true with *op (it is in flight from now on), false
 * when nothing waits. Waiting actions that the power state made pointless are dropped
 * (*skipped counts them): on when on, off when off, the others when off. */
bool mbmc_power_policy_next(struct mbmc_power_policy *p, bool power_on, enum mbmc_chassis_op *op,
                            unsigned *skipped);

/* The power state once the action in flight and those waiting have run (soft and diag
 * change nothing for sure: the guest decides). */
bool mbmc_power_policy_projected_on(const struct mbmc_power_policy *p, bool power_on);

const char *mbmc_power_op_name(enum mbmc_chassis_op op);

#endif
