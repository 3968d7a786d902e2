/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See sol_seq.h. */
#include "sol_seq.h"

void mbmc_sol_seq_activated(struct mbmc_sol_seq *s, uint32_t sid)
{
    s->active_sid = sid;
}

unsigned mbmc_sol_seq_inbound(struct mbmc_sol_seq *s, uint32_t sid, const uint8_t *data,
                              unsigned len)
{
    if (!s->active_sid || sid != s->active_sid || len <= 4)
        return 0;           /* history instance, another session, or no characters */
    unsigned seq = data[0] & 0x0f;
    if (!seq)
        return 0;
    unsigned inject = 0;
    if (seq == s->last_seq && sid != s->last_sid)
        inject = seq % 15 + 1;  /* any other number in 1..15 */
    /* ipmi_sim's last accepted number is this packet's now, whether new or a retransmission. */
    s->last_seq = seq;
    s->last_sid = sid;
    return inject;
}

static struct mbmc_sol_seq state;

void mbmc_sol_seq_note_activation(uint32_t sid)
{
    mbmc_sol_seq_activated(&state, sid);
}

void mbmc_sol_seq_note_deactivation(void)
{
    mbmc_sol_seq_activated(&state, 0);
}

unsigned mbmc_sol_seq_check(uint32_t sid, const uint8_t *data, unsigned len)
{
    return mbmc_sol_seq_inbound(&state, sid, data, len);
}
