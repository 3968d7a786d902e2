/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The BMC's own SDR records (IPMI 2.0 chapter 43), encoded once at start:
 *   1  Management Controller Device Locator (type 12h): the BMC and what it offers
 *   2  FRU Device Locator (type 11h): FRU 0, the VM's inventory
 *   3  Compact Sensor (type 02h): System ACPI Power State, sensor 1
 *   4  Event-Only (type 03h): System Boot/Restart Initiated, sensor 2
 * xCAT's rinv/rvitals/reventlog walk the repository and need at least the FRU locator. */
#ifndef MBMC_SDR_RECORDS_H
#define MBMC_SDR_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#define MBMC_SDR_MAX_LEN 64
#define MBMC_SDR_COUNT 4

struct mbmc_sdr {
    uint8_t data[MBMC_SDR_MAX_LEN];     /* header (id, version 51h, type, length) + body */
    unsigned len;
};

/* Device Support bits of Get Device ID, mirrored in the MC locator (bmc.emu's mc_add). */
#define MBMC_DEVICE_SUPPORT 0x8F        /* chassis, FRU, SEL, SDR repository, sensor */

/* Fill recs[MBMC_SDR_COUNT] with record ids 1..4. */
void mbmc_sdr_build(struct mbmc_sdr recs[MBMC_SDR_COUNT]);

#endif
