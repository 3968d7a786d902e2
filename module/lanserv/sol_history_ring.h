/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Read access to lanserv's SOL history ring (found through sol_internals.h, the one place
 * that knows lanserv's private SOL state). The module takes the console stream from it
 * byte-exactly: the ring's bytes and its end index are right, while lanserv's own start index
 * and the copies built from it are not (a first single-byte read is dropped, a wrap can make
 * it report a short or empty history). The ring is checked on the live process before use:
 * a mismatch disables the console history, never reads wrong memory. */
#ifndef MBMC_SOL_HISTORY_RING_H
#define MBMC_SOL_HISTORY_RING_H

#include <stddef.h>
#include <stdint.h>

struct mbmc_sol_ring {
    const uint8_t *buf;         /* lanserv's ring, `size` bytes */
    size_t size;
    const int *end;             /* index of the newest byte (-1 reads as size - 1) */
};

/* Find the ring of the BMC's SOL (the sol line's history=N; N must be expect_size unless that
 * is 0), after mbmc_sol_internals_check() passed. Returns 0, or -1 with the reason in why.
 * Changes nothing. */
int mbmc_sol_ring_find(size_t expect_size, struct mbmc_sol_ring *ring, char *why, size_t whylen);

/* The index of the newest byte now, 0..size-1. */
size_t mbmc_sol_ring_end(const struct mbmc_sol_ring *ring);

#endif
