/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Per-source login lockout on lanserv's RMCP+ session start-up: a source address whose
 * logins failed `failures` times within `window` s gets no Open Session answer for
 * `lockout` s (module options lockout-failures, lockout-window, lockout-seconds).
 * A failed login is a session that got past RAKP 1 (a user name was tried) and then ended
 * without completing RAKP 3: a wrong password (the client rejects RAKP 2 or RAKP 3 fails),
 * an unknown user, or an abandoned handshake. Other sources are not affected. */
#ifndef MBMC_LOGIN_LOCKOUT_H
#define MBMC_LOGIN_LOCKOUT_H

#include <stdbool.h>

#include <OpenIPMI/lanserv.h>

#include "lockout_table.h"

struct mbmc_lanserv;

/* Wrap Open Session, RAKP 1 and RAKP 3 (after session_startup.c). */
void mbmc_login_lockout_install(struct mbmc_lanserv *ls);
void mbmc_login_lockout_configure(const struct mbmc_lockout_cfg *cfg);

/* The source address of a LAN message (sim_abi.h finds the sockaddr in ipmi_sim's address
 * record); false when it is neither IPv4 nor IPv6. */
bool mbmc_msg_src(const msg_t *msg, struct mbmc_src *out);

#endif
