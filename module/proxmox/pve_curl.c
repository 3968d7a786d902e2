/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libcurl on first use (see pve_curl.h). */
#include "pve_curl.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "log.h"

/* The soname of libcurl's ABI 4, stable since 2006 (curl 7.16). */
#define LIBCURL_SONAME "libcurl.so.4"

static struct pve_curl fns;
static void *lib;
static int state;               /* 0 not tried, 1 loaded, -1 failed */
static char why[256];

static int resolve(void **slot, const char *name)
{
    *slot = dlsym(lib, name);
    if (!*slot)
        snprintf(why, sizeof(why), "%s has no %s", LIBCURL_SONAME, name);
    return *slot ? 0 : -1;
}

#define NEED(field, name) resolve((void **)&fns.field, name)

static int load(void)
{
    /* RTLD_LOCAL: its libraries stay out of the global namespace ipmi_sim's symbols live in. */
    lib = dlopen(LIBCURL_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(why, sizeof(why), "cannot load %s (install libcurl4): %s", LIBCURL_SONAME, dlerror());
        return -1;
    }
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
        snprintf(why, sizeof(why), "libcurl initialisation failed");
        return -1;
    }
    return 0;
}

const struct pve_curl *pve_curl_get(char *err, size_t errlen)
{
    if (!state) {
        state = load() ? -1 : 1;
        if (state < 0)
            mbmc_log(MBMC_LOG_ERR, "%s", why);
        else
            mbmc_log(MBMC_LOG_DEBUG, "libcurl loaded for the first API request");
    }
    if (state < 0) {
        snprintf(err, errlen, "%s", why);
        return NULL;
    }
    return &fns;
}
