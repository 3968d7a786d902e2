/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The power-action policy (power_policy.h; the rules are listed in backend.h). */
#include "power_policy.h"

#include <string.h>

#include "ipmi_cc.h"

const char *mbmc_power_op_name(enum mbmc_chassis_op op)
{
    static const char *const names[] = { "off", "on", "cycle", "reset", "diag", "soft" };
    return (unsigned)op < sizeof(names) / sizeof(names[0]) ? names[op] : "?";
}

void mbmc_power_policy_init(struct mbmc_power_policy *p)
{
    memset(p, 0, sizeof(*p));
}

static bool apply(bool on, enum mbmc_chassis_op op)
{
    if (op == MBMC_OP_OFF)
        return false;
    if (op == MBMC_OP_ON || op == MBMC_OP_CYCLE || op == MBMC_OP_RESET)
        return true;
    return on;          /* soft, diag: the guest decides */
}

bool mbmc_power_policy_projected_on(const struct mbmc_power_policy *p, bool power_on)
{
    bool on = power_on;
    if (p->running)
        on = apply(on, p->inflight);
    for (unsigned i = 0; i < p->nqueue; i++)
        on = apply(on, p->queue[i]);
    return on;
}

static struct mbmc_power_answer answer(enum mbmc_power_verdict v, uint8_t cc)
{
    return (struct mbmc_power_answer){ .verdict = v, .cc = cc };
}

/* Nothing in flight: run it now. */
static struct mbmc_power_answer start(struct mbmc_power_policy *p, enum mbmc_chassis_op op)
{
    p->running = true;
    p->inflight = op;
    return answer(MBMC_POWER_START, MBMC_CC_OK);
}

static struct mbmc_power_answer enqueue(struct mbmc_power_policy *p, enum mbmc_chassis_op op)
{
    if (p->nqueue == MBMC_POWER_QUEUE_MAX)
        return answer(MBMC_POWER_REFUSED, IPMI_NODE_BUSY_CC);
    p->queue[p->nqueue++] = op;
    return answer(MBMC_POWER_QUEUED, MBMC_CC_OK);
}

/* Power off wins: whatever waits is dropped, and an action in flight that only waits (a
 * graceful shutdown the guest may ignore) is cut short where the backend can. */
static struct mbmc_power_answer power_off(struct mbmc_power_policy *p, bool power_on)
{
    unsigned dropped = p->nqueue;
    p->nqueue = 0;
    struct mbmc_power_answer a;
    if (!p->running)
        a = power_on ? start(p, MBMC_OP_OFF) : answer(MBMC_POWER_COALESCED, MBMC_CC_OK);
    else if (p->inflight == MBMC_OP_OFF)
        a = answer(MBMC_POWER_COALESCED, MBMC_CC_OK);
    else {
        a = enqueue(p, MBMC_OP_OFF);
        a.abort_inflight = true;
    }
    a.dropped = dropped;
    return a;
}

struct mbmc_power_answer mbmc_power_policy_request(struct mbmc_power_policy *p,
                                                   enum mbmc_chassis_op op, bool power_on)
{
    if ((unsigned)op > MBMC_OP_SOFT)
        return answer(MBMC_POWER_REFUSED, IPMI_INVALID_DATA_FIELD_CC);
    /* A retransmission, or an impatient client: the same action as the last one pending
     * runs once. */
    if (p->running && !p->sealed && op == (p->nqueue ? p->queue[p->nqueue - 1] : p->inflight))
        return answer(MBMC_POWER_COALESCED, MBMC_CC_OK);
    struct mbmc_power_answer a;
    bool on = mbmc_power_policy_projected_on(p, power_on);
    if (op == MBMC_OP_OFF)
        a = power_off(p, power_on);
    else if (op == MBMC_OP_ON && on)
        a = answer(MBMC_POWER_COALESCED, MBMC_CC_OK);
    else if (op != MBMC_OP_ON && !on)
        a = answer(MBMC_POWER_REFUSED, IPMI_NOT_SUPPORTED_IN_PRESENT_STATE_CC);
    else
        a = p->running ? enqueue(p, op) : start(p, op);
    if (a.verdict == MBMC_POWER_START || a.verdict == MBMC_POWER_QUEUED)
        p->sealed = false;      /* the last pending action is this request */
    return a;
}

void mbmc_power_policy_settings_changed(struct mbmc_power_policy *p)
{
    p->sealed = p->running;
}

void mbmc_power_policy_done(struct mbmc_power_policy *p)
{
    p->running = false;
}

static bool pointless(enum mbmc_chassis_op op, bool power_on)
{
    if (op == MBMC_OP_ON)
        return power_on;
    return !power_on;       /* off when off; cycle, reset, soft, diag need power */
}

bool mbmc_power_policy_next(struct mbmc_power_policy *p, bool power_on, enum mbmc_chassis_op *op,
                            unsigned *skipped)
{
    *skipped = 0;
    if (p->running)
        return false;
    while (p->nqueue) {
        enum mbmc_chassis_op next = p->queue[0];
        p->nqueue--;
        memmove(p->queue, p->queue + 1, p->nqueue * sizeof(p->queue[0]));
        if (pointless(next, power_on)) {
            (*skipped)++;
            continue;
        }
        *op = next;
        start(p, next);
        return true;
    }
    return false;
}
