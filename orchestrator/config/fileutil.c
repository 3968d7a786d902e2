/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fileutil.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static gboolean fail_errno(GError **error, int e, const char *what, const char *path)
{
    g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "%s %s: %s", what, path, g_strerror(e));
    return FALSE;
}

static gboolean write_atomic(const char *path, const char *data, gsize len, mode_t mode,
                             gboolean durable, GError **error)
{
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *base = g_path_get_basename(path);
    g_autofree char *tmpl = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
    int fd = g_mkstemp_full(tmpl, O_WRONLY | O_CLOEXEC, mode);
    if (fd < 0)
        return fail_errno(error, errno, "cannot create a temporary file for", path);
    if (fchmod(fd, mode) != 0)
        goto fail;
    gsize off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            goto fail;
        }
        off += (gsize)w;
    }
    if (durable && fsync(fd) != 0)
        goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmpl, path) != 0)
        goto fail;
    /* Make the rename itself durable. */
    int dfd = durable ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return TRUE;
fail:;
    int e = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmpl);
    return fail_errno(error, e, "cannot write", path);
}

gboolean mbmc_write_file_atomic(const char *path, const char *data, gsize len, mode_t mode,
                                GError **error)
{
    return write_atomic(path, data, len, mode, TRUE, error);
}

gboolean mbmc_write_runtime_file(const char *path, const char *data, gsize len, mode_t mode,
                                 GError **error)
{
    return write_atomic(path, data, len, mode, FALSE, error);
}

gboolean mbmc_write_runtime_file_if_changed(const char *path, const char *data, mode_t mode,
                                            gboolean *changed, GError **error)
{
    g_autofree char *old = NULL;
    gsize old_len = 0;
    struct stat st;
    *changed = FALSE;
    if (g_file_get_contents(path, &old, &old_len, NULL) && old_len == strlen(data) &&
        memcmp(old, data, old_len) == 0 && stat(path, &st) == 0 && (st.st_mode & 07777) == mode)
        return TRUE;
    if (!mbmc_write_runtime_file(path, data, strlen(data), mode, error))
        return FALSE;
    *changed = TRUE;
    return TRUE;
}

char *mbmc_read_secret_file(const char *path, GError **error)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        fail_errno(error, errno, "cannot open secret file", path);
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        fail_errno(error, errno, "cannot stat", path);
        close(fd);
        return NULL;
    }
    if (st.st_mode & 0077) {
        close(fd);
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                    "%s is readable by group or others (mode %04o): run chmod 600 %s", path,
                    (unsigned)(st.st_mode & 07777), path);
        return NULL;
    }
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    int e = errno;
    close(fd);
    if (n < 0) {
        fail_errno(error, e, "cannot read", path);
        return NULL;
    }
    buf[n] = '\0';
    buf[strcspn(buf, "\r\n")] = '\0';
    char *s = g_strdup(buf);
    memset(buf, 0, sizeof(buf));
    if (!*s) {
        g_free(s);
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "secret file %s is empty", path);
        return NULL;
    }
    return s;
}
