/* SPDX-License-Identifier: GPL-2.0-or-later */
/* RAKP-HMAC-SHA256 codes and keys (see rakp_sha256_crypto.h). */
#include "rakp_sha256_crypto.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void hmac(const uint8_t *key, size_t klen, const uint8_t *data, size_t dlen,
                 uint8_t out[MBMC_SHA256_LEN])
{
    unsigned olen = 0;
    /* Cannot fail for SHA-256 with these sizes; a NULL return leaves out zeroed, which no
     * peer's code matches. */
    memset(out, 0, MBMC_SHA256_LEN);
    HMAC(EVP_sha256(), key, (int)klen, data, dlen, out, &olen);
}

static size_t put_name(uint8_t *p, const struct mbmc_rakp_params *par)
{
    size_t ulen = par->ulen > 16 ? 16 : par->ulen;
    p[0] = par->role;
    p[1] = (uint8_t)ulen;
    memcpy(p + 2, par->uname, ulen);
    return 2 + ulen;
}

void mbmc_rakp2_authcode(const uint8_t kuid[MBMC_IPMI_KEY_LEN], const struct mbmc_rakp_params *p,
                         uint8_t out[MBMC_SHA256_LEN])
{
    uint8_t d[4 + 4 + 16 + 16 + 16 + 2 + 16];
    put_le32(d, p->sid_m);
    put_le32(d + 4, p->sid_c);
    memcpy(d + 8, p->rand_m, 16);
    memcpy(d + 24, p->rand_c, 16);
    memcpy(d + 40, p->guid_c, 16);
    size_t len = 56 + put_name(d + 56, p);
    hmac(kuid, MBMC_IPMI_KEY_LEN, d, len, out);
}

void mbmc_rakp3_authcode(const uint8_t kuid[MBMC_IPMI_KEY_LEN], const struct mbmc_rakp_params *p,
                         uint8_t out[MBMC_SHA256_LEN])
{
    uint8_t d[16 + 4 + 2 + 16];
    memcpy(d, p->rand_c, 16);
    put_le32(d + 16, p->sid_m);
    size_t len = 20 + put_name(d + 20, p);
    hmac(kuid, MBMC_IPMI_KEY_LEN, d, len, out);
}

void mbmc_rakp_sik(const uint8_t key[MBMC_IPMI_KEY_LEN], const struct mbmc_rakp_params *p,
                   uint8_t out[MBMC_SHA256_LEN])
{
    uint8_t d[16 + 16 + 2 + 16];
    memcpy(d, p->rand_m, 16);
    memcpy(d + 16, p->rand_c, 16);
    size_t len = 32 + put_name(d + 32, p);
    hmac(key, MBMC_IPMI_KEY_LEN, d, len, out);
}

void mbmc_rakp_k(const uint8_t sik[MBMC_SHA256_LEN], uint8_t constant, uint8_t out[MBMC_SHA256_LEN])
{
    /* The constants are 20 bytes long for every authentication algorithm (all clients agree). */
    uint8_t c[20];
    memset(c, constant, sizeof(c));
    hmac(sik, MBMC_SHA256_LEN, c, sizeof(c), out);
}

void mbmc_rakp4_icv(const uint8_t sik[MBMC_SHA256_LEN], const struct mbmc_rakp_params *p,
                    uint8_t out[MBMC_SHA256_ICV_LEN])
{
    uint8_t d[16 + 4 + 16], full[MBMC_SHA256_LEN];
    memcpy(d, p->rand_m, 16);
    put_le32(d + 16, p->sid_c);
    memcpy(d + 20, p->guid_c, 16);
    hmac(sik, MBMC_SHA256_LEN, d, sizeof(d), full);
    memcpy(out, full, MBMC_SHA256_ICV_LEN);
}

void mbmc_integ_sha256_128(const uint8_t k1[MBMC_SHA256_LEN], const uint8_t *data, size_t len,
                           uint8_t out[MBMC_SHA256_ICV_LEN])
{
    uint8_t full[MBMC_SHA256_LEN];
    hmac(k1, MBMC_SHA256_LEN, data, len, full);
    memcpy(out, full, MBMC_SHA256_ICV_LEN);
}

int mbmc_crypto_differ(const void *a, const void *b, size_t len)
{
    return CRYPTO_memcmp(a, b, len) != 0;
}
