/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IPMI's multi-byte fields are little-endian (least significant byte first). */
#ifndef MBMC_IPMI_BYTES_H
#define MBMC_IPMI_BYTES_H

#include <stdint.h>

static inline void mbmc_put16(uint8_t *p, unsigned v)
{
    p[0] = v & 0xff;
    p[1] = (v >> 8) & 0xff;
}

static inline void mbmc_put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (v >> (8 * i)) & 0xff;
}

static inline unsigned mbmc_get16(const uint8_t *p)
{
    return p[0] | (p[1] << 8);
}

static inline uint32_t mbmc_get32(const uint8_t *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}

#endif
