/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See history_buf.h. */
#include "history_buf.h"

#include <string.h>

void mbmc_history_append(uint8_t *hist, size_t *len, size_t cap, const uint8_t *data, size_t n)
{
    if (!n || !cap)
        return;
    if (n >= cap) {
        memcpy(hist, data + n - cap, cap);
        *len = cap;
        return;
    }
    if (*len + n > cap) {               /* drop the oldest */
        size_t drop = *len + n - cap;
        memmove(hist, hist + drop, *len - drop);
        *len -= drop;
    }
    memcpy(hist + *len, data, n);
    *len += n;
}

size_t mbmc_history_take_ring(uint8_t *hist, size_t *len, size_t cap, const uint8_t *ring,
                              size_t size, size_t from, size_t to)
{
    if (!size || from >= size || to >= size || from == to)
        return 0;
    size_t first = from + 1 == size ? 0 : from + 1;
    if (first <= to) {
        mbmc_history_append(hist, len, cap, ring + first, to - first + 1);
        return to - first + 1;
    }
    mbmc_history_append(hist, len, cap, ring + first, size - first);    /* up to the ring's end */
    mbmc_history_append(hist, len, cap, ring, to + 1);                  /* and on from its start */
    return size - first + to + 1;
}
