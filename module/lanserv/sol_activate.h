/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Activate Payload (SOL) with truthful payload sizes, so FreeIPMI's ipmiconsole works
 * without -W solpayloadsize, and a fresh start for each console; Deactivate Payload that
 * tells the console taken over. */
#ifndef MBMC_SOL_ACTIVATE_H
#define MBMC_SOL_ACTIVATE_H

#include <stdint.h>

#include "mbmc.h"

/* Largest SOL packet ipmi_sim 2.0.33 really sends: 4 header bytes + at most 255 characters
 * (sol.c send_data caps each packet), although it advertises 16384. */
#define MBMC_SOL_MAX_OUTBOUND_PAYLOAD (4 + 255)

/* Cap the outbound payload size in a successful Activate Payload reply (rdata[0] = cc,
 * bytes 7-8 little-endian outbound size). Pure; exposed for unit tests. */
void mbmc_sol_cap_outbound(uint8_t *rdata, unsigned int rdata_len);

/* Replace App/Activate Payload (0x48) and Deactivate Payload (0x49), find lanserv's SOL
 * state. Call after the version guard passed, with bmc->mc, bmc->loop and the options set. */
int mbmc_sol_activate_init(struct mbmc_bmc *bmc, char *err, size_t errlen);

#endif
