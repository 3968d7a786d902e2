/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libcurl on first use (see pve_curl.h). */
#include "pve_curl.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "dynlib.h"

/* The soname of libcurl's ABI 4, stable since 2006 (curl 7.16). */
#define LIBCURL_SONAME "libcurl.so.4"

static struct pve_curl fns;
static void *lib;
static struct mbmc_dynlib_once once;
static char *why;               /* load()'s message buffer */
static size_t why_len;

static int resolve(void **slot, const char *name)
{
    return mbmc_dynlib_sym(lib, LIBCURL_SONAME, name, slot, why, why_len);
}

#define NEED(field, name) resolve((void **)&fns.field, name)

static int load(char *msg, size_t len)
{
    why = msg;
    why_len = len;
    if (!(lib = mbmc_dynlib_open(LIBCURL_SONAME, "libcurl4", why, why_len)))
        return -1;
    CURLcode (*global_init)(long) = NULL;
    if (resolve((void **)&global_init, "curl_global_init") ||
        NEED(multi_init, "curl_multi_init") || NEED(multi_setopt, "curl_multi_setopt") ||
        NEED(multi_socket_action, "curl_multi_socket_action") ||
        NEED(multi_info_read, "curl_multi_info_read") || NEED(multi_add_handle, "curl_multi_add_handle") ||
        NEED(multi_remove_handle, "curl_multi_remove_handle") ||
        NEED(multi_cleanup, "curl_multi_cleanup") || NEED(easy_init, "curl_easy_init") ||
        NEED(easy_setopt, "curl_easy_setopt") || NEED(easy_getinfo, "curl_easy_getinfo") ||
        NEED(easy_cleanup, "curl_easy_cleanup") || NEED(easy_strerror, "curl_easy_strerror") ||
        NEED(slist_append, "curl_slist_append") || NEED(slist_free_all, "curl_slist_free_all"))
        return -1;
    /* A handle's lookup covers its dependencies: the libssl this libcurl was built on. */
    *(void **)&fns.ssl_ctx_set_cert_verify_callback = dlsym(lib, "SSL_CTX_set_cert_verify_callback");
    if (global_init(CURL_GLOBAL_DEFAULT)) {
        snprintf(why, why_len, "libcurl initialisation failed");
        return -1;
    }
    return 0;
}

const struct pve_curl *pve_curl_get(char *err, size_t errlen)
{
    return mbmc_dynlib_once(&once, load, "libcurl loaded for the first API request", err, errlen)
        ? NULL : &fns;
}
