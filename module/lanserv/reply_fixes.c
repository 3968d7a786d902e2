/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "reply_fixes.h"

#include "ipmi_cc.h"

#define PARAM_REVISION 0x11
#define GET_REVISION_ONLY 0x80
#define PRIV_USER 0x02
#define PRIV_NO_ACCESS 0x0F

unsigned mbmc_fix_sol_config_reply(const uint8_t *req, unsigned req_len, uint8_t *rsp,
                                   unsigned len, unsigned cap)
{
    if (req_len < 4 || len < 1 || cap < 4)
        return len;
    uint8_t param = req[1];
    if (rsp[0] == MBMC_CC_OK && len >= 3 && (param == 5 || param == 6)) {
        if ((rsp[2] & 0x0f) == 0)               /* never set: the configured rate */
            rsp[2] = MBMC_SOL_BITRATE_115200;
        return len;
    }
    if (rsp[0] != MBMC_CC_PARAM_NOT_SUPPORTED)
        return len;                             /* SOL not configured (C1h), or answered */
    uint8_t d[2];
    unsigned n;
    switch (param) {
    case 2: d[0] = PRIV_USER; n = 1; break;    /* no forced encryption/authentication */
    case 3: d[0] = 1; d[1] = 1; n = 2; break;  /* 5 ms, 1 character */
    case 4: d[0] = 4; d[1] = 100; n = 2; break;/* 4 retries, 1000 ms apart */
    case 7: d[0] = MBMC_SOL_CHANNEL; n = 1; break;
    case 8: d[0] = MBMC_SOL_PORT & 0xff; d[1] = MBMC_SOL_PORT >> 8; n = 2; break;
    default: return len;
    }
    rsp[0] = MBMC_CC_OK;
    rsp[1] = PARAM_REVISION;
    if (req[0] & GET_REVISION_ONLY)
        return 2;
    for (unsigned i = 0; i < n && 2 + i < cap; i++)
        rsp[2 + i] = d[i];
    return 2 + n;
}

void mbmc_fix_user_access_reply(uint8_t *rsp, unsigned len)
{
    if (len >= 5 && rsp[0] == MBMC_CC_OK && (rsp[4] & 0x0f) == 0)
        rsp[4] |= PRIV_NO_ACCESS;
}
