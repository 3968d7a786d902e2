/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sdr_repo.h"

#include <string.h>

#include "ipmi_bytes.h"
#include "ipmi_cc.h"
#include <OpenIPMI/ipmi_msgbits.h>

#define SDR_REPO_VERSION 0x51
#define OP_RESERVE 0x02
#define OP_ALLOC_INFO 0x01
#define ALLOC_UNIT 16
#define READ_ALL 0xFF
#define FIRST 0x0000
#define LAST 0xFFFF


/* Clients cache the repository (FreeIPMI's SDR cache) and compare its "most recent
 * addition" time: a BMC restart with the same records must not look like a change, a
 * module with other records must. So the time stamp is a fixed date plus a sum of the
 * records' bytes. */
#define SDR_EPOCH 1735689600u       /* 2025-01-01 */

void mbmc_sdr_repo_init(struct mbmc_sdr_repo *r)
{
    memset(r, 0, sizeof(*r));
    mbmc_sdr_build(r->recs);
    uint32_t sum = 0;
    for (int i = 0; i < MBMC_SDR_COUNT; i++)
        for (unsigned b = 0; b < r->recs[i].len; b++)
            sum = sum * 31u + r->recs[i].data[b];
    r->built_at = SDR_EPOCH + sum % 86400u;
}

static unsigned cc_only(uint8_t *rsp, uint8_t cc)
{
    rsp[0] = cc;
    return 1;
}

static int find(const struct mbmc_sdr_repo *r, unsigned id)
{
    if (id == FIRST)
        return 0;
    if (id == LAST)
        return MBMC_SDR_COUNT - 1;
    for (int i = 0; i < MBMC_SDR_COUNT; i++)
        if (mbmc_get16(r->recs[i].data) == id)
            return i;
    return -1;
}

static unsigned units_used(const struct mbmc_sdr_repo *r)
{
    unsigned u = 0;
    for (int i = 0; i < MBMC_SDR_COUNT; i++)
        u += (r->recs[i].len + ALLOC_UNIT - 1) / ALLOC_UNIT;
    return u;
}

static unsigned get_sdr(struct mbmc_sdr_repo *r, const uint8_t *req, unsigned len, uint8_t *rsp,
                        unsigned cap)
{
    if (len < 6)
        return cc_only(rsp, IPMI_REQUEST_DATA_LENGTH_INVALID_CC);
    unsigned res = mbmc_get16(req), id = mbmc_get16(req + 2), off = req[4], n = req[5];
    /* The reservation guards partial reads (offset > 0); a stale one is refused. */
    if ((res != 0 || off != 0) && (res == 0 || res != r->reservation))
        return cc_only(rsp, IPMI_INVALID_RESERVATION_CC);
    int i = find(r, id);
    if (i < 0)
        return cc_only(rsp, IPMI_NOT_PRESENT_CC);
    const struct mbmc_sdr *rec = &r->recs[i];
    if (off > rec->len)
        return cc_only(rsp, IPMI_PARAMETER_OUT_OF_RANGE_CC);
    if (n == READ_ALL)
        n = rec->len - off;
    else if (off + n > rec->len)
        n = rec->len - off;
    if (3 + n > cap)   /* the client then reads it in pieces (ipmitool, FreeIPMI, pyghmi do) */
        return cc_only(rsp, IPMI_CANNOT_RETURN_REQ_LENGTH_CC);
    rsp[0] = MBMC_CC_OK;
    mbmc_put16(rsp + 1, i + 1 < MBMC_SDR_COUNT ? mbmc_get16(r->recs[i + 1].data) : LAST);
    memcpy(rsp + 3, rec->data + off, n);
    return 3 + n;
}

unsigned mbmc_sdr_repo_handle(struct mbmc_sdr_repo *r, uint8_t cmd, const uint8_t *req,
                              unsigned len, uint8_t *rsp, unsigned cap, uint32_t now)
{
    if (cap < 16)
        return cc_only(rsp, IPMI_UNKNOWN_ERR_CC);
    switch (cmd) {
    case IPMI_GET_SDR_REPOSITORY_INFO_CMD:
        rsp[0] = MBMC_CC_OK;
        rsp[1] = SDR_REPO_VERSION;
        mbmc_put16(rsp + 2, MBMC_SDR_COUNT);
        mbmc_put16(rsp + 4, 0);                  /* no free space: read-only */
        mbmc_put32(rsp + 6, r->built_at);
        mbmc_put32(rsp + 10, 0);                 /* never erased */
        rsp[14] = OP_RESERVE | OP_ALLOC_INFO;
        return 15;
    case IPMI_GET_SDR_REPOSITORY_ALLOC_INFO_CMD:
        rsp[0] = MBMC_CC_OK;
        mbmc_put16(rsp + 1, units_used(r));
        mbmc_put16(rsp + 3, ALLOC_UNIT);
        mbmc_put16(rsp + 5, 0);
        mbmc_put16(rsp + 7, 0);
        rsp[9] = (MBMC_SDR_MAX_LEN + ALLOC_UNIT - 1) / ALLOC_UNIT;
        return 10;
    case IPMI_RESERVE_SDR_REPOSITORY_CMD:
        r->reservation = (uint16_t)(r->reservation + 1);
        if (r->reservation == 0)
            r->reservation = 1;
        rsp[0] = MBMC_CC_OK;
        mbmc_put16(rsp + 1, r->reservation);
        return 3;
    case IPMI_GET_SDR_CMD:
        return get_sdr(r, req, len, rsp, cap);
    case IPMI_GET_SDR_REPOSITORY_TIME_CMD:
        rsp[0] = MBMC_CC_OK;
        mbmc_put32(rsp + 1, now);
        return 5;
    default:    /* Add, Partial Add, Delete, Clear, Set Time, update mode: not offered */
        return cc_only(rsp, IPMI_INVALID_CMD_CC);
    }
}
