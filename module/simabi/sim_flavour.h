/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which lanserv flavour this module was built for, which one the running ipmi_sim is, and
 * the refusal when they differ. get_lanserv_version() says "1.0.13" in both flavours and
 * the patched tables have the same sizes in both, so the running flavour is told by what
 * libIPMIlanserv exports (ipmi_msg_alloc and init_msg_q only in B, free_persist_str only
 * in A) and confirmed by a layout probe of the sys_data_t ipmi_sim hands the module. A
 * module of the other flavour would read and write structures of another layout, so it
 * must refuse before it touches anything. */
#ifndef MBMC_SIM_FLAVOUR_H
#define MBMC_SIM_FLAVOUR_H

#include <stdbool.h>
#include <stddef.h>

#include <OpenIPMI/lanserv.h>

enum mbmc_flavour {
    MBMC_FLAVOUR_UNKNOWN = 0,
    MBMC_FLAVOUR_A,             /* OpenIPMI 2.0.32-2.0.36 */
    MBMC_FLAVOUR_B,             /* OpenIPMI 2.0.37 */
};

/* The flavour these sources were compiled for (configure, from the installed headers). */
enum mbmc_flavour mbmc_flavour_built(void);

/* "A (OpenIPMI 2.0.32-2.0.36)", "B (OpenIPMI 2.0.37)" or "unknown". */
const char *mbmc_flavour_name(enum mbmc_flavour f);

/* What the running lanserv library exports. */
struct mbmc_flavour_marks {
    bool ipmi_msg_alloc;
    bool init_msg_q;
    bool free_persist_str;
};

/* Pure: the flavour the exports show; UNKNOWN unless all three agree. */
enum mbmc_flavour mbmc_flavour_from_marks(const struct mbmc_flavour_marks *m);

/* Pure: may a module built for `built` run in a lanserv with these exports, whose sys_data_t
 * matched (layout_ok) or not the layout `built` expects? 0, or -1 with a message that names
 * both flavours in err. */
int mbmc_flavour_verdict(enum mbmc_flavour built, const struct mbmc_flavour_marks *marks,
                         bool layout_ok, char *err, size_t errlen);

/* The check at load time against the running ipmi_sim; reads only symbols and sys's
 * fields, changes nothing. 0, or -1 with the reason in err. */
int mbmc_flavour_check(sys_data_t *sys, char *err, size_t errlen);

#endif
