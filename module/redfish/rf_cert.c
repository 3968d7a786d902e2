/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See rf_cert.h. GnuTLS does the X.509 work: libmicrohttpd serves TLS with it anyway (both
 * through rf_libs.h, loaded only for a BMC that serves Redfish). */
#include "rf_cert.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "file_atomic.h"
#include "log.h"
#include "rf_libs.h"

#define PEM_MAX (64 * 1024)
#define VALID_DAYS 3650
#define RENEW_BEFORE_S (30 * 86400)     /* a generated certificate this close to expiry is renewed */

static char *read_small_file(const char *path, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = malloc(PEM_MAX + 1);
    size_t n = 0;
    ssize_t r = 0;
    while (buf && n < PEM_MAX && (r = read(fd, buf + n, PEM_MAX - n)) > 0)
        n += (size_t)r;
    close(fd);
    if (!buf || r < 0 || n >= PEM_MAX) {
        snprintf(err, errlen, "cannot read %s: %s", path, !buf ? "out of memory"
                 : r < 0 ? strerror(errno) : "larger than 64 KiB");
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

static void fingerprint(const struct rf_libs *L, gnutls_x509_crt_t crt,
                        char out[RF_FINGERPRINT_LEN])
{
    unsigned char md[32];
    size_t len = sizeof(md);
    out[0] = '\0';
    if (L->gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, md, &len) < 0 || len != 32)
        return;
    for (size_t i = 0; i < 32; i++)
        snprintf(out + 3 * i, RF_FINGERPRINT_LEN - 3 * i, "%02X%s", md[i], i < 31 ? ":" : "");
}

/* The address as the bytes of a SAN iPAddress entry. */
static int addr_bytes(const char *addr, unsigned char out[16], unsigned *len)
{
    if (inet_pton(AF_INET, addr, out) == 1) {
        *len = 4;
        return 0;
    }
    if (inet_pton(AF_INET6, addr, out) == 1) {
        *len = 16;
        return 0;
    }
    return -1;
}

static bool key_matches(const struct rf_libs *L, gnutls_x509_crt_t crt, gnutls_x509_privkey_t key)
{
    unsigned char a[64], b[64];
    size_t la = sizeof(a), lb = sizeof(b);
    return L->gnutls_x509_crt_get_key_id(crt, 0, a, &la) >= 0 &&
           L->gnutls_x509_privkey_get_key_id(key, 0, b, &lb) >= 0 && la == lb && !memcmp(a, b, la);
}

/* Parse cert (first of a chain) and key; check they belong together. */
static int parse_pair(const struct rf_libs *L, const char *cert_pem, const char *key_pem,
                      gnutls_x509_crt_t *crt_out, char *err, size_t errlen)
{
    gnutls_datum_t c = { (unsigned char *)cert_pem, (unsigned)strlen(cert_pem) };
    gnutls_datum_t k = { (unsigned char *)key_pem, (unsigned)strlen(key_pem) };
    gnutls_x509_crt_t crt = NULL;
    gnutls_x509_privkey_t key = NULL;
    int rc = -1, e;
    if (L->gnutls_x509_crt_init(&crt) < 0 || L->gnutls_x509_privkey_init(&key) < 0) {
        snprintf(err, errlen, "out of memory");
    } else if ((e = L->gnutls_x509_crt_import(crt, &c, GNUTLS_X509_FMT_PEM)) < 0) {
        snprintf(err, errlen, "not a PEM certificate: %s", L->gnutls_strerror(e));
    } else if ((e = L->gnutls_x509_privkey_import2(key, &k, GNUTLS_X509_FMT_PEM, NULL, 0)) < 0) {
        snprintf(err, errlen, "not an unencrypted PEM private key: %s", L->gnutls_strerror(e));
    } else if (!key_matches(L, crt, key)) {
        snprintf(err, errlen, "the private key does not belong to the certificate");
    } else {
        rc = 0;
    }
    if (key)
        L->gnutls_x509_privkey_deinit(key);
    if (rc == 0)
        *crt_out = crt;
    else if (crt)
        L->gnutls_x509_crt_deinit(crt);
    return rc;
}

/* A new self-signed ECDSA P-256 certificate for addr (CN and SAN), valid 10 years. */
static int generate(const struct rf_libs *L, const char *addr, char **cert_pem, char **key_pem,
                    char *err, size_t errlen)
{
    unsigned char ip[16], serial[16], kid[64];
    unsigned iplen;
    size_t kidlen = sizeof(kid);
    gnutls_x509_privkey_t key = NULL;
    gnutls_x509_crt_t crt = NULL;
    gnutls_datum_t c = { NULL, 0 }, k = { NULL, 0 };
    time_t now = time(NULL);
    int e = 0;
    if (addr_bytes(addr, ip, &iplen)) {
        snprintf(err, errlen, "'%s' is not an IP address", addr);
        return -1;
    }
    if ((e = L->gnutls_x509_privkey_init(&key)) < 0 || (e = L->gnutls_x509_crt_init(&crt)) < 0 ||
        (e = L->gnutls_x509_privkey_generate(
             key, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0)) < 0 ||
        (e = L->gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof(serial))) < 0)
        goto fail;
    serial[0] &= 0x7f;          /* a positive serial number */
    serial[0] |= 0x01;
    if ((e = L->gnutls_x509_crt_set_version(crt, 3)) < 0 ||
        (e = L->gnutls_x509_crt_set_serial(crt, serial, sizeof(serial))) < 0 ||
        (e = L->gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0,
                                              "multibmc", 8)) < 0 ||
        (e = L->gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, addr,
                                              (unsigned)strlen(addr))) < 0 ||
        (e = L->gnutls_x509_crt_set_activation_time(crt, now - 3600)) < 0 ||
        (e = L->gnutls_x509_crt_set_expiration_time(crt, now + (time_t)VALID_DAYS * 86400)) < 0 ||
        (e = L->gnutls_x509_crt_set_key(crt, key)) < 0 ||
        /* Its own trust anchor: OpenSSL (Python's ssl, requests) takes a self-signed
         * certificate as a CA file only when it may sign certificates. pathlen 0: it signs
         * none but itself. */
        (e = L->gnutls_x509_crt_set_basic_constraints(crt, 1, 0)) < 0 ||
        (e = L->gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE |
                                                   GNUTLS_KEY_KEY_CERT_SIGN)) < 0 ||
        (e = L->gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0)) < 0 ||
        (e = L->gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, ip, iplen,
                                                     GNUTLS_FSAN_SET)) < 0 ||
        (e = L->gnutls_x509_crt_get_key_id(crt, 0, kid, &kidlen)) < 0 ||
        (e = L->gnutls_x509_crt_set_subject_key_id(crt, kid, kidlen)) < 0 ||
        (e = L->gnutls_x509_crt_set_authority_key_id(crt, kid, kidlen)) < 0 ||
        (e = L->gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0)) < 0 ||
        (e = L->gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &c)) < 0 ||
        (e = L->gnutls_x509_privkey_export2_pkcs8(key, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN,
                                                  &k)) < 0)
        goto fail;
    *cert_pem = strndup((char *)c.data, c.size);
    *key_pem = strndup((char *)k.data, k.size);
    L->gnutls_memset(k.data, 0, k.size);
    L->gnutls_deallocate(c.data);
    L->gnutls_deallocate(k.data);
    L->gnutls_x509_crt_deinit(crt);
    L->gnutls_x509_privkey_deinit(key);
    if (!*cert_pem || !*key_pem) {
        free(*cert_pem);
        free(*key_pem);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
fail:
    snprintf(err, errlen, "cannot create a certificate: %s", L->gnutls_strerror(e));
    if (crt)
        L->gnutls_x509_crt_deinit(crt);
    if (key)
        L->gnutls_x509_privkey_deinit(key);
    L->gnutls_deallocate(c.data);
    L->gnutls_deallocate(k.data);
    return -1;
}

/* The BMC's own pair in state_dir: reused while it matches addr and is not near expiry. */
static int own_pair(const struct rf_libs *L, const char *state_dir, const char *addr,
                    struct rf_cert *out, char *err, size_t errlen)
{
    char cpath[4096], kpath[4096], why[256] = "";
    snprintf(cpath, sizeof(cpath), "%s/" RF_CERT_FILE, state_dir ? state_dir : "");
    snprintf(kpath, sizeof(kpath), "%s/" RF_KEY_FILE, state_dir ? state_dir : "");
    if (state_dir) {
        char *c = read_small_file(cpath, why, sizeof(why));
        char *k = c ? read_small_file(kpath, why, sizeof(why)) : NULL;
        gnutls_x509_crt_t crt = NULL;
        unsigned char ip[16];
        unsigned iplen = 0;
        if (c && k && parse_pair(L, c, k, &crt, why, sizeof(why)) == 0) {
            if (addr_bytes(addr, ip, &iplen) || !L->gnutls_x509_crt_check_ip(crt, ip, iplen, 0))
                snprintf(why, sizeof(why), "it is not for %s", addr);
            else if (L->gnutls_x509_crt_get_expiration_time(crt) < time(NULL) + RENEW_BEFORE_S)
                snprintf(why, sizeof(why), "it expires within 30 days");
            else {
                fingerprint(L, crt, out->fingerprint);
                L->gnutls_x509_crt_deinit(crt);
                out->cert_pem = c;
                out->key_pem = k;
                snprintf(out->source, sizeof(out->source), "%s", cpath);
                return 0;
            }
            L->gnutls_x509_crt_deinit(crt);
        }
        if (k)
            memset(k, 0, strlen(k));
        free(c);
        free(k);
        if (access(cpath, F_OK) == 0)
            mbmc_log(MBMC_LOG_WARN, "Redfish certificate %s is not usable (%s): creating a new one",
                     cpath, why);
    }
    if (generate(L, addr, &out->cert_pem, &out->key_pem, err, errlen))
        return -1;
    if (!state_dir) {
        mbmc_log(MBMC_LOG_WARN, "no state-dir: the Redfish certificate is new at every start");
        snprintf(out->source, sizeof(out->source), "(generated, not kept)");
    } else {
        int rc = mbmc_write_atomic(kpath, out->key_pem, strlen(out->key_pem), 0600, true);
        if (!rc)
            rc = mbmc_write_atomic(cpath, out->cert_pem, strlen(out->cert_pem), 0644, true);
        if (rc) {
            snprintf(err, errlen, "cannot save the Redfish certificate in %s: %s", state_dir,
                     strerror(rc));
            rf_cert_clear(out);
            return -1;
        }
        snprintf(out->source, sizeof(out->source), "%s", cpath);
    }
    gnutls_x509_crt_t crt = NULL;
    char why2[256];
    if (parse_pair(L, out->cert_pem, out->key_pem, &crt, why2, sizeof(why2)) == 0) {
        fingerprint(L, crt, out->fingerprint);
        L->gnutls_x509_crt_deinit(crt);
    }
    mbmc_log(MBMC_LOG_INFO, "created the Redfish certificate for %s (SHA-256 %s)", addr,
             out->fingerprint);
    return 0;
}

int rf_cert_load(const char *cert_file, const char *key_file, const char *state_dir,
                 const char *addr, struct rf_cert *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof(*out));
    const struct rf_libs *L = rf_libs_load(err, errlen);
    if (!L)
        return -1;
    if (!cert_file)
        return own_pair(L, state_dir, addr, out, err, errlen);
    char why[256];
    out->cert_pem = read_small_file(cert_file, err, errlen);
    out->key_pem = out->cert_pem ? read_small_file(key_file, err, errlen) : NULL;
    if (!out->key_pem) {
        rf_cert_clear(out);
        return -1;
    }
    gnutls_x509_crt_t crt = NULL;
    if (parse_pair(L, out->cert_pem, out->key_pem, &crt, why, sizeof(why))) {
        snprintf(err, errlen, "Redfish certificate %s / key %s: %s", cert_file, key_file, why);
        rf_cert_clear(out);
        return -1;
    }
    fingerprint(L, crt, out->fingerprint);
    unsigned char ip[16];
    unsigned iplen;
    if (!addr_bytes(addr, ip, &iplen) && !L->gnutls_x509_crt_check_ip(crt, ip, iplen, 0))
        mbmc_log(MBMC_LOG_WARN, "the Redfish certificate %s does not name %s (clients that verify "
                 "it must reach the BMC by a name it holds)", cert_file, addr);
    if (L->gnutls_x509_crt_get_expiration_time(crt) < time(NULL))
        mbmc_log(MBMC_LOG_WARN, "the Redfish certificate %s has expired", cert_file);
    L->gnutls_x509_crt_deinit(crt);
    snprintf(out->source, sizeof(out->source), "%s", cert_file);
    return 0;
}

void rf_cert_clear(struct rf_cert *c)
{
    if (c->key_pem)
        memset(c->key_pem, 0, strlen(c->key_pem));
    free(c->key_pem);
    free(c->cert_pem);
    memset(c, 0, sizeof(*c));
}
