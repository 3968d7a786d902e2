/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See sol_history_ring.h. */
#include "sol_history_ring.h"

#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "sol_internals.h"

#define FAIL(...) do { snprintf(why, whylen, __VA_ARGS__); return -1; } while (0)

int mbmc_sol_ring_find(size_t expect_size, struct mbmc_sol_ring *ring, char *why, size_t whylen)
{
    memset(ring, 0, sizeof(*ring));
    const uint8_t *buf;
    size_t size;
    const int *end;
    if (!mbmc_sol_history_ring_get(&buf, &size, &end))
        FAIL("lanserv's SOL state was not recognised, or the sol line has no history=");
    if (expect_size && size != expect_size)
        FAIL("the sol line keeps %zu bytes of history, not %zu (history= and sol-history-size= "
             "must match)", size, expect_size);
    /* The ring is lanserv's own allocation of history_size bytes. */
    if (malloc_usable_size((void *)buf) < size)
        FAIL("lanserv's SOL history buffer is not where OpenIPMI keeps it");
    if (size > INT_MAX || *end < -1 || *end >= (int)size)
        FAIL("lanserv's SOL history end index is out of range");
    ring->buf = buf;
    ring->size = size;
    ring->end = end;
    return 0;
}

size_t mbmc_sol_ring_end(const struct mbmc_sol_ring *ring)
{
    int e = *ring->end;
    return e < 0 ? ring->size - 1 : (size_t)e % ring->size;
}
