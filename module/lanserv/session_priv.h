/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Session privilege fixes for lanserv over RMCP+ (needed in 2.0.33 and 2.0.37 alike):
 *  - Open Session "requested maximum privilege 0" (highest the BMC allows; FreeIPMI,
 *    ipmitool and pyghmi send it) is answered with the channel limit instead of an echoed
 *    0, which FreeIPMI rejects;
 *  - each user's maximum privilege is enforced (lanserv only does it for IPMI 1.5);
 *  - sessions without authentication (cipher suite 0) can do nothing. */
#ifndef MBMC_SESSION_PRIV_H
#define MBMC_SESSION_PRIV_H

#include "lanserv_guard.h"

void mbmc_session_priv_install(struct mbmc_lanserv *ls);
/* Lower the session's maximum and current privilege to its user's limit. */
void mbmc_session_priv_clamp(lanserv_data_t *lan, session_t *s);
/* LAN channel hook, before lanserv's own privilege check: 1 if the message was refused
 * (answered with 0xD4), 0 to let it through. */
int mbmc_session_priv_check(channel_t *chan, msg_t *msg);

#endif
