/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sel_store.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipmi_bytes.h"
#include "ipmi_cc.h"
#include <OpenIPMI/ipmi_msgbits.h>

#define SEL_VERSION 0x51                 /* IPMI 1.5/2.0 SEL */
#define OP_OVERFLOW 0x80
#define OP_DELETE 0x08
#define OP_RESERVE 0x02
#define OP_ALLOC_INFO 0x01
#define RECORD_TYPE_TIMESTAMPED_LIMIT 0xE0   /* below: the BMC stamps the time */
#define CLEAR_INITIATE 0xAA
#define CLEAR_GET_STATUS 0x00
#define ERASURE_COMPLETED 0x01
#define READ_ALL 0xFF


int mbmc_sel_init(struct mbmc_sel_store *s, unsigned max_entries)
{
    memset(s, 0, sizeof(*s));
    s->max = max_entries ? max_entries : MBMC_SEL_DEFAULT_ENTRIES;
    s->rec = calloc(s->max, MBMC_SEL_RECORD_LEN);
    s->next_id = 1;
    return s->rec ? 0 : -1;
}

void mbmc_sel_free(struct mbmc_sel_store *s)
{
    free(s->rec);
    memset(s, 0, sizeof(*s));
}

uint32_t mbmc_sel_time(const struct mbmc_sel_store *s, int64_t host_now)
{
    return (uint32_t)(host_now + s->time_offset);
}

static int index_of(const struct mbmc_sel_store *s, unsigned id)
{
    for (unsigned i = 0; i < s->count; i++)
        if (mbmc_get16(s->rec[i]) == id)
            return (int)i;
    return -1;
}

/* The next free record id: never 0000h or FFFFh, never one in use. */
static int take_id(struct mbmc_sel_store *s)
{
    for (unsigned tries = 0; tries < 0x10000; tries++) {
        unsigned id = s->next_id;
        s->next_id = (uint16_t)(s->next_id + 1);
        if (id != MBMC_SEL_FIRST && id != MBMC_SEL_LAST && index_of(s, id) < 0)
            return (int)id;
    }
    return -1;
}

int mbmc_sel_add(struct mbmc_sel_store *s, uint8_t rec[MBMC_SEL_RECORD_LEN], int64_t host_now)
{
    if (s->count >= s->max) {
        s->overflow = true;
        return -1;
    }
    int id = take_id(s);
    if (id < 0) {
        s->overflow = true;
        return -1;
    }
    uint32_t now = mbmc_sel_time(s, host_now);
    mbmc_put16(rec, (unsigned)id);
    if (rec[2] < RECORD_TYPE_TIMESTAMPED_LIMIT)
        mbmc_put32(rec + 3, now);
    memcpy(s->rec[s->count++], rec, MBMC_SEL_RECORD_LEN);
    s->last_add = now;
    return id;
}

const uint8_t *mbmc_sel_find(const struct mbmc_sel_store *s, uint16_t id, uint16_t *next)
{
    if (s->count == 0)
        return NULL;
    int i = id == MBMC_SEL_FIRST ? 0 : id == MBMC_SEL_LAST ? (int)s->count - 1 : index_of(s, id);
    if (i < 0)
        return NULL;
    if (next)
        *next = (unsigned)i + 1 < s->count ? (uint16_t)mbmc_get16(s->rec[i + 1]) : MBMC_SEL_LAST;
    return s->rec[i];
}

static unsigned cc_only(uint8_t *rsp, uint8_t cc)
{
    rsp[0] = cc;
    return 1;
}

static bool reservation_ok(const struct mbmc_sel_store *s, unsigned r)
{
    return r != 0 && r == s->reservation;
}

static unsigned get_info(const struct mbmc_sel_store *s, uint8_t *rsp)
{
    unsigned free_bytes = (s->max - s->count) * MBMC_SEL_RECORD_LEN;
    rsp[0] = MBMC_CC_OK;
    rsp[1] = SEL_VERSION;
    mbmc_put16(rsp + 2, s->count);
    mbmc_put16(rsp + 4, free_bytes > 0xFFFE ? 0xFFFE : free_bytes);
    mbmc_put32(rsp + 6, s->last_add);
    mbmc_put32(rsp + 10, s->last_erase);
    rsp[14] = (uint8_t)((s->overflow ? OP_OVERFLOW : 0) | OP_DELETE | OP_RESERVE | OP_ALLOC_INFO);
    return 15;
}

static unsigned get_alloc_info(const struct mbmc_sel_store *s, uint8_t *rsp)
{
    unsigned free_units = s->max - s->count;
    rsp[0] = MBMC_CC_OK;
    mbmc_put16(rsp + 1, s->max > 0xFFFE ? 0xFFFE : s->max);
    mbmc_put16(rsp + 3, MBMC_SEL_RECORD_LEN);
    mbmc_put16(rsp + 5, free_units > 0xFFFE ? 0xFFFE : free_units);
    mbmc_put16(rsp + 7, free_units > 0xFFFE ? 0xFFFE : free_units);   /* records are fixed-size */
    rsp[9] = 1;                                                   /* max record: 1 unit */
    return 10;
}

static unsigned reserve(struct mbmc_sel_store *s, uint8_t *rsp)
{
    s->reservation = (uint16_t)(s->reservation + 1);
    if (s->reservation == 0)
        s->reservation = 1;
    rsp[0] = MBMC_CC_OK;
    mbmc_put16(rsp + 1, s->reservation);
    return 3;
}

static unsigned get_entry(const struct mbmc_sel_store *s, const uint8_t *req, unsigned len,
                          uint8_t *rsp, unsigned cap)
{
    if (len < 6)
        return cc_only(rsp, IPMI_REQUEST_DATA_LENGTH_INVALID_CC);
    unsigned r = mbmc_get16(req), id = mbmc_get16(req + 2), off = req[4], n = req[5];
    /* A reservation is needed for partial reads only; a stale one is refused either way. */
    if ((r != 0 || off != 0) && !reservation_ok(s, r))
        return cc_only(rsp, IPMI_INVALID_RESERVATION_CC);
    if (off >= MBMC_SEL_RECORD_LEN)
        return cc_only(rsp, IPMI_PARAMETER_OUT_OF_RANGE_CC);
    uint16_t next;
    const uint8_t *rec = mbmc_sel_find(s, (uint16_t)id, &next);
    if (!rec)
        return cc_only(rsp, IPMI_NOT_PRESENT_CC);
    if (n == READ_ALL || off + n > MBMC_SEL_RECORD_LEN)
        n = MBMC_SEL_RECORD_LEN - off;
    if (3 + n > cap)
        return cc_only(rsp, IPMI_CANNOT_RETURN_REQ_LENGTH_CC);
    rsp[0] = MBMC_CC_OK;
    mbmc_put16(rsp + 1, next);
    memcpy(rsp + 3, rec + off, n);
    return 3 + n;
}

static unsigned add_entry(struct mbmc_sel_store *s, const uint8_t *req, unsigned len,
                          uint8_t *rsp, int64_t now, bool *changed)
{
    if (len != MBMC_SEL_RECORD_LEN)
        return cc_only(rsp, IPMI_REQUEST_DATA_LENGTH_INVALID_CC);
    uint8_t rec[MBMC_SEL_RECORD_LEN];
    memcpy(rec, req, sizeof(rec));
    bool was_overflow = s->overflow;
    int id = mbmc_sel_add(s, rec, now);
    if (id < 0) {
        *changed = *changed || s->overflow != was_overflow;
        return cc_only(rsp, IPMI_OUT_OF_SPACE_CC);
    }
    *changed = true;
    rsp[0] = MBMC_CC_OK;
    mbmc_put16(rsp + 1, (unsigned)id);
    return 3;
}

static unsigned delete_entry(struct mbmc_sel_store *s, const uint8_t *req, unsigned len,
                             uint8_t *rsp, int64_t now, bool *changed)
{
    if (len < 4)
        return cc_only(rsp, IPMI_REQUEST_DATA_LENGTH_INVALID_CC);
    if (!reservation_ok(s, mbmc_get16(req)))
        return cc_only(rsp, IPMI_INVALID_RESERVATION_CC);
    unsigned id = mbmc_get16(req + 2);
    int i = id == MBMC_SEL_FIRST ? (s->count ? 0 : -1)
          : id == MBMC_SEL_LAST ? (int)s->count - 1 : index_of(s, id);
    if (i < 0)
        return cc_only(rsp, IPMI_NOT_PRESENT_CC);
    unsigned deleted = mbmc_get16(s->rec[i]);
    memmove(s->rec[i], s->rec[i + 1], (s->count - (unsigned)i - 1) * MBMC_SEL_RECORD_LEN);
    s->count--;
    s->last_erase = mbmc_sel_time(s, now);
    *changed = true;
    rsp[0] = MBMC_CC_OK;
    mbmc_put16(rsp + 1, deleted);
    return 3;
}

static unsigned clear(struct mbmc_sel_store *s, const uint8_t *req, unsigned len, uint8_t *rsp,
                      int64_t now, bool *changed)
{
    if (len < 6)
        return cc_only(rsp, IPMI_REQUEST_DATA_LENGTH_INVALID_CC);
    if (!reservation_ok(s, mbmc_get16(req)))
        return cc_only(rsp, IPMI_INVALID_RESERVATION_CC);
    if (req[2] != 'C' || req[3] != 'L' || req[4] != 'R')
        return cc_only(rsp, IPMI_INVALID_DATA_FIELD_CC);
    if (req[5] == CLEAR_INITIATE) {
        s->count = 0;
        s->overflow = false;
        s->last_erase = mbmc_sel_time(s, now);
        s->reservation = 0;          /* clearing cancels every reservation */
        *changed = true;
    } else if (req[5] != CLEAR_GET_STATUS) {
        return cc_only(rsp, IPMI_INVALID_DATA_FIELD_CC);
    }
    rsp[0] = MBMC_CC_OK;
    rsp[1] = ERASURE_COMPLETED;      /* erasing is immediate */
    return 2;
}

unsigned mbmc_sel_handle(struct mbmc_sel_store *s, uint8_t cmd, const uint8_t *req, unsigned len,
                         uint8_t *rsp, unsigned cap, int64_t now, bool *changed)
{
    *changed = false;
    if (cap < 20)
        return cc_only(rsp, IPMI_UNKNOWN_ERR_CC);
    switch (cmd) {
    case IPMI_GET_SEL_INFO_CMD:
        return get_info(s, rsp);
    case IPMI_GET_SEL_ALLOCATION_INFO_CMD:
        return get_alloc_info(s, rsp);
    case IPMI_RESERVE_SEL_CMD:
        return reserve(s, rsp);
    case IPMI_GET_SEL_ENTRY_CMD:
        return get_entry(s, req, len, rsp, cap);
    case IPMI_ADD_SEL_ENTRY_CMD:
        return add_entry(s, req, len, rsp, now, changed);
    case IPMI_DELETE_SEL_ENTRY_CMD:
        return delete_entry(s, req, len, rsp, now, changed);
    case IPMI_CLEAR_SEL_CMD:
        return clear(s, req, len, rsp, now, changed);
    case IPMI_GET_SEL_TIME_CMD:
        rsp[0] = MBMC_CC_OK;
        mbmc_put32(rsp + 1, mbmc_sel_time(s, now));
        return 5;
    case IPMI_SET_SEL_TIME_CMD:
        if (len < 4)
            return cc_only(rsp, IPMI_REQUEST_DATA_LENGTH_INVALID_CC);
        s->time_offset = (int64_t)mbmc_get32(req) - now;
        *changed = true;
        return cc_only(rsp, MBMC_CC_OK);
    default:    /* Partial Add SEL Entry and the rest: not offered (Get SEL Info says so) */
        return cc_only(rsp, IPMI_INVALID_CMD_CC);
    }
}

char *mbmc_sel_serialize(const struct mbmc_sel_store *s)
{
    size_t cap = 256 + (size_t)s->count * (4 + 2 * MBMC_SEL_RECORD_LEN + 1);
    char *out = malloc(cap);
    if (!out)
        return NULL;
    size_t n = (size_t)snprintf(out, cap,
                                "# multibmc SEL v1\nnext-id=%u\nlast-add=%" PRIu32 "\nlast-erase=%" PRIu32
                                "\noverflow=%d\ntime-offset=%" PRId64 "\n", s->next_id, s->last_add,
                                s->last_erase, s->overflow ? 1 : 0, s->time_offset);
    for (unsigned i = 0; i < s->count && n < cap; i++) {
        n += (size_t)snprintf(out + n, cap - n, "rec=");
        for (int b = 0; b < MBMC_SEL_RECORD_LEN && n < cap; b++)
            n += (size_t)snprintf(out + n, cap - n, "%02x", s->rec[i][b]);
        if (n < cap)
            n += (size_t)snprintf(out + n, cap - n, "\n");
    }
    return out;
}

static int parse_record(const char *hex, uint8_t rec[MBMC_SEL_RECORD_LEN])
{
    for (int i = 0; i < MBMC_SEL_RECORD_LEN; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1)
            return -1;
        rec[i] = (uint8_t)v;
    }
    return hex[2 * MBMC_SEL_RECORD_LEN] == '\0' ? 0 : -1;
}

int mbmc_sel_deserialize(struct mbmc_sel_store *s, const char *text, char *err, size_t errlen)
{
    s->count = 0;
    s->overflow = false;
    s->next_id = 1;
    s->last_add = s->last_erase = 0;
    s->time_offset = 0;
    if (strncmp(text, "# multibmc SEL v1\n", 18)) {
        snprintf(err, errlen, "not a multibmc SEL file (first line)");
        return -1;
    }
    int lineno = 1;
    for (const char *p = text + 18; *p; lineno++) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        char line[128];
        if (n >= sizeof(line)) {
            snprintf(err, errlen, "line %d is too long", lineno + 1);
            goto bad;
        }
        memcpy(line, p, n);
        line[n] = '\0';
        p += n + (eol ? 1 : 0);
        unsigned u;
        int d;
        long long ll;
        if (!line[0]) {
            continue;
        } else if (sscanf(line, "next-id=%u", &u) == 1 && u <= 0xFFFF) {
            s->next_id = (uint16_t)u;
        } else if (sscanf(line, "last-add=%u", &u) == 1) {
            s->last_add = u;
        } else if (sscanf(line, "last-erase=%u", &u) == 1) {
            s->last_erase = u;
        } else if (sscanf(line, "overflow=%d", &d) == 1) {
            s->overflow = d != 0;
        } else if (sscanf(line, "time-offset=%lld", &ll) == 1) {
            s->time_offset = ll;
        } else if (!strncmp(line, "rec=", 4)) {
            uint8_t rec[MBMC_SEL_RECORD_LEN];
            if (parse_record(line + 4, rec)) {
                snprintf(err, errlen, "line %d: a record must be 32 hex digits", lineno + 1);
                goto bad;
            }
            if (s->count >= s->max)         /* a smaller log than before: as if it filled up */
                s->overflow = true;
            else
                memcpy(s->rec[s->count++], rec, sizeof(rec));
        } else {
            snprintf(err, errlen, "line %d: unknown entry '%.40s'", lineno + 1, line);
            goto bad;
        }
    }
    return 0;
bad:
    s->count = 0;
    s->overflow = false;
    return -1;
}
