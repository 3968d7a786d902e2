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
void mbmc_chassis_on_power_done(struct mbmc_bmc *bmc, const char *err);

/* Who asked for a power action or a boot setting (for the log; the event log records the
 * action itself, whoever asked). */
enum mbmc_origin { MBMC_ORIGIN_IPMI, MBMC_ORIGIN_REDFISH, MBMC_ORIGIN_RESTORE_POLICY };

/* The chassis operations of every protocol (IPMI's handlers, Redfish, the restore policy).
 * They run the very IPMI command logic (Chassis Control, Set/Get System Boot Options
 * parameter 5), so the state, its persistence, the log and the event log are the same
 * whichever protocol asked.
 * Power control: the same checks, the same backend call, the same event-log entries.
 * Returns at once: 0 when accepted (a repeated request is accepted and runs once), else an
 * IPMI completion code (backend.h: 0xC0 busy, 0xD5 not in this power state, 0xCC
 * impossible, 0xD4). */
uint8_t mbmc_chassis_power(struct mbmc_bmc *bmc, enum mbmc_chassis_op op, enum mbmc_origin origin);
/* How many power actions were accepted so far, over any protocol: a multi-step action
 * (Redfish GracefulRestart) goes on only when nobody else acted in between. */
unsigned mbmc_chassis_controls(const struct mbmc_bmc *bmc);
/* Parameter 5 data 1..5 exactly as Get System Boot Options reports it. */
void mbmc_chassis_boot_flags(struct mbmc_bmc *bmc, uint8_t flags[5]);
/* Set System Boot Options parameter 5; an IPMI completion code (0 = accepted). */
uint8_t mbmc_chassis_set_boot_flags(struct mbmc_bmc *bmc, const uint8_t flags[5], enum mbmc_origin origin);

/* The System ACPI Power State sensor's reading (sensors.h offset), -1 while unknown. */
int mbmc_chassis_acpi_state(struct mbmc_bmc *bmc);

#endif
