/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Every SOL packet a console sends passes the module before lanserv's handler: the
 * takeover notice's acknowledgement (sol_takeover.h), the inbound sequence (sol_seq.h),
 * then the acknowledgement of lanserv's own packet (sol_outbound.h, also after lanserv). */
#ifndef MBMC_SOL_INBOUND_H
#define MBMC_SOL_INBOUND_H

/* Wrap lanserv's SOL payload handler, once (after the version guard passed). lanserv
 * registers it while reading the sol line, after our init: called at the first activation. */
void mbmc_sol_inbound_install(void);

#endif
