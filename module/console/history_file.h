/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The console history file in the BMC's state directory: read once at start, replaced
 * atomically (PATH.tmp, then rename) while ipmi_sim runs, so a kill at any moment leaves the
 * previous or the new history, never a torn one. Mode 0600: console output can hold
 * anything the VM printed. */
#ifndef MBMC_HISTORY_FILE_H
#define MBMC_HISTORY_FILE_H

#include <stddef.h>
#include <stdint.h>

/* The last cap bytes of the file into a new buffer (*buf, free() it; NULL when empty).
 * Returns 0 (also when the file does not exist yet) or an errno. */
int mbmc_history_file_load(const char *path, size_t cap, uint8_t **buf, size_t *len);
/* Replace the file with buf. Returns 0 or an errno. */
int mbmc_history_file_save(const char *path, const uint8_t *buf, size_t len);

#endif
