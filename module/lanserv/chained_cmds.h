/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stock ipmi_sim handlers wrapped by the module: the stock handler answers, reply_fixes.c
 * completes its reply (Get SOL Configuration Parameters, Get User Access). */
#ifndef MBMC_CHAINED_CMDS_H
#define MBMC_CHAINED_CMDS_H

#include <stddef.h>

#include <OpenIPMI/serv.h>

/* Install the wrappers (module init). 0, or -1 with a message. */
int mbmc_chained_cmds_install(sys_data_t *sys, char *err, size_t errlen);

#endif
