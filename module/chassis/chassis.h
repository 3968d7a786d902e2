/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The chassis layer: IPMI chassis command handlers (NetFn 0x00, replacing ipmi_sim
 * 2.0.33's broken built-ins), the power actions every protocol shares, the power restore
 * policy, and the event-log entries for power changes and boots (power_events.h). */
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

/* Backend events, forwarded by mod.c. */
void mbmc_chassis_on_power_changed(struct mbmc_bmc *bmc, bool on);
void mbmc_chassis_on_booted(struct mbmc_bmc *bmc);
void mbmc_chassis_on_vm_gone(struct mbmc_bmc *bmc);

/* Who asked for a power action (for the log; the event log records the action itself). */
enum mbmc_origin { MBMC_ORIGIN_IPMI, MBMC_ORIGIN_REDFISH, MBMC_ORIGIN_RESTORE_POLICY };

/* Power control for every protocol (IPMI Chassis Control, Redfish ComputerSystem.Reset):
 * the same checks, the same backend call, the same event-log entries. Returns at once:
 * 0 when accepted (a repeated request is accepted and runs once), else an IPMI completion
 * code (backend.h: 0xC0 busy, 0xD5 not in this power state, 0xCC impossible, 0xD4). */
uint8_t mbmc_chassis_power(struct mbmc_bmc *bmc, enum mbmc_chassis_op op, enum mbmc_origin origin);

/* The System ACPI Power State sensor's reading (sensors.h offset), -1 while unknown. */
int mbmc_chassis_acpi_state(struct mbmc_bmc *bmc);

#endif
