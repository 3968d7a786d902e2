/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Protocol fixes for ipmi_sim 2.0.33's lanserv, guarded by a version and table-layout check. */
#ifndef MBMC_LANSERV_FIX_H
#define MBMC_LANSERV_FIX_H

#include <stddef.h>

#include <OpenIPMI/serv.h>

/* At module init: verify the OpenIPMI version and every table slot we patch, then install
 * the fixes. On any mismatch patch nothing and return -1 with the reason. */
int mbmc_lanserv_fix_init(sys_data_t *sys, char *err, size_t errlen);
/* After the emu file (channels exist): hook each LAN channel. */
void mbmc_lanserv_fix_post_init(sys_data_t *sys);

#endif
