/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Libraries loaded on first use (see dynlib.h). */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>

#include "log.h"

int mbmc_dynlib_once(struct mbmc_dynlib_once *once, int (*load)(char *why, size_t len),
                     const char *loaded_msg, char *err, size_t errlen)
{
    if (!once->state) {
        once->state = load(once->why, sizeof(once->why)) ? -1 : 1;
        if (once->state < 0)
            mbmc_log(MBMC_LOG_ERR, "%s", once->why);
        else
            mbmc_log(MBMC_LOG_DEBUG, "%s", loaded_msg);
    }
    if (once->state < 0) {
        snprintf(err, errlen, "%s", once->why);
        return -1;
    }
    return 0;
}

void *mbmc_dynlib_open(const char *soname, const char *package, char *why, size_t len)
{
    /* RTLD_LOCAL: its symbols stay out of the global namespace ipmi_sim's symbols live in. */
    void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        snprintf(why, len, "cannot load %s (install %s): %s", soname, package, dlerror());
    return lib;
}

int mbmc_dynlib_sym(void *lib, const char *soname, const char *name, void **slot, char *why,
                    size_t len)
{
    *slot = dlsym(lib, name);
    if (!*slot)
        snprintf(why, len, "%s has no %s", soname, name);
    return *slot ? 0 : -1;
}
