/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A small key=value file that `multibmc status` reads: power state and last error. */
#ifndef MBMC_STATUS_FILE_H
#define MBMC_STATUS_FILE_H

#include <stdbool.h>

/* Rewrite path atomically (tmp + rename, mode 0600). power: 1 on, 0 off, -1 unknown.
 * error and media (the inserted virtual media image) may be NULL; facts (more key=value lines,
 * each ending in a newline) may be NULL. Returns 0 or errno. */
int mbmc_status_file_write(const char *path, const char *backend, int power, const char *error,
                           const char *media, const char *facts);

#endif
