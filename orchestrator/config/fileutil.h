/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Atomic file writes: temp file in the same directory, fsync, rename. */
#ifndef MBMC_FILEUTIL_H
#define MBMC_FILEUTIL_H

#include <glib.h>
#include <sys/types.h>

gboolean mbmc_write_file_atomic(const char *path, const char *data, gsize len, mode_t mode,
                                GError **error);
/* Write only when the content differs (or the mode does); *changed reports a rewrite. */
gboolean mbmc_write_file_if_changed(const char *path, const char *data, mode_t mode,
                                    gboolean *changed, GError **error);
/* First line of a secret file, refused when group/other may read it. */
char *mbmc_read_secret_file(const char *path, GError **error);

#endif
