/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libcurl, loaded at the first API request instead of with the module.
 *
 * libcurl brings ~30 libraries (OpenSSL's libssl, GnuTLS, Kerberos, LDAP, SSH, ...): mapping
 * and relocating them costs every ipmi_sim ~1.3 MB of private memory and milliseconds of
 * start-up, although a BMC on the shared state table may never send a request (power state
 * comes from the table; only client actions need the API). So the module does not link
 * libcurl; pve_http.c calls it through this table, filled by dlopen() on first use. */
#ifndef MBMC_PVE_CURL_H
#define MBMC_PVE_CURL_H

#include <stddef.h>

#include <curl/curl.h>
#include <openssl/ssl.h>

struct pve_curl {
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_setopt)(CURLM *m, CURLMoption opt, ...);
    CURLMcode (*multi_socket_action)(CURLM *m, curl_socket_t s, int ev, int *running);
    CURLMsg *(*multi_info_read)(CURLM *m, int *left);
    CURLMcode (*multi_add_handle)(CURLM *m, CURL *e);
    CURLMcode (*multi_remove_handle)(CURLM *m, CURL *e);
    CURLMcode (*multi_cleanup)(CURLM *m);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *e, CURLoption opt, ...);
    CURLcode (*easy_getinfo)(CURL *e, CURLINFO info, ...);
    void (*easy_cleanup)(CURL *e);
    const char *(*easy_strerror)(CURLcode rc);
    struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
    void (*slist_free_all)(struct curl_slist *l);
    /* From the libssl libcurl uses (fingerprint pinning); NULL if libcurl is not built on
     * OpenSSL. */
    void (*ssl_ctx_set_cert_verify_callback)(SSL_CTX *ctx, int (*cb)(X509_STORE_CTX *, void *),
                                             void *arg);
};

/* The loaded library (dlopen + curl_global_init once per process), or NULL with why. */
const struct pve_curl *pve_curl_get(char *err, size_t errlen);

#endif
