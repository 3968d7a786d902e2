/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Per-source login lockout on lanserv's RMCP+ session start-up: a source address whose
 * logins failed `failures` times within `window` s gets no Open Session answer for
 * `lockout` s (module options lockout-failures, lockout-window, lockout-seconds).
 * A failed login is a session that got past RAKP 1 (a user name was tried) and then ended
 * without completing RAKP 3: a wrong password (the client rejects RAKP 2 or RAKP 3 fails),
 * an unknown user, or an abandoned handshake. Other sources are not affected. A successful
 * login from a source starts its count over, including its handshakes still open. The count
 * and the lockout are shared with Redfish logins (login_guard.h).
 *
 * When: a refused RAKP 3 or an unknown user counts at once; a handshake the client abandons
 * (ipmitool and FreeIPMI send nothing more once RAKP 2 shows a wrong password) counts when it
 * has been idle for MBMC_SESSION_STARTUP_SECONDS, on a timer of the module's own. So a source
 * is refused at most MBMC_SESSION_STARTUP_SECONDS (plus the loop's scheduling delay) after
 * its failing attempt, and from then on for exactly `lockout` seconds. */
#ifndef MBMC_LOGIN_LOCKOUT_H
#define MBMC_LOGIN_LOCKOUT_H

#include <stdbool.h>

#include <OpenIPMI/lanserv.h>

#include "lockout_table.h"
#include "loop.h"

struct mbmc_lanserv;

/* Wrap Open Session, RAKP 1 and RAKP 3 (after session_startup.c). */
void mbmc_login_lockout_install(struct mbmc_lanserv *ls);
/* Settle abandoned handshakes on a timer of this loop, expiry_ms after their last message
 * (0: MBMC_SESSION_STARTUP_SECONDS). Without a loop they are settled at the next handshake
 * message. Returns -1 when the timer cannot be made. */
int mbmc_login_lockout_set_loop(struct mbmc_loop *loop, unsigned expiry_ms);

/* The source address of a LAN message (sim_abi.h finds the sockaddr in ipmi_sim's address
 * record); false when it is neither IPv4 nor IPv6. */
bool mbmc_msg_src(const msg_t *msg, struct mbmc_src *out);

#endif
