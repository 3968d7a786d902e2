/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See sim_flavour.h. */
#include "config.h"   /* _GNU_SOURCE: dladdr() */

#include "sim_flavour.h"

#include <dlfcn.h>
#include <stdio.h>

#include "sim_abi.h"

enum mbmc_flavour mbmc_flavour_built(void)
{
    return MBMC_LANSERV_FLAVOUR_B ? MBMC_FLAVOUR_B : MBMC_FLAVOUR_A;
}

const char *mbmc_flavour_name(enum mbmc_flavour f)
{
    switch (f) {
    case MBMC_FLAVOUR_A: return "A (OpenIPMI 2.0.32-2.0.36)";
    case MBMC_FLAVOUR_B: return "B (OpenIPMI 2.0.37)";
    default: return "unknown";
    }
}

enum mbmc_flavour mbmc_flavour_from_marks(const struct mbmc_flavour_marks *m)
{
    if (m->ipmi_msg_alloc && m->init_msg_q && !m->free_persist_str)
        return MBMC_FLAVOUR_B;
    if (!m->ipmi_msg_alloc && !m->init_msg_q && m->free_persist_str)
        return MBMC_FLAVOUR_A;
    return MBMC_FLAVOUR_UNKNOWN;
}

int mbmc_flavour_verdict(enum mbmc_flavour built, const struct mbmc_flavour_marks *marks,
                         bool layout_ok, char *err, size_t errlen)
{
    enum mbmc_flavour running = mbmc_flavour_from_marks(marks);
    if (running == MBMC_FLAVOUR_UNKNOWN) {
        snprintf(err, errlen, "this multibmc.so is built for lanserv flavour %s, but the running "
                 "ipmi_sim is neither flavour (its lanserv exports ipmi_msg_alloc: %s, "
                 "init_msg_q: %s, free_persist_str: %s)", mbmc_flavour_name(built),
                 marks->ipmi_msg_alloc ? "yes" : "no", marks->init_msg_q ? "yes" : "no",
                 marks->free_persist_str ? "yes" : "no");
        return -1;
    }
    if (running != built) {
        snprintf(err, errlen, "this multibmc.so is built for lanserv flavour %s, but the running "
                 "ipmi_sim is flavour %s: rebuild multibmc against this system's "
                 "libopenipmi-dev", mbmc_flavour_name(built), mbmc_flavour_name(running));
        return -1;
    }
    if (!layout_ok) {
        snprintf(err, errlen, "the running ipmi_sim exports the symbols of lanserv flavour %s, "
                 "but the sys_data_t it passes is not laid out as this multibmc.so (built for "
                 "%s) expects", mbmc_flavour_name(running), mbmc_flavour_name(built));
        return -1;
    }
    return 0;
}

/* Is name exported by libIPMIlanserv itself (not by some other library in the process)? */
static bool lanserv_exports(const char *name)
{
    Dl_info lanserv, sym;
    void *p = dlsym(RTLD_DEFAULT, name);
    return p && dladdr((const void *)ipmi_register_payload, &lanserv) && dladdr(p, &sym)
        && sym.dli_fbase == lanserv.dli_fbase;
}

int mbmc_flavour_check(sys_data_t *sys, char *err, size_t errlen)
{
    struct mbmc_flavour_marks marks = {
        .ipmi_msg_alloc = lanserv_exports("ipmi_msg_alloc"),
        .init_msg_q = lanserv_exports("init_msg_q"),
        .free_persist_str = lanserv_exports("free_persist_str"),
    };
    /* ipmi_sim sets sys->resend_atn to its exported is_resend_atn in both flavours; the
     * members before it differ (B dropped clog, calloc and cfree), so reading it at this
     * build's offset finds that function only if the layout is this build's. Read only
     * once the exports agree with this build. */
    bool layout_ok = false;
    if (mbmc_flavour_from_marks(&marks) == mbmc_flavour_built()) {
        void *resend_atn = dlsym(RTLD_DEFAULT, "is_resend_atn");
        layout_ok = resend_atn && (void *)sys->resend_atn == resend_atn;
    }
    return mbmc_flavour_verdict(mbmc_flavour_built(), &marks, layout_ok, err, errlen);
}
