/* SPDX-License-Identifier: GPL-2.0-or-later */
/* FRU inventory bytes (IPMI Platform Management FRU Information Storage Definition 1.0):
 * a common header, a Chassis Info area and a Product Info area, every string 8-bit ASCII.
 * Pure encoding; identity.c fills the fields from the VM and serves the bytes as FRU 0. */
#ifndef MBMC_FRU_IMAGE_H
#define MBMC_FRU_IMAGE_H

#include <stddef.h>
#include <stdint.h>

/* SMBIOS chassis types (the FRU spec uses the same table). QEMU reports "Other". */
#define MBMC_FRU_CHASSIS_OTHER 0x01

struct mbmc_fru_fields {
    uint8_t chassis_type;
    const char *chassis_part;
    const char *chassis_serial;
    const char *manufacturer;
    const char *product_name;
    const char *product_part;
    const char *product_version;
    const char *product_serial;
    const char *asset_tag;
};

/* Largest image mbmc_fru_build can make (two areas of 9 fields of at most 63 bytes). */
#define MBMC_FRU_MAX 1024

/* Encode into out (cap bytes). Strings longer than 63 bytes are cut; NULL is empty.
 * Returns the image length (a multiple of 8), or -1 when cap is too small. */
int mbmc_fru_build(const struct mbmc_fru_fields *f, uint8_t *out, size_t cap);

#endif
