/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Redfish Boot object of ComputerSystem <-> IPMI System Boot Options parameter 5 (the
 * chassis layer's one boot override), so that what one protocol sets the other reads back:
 *   BootSourceOverrideEnabled  Disabled = valid bit clear, Once = valid, Continuous = valid +
 *                              persistent (param 5 data 1: 0x80 valid, 0x40 persistent)
 *   BootSourceOverrideMode     UEFI = EFI bit (0x20), Legacy = clear
 *   BootSourceOverrideTarget   device selector (data 2 bits 5:2): Pxe 1, Hdd 2, Cd 5, ...
 * Pure: validation and merge of a PATCH, no I/O. */
#ifndef MBMC_RF_BOOT_H
#define MBMC_RF_BOOT_H

#include <stdint.h>

#include <json-c/json.h>

#include "rf_http.h"

#define RF_BOOT_FLAGS_LEN 5

struct rf_boot {
    const char *enabled;            /* Disabled, Once, Continuous */
    const char *target;             /* None, Pxe, Hdd, Cd, BiosSetup, Diags, Floppy */
    const char *mode;               /* UEFI, Legacy */
};

/* Targets a client may set (both backends can boot them); NULL-terminated. */
extern const char *const rf_boot_targets[];
extern const char *const rf_boot_enabled_values[];
extern const char *const rf_boot_mode_values[];

void rf_boot_from_flags(const uint8_t flags[RF_BOOT_FLAGS_LEN], struct rf_boot *out);

/* Merge the PATCH body's "Boot" object into cur (out: the new flags). A target without
 * BootSourceOverrideEnabled keeps the current Once/Continuous (Ironic sends Enabled only
 * when it changes) and means Once when the override was Disabled; target None disables the
 * override. Returns 0, or -1 with every problem added to rsp as a 400 error. */
int rf_boot_patch(const uint8_t cur[RF_BOOT_FLAGS_LEN], struct json_object *boot,
                  uint8_t out[RF_BOOT_FLAGS_LEN], struct rf_response *rsp);

#endif
