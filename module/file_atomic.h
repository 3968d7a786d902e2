/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Replacing a small file so that a reader (or a kill at any moment) sees the old content or
 * the new, never half of it: PATH.tmp written in full beside it, then renamed over PATH. */
#ifndef MBMC_FILE_ATOMIC_H
#define MBMC_FILE_ATOMIC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Replace path with data; mode applies to the new file (symbolic links are not followed).
 * durable: fsync before the rename, so the new content also survives a power loss (costs a
 * disk flush; files that only have to survive a crash of ipmi_sim skip it). Returns 0 or an
 * errno value; on failure path is untouched and PATH.tmp removed. */
int mbmc_write_atomic(const char *path, const void *data, size_t len, mode_t mode, bool durable);

#endif
