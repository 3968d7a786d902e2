/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Replacing a small file atomically: PATH.tmp (mode 0600) written in full, then renamed over
 * PATH, so a reader or a kill at any moment sees the old content or the new, never a mix. */
#ifndef MBMC_FILE_REPLACE_H
#define MBMC_FILE_REPLACE_H

#include <stdbool.h>
#include <stddef.h>

/* Returns 0 or an errno; on failure PATH is untouched and PATH.tmp removed. durable: fsync
 * before the rename (survives a power loss, costs a disk flush). */
int mbmc_file_replace(const char *path, const void *data, size_t len, bool durable);

#endif
