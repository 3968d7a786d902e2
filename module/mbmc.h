/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The BMC context: one per ipmi_sim process (one VM), owned by mod.c. */
#ifndef MBMC_H
#define MBMC_H

#include <stdbool.h>

#include <OpenIPMI/serv.h>

#include "backend.h"
#include "loop.h"
#include "options.h"

struct mbmc_chassis;
struct mbmc_redfish;
struct mbmc_identity;
struct mbmc_sdr_glue;
struct mbmc_sel;

struct mbmc_bmc {
    sys_data_t *sys;
    lmc_data_t *mc;                     /* the BMC, IPMB 0x20 */
    struct mbmc_options opts;
    struct mbmc_loop *loop;
    const struct mbmc_backend_ops *ops;
    struct mbmc_backend *be;
    struct mbmc_backend_events events;
    struct mbmc_chassis *chassis;       /* chassis.c */
    struct mbmc_redfish *redfish;       /* redfish/redfish.c, NULL when Redfish is off */
    struct mbmc_identity *identity;     /* identity.c: GUID, FRU, system info */
    struct mbmc_sdr_glue *sdr;          /* sdr.c: SDR repository and sensors */
    struct mbmc_sel *sel;               /* sel.c: the event log */
    char last_error[256];
    char vm_facts[1024];                /* backend's key=value lines for the status file */
};

/* Record the current state in the status file (after a power change or error). */
void mbmc_bmc_publish_status(struct mbmc_bmc *bmc);

#endif
