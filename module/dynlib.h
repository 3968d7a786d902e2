/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared libraries the module loads on first use instead of linking them (pve_curl.c:
 * libcurl; rf_libs.c: libmicrohttpd and GnuTLS): opened RTLD_LOCAL, their functions looked
 * up by name, the load tried once and its failure kept (and logged once). */
#ifndef MBMC_DYNLIB_H
#define MBMC_DYNLIB_H

#include <stddef.h>

/* The outcome of the one load. */
struct mbmc_dynlib_once {
    int state;                  /* 0 not tried, 1 loaded, -1 failed */
    char why[256];              /* why it failed */
};

/* load() runs on the first call only; it fills why (of size len) when it fails. Logs the
 * failure (error) or loaded_msg (debug) once. 0, or -1 with the reason in err. */
int mbmc_dynlib_once(struct mbmc_dynlib_once *once, int (*load)(char *why, size_t len),
                     const char *loaded_msg, char *err, size_t errlen);

/* dlopen(soname, RTLD_NOW | RTLD_LOCAL): NULL with "cannot load SONAME (install PACKAGE):
 * ..." in why. */
void *mbmc_dynlib_open(const char *soname, const char *package, char *why, size_t len);
/* *slot = the symbol name of lib: 0, or -1 with "SONAME has no NAME" in why. */
int mbmc_dynlib_sym(void *lib, const char *soname, const char *name, void **slot, char *why,
                    size_t len);

#endif
