/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Runs the power policy (power_policy.h) on a backend: asks the backend whether it can act
 * at all, answers the client, starts what the policy says and the next action when the
 * backend reports the end of one. No ipmi_sim types: the chassis layer and the backends'
 * test harnesses use the same code. */
#ifndef MBMC_POWER_CONTROL_H
#define MBMC_POWER_CONTROL_H

#include <stdint.h>

#include "backend.h"
#include "power_policy.h"

struct mbmc_power_control {
    struct mbmc_power_policy policy;
    const struct mbmc_backend_ops *ops;
    struct mbmc_backend *be;        /* NULL until the backend is open */
    bool starting;                  /* inside ops->power_start */
    bool ended_early;               /* ... and the action ended before it returned */
};

void mbmc_power_control_init(struct mbmc_power_control *pc, const struct mbmc_backend_ops *ops,
                             struct mbmc_backend *be);

/* A Chassis Control request from any protocol: the completion code to answer, at once. */
uint8_t mbmc_power_control_request(struct mbmc_power_control *pc, enum mbmc_chassis_op op);

/* The backend's ev->power_done: the action in flight ended (err: why it failed, or NULL). */
void mbmc_power_control_done(struct mbmc_power_control *pc, const char *err);

#endif
