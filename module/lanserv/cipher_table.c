/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IPMI 2.0 cipher suites and their wire formats (see cipher_table.h). */
#include "cipher_table.h"

#include <string.h>

/* IPMI 2.0 table 22-20: suite id -> authentication, integrity, confidentiality. */
static const struct mbmc_triple standard_suites[MBMC_MAX_SUITE_ID + 1] = {
    [0] = {MBMC_AUTH_NONE, MBMC_INTEG_NONE, MBMC_CONF_NONE},
    [1] = {MBMC_AUTH_HMAC_SHA1, MBMC_INTEG_NONE, MBMC_CONF_NONE},
    [2] = {MBMC_AUTH_HMAC_SHA1, MBMC_INTEG_HMAC_SHA1_96, MBMC_CONF_NONE},
    [3] = {MBMC_AUTH_HMAC_SHA1, MBMC_INTEG_HMAC_SHA1_96, MBMC_CONF_AES_CBC_128},
    [4] = {MBMC_AUTH_HMAC_SHA1, MBMC_INTEG_HMAC_SHA1_96, MBMC_CONF_XRC4_128},
    [5] = {MBMC_AUTH_HMAC_SHA1, MBMC_INTEG_HMAC_SHA1_96, MBMC_CONF_XRC4_40},
    [6] = {MBMC_AUTH_HMAC_MD5, MBMC_INTEG_NONE, MBMC_CONF_NONE},
    [7] = {MBMC_AUTH_HMAC_MD5, MBMC_INTEG_HMAC_MD5_128, MBMC_CONF_NONE},
    [8] = {MBMC_AUTH_HMAC_MD5, MBMC_INTEG_HMAC_MD5_128, MBMC_CONF_AES_CBC_128},
    [9] = {MBMC_AUTH_HMAC_MD5, MBMC_INTEG_HMAC_MD5_128, MBMC_CONF_XRC4_128},
    [10] = {MBMC_AUTH_HMAC_MD5, MBMC_INTEG_HMAC_MD5_128, MBMC_CONF_XRC4_40},
    [11] = {MBMC_AUTH_HMAC_MD5, MBMC_INTEG_MD5_128, MBMC_CONF_NONE},
    [12] = {MBMC_AUTH_HMAC_MD5, MBMC_INTEG_MD5_128, MBMC_CONF_AES_CBC_128},
    [13] = {MBMC_AUTH_HMAC_MD5, MBMC_INTEG_MD5_128, MBMC_CONF_XRC4_128},
    [14] = {MBMC_AUTH_HMAC_MD5, MBMC_INTEG_MD5_128, MBMC_CONF_XRC4_40},
    [15] = {MBMC_AUTH_HMAC_SHA256, MBMC_INTEG_NONE, MBMC_CONF_NONE},
    [16] = {MBMC_AUTH_HMAC_SHA256, MBMC_INTEG_HMAC_SHA256_128, MBMC_CONF_NONE},
    [17] = {MBMC_AUTH_HMAC_SHA256, MBMC_INTEG_HMAC_SHA256_128, MBMC_CONF_AES_CBC_128},
    [18] = {MBMC_AUTH_HMAC_SHA256, MBMC_INTEG_HMAC_SHA256_128, MBMC_CONF_XRC4_128},
    [19] = {MBMC_AUTH_HMAC_SHA256, MBMC_INTEG_HMAC_SHA256_128, MBMC_CONF_XRC4_40},
};

static const struct mbmc_triple terminator = {-1, -2, 0};

int mbmc_suite_triple(unsigned id, struct mbmc_triple *out)
{
    if (id > MBMC_MAX_SUITE_ID)
        return -1;
    *out = standard_suites[id];
    return 0;
}

static int available(uint64_t set, int alg)
{
    return alg == 0 || (alg > 0 && alg < 64 && (set >> alg) & 1);
}

static int same(const struct mbmc_triple *a, const struct mbmc_triple *b)
{
    return a->auth == b->auth && a->integ == b->integ && a->conf == b->conf;
}

size_t mbmc_supported_suites(const struct mbmc_triple *rows, size_t max_rows,
                             const struct mbmc_algo_set *algos, uint8_t *ids, size_t max_ids)
{
    size_t n = 0;
    for (unsigned id = 0; id <= MBMC_MAX_SUITE_ID && n < max_ids; id++) {
        const struct mbmc_triple *s = &standard_suites[id];
        if (!available(algos->auth, s->auth) || !available(algos->integ, s->integ)
            || !available(algos->conf, s->conf))
            continue;
        for (size_t r = 0; r < max_rows && rows[r].auth != -1; r++) {
            if (same(&rows[r], s)) {
                ids[n++] = (uint8_t)id;
                break;
            }
        }
    }
    return n;
}

int mbmc_suite_rows(const uint8_t *ids, size_t n, struct mbmc_triple *rows, size_t max_rows)
{
    if (n + 1 > max_rows)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (mbmc_suite_triple(ids[i], &rows[i]))
            return -1;
    for (size_t i = n; i < max_rows; i++)
        rows[i] = terminator;
    return (int)n;
}

size_t mbmc_cipher_records(const uint8_t *ids, size_t n, uint8_t *out, size_t max)
{
    size_t len = 0;
    for (size_t i = 0; i < n && len + 5 <= max; i++) {
        struct mbmc_triple t;
        if (mbmc_suite_triple(ids[i], &t))
            continue;
        out[len++] = 0xc0;
        out[len++] = ids[i];
        out[len++] = (uint8_t)t.auth;
        out[len++] = (uint8_t)(0x40 | t.integ);
        out[len++] = (uint8_t)(0x80 | t.conf);
    }
    return len;
}

size_t mbmc_cipher_algorithms(const uint8_t *ids, size_t n, uint8_t *out, size_t max)
{
    uint64_t seen[3] = {0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        struct mbmc_triple t;
        if (mbmc_suite_triple(ids[i], &t))
            continue;
        seen[0] |= 1ull << t.auth;
        seen[1] |= 1ull << t.integ;
        seen[2] |= 1ull << t.conf;
    }
    static const uint8_t tag[3] = {0x00, 0x40, 0x80};
    size_t len = 0;
    for (int kind = 0; kind < 3; kind++)
        for (int alg = 0; alg < 64 && len < max; alg++)
            if ((seen[kind] >> alg) & 1)
                out[len++] = (uint8_t)(tag[kind] | alg);
    return len;
}

size_t mbmc_cipher_suites_chunk(const uint8_t *ids, size_t n, uint8_t list_byte, uint8_t out[16])
{
    uint8_t all[(MBMC_MAX_SUITE_ID + 1) * 5];
    size_t len = (list_byte & 0x80) ? mbmc_cipher_records(ids, n, all, sizeof(all))
                                    : mbmc_cipher_algorithms(ids, n, all, sizeof(all));
    size_t start = (size_t)(list_byte & 0x3f) * 16;
    if (start >= len)
        return 0;
    size_t chunk = len - start < 16 ? len - start : 16;
    memcpy(out, all + start, chunk);
    return chunk;
}

unsigned mbmc_lan_cipher_entries(const uint8_t *ids, size_t n, uint8_t entries[17])
{
    memset(entries, 0, 17);
    if (n > 15)          /* parameter 22 is a 4-bit count in lanserv */
        n = 15;
    memcpy(entries + 1, ids, n);
    return (unsigned)n;
}

void mbmc_lan_cipher_priv_unused(uint8_t max_priv[9], unsigned n)
{
    for (unsigned entry = n + 1; entry <= 16; entry++)
        max_priv[(entry + 1) / 2] &= (entry & 1) ? 0xf0 : 0x0f;
}
