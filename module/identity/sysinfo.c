/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sysinfo.h"

#include <string.h>

#include "ipmi_cc.h"

#define CMD_SET 0x58
#define CMD_GET 0x59
#define PARAM_REVISION 0x11
#define GET_REVISION_ONLY 0x80
#define ENCODING_ASCII 0x00
#define BLOCK 16
#define FIRST_BLOCK_TEXT 14                 /* block 0: encoding, length, 14 bytes */

void mbmc_sysinfo_put(struct mbmc_sysinfo *si, unsigned param, const char *text)
{
    if (param < 1 || param > MBMC_SYSINFO_STRINGS)
        return;
    size_t n = text ? strlen(text) : 0;
    if (n > MBMC_SYSINFO_MAX)
        n = MBMC_SYSINFO_MAX;
    memset(si->text[param], 0, MBMC_SYSINFO_MAX);
    memcpy(si->text[param], text, n);
    si->len[param] = (uint8_t)n;
}

static unsigned cc_only(uint8_t *rsp, uint8_t cc)
{
    rsp[0] = cc;
    return 1;
}

/* Block `set` of a string parameter: block 0 holds encoding and length first. */
static unsigned get_string(const struct mbmc_sysinfo *si, unsigned param, unsigned set, uint8_t *rsp)
{
    unsigned len = si->len[param];
    unsigned blocks = len <= FIRST_BLOCK_TEXT ? 1 : 1 + (len - FIRST_BLOCK_TEXT + BLOCK - 1) / BLOCK;
    if (set >= blocks)
        return cc_only(rsp, IPMI_PARAMETER_OUT_OF_RANGE_CC);
    rsp[0] = MBMC_CC_OK;
    rsp[1] = PARAM_REVISION;
    rsp[2] = (uint8_t)set;
    uint8_t *d = rsp + 3;
    memset(d, 0, BLOCK);
    if (set == 0) {
        d[0] = ENCODING_ASCII;
        d[1] = (uint8_t)len;
        memcpy(d + 2, si->text[param], len < FIRST_BLOCK_TEXT ? len : FIRST_BLOCK_TEXT);
    } else {
        unsigned off = FIRST_BLOCK_TEXT + (set - 1) * BLOCK;
        memcpy(d, si->text[param] + off, len - off < BLOCK ? len - off : BLOCK);
    }
    return 3 + BLOCK;
}

static unsigned get(struct mbmc_sysinfo *si, const uint8_t *req, unsigned len, uint8_t *rsp)
{
    if (len < 4)
        return cc_only(rsp, IPMI_REQUEST_DATA_LENGTH_INVALID_CC);
    unsigned param = req[1], set = req[2];
    if (param > MBMC_SYSINFO_STRINGS)
        return cc_only(rsp, MBMC_CC_PARAM_NOT_SUPPORTED);
    if (req[0] & GET_REVISION_ONLY) {
        rsp[0] = MBMC_CC_OK;
        rsp[1] = PARAM_REVISION;
        return 2;
    }
    if (param == 0) {
        rsp[0] = MBMC_CC_OK;
        rsp[1] = PARAM_REVISION;
        rsp[2] = si->set_in_progress;
        return 3;
    }
    return get_string(si, param, set, rsp);
}

static unsigned set(struct mbmc_sysinfo *si, const uint8_t *req, unsigned len, uint8_t *rsp)
{
    if (len < 2)
        return cc_only(rsp, IPMI_REQUEST_DATA_LENGTH_INVALID_CC);
    unsigned param = req[0];
    if (param == 0) {
        unsigned v = req[1] & 0x3;
        if (v == 3)
            return cc_only(rsp, IPMI_INVALID_DATA_FIELD_CC);
        if (v == 1 && si->set_in_progress == 1)
            return cc_only(rsp, MBMC_CC_SET_IN_PROGRESS);
        si->set_in_progress = v == 1 ? 1 : 0;       /* commit write: applied already */
        return cc_only(rsp, MBMC_CC_OK);
    }
    if (param > MBMC_SYSINFO_STRINGS)
        return cc_only(rsp, MBMC_CC_PARAM_NOT_SUPPORTED);
    if (param == MBMC_SYSINFO_FIRMWARE || param == MBMC_SYSINFO_SYSTEM_NAME)
        return cc_only(rsp, MBMC_CC_PARAM_READ_ONLY);          /* the hypervisor's facts, not settable */
    if (len != 2 + BLOCK)
        return cc_only(rsp, IPMI_REQUEST_DATA_LENGTH_INVALID_CC);
    unsigned block = req[1];
    const uint8_t *d = req + 2;
    if (block == 0) {
        if ((d[0] & 0x0f) != ENCODING_ASCII && (d[0] & 0x0f) != 0x01 /* UTF-8 */)
            return cc_only(rsp, IPMI_INVALID_DATA_FIELD_CC);
        if (d[1] > MBMC_SYSINFO_MAX)
            return cc_only(rsp, IPMI_PARAMETER_OUT_OF_RANGE_CC);
        memset(si->text[param], 0, MBMC_SYSINFO_MAX);
        si->len[param] = d[1];
        memcpy(si->text[param], d + 2, FIRST_BLOCK_TEXT);
    } else {
        unsigned off = FIRST_BLOCK_TEXT + (block - 1) * BLOCK;
        if (off >= MBMC_SYSINFO_MAX)
            return cc_only(rsp, IPMI_PARAMETER_OUT_OF_RANGE_CC);
        unsigned n = MBMC_SYSINFO_MAX - off < BLOCK ? MBMC_SYSINFO_MAX - off : BLOCK;
        memcpy(si->text[param] + off, d, n);
    }
    /* Bytes past the announced length are not part of the string. */
    memset(si->text[param] + si->len[param], 0, MBMC_SYSINFO_MAX - si->len[param]);
    return cc_only(rsp, MBMC_CC_OK);
}

unsigned mbmc_sysinfo_handle(struct mbmc_sysinfo *si, uint8_t cmd, const uint8_t *req, unsigned len,
                             uint8_t *rsp, unsigned cap)
{
    if (cap < 3 + BLOCK)
        return cc_only(rsp, IPMI_UNKNOWN_ERR_CC);
    if (cmd == CMD_GET)
        return get(si, req, len, rsp);
    if (cmd == CMD_SET)
        return set(si, req, len, rsp);
    return cc_only(rsp, IPMI_INVALID_CMD_CC);
}
