/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libmicrohttpd and GnuTLS on first use (see rf_libs.h). */
#include "rf_libs.h"

#include <dlfcn.h>
#include <stdio.h>

#include "log.h"

/* The sonames of the ABIs the module is built against: libmicrohttpd's 12 (since 0.9.x,
 * 2014) and GnuTLS's 30 (since 3.4, 2015); Debian 12 and 13 ship both. */
#define MHD_SONAME "libmicrohttpd.so.12"
#define GNUTLS_SONAME "libgnutls.so.30"

static struct rf_libs fns;
static int state;               /* 0 not tried, 1 loaded, -1 failed */
static char why[256];

static void *open_lib(const char *soname, const char *package)
{
    /* RTLD_LOCAL: their symbols stay out of the global namespace ipmi_sim's symbols live in. */
    void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        snprintf(why, sizeof(why), "cannot load %s (install %s): %s", soname, package, dlerror());
    return lib;
}

static int resolve(void *lib, const char *soname, void **slot, const char *name)
{
    *slot = dlsym(lib, name);
    if (!*slot)
        snprintf(why, sizeof(why), "%s has no %s", soname, name);
    return *slot ? 0 : -1;
}

static int load(void)
{
    void *mhd = open_lib(MHD_SONAME, "libmicrohttpd12");
    void *tls = mhd ? open_lib(GNUTLS_SONAME, "libgnutls30") : NULL;
    if (!tls)
        return -1;
#define RESOLVE_MHD(fn) if (resolve(mhd, MHD_SONAME, (void **)&fns.fn, #fn)) return -1;
#define RESOLVE_GNUTLS(fn) if (resolve(tls, GNUTLS_SONAME, (void **)&fns.fn, #fn)) return -1;
    RF_MHD_FUNCTIONS(RESOLVE_MHD)
    RF_GNUTLS_FUNCTIONS(RESOLVE_GNUTLS)
#undef RESOLVE_MHD
#undef RESOLVE_GNUTLS
    gnutls_free_function *deallocate = NULL;
    if (resolve(tls, GNUTLS_SONAME, (void **)&deallocate, "gnutls_free"))
        return -1;
    fns.gnutls_deallocate = *deallocate;
    return 0;
}

const struct rf_libs *rf_libs_load(char *err, size_t errlen)
{
    if (!state) {
        state = load() ? -1 : 1;
        if (state < 0)
            mbmc_log(MBMC_LOG_ERR, "%s", why);
        else
            mbmc_log(MBMC_LOG_DEBUG, "libmicrohttpd and GnuTLS loaded for the Redfish service");
    }
    if (state < 0) {
        snprintf(err, errlen, "%s", why);
        return NULL;
    }
    return &fns;
}
