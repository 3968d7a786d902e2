/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Cipher suite list computation and its wire formats (App 0x54, LAN parameters 22/23). */
#include "cipher_table.h"
#include "unit.h"

/* lanserv 2.0.33's valid_cipher_suites[] as shipped, and its handler tables
 * (auth 1,2; integ 1,2,3; conf 1). */
static const struct mbmc_triple stock_rows[16] = {
    {0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {1, 1, 1}, {1, 1, 2}, {1, 1, 3}, {2, 0, 0}, {2, 2, 0},
    {2, 2, 1}, {2, 2, 2}, {2, 2, 3}, {2, 3, 0}, {2, 3, 1}, {2, 3, 2}, {2, 3, 3}, {-1, -2, 0},
};
static const struct mbmc_algo_set stock_algos = {.auth = 0x6, .integ = 0xe, .conf = 0x2};
/* After the module: SHA-256 auth (3) and integrity (4) added, MD5-128 integrities removed. */
static const struct mbmc_algo_set fixed_algos = {.auth = 0xe, .integ = 0x12, .conf = 0x2};
static const uint8_t wanted[] = {1, 2, 3, 6, 15, 16, 17};

static void stock_tables_list_what_open_session_accepts(void)
{
    uint8_t ids[32];
    size_t n = mbmc_supported_suites(stock_rows, 16, &stock_algos, ids, sizeof(ids));
    /* xRC4 suites (4,5,9,10,13,14) have no handler: not listed, unlike the stock answer. */
    static const uint8_t want[] = {0, 1, 2, 3, 6, 7, 8, 11, 12};
    CHECK_EQ_INT(n, sizeof(want));
    CHECK_MEM(ids, want, sizeof(want));
}

static void rows_for_the_module_suites(void)
{
    struct mbmc_triple rows[16];
    CHECK_EQ_INT(mbmc_suite_rows(wanted, sizeof(wanted), rows, 16), 7);
    CHECK_EQ_INT(rows[4].auth, 3);
    CHECK_EQ_INT(rows[4].integ, 0);
    CHECK_EQ_INT(rows[6].auth, 3);
    CHECK_EQ_INT(rows[6].integ, 4);
    CHECK_EQ_INT(rows[6].conf, 1);
    CHECK_EQ_INT(rows[7].auth, -1);
    CHECK_EQ_INT(rows[15].auth, -1);
    uint8_t ids[32];
    size_t n = mbmc_supported_suites(rows, 16, &fixed_algos, ids, sizeof(ids));
    CHECK_EQ_INT(n, sizeof(wanted));
    CHECK_MEM(ids, wanted, sizeof(wanted));
    /* Without the SHA-256 handlers 15-17 would not be advertised. */
    n = mbmc_supported_suites(rows, 16, &stock_algos, ids, sizeof(ids));
    CHECK_EQ_INT(n, 4);
}

static void rows_refuse_bad_input(void)
{
    struct mbmc_triple rows[8];
    static const uint8_t bad[] = {1, 20};
    CHECK_EQ_INT(mbmc_suite_rows(bad, 2, rows, 8), -1);
    CHECK_EQ_INT(mbmc_suite_rows(wanted, sizeof(wanted), rows, 7), -1);   /* no room for the end */
    struct mbmc_triple t;
    CHECK_EQ_INT(mbmc_suite_triple(20, &t), -1);
    CHECK_EQ_INT(mbmc_suite_triple(17, &t), 0);
    CHECK_EQ_INT(t.auth * 100 + t.integ * 10 + t.conf, 341);
}

static void records_in_16_byte_chunks(void)
{
    uint8_t out[16];
    /* 7 records = 35 bytes: chunks of 16, 16, 3, then empty. */
    size_t n = mbmc_cipher_suites_chunk(wanted, sizeof(wanted), 0x80, out);
    CHECK_EQ_INT(n, 16);
    static const uint8_t first[16] = {0xc0, 1, 1, 0x40, 0x80, 0xc0, 2, 1, 0x41, 0x80,
                                      0xc0, 3, 1, 0x41, 0x81, 0xc0};
    CHECK_MEM(out, first, 16);
    n = mbmc_cipher_suites_chunk(wanted, sizeof(wanted), 0x81, out);
    CHECK_EQ_INT(n, 16);
    static const uint8_t second[16] = {6, 2, 0x40, 0x80, 0xc0, 15, 3, 0x40, 0x80,
                                       0xc0, 16, 3, 0x44, 0x80, 0xc0, 17};
    CHECK_MEM(out, second, 16);
    n = mbmc_cipher_suites_chunk(wanted, sizeof(wanted), 0x82, out);
    CHECK_EQ_INT(n, 3);
    static const uint8_t third[3] = {3, 0x44, 0x81};
    CHECK_MEM(out, third, 3);
    CHECK_EQ_INT(mbmc_cipher_suites_chunk(wanted, sizeof(wanted), 0x83, out), 0);
    CHECK_EQ_INT(mbmc_cipher_suites_chunk(wanted, sizeof(wanted), 0xbf, out), 0);
}

static void algorithm_list(void)
{
    uint8_t out[16];
    size_t n = mbmc_cipher_suites_chunk(wanted, sizeof(wanted), 0x00, out);
    static const uint8_t want[] = {0x01, 0x02, 0x03, 0x40, 0x41, 0x44, 0x80, 0x81};
    CHECK_EQ_INT(n, sizeof(want));
    CHECK_MEM(out, want, sizeof(want));
    CHECK_EQ_INT(mbmc_cipher_suites_chunk(wanted, sizeof(wanted), 0x01, out), 0);
}

static void lan_parameters_22_23(void)
{
    uint8_t e[17];
    memset(e, 0xee, sizeof(e));
    CHECK_EQ_INT(mbmc_lan_cipher_entries(wanted, sizeof(wanted), e), 7);
    static const uint8_t want[17] = {0, 1, 2, 3, 6, 15, 16, 17, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    CHECK_MEM(e, want, 17);
    uint8_t many[20];
    for (int i = 0; i < 20; i++)
        many[i] = (uint8_t)i;
    CHECK_EQ_INT(mbmc_lan_cipher_entries(many, 20, e), 15);   /* 4-bit count */
    CHECK_EQ_INT(e[15], 14);
    CHECK_EQ_INT(e[16], 0);
}

static void lan_parameter_24_unused_entries(void)
{
    uint8_t p[9];
    memset(p, 0x44, sizeof(p));
    mbmc_lan_cipher_priv_unused(p, 7);
    static const uint8_t want[9] = {0x44, 0x44, 0x44, 0x44, 0x04, 0, 0, 0, 0};
    CHECK_MEM(p, want, 9);
    memset(p, 0x44, sizeof(p));
    mbmc_lan_cipher_priv_unused(p, 16);
    CHECK_EQ_INT(p[8], 0x44);
}

int main(void)
{
    RUN(stock_tables_list_what_open_session_accepts);
    RUN(rows_for_the_module_suites);
    RUN(rows_refuse_bad_input);
    RUN(records_in_16_byte_chunks);
    RUN(algorithm_list);
    RUN(lan_parameters_22_23);
    RUN(lan_parameter_24_unused_entries);
    UNIT_EXIT();
}
