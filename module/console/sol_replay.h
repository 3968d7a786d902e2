/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sending a fixed buffer to a SOL console (pure, unit-tested): the history replay of SOL
 * instance 2. One packet in flight, sequence numbers 1..15, resent on a timer until the
 * console acknowledges it; a partial acknowledgement moves on by the characters accepted.
 * Characters the console sends are acknowledged and dropped (a replay has no input). */
#ifndef MBMC_SOL_REPLAY_H
#define MBMC_SOL_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MBMC_SOL_REPLAY_CHUNK 255     /* characters per packet (one count byte) */
#define MBMC_SOL_REPLAY_TRIES 10      /* sends of one packet before waiting silently */

struct mbmc_sol_replay {
    const uint8_t *data;
    size_t len;
    size_t pos;             /* acknowledged up to here */
    size_t in_flight;       /* characters of the unacknowledged packet at pos, 0: none */
    uint8_t seq;            /* its sequence number */
    uint8_t last_seq;       /* the last one used */
    unsigned tries;         /* sends of the packet in flight */
    bool resend;            /* the timer asked for the packet in flight again */
    bool ack_due;           /* the console sent characters: acknowledge them */
    uint8_t ack_seq, ack_count;
};

void mbmc_sol_replay_start(struct mbmc_sol_replay *r, const uint8_t *data, size_t len);
/* A SOL payload from the console. Returns true when a packet should be sent now. */
bool mbmc_sol_replay_input(struct mbmc_sol_replay *r, const uint8_t *p, size_t n);
/* The packet to send now (new data, a resend, or a bare acknowledgement) into out, which has
 * room for 4 + MBMC_SOL_REPLAY_CHUNK bytes; returns its length, 0 when there is none. */
size_t mbmc_sol_replay_packet(struct mbmc_sol_replay *r, uint8_t *out);
/* The resend timer fired: true to resend, false once MBMC_SOL_REPLAY_TRIES sends went
 * unanswered (the replay then waits; a late acknowledgement resumes it). */
bool mbmc_sol_replay_timeout(struct mbmc_sol_replay *r);
/* A data packet awaits its acknowledgement. */
bool mbmc_sol_replay_waiting(const struct mbmc_sol_replay *r);
/* Everything was sent and acknowledged. */
bool mbmc_sol_replay_done(const struct mbmc_sol_replay *r);

#endif
