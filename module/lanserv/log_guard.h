/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ipmi_sim's log prints the message it is given (msg->len bytes from msg->data). lanserv
 * up to 2.0.35 logs two kinds of datagram before it has set msg->data and msg->len: one
 * shorter than 5 bytes ("message too short") and one whose RMCP sequence is not ff ("seq
 * not ff"). The log then dumps whatever the stack held there: after a timer has logged
 * (lanserv's own "Session closed: Closed due to timeout" of a half-open session leaves a
 * NULL pointer and length -1) ipmi_sim dies of SIGSEGV on a 4-byte datagram. Fixed upstream
 * in 2.0.36 (commit 663e3cd3). The guard wraps sys->log and gives those two messages no data. */
#ifndef MBMC_LOG_GUARD_H
#define MBMC_LOG_GUARD_H

#include <stdbool.h>

#include <OpenIPMI/serv.h>

/* Whether lanserv may log this format with a message whose data and length are unset.
 * "message too short" is also logged with a valid message elsewhere: only its dump is lost. */
bool mbmc_log_msg_unset(const char *format);

/* Wrap sys->log (once). */
void mbmc_log_guard_install(sys_data_t *sys);

#endif
