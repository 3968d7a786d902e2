/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See sol_replay.h. Packet layout (IPMI 2.0 section 15.9): sequence number (0 = only an
 * acknowledgement), acknowledged sequence number, accepted character count, status
 * (bit 6: NACK), then the characters. */
#include "sol_replay.h"

#include <string.h>

#define STATUS_NACK 0x40

void mbmc_sol_replay_start(struct mbmc_sol_replay *r, const uint8_t *data, size_t len)
{
    memset(r, 0, sizeof(*r));
    r->data = data;
    r->len = len;
}

bool mbmc_sol_replay_input(struct mbmc_sol_replay *r, const uint8_t *p, size_t n)
{
    if (n < 4)
        return false;
    bool send = false;
    uint8_t seq = p[0] & 0x0f, acked = p[1] & 0x0f, count = p[2];
    bool nack = p[3] & STATUS_NACK;
    if (seq) {                      /* characters typed into a replay: accepted and dropped */
        r->ack_due = true;
        r->ack_seq = seq;
        r->ack_count = (uint8_t)(n - 4 > 255 ? 255 : n - 4);
        send = true;
    }
    if (r->in_flight && acked && acked == r->seq) {
        r->tries = 0;
        if (nack)
            return send;            /* the console asks for a pause: the resend timer retries */
        /* A partial acknowledgement moves on by what was accepted; the rest goes in a new
         * packet. ipmitool acknowledges with the full count; 0 characters without NACK is
         * taken as all of them rather than resending for ever. */
        r->pos += count && count < r->in_flight ? count : r->in_flight;
        r->in_flight = 0;
        send = true;
    }
    return send;
}

size_t mbmc_sol_replay_packet(struct mbmc_sol_replay *r, uint8_t *out)
{
    bool data = r->in_flight && r->resend;
    if (!r->in_flight && r->pos < r->len) {
        r->in_flight = r->len - r->pos;
        if (r->in_flight > MBMC_SOL_REPLAY_CHUNK)
            r->in_flight = MBMC_SOL_REPLAY_CHUNK;
        r->seq = (uint8_t)(r->last_seq % 15 + 1);
        r->last_seq = r->seq;
        r->tries = 0;
        data = true;
    }
    r->resend = false;
    if (!data && !r->ack_due)
        return 0;       /* a packet in flight is only resent by the timer */
    out[0] = data ? r->seq : 0;
    out[1] = r->ack_due ? r->ack_seq : 0;
    out[2] = r->ack_due ? r->ack_count : 0;
    out[3] = 0;
    r->ack_due = false;
    if (!data)
        return 4;
    memcpy(out + 4, r->data + r->pos, r->in_flight);
    r->tries++;
    return 4 + r->in_flight;
}

bool mbmc_sol_replay_timeout(struct mbmc_sol_replay *r)
{
    if (!r->in_flight || r->tries >= MBMC_SOL_REPLAY_TRIES)
        return false;
    r->resend = true;
    return true;
}

bool mbmc_sol_replay_waiting(const struct mbmc_sol_replay *r)
{
    return r->in_flight != 0;
}

bool mbmc_sol_replay_done(const struct mbmc_sol_replay *r)
{
    return !r->in_flight && r->pos >= r->len;
}
