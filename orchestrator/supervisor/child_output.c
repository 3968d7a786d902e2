/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An ipmi_sim's output, line by line (see child_output.h). */
#include "child_output.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <string.h>
#include <unistd.h>

static void emit(const char *s, gsize n, MbmcOutputLine cb, gpointer data)
{
    g_autofree char *line = g_utf8_make_valid(s, (gssize)n);
    cb(data, line);
}

void mbmc_output_take(GString *pending, const char *buf, gsize len, MbmcOutputLine cb,
                      gpointer data)
{
    g_string_append_len(pending, buf, (gssize)len);
    gsize start = 0;
    for (;;) {
        const char *nl = memchr(pending->str + start, '\n', pending->len - start);
        gsize end = nl ? (gsize)(nl - pending->str) : pending->len;
        if (end - start > MBMC_OUTPUT_LINE_MAX) {
            end = start + MBMC_OUTPUT_LINE_MAX;
            nl = NULL;
        } else if (!nl && end - start < MBMC_OUTPUT_LINE_MAX) {
            break;
        }
        emit(pending->str + start, end - start, cb, data);
        start = nl ? end + 1 : end;
    }
    g_string_erase(pending, 0, (gssize)start);
}

typedef struct {
    int fd;
    GString *pending;
    MbmcOutputLine cb;
    gpointer data;
    GDestroyNotify destroy;
} Watch;

static void watch_free(gpointer p)
{
    Watch *w = p;
    close(w->fd);
    g_string_free(w->pending, TRUE);
    if (w->destroy)
        w->destroy(w->data);
    g_free(w);
}

static gboolean readable(gint fd, GIOCondition cond, gpointer p)
{
    Watch *w = p;
    char buf[8192];
    (void)cond;
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n > 0) {
        mbmc_output_take(w->pending, buf, (gsize)n, w->cb, w->data);
        return G_SOURCE_CONTINUE;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return G_SOURCE_CONTINUE;
    /* The end (EOF or an error): a last line without its newline, then the end itself. */
    if (w->pending->len)
        emit(w->pending->str, w->pending->len, w->cb, w->data);
    w->cb(w->data, NULL);
    return G_SOURCE_REMOVE;
}

void mbmc_child_output_watch(int fd, MbmcOutputLine cb, gpointer data, GDestroyNotify destroy)
{
    Watch *w = g_new0(Watch, 1);
    w->fd = fd;
    w->pending = g_string_new(NULL);
    w->cb = cb;
    w->data = data;
    w->destroy = destroy;
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl | O_NONBLOCK);
    g_unix_fd_add_full(G_PRIORITY_DEFAULT, fd, G_IO_IN | G_IO_HUP | G_IO_ERR, readable, w, watch_free);
}
