/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lanserv's SOL output keeps flowing from one console to the next (issue 14).
 *
 * lanserv keeps the state of its packet in flight (ack awaited, resend count, resend timer,
 * NACK pause) across consoles: a console that ends before acknowledging leaves the next one
 * a stale resend of an empty packet, which FreeIPMI answers with a NACK, on which lanserv
 * stops sending for good (reference sol-stall.md). Each activation and deactivation of
 * instance 1 therefore starts the outbound side afresh, and no NACK reaches lanserv as one
 * (sol_nack.h); the serial device is reconnected even when an acknowledgement arrives while
 * it is away. Everything here runs inside ipmi_sim's handlers, in O(1). */
#ifndef MBMC_SOL_OUTBOUND_H
#define MBMC_SOL_OUTBOUND_H

#include <stdbool.h>

#include <OpenIPMI/serv.h>

/* Find lanserv's SOL state (sol_internals.h) once SOL is configured. fix false
 * (sol-stall-fix=0) leaves lanserv as it is and only logs what it finds. */
void mbmc_sol_outbound_init(sys_data_t *sys, lmc_data_t *mc, bool fix);

/* Instance 1 was activated (on chan) / deactivated: forget the packet in flight. */
void mbmc_sol_outbound_activated(channel_t *chan);
void mbmc_sol_outbound_deactivated(void);

/* A console's SOL packet before lanserv sees it; its acknowledgement may be rewritten in
 * place (sol_nack.h). */
void mbmc_sol_outbound_inbound(msg_t *msg);
/* ... and after: an acknowledgement that arrives while the serial device is disconnected
 * makes lanserv stop the timer that reconnects it (sol.c uses one timer for both): restart it. */
void mbmc_sol_outbound_handled(const msg_t *msg);

#endif
