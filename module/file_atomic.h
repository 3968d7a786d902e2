/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Replacing a small file so that a reader (or a crash) sees the old or the new content,
 * never half of it: write a temporary file beside it, fsync, rename. */
#ifndef MBMC_FILE_ATOMIC_H
#define MBMC_FILE_ATOMIC_H

#include <stddef.h>
#include <sys/types.h>

/* Replace path with data; mode applies to the new file (symbolic links are not followed).
 * Returns 0 or an errno value. */
int mbmc_write_atomic(const char *path, const char *data, size_t len, mode_t mode);

#endif
