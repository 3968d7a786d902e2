/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See file_atomic.h. */
#include "file_atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int mbmc_write_atomic(const char *path, const void *data, size_t len, mode_t mode, bool durable)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
        return ENAMETOOLONG;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0)
        return errno;
    int rc = 0;
    const char *p = data;
    for (size_t done = 0; done < len && !rc;) {
        ssize_t n = write(fd, p + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            rc = n < 0 ? errno : EIO;
        else
            done += (size_t)n;
    }
    if (!rc && durable && fsync(fd))
        rc = errno;
    if (close(fd) && !rc)
        rc = errno;
    if (!rc && rename(tmp, path))
        rc = errno;
    if (rc)
        unlink(tmp);
    return rc;
}
