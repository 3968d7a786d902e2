/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Protocol fixes for ipmi_sim's lanserv, guarded by a table-layout check (the flavour was
 * checked before, sim_flavour.h). */
#ifndef MBMC_LANSERV_FIX_H
#define MBMC_LANSERV_FIX_H

#include <stddef.h>

#include <OpenIPMI/serv.h>

/* At module init: verify every table slot we patch, then install
 * the fixes. On any mismatch patch nothing and return -1 with the reason. */
int mbmc_lanserv_fix_init(sys_data_t *sys, char *err, size_t errlen);
/* After the emu file (channels exist): hook each LAN channel. */
void mbmc_lanserv_fix_post_init(sys_data_t *sys);

#endif
