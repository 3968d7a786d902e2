/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The power policy on a backend (power_control.h). */
#include "power_control.h"

#include "ipmi_cc.h"
#include "log.h"

void mbmc_power_control_init(struct mbmc_power_control *pc, const struct mbmc_backend_ops *ops,
                             struct mbmc_backend *be)
{
    mbmc_power_policy_init(&pc->policy);
    pc->ops = ops;
    pc->be = be;
    pc->starting = false;
}

static void run_next(struct mbmc_power_control *pc);

/* Start op (in flight in the policy) on the backend; when it could not start, or ended before
 * power_start returned (a request that failed at once), the next one gets its turn. Returns
 * the backend's completion code for the start. */
static uint8_t launch(struct mbmc_power_control *pc, enum mbmc_chassis_op op)
{
    pc->starting = true;
    pc->ended_early = false;
    uint8_t cc = pc->ops->power_start(pc->be, op);
    pc->starting = false;
    if (cc != MBMC_CC_OK)
        mbmc_log(MBMC_LOG_WARN, "power %s could not start (completion code 0x%02X)",
                 mbmc_power_op_name(op), cc);
    if (cc != MBMC_CC_OK || pc->ended_early) {
        mbmc_power_policy_done(&pc->policy);
        run_next(pc);
    }
    return cc;
}

/* Nothing runs: start the next waiting action that still makes sense. */
static void run_next(struct mbmc_power_control *pc)
{
    enum mbmc_chassis_op op;
    unsigned skipped;
    bool found = mbmc_power_policy_next(&pc->policy, pc->ops->power_is_on(pc->be), &op, &skipped);
    if (skipped)
        mbmc_log(MBMC_LOG_INFO, "%u waiting power action(s) dropped: the power state made "
                 "them pointless", skipped);
    if (!found)
        return;
    mbmc_log(MBMC_LOG_DEBUG, "power %s: its turn now", mbmc_power_op_name(op));
    launch(pc, op);
}

uint8_t mbmc_power_control_request(struct mbmc_power_control *pc, enum mbmc_chassis_op op)
{
    if (!pc->ops || !pc->be)
        return IPMI_NODE_BUSY_CC;
    /* The backend first: unreachable, state unknown, no privilege, not possible there. */
    uint8_t cc = pc->ops->power_check(pc->be, op);
    if (cc != MBMC_CC_OK)
        return cc;
    struct mbmc_power_answer a =
        mbmc_power_policy_request(&pc->policy, op, pc->ops->power_is_on(pc->be));
    if (a.dropped)
        mbmc_log(MBMC_LOG_INFO, "power off drops %u waiting power action(s)", a.dropped);
    switch (a.verdict) {
    case MBMC_POWER_START:
        return launch(pc, op);
    case MBMC_POWER_QUEUED:
        mbmc_log(MBMC_LOG_INFO, "power %s waits for the running %s", mbmc_power_op_name(op),
                 mbmc_power_op_name(pc->policy.inflight));
        /* A graceful shutdown or a boot that only waits gives way to power off at once. */
        if (a.abort_inflight && pc->ops->power_abort && pc->ops->power_abort(pc->be)) {
            mbmc_power_policy_done(&pc->policy);
            run_next(pc);
        }
        return MBMC_CC_OK;
    case MBMC_POWER_COALESCED:
        return MBMC_CC_OK;
    case MBMC_POWER_REFUSED:
        break;
    }
    return a.cc;
}

void mbmc_power_control_done(struct mbmc_power_control *pc, const char *err)
{
    if (pc->starting) {
        pc->ended_early = true;
        return;
    }
    if (!pc->policy.running) {
        mbmc_log(MBMC_LOG_WARN, "a power action ended that was not running (backend bug)");
        return;
    }
    if (err)
        mbmc_log(MBMC_LOG_DEBUG, "power %s ended with an error: %s",
                 mbmc_power_op_name(pc->policy.inflight), err);
    mbmc_power_policy_done(&pc->policy);
    run_next(pc);
}
