/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Splits QMP's byte stream into lines. QEMU writes one JSON object per line ("\r\n"),
 * but a read() may end anywhere: in the middle of a line or of a UTF-8 sequence. */
#ifndef MBMC_QMP_LINES_H
#define MBMC_QMP_LINES_H

#include <stdbool.h>
#include <stddef.h>

struct qmp_lines {
    char *buf;
    size_t start;       /* first byte not yet returned */
    size_t len;         /* bytes held */
    size_t cap;
    size_t max_line;    /* a longer line is a protocol error */
};

void qmp_lines_init(struct qmp_lines *l, size_t max_line);
void qmp_lines_free(struct qmp_lines *l);
/* Forget everything buffered (new connection). */
void qmp_lines_reset(struct qmp_lines *l);
/* Append received bytes. Returns 0, or -1 when out of memory or when an unfinished line
 * already exceeds max_line (the peer is not speaking QMP). */
int qmp_lines_feed(struct qmp_lines *l, const char *data, size_t n);
/* Next complete line without its "\r\n", NUL-terminated; valid until the next feed.
 * Returns false when no complete line is buffered. */
bool qmp_lines_next(struct qmp_lines *l, char **line, size_t *len);

#endif
