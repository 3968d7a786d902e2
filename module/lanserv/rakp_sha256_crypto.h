/* SPDX-License-Identifier: GPL-2.0-or-later */
/* RAKP-HMAC-SHA256 and HMAC-SHA256-128 (cipher suites 15/16/17): the key exchange codes
 * and session keys of IPMI 2.0 §13.28-13.32, computed the way ipmitool, FreeIPMI and
 * pyghmi compute them. Pure functions (libcrypto only), checked by unit tests.
 * Names as in the spec: "m" = remote console, "c" = managed system (this BMC);
 * session ids are sent little-endian. */
#ifndef MBMC_RAKP_SHA256_CRYPTO_H
#define MBMC_RAKP_SHA256_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define MBMC_SHA256_LEN 32
#define MBMC_SHA256_ICV_LEN 16    /* RAKP 4 ICV and per-message integrity are truncated */
#define MBMC_IPMI_KEY_LEN 20      /* user password (Kuid) and BMC key (Kg) fields */

/* What the RAKP 1 request established, shared by the codes below. */
struct mbmc_rakp_params {
    uint32_t sid_m, sid_c;
    uint8_t rand_m[16], rand_c[16];
    uint8_t guid_c[16];
    uint8_t role;                 /* the whole RAKP 1 role byte, as the client sent it */
    uint8_t ulen;                 /* 0..16 */
    uint8_t uname[16];
};

/* RAKP 2 key exchange authentication code:
 * HMAC(Kuid, SIDm | SIDc | Rm | Rc | GUIDc | role | ulen | uname). */
void mbmc_rakp2_authcode(const uint8_t kuid[MBMC_IPMI_KEY_LEN], const struct mbmc_rakp_params *p,
                         uint8_t out[MBMC_SHA256_LEN]);
/* RAKP 3 code the client must send: HMAC(Kuid, Rc | SIDm | role | ulen | uname). */
void mbmc_rakp3_authcode(const uint8_t kuid[MBMC_IPMI_KEY_LEN], const struct mbmc_rakp_params *p,
                         uint8_t out[MBMC_SHA256_LEN]);
/* Session integrity key: HMAC(Kg, or Kuid if no Kg, Rm | Rc | role | ulen | uname). */
void mbmc_rakp_sik(const uint8_t key[MBMC_IPMI_KEY_LEN], const struct mbmc_rakp_params *p,
                   uint8_t out[MBMC_SHA256_LEN]);
/* K1 (constant 0x01) and K2 (0x02): HMAC(SIK, 20 bytes of the constant). */
void mbmc_rakp_k(const uint8_t sik[MBMC_SHA256_LEN], uint8_t constant, uint8_t out[MBMC_SHA256_LEN]);
/* RAKP 4 integrity check value: HMAC(SIK, Rm | SIDc | GUIDc), first 16 bytes. */
void mbmc_rakp4_icv(const uint8_t sik[MBMC_SHA256_LEN], const struct mbmc_rakp_params *p,
                    uint8_t out[MBMC_SHA256_ICV_LEN]);
/* HMAC-SHA256-128 of a session packet (auth type byte .. next header): HMAC(K1, data)[0..15]. */
void mbmc_integ_sha256_128(const uint8_t k1[MBMC_SHA256_LEN], const uint8_t *data, size_t len,
                           uint8_t out[MBMC_SHA256_ICV_LEN]);

/* Constant-time comparison; 0 if equal. */
int mbmc_crypto_differ(const void *a, const void *b, size_t len);

#endif
