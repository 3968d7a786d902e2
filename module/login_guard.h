/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The per-source failed-login lockout every protocol of the BMC shares: failed RMCP+
 * handshakes (lanserv/login_lockout.c) and failed Redfish logins (redfish/redfish.c) count
 * together, so an address guessing passwords is locked out of both for the lockout time.
 * Module options lockout-failures, lockout-window, lockout-seconds; the table itself is
 * lanserv/lockout_table.c (pure). */
#ifndef MBMC_LOGIN_GUARD_H
#define MBMC_LOGIN_GUARD_H

#include <stdbool.h>

#include "lockout_table.h"

void mbmc_login_guard_configure(const struct mbmc_lockout_cfg *cfg);
/* Whether src is locked out now; retry_s (may be NULL): seconds until it may try again. */
bool mbmc_login_guard_blocked(const struct mbmc_src *src, unsigned *retry_s);
/* A failed login from src over protocol ("RMCP+", "Redfish"): logged when it starts a lockout. */
void mbmc_login_guard_failed(const struct mbmc_src *src, const char *protocol);
void mbmc_login_guard_succeeded(const struct mbmc_src *src);
/* "198.18.0.2" or an IPv6 address. */
const char *mbmc_src_str(const struct mbmc_src *src, char *buf, unsigned len);

#endif
