/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libmicrohttpd and GnuTLS on first use (see rf_libs.h). */
#include "rf_libs.h"

#include "dynlib.h"

/* The sonames of the ABIs the module is built against: libmicrohttpd's 12 (since 0.9.x,
 * 2014) and GnuTLS's 30 (since 3.4, 2015); Debian 12 and 13 ship both. */
#define MHD_SONAME "libmicrohttpd.so.12"
#define GNUTLS_SONAME "libgnutls.so.30"

static struct rf_libs fns;
static struct mbmc_dynlib_once once;

static int load(char *why, size_t len)
{
    void *mhd = mbmc_dynlib_open(MHD_SONAME, "libmicrohttpd12", why, len);
    void *tls = mhd ? mbmc_dynlib_open(GNUTLS_SONAME, "libgnutls30", why, len) : NULL;
    if (!tls)
        return -1;
#define RESOLVE_MHD(fn) \
    if (mbmc_dynlib_sym(mhd, MHD_SONAME, #fn, (void **)&fns.fn, why, len)) \
        return -1;
#define RESOLVE_GNUTLS(fn) \
    if (mbmc_dynlib_sym(tls, GNUTLS_SONAME, #fn, (void **)&fns.fn, why, len)) \
        return -1;
    RF_MHD_FUNCTIONS(RESOLVE_MHD)
    RF_GNUTLS_FUNCTIONS(RESOLVE_GNUTLS)
#undef RESOLVE_MHD
#undef RESOLVE_GNUTLS
    gnutls_free_function *deallocate = NULL;
    if (mbmc_dynlib_sym(tls, GNUTLS_SONAME, "gnutls_free", (void **)&deallocate, why, len))
        return -1;
    fns.gnutls_deallocate = *deallocate;
    return 0;
}

const struct rf_libs *rf_libs_load(char *err, size_t errlen)
{
    return mbmc_dynlib_once(&once, load, "libmicrohttpd and GnuTLS loaded for the Redfish service",
                            err, errlen) ? NULL : &fns;
}
