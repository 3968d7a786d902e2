/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See sol_nack.h. */
#include "sol_nack.h"

enum mbmc_sol_ack_fix mbmc_sol_judge_ack(const struct mbmc_sol_out *st, unsigned ack, bool nack,
                                         unsigned accepted, int sent)
{
    if (!nack || !ack || !st->waiting_ack || ack != st->seq)
        return MBMC_SOL_ACK_AS_IS;
    if (sent == 0 || accepted > 0)
        return MBMC_SOL_ACK_CLEAR_NACK;
    return MBMC_SOL_ACK_RESEND;
}
