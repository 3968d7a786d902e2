/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "qmp_lines.h"

#include <stdlib.h>
#include <string.h>

void qmp_lines_init(struct qmp_lines *l, size_t max_line)
{
    memset(l, 0, sizeof(*l));
    l->max_line = max_line;
}

void qmp_lines_free(struct qmp_lines *l)
{
    free(l->buf);
    qmp_lines_init(l, l->max_line);
}

void qmp_lines_reset(struct qmp_lines *l)
{
    l->start = 0;
    l->len = 0;
}

int qmp_lines_feed(struct qmp_lines *l, const char *data, size_t n)
{
    /* Drop what was already returned before growing. */
    if (l->start) {
        memmove(l->buf, l->buf + l->start, l->len - l->start);
        l->len -= l->start;
        l->start = 0;
    }
    if (l->len + n + 1 > l->cap) {
        size_t cap = l->cap ? l->cap : 4096;
        while (cap < l->len + n + 1)
            cap *= 2;
        char *b = realloc(l->buf, cap);
        if (!b)
            return -1;
        l->buf = b;
        l->cap = cap;
    }
    memcpy(l->buf + l->len, data, n);
    l->len += n;
    /* Only the unfinished tail counts against the limit. */
    const char *nl = l->len ? memrchr(l->buf, '\n', l->len) : NULL;
    size_t tail = nl ? l->len - (size_t)(nl - l->buf) - 1 : l->len;
    return tail > l->max_line ? -1 : 0;
}

bool qmp_lines_next(struct qmp_lines *l, char **line, size_t *len)
{
    char *s = l->buf + l->start;
    char *nl = l->len > l->start ? memchr(s, '\n', l->len - l->start) : NULL;
    if (!nl)
        return false;
    size_t n = (size_t)(nl - s);
    l->start += n + 1;
    if (n && s[n - 1] == '\r')
        n--;
    s[n] = '\0';
    *line = s;
    *len = n;
    return true;
}
