/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How lanserv should see a console's acknowledgement of its SOL packet in flight.
 *
 * IPMI 2.0 (SOL payload, table 15-2): a NACK says the packet's characters were not taken,
 * or only the accepted count of them; what was not taken is the BMC's to send again, within
 * the SOL retry count and interval (configuration parameter 4). Nothing lets a NACK stop the
 * output for good, yet on one lanserv takes the next sequence number, stops its resend
 * timer and keeps waiting for an acknowledgement, of a packet it never sends: its output
 * stops until ipmi_sim restarts, for every later console too. FreeIPMI NACKs every packet without
 * characters ("accepted 0" is its NACK), and lanserv sends such a packet when its resend
 * timer outlives a console (reference sol-stall.md).
 * So the module never lets a NACK reach lanserv:
 *  - a NACK of a packet without characters refuses nothing: an ACK;
 *  - a NACK that took some characters: an ACK of those, lanserv sends the rest at once;
 *  - a NACK that took none: lanserv does not see it and resends after the retry interval,
 *    at most its retry count, then drops the packet and carries on with new output. */
#ifndef MBMC_SOL_NACK_H
#define MBMC_SOL_NACK_H

#include <stdbool.h>

#include "sol_internals.h"

enum mbmc_sol_ack_fix {
    MBMC_SOL_ACK_AS_IS,         /* not a NACK of the packet in flight */
    MBMC_SOL_ACK_CLEAR_NACK,    /* hand it to lanserv as an ACK (of `accepted` characters) */
    MBMC_SOL_ACK_RESEND,        /* hide the acknowledgement; resend after the retry interval */
};

/* st: lanserv's outbound state. ack, nack, accepted: the console's packet (ack sequence
 * number, NACK bit, accepted character count). sent: characters in the packet in flight,
 * -1 if unknown. Pure. */
enum mbmc_sol_ack_fix mbmc_sol_judge_ack(const struct mbmc_sol_out *st, unsigned ack, bool nack,
                                         unsigned accepted, int sent);

#endif
