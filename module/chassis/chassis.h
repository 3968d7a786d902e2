/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IPMI chassis command handlers (NetFn 0x00) replacing ipmi_sim 2.0.33's broken built-ins. */
#ifndef MBMC_CHASSIS_H
#define MBMC_CHASSIS_H

#include <stdbool.h>
#include <stddef.h>

struct mbmc_bmc;

/* Register the handlers and load persisted boot flags. 0, or -1 with a message. */
int mbmc_chassis_init(struct mbmc_bmc *bmc, char *err, size_t errlen);
void mbmc_chassis_cleanup(struct mbmc_bmc *bmc);

/* Backend events, forwarded by mod.c. */
void mbmc_chassis_on_power_changed(struct mbmc_bmc *bmc, bool on);
void mbmc_chassis_on_booted(struct mbmc_bmc *bmc);

#endif
