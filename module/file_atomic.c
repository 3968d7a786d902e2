/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See file_atomic.h. */
#include "file_atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int mbmc_write_atomic(const char *path, const char *data, size_t len, mode_t mode)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
        return ENAMETOOLONG;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0)
        return errno;
    int rc = 0;
    if (write(fd, data, len) != (ssize_t)len || fsync(fd) != 0)
        rc = errno ? errno : EIO;
    if (close(fd) != 0 && !rc)
        rc = errno;
    if (!rc && rename(tmp, path) != 0)
        rc = errno;
    if (rc)
        unlink(tmp);
    return rc;
}
