/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See history_file.h. */
#include "history_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file_atomic.h"

int mbmc_history_file_load(const char *path, size_t cap, uint8_t **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return errno == ENOENT ? 0 : errno;
    struct stat st;
    int e = fstat(fd, &st) ? errno : !S_ISREG(st.st_mode) ? EINVAL : 0;
    if (e) {
        close(fd);
        return e;
    }
    size_t want = (size_t)st.st_size < cap ? (size_t)st.st_size : cap;
    uint8_t *b = want ? malloc(want) : NULL;
    if (want && !b) {
        close(fd);
        return ENOMEM;
    }
    size_t got = 0;
    off_t from = st.st_size - (off_t)want;
    while (got < want) {
        ssize_t n = pread(fd, b + got, want - got, from + (off_t)got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;                  /* shorter than it said: keep what was read */
        got += (size_t)n;
    }
    close(fd);
    if (!got) {
        free(b);
        return 0;
    }
    *buf = b;
    *len = got;
    return 0;
}

int mbmc_history_file_save(const char *path, const uint8_t *buf, size_t len)
{
    /* Not durable: the file has to survive ipmi_sim being killed, which the page cache does;
     * an fsync a second would stall the loop on a busy disk. */
    return mbmc_write_atomic(path, buf, len, 0600, false);
}
