/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Atomic file writes: temp file in the same directory, rename; fsync where it matters. */
#ifndef MBMC_FILEUTIL_H
#define MBMC_FILEUTIL_H

#include <glib.h>
#include <sys/types.h>

/* Durable: fsync of the file and of the directory after the rename (the configuration). */
gboolean mbmc_write_file_atomic(const char *path, const char *data, gsize len, mode_t mode,
                                GError **error);
/* Atomic but not synced: files under the run directory, remade at every start and on tmpfs
 * (/run) in production. At 1000 BMCs the syncs were 8 per BMC start on a disk. */
gboolean mbmc_write_runtime_file(const char *path, const char *data, gsize len, mode_t mode,
                                 GError **error);
/* A runtime file, written only when the content differs (or the mode does); *changed
 * reports a rewrite. */
gboolean mbmc_write_runtime_file_if_changed(const char *path, const char *data, mode_t mode,
                                            gboolean *changed, GError **error);
/* First line of a secret file, refused when group/other may read it. */
char *mbmc_read_secret_file(const char *path, GError **error);

#endif
