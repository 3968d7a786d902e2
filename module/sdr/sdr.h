/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The SDR repository and the sensor commands on ipmi_sim's command table: glue between
 * sdr_repo.c / sensor_cmds.c and the BMC (the ACPI state comes from the chassis layer). */
#ifndef MBMC_SDR_H
#define MBMC_SDR_H

#include <stddef.h>

struct mbmc_bmc;

int mbmc_sdr_attach(struct mbmc_bmc *bmc, char *err, size_t errlen);
void mbmc_sdr_detach(struct mbmc_bmc *bmc);

#endif
