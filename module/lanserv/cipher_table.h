/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IPMI 2.0 cipher suites (spec table 22-20) and the byte formats that describe them:
 * Get Channel Cipher Suites records, the algorithm list, and LAN parameters 22/23.
 * Pure logic, no ipmi_sim types, so unit tests can check every byte. */
#ifndef MBMC_CIPHER_TABLE_H
#define MBMC_CIPHER_TABLE_H

#include <stddef.h>
#include <stdint.h>

/* Algorithm numbers (IPMI 2.0 tables 13-17..13-19). */
#define MBMC_AUTH_NONE 0
#define MBMC_AUTH_HMAC_SHA1 1
#define MBMC_AUTH_HMAC_MD5 2
#define MBMC_AUTH_HMAC_SHA256 3
#define MBMC_INTEG_NONE 0
#define MBMC_INTEG_HMAC_SHA1_96 1
#define MBMC_INTEG_HMAC_MD5_128 2
#define MBMC_INTEG_MD5_128 3
#define MBMC_INTEG_HMAC_SHA256_128 4
#define MBMC_CONF_NONE 0
#define MBMC_CONF_AES_CBC_128 1
#define MBMC_CONF_XRC4_128 2
#define MBMC_CONF_XRC4_40 3

#define MBMC_MAX_SUITE_ID 19

/* One row of lanserv's valid_cipher_suites[] (same layout: three ints); auth == -1 ends it. */
struct mbmc_triple {
    int auth, integ, conf;
};

/* Which algorithm numbers (0..63) have a handler; "none" (0) always counts as available. */
struct mbmc_algo_set {
    uint64_t auth, integ, conf;
};

/* The algorithms of standard suite id; -1 if id is not a standard suite (0..19). */
int mbmc_suite_triple(unsigned id, struct mbmc_triple *out);

/* Standard suites whose triple appears in rows (up to the auth == -1 row or max_rows) and
 * whose algorithms all have a handler: exactly what Open Session accepts. Ascending ids;
 * returns the count (at most max_ids). */
size_t mbmc_supported_suites(const struct mbmc_triple *rows, size_t max_rows,
                             const struct mbmc_algo_set *algos, uint8_t *ids, size_t max_ids);

/* valid_cipher_suites rows for ids, then the terminator {-1, -2, 0} (what 2.0.33 has);
 * remaining rows up to max_rows are set to the terminator too. Returns the number of suite
 * rows, or -1 if an id is not standard or the rows (plus terminator) do not fit. */
int mbmc_suite_rows(const uint8_t *ids, size_t n, struct mbmc_triple *rows, size_t max_rows);

/* "List by cipher suite" bytes: per suite C0h, id, auth, 40h|integ, 80h|conf. */
size_t mbmc_cipher_records(const uint8_t *ids, size_t n, uint8_t *out, size_t max);
/* "List supported algorithms" bytes: distinct auth, then 40h|integ, then 80h|conf. */
size_t mbmc_cipher_algorithms(const uint8_t *ids, size_t n, uint8_t *out, size_t max);

/* Get Channel Cipher Suites (App 0x54) response data after the channel byte, for request
 * byte 3 (bit 7: list by suite, bits 5:0: list index): up to 16 bytes from 16 * index.
 * Returns the number of bytes written to out[16]. */
size_t mbmc_cipher_suites_chunk(const uint8_t *ids, size_t n, uint8_t list_byte, uint8_t out[16]);

/* LAN configuration parameters 22 (count, 4 bits) and 23 (reserved byte, then ids).
 * entries[17] gets 0 then the ids (at most 16); returns the count for parameter 22. */
unsigned mbmc_lan_cipher_entries(const uint8_t *ids, size_t n, uint8_t entries[17]);
/* LAN parameter 24 (max privilege per entry; byte 0 reserved, then one nibble per entry,
 * entry 1 in the low nibble of byte 1): mark entries after the first n unused (0). */
void mbmc_lan_cipher_priv_unused(uint8_t max_priv[9], unsigned n);

#endif
