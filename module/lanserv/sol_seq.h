/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ipmi_sim 2.0.33 keeps the sequence number of the last SOL packet it accepted across SOL
 * sessions (Activate Payload does not reset it). A new session whose first data packet has
 * that same number is taken for a retransmission: acknowledged with the old session's count,
 * its characters dropped (the first keystrokes after `sol deactivate` + `sol activate` got
 * lost). We follow ipmi_sim's view of the inbound sequence and, in exactly that case, first
 * hand it a packet with another number that carries nothing (flush-in), so the real one is
 * new to it. */
#ifndef MBMC_SOL_SEQ_H
#define MBMC_SOL_SEQ_H

#include <stdint.h>

struct mbmc_sol_seq {
    uint32_t active_sid;    /* session holding SOL instance 1 */
    uint32_t last_sid;      /* session of the last accepted data packet */
    unsigned last_seq;      /* its sequence number (ipmi_sim's last_acked_packet), 0 none */
};

/* Instance 1 was activated by session sid (0: deactivated; lanserv ignores the packets the
 * old session may still send, so they must not count). */
void mbmc_sol_seq_activated(struct mbmc_sol_seq *s, uint32_t sid);
/* An inbound SOL packet (data = payload, len bytes). Returns the sequence number of an empty
 * flush-in packet to hand ipmi_sim before this one, or 0 for none. Pure. */
unsigned mbmc_sol_seq_inbound(struct mbmc_sol_seq *s, uint32_t sid, const uint8_t *data,
                              unsigned len);

/* The module's instance of it (sol_inbound.c): Activate Payload succeeded for instance 1,
 * and a console's packet arrived (returns as mbmc_sol_seq_inbound). */
void mbmc_sol_seq_note_activation(uint32_t sid);
void mbmc_sol_seq_note_deactivation(void);
unsigned mbmc_sol_seq_check(uint32_t sid, const uint8_t *data, unsigned len);

#endif
