/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Half-open RMCP+ sessions (Open Session done, RAKP not completed) expire after a few
 * seconds instead of lanserv's 30 s idle timeout, so a flood of failed logins cannot hold
 * all 63 session slots and lock every client out. */
#ifndef MBMC_SESSION_STARTUP_H
#define MBMC_SESSION_STARTUP_H

#include <OpenIPMI/lanserv.h>

/* Seconds a session may stay in its RAKP handshake. Clients finish it in milliseconds;
 * ipmitool's slowest retry schedule still completes well within this. */
#define MBMC_SESSION_STARTUP_SECONDS 5

struct mbmc_lanserv;

/* Clamp the time left of every session still in its handshake. Pure on the session array;
 * returns how many were clamped. */
unsigned mbmc_session_startup_clamp(session_t *sessions, unsigned count, unsigned limit);

/* Wrap Open Session, RAKP 1 and RAKP 3 (after the other fixes wrapped them). */
void mbmc_session_startup_install(struct mbmc_lanserv *ls);

#endif
