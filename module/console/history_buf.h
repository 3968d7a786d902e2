/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The console history as the module keeps it (pure, unit-tested): the last `cap` bytes the
 * console printed, fed from lanserv's SOL ring by the bytes that arrived since the last look. */
#ifndef MBMC_HISTORY_BUF_H
#define MBMC_HISTORY_BUF_H

#include <stddef.h>
#include <stdint.h>

/* What a replay (SOL instance 2) ends with, as lanserv's own replay did. */
#define MBMC_HISTORY_END_MARK "\r\n<End Of History>\r\n"

/* Append n bytes to hist (len bytes used, room for cap), keeping the last cap bytes. */
void mbmc_history_append(uint8_t *hist, size_t *len, size_t cap, const uint8_t *data, size_t n);

/* Append to hist what a ring of `size` bytes got after index `from` up to index `to` (both
 * the index of a newest byte: bytes from+1 .. to, wrapping). Returns how many. */
size_t mbmc_history_take_ring(uint8_t *hist, size_t *len, size_t cap, const uint8_t *ring,
                              size_t size, size_t from, size_t to);

#endif
