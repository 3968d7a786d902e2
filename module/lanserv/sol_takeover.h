/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The console that loses SOL to another session is told, the way IPMI 2.0 has a BMC do it:
 * a SOL packet to it with the "SOL deactivating" status bit (BMC to console, bit 4).
 * lanserv's Deactivate Payload drops the old console without a word.
 *
 * FreeIPMI's ipmiconsole ends on it ("SOL session stolen"). ipmitool 1.8.19 reads the bit
 * but does nothing with it; it ends at its next keystroke, which the BMC no longer
 * acknowledges ("SOL session closed by BMC"). The packet goes again every second, at most
 * MBMC_SOL_NOTICE_SENDS times, until the old console acknowledges it or its session ends. */
#ifndef MBMC_SOL_TAKEOVER_H
#define MBMC_SOL_TAKEOVER_H

#include <stdint.h>

#include <OpenIPMI/serv.h>

#include "loop.h"

#define MBMC_SOL_NOTICE_SENDS 4
#define MBMC_SOL_DEACTIVATING 0x10      /* operation/status byte, BMC to console */

void mbmc_sol_takeover_init(struct mbmc_loop *loop);

/* Session sid is about to deactivate instance 1: if another session holds it, tell that
 * one. Call before lanserv's deactivation (it forgets the old console's address). */
void mbmc_sol_takeover_notify(uint32_t sid);

/* Every console's SOL packet: an acknowledgement of the notice ends its resends. */
void mbmc_sol_takeover_inbound(const msg_t *msg);

/* The notice's sequence number: any but the one of lanserv's packet in flight. Pure. */
unsigned mbmc_sol_notice_seq(unsigned seq, int waiting_ack);

#endif
