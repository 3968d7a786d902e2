/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Session lookup the way lanserv does it (its sid_to_session() is static). */
#ifndef MBMC_LANSERV_SESSION_H
#define MBMC_LANSERV_SESSION_H

#include <stdint.h>

#include <OpenIPMI/lanserv.h>

/* The active session with this BMC-side session id, or NULL. Odd ids are IPMI 1.5
 * temporary sessions, 0 is "no session". */
static inline session_t *mbmc_session_by_sid(lanserv_data_t *lan, uint32_t sid)
{
    if (sid == 0 || (sid & 1))
        return NULL;
    session_t *s = &lan->sessions[(sid >> 1) & SESSION_MASK];
    return s->active && s->sid == sid ? s : NULL;
}

static inline uint32_t mbmc_get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void mbmc_put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

#endif
