/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IPMI chassis command handlers (NetFn 0x00) replacing ipmi_sim 2.0.33's broken built-ins. */
#ifndef MBMC_CHASSIS_H
#define MBMC_CHASSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "backend.h"

struct mbmc_bmc;

/* Register the handlers and load persisted boot flags. 0, or -1 with a message. */
int mbmc_chassis_init(struct mbmc_bmc *bmc, char *err, size_t errlen);
void mbmc_chassis_cleanup(struct mbmc_bmc *bmc);

/* The chassis operations for the BMC's other protocols (Redfish). They run the very IPMI
 * command logic (Chassis Control, Set/Get System Boot Options parameter 5), so the state,
 * its persistence and the log are the same whichever protocol asked. origin names the
 * protocol in the log. Return an IPMI completion code (0 = accepted). */
uint8_t mbmc_chassis_control(struct mbmc_bmc *bmc, enum mbmc_chassis_op op, const char *origin);
/* How many power actions were accepted so far, over any protocol: a multi-step action
 * (Redfish GracefulRestart) goes on only when nobody else acted in between. */
unsigned mbmc_chassis_controls(const struct mbmc_bmc *bmc);
/* Parameter 5 data 1..5 exactly as Get System Boot Options reports it. */
void mbmc_chassis_boot_flags(struct mbmc_bmc *bmc, uint8_t flags[5]);
uint8_t mbmc_chassis_set_boot_flags(struct mbmc_bmc *bmc, const uint8_t flags[5], const char *origin);

/* Backend events, forwarded by mod.c. */
void mbmc_chassis_on_power_changed(struct mbmc_bmc *bmc, bool on);
void mbmc_chassis_on_booted(struct mbmc_bmc *bmc);

#endif
