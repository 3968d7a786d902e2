/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "status_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* One line: newlines in a message must not start another key. */
static void one_line(char *dst, size_t len, const char *src)
{
    snprintf(dst, len, "%s", src ? src : "");
    for (char *p = dst; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
}

int mbmc_status_file_write(const char *path, const char *backend, int power, const char *error,
                           const char *media, const char *facts)
{
    if (!path || !*path)
        return 0;
    char tmp[4096];
    if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
        return ENAMETOOLONG;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return errno;
    char buf[4096];
    char clean[512], image[1024];
    one_line(clean, sizeof(clean), error);
    one_line(image, sizeof(image), media);
    int n = snprintf(buf, sizeof(buf), "pid=%ld\nbackend=%s\npower=%s\nupdated=%lld\nerror=%s\n"
                     "media=%s\n%s", (long)getpid(), backend ? backend : "none",
                     power > 0 ? "on" : power == 0 ? "off" : "unknown",
                     (long long)time(NULL), clean, image, facts ? facts : "");
    if (n < 0 || n >= (int)sizeof(buf))
        n = (int)strlen(buf);
    int rc = 0;
    if (write(fd, buf, (size_t)n) != n)
        rc = errno ? errno : EIO;
    if (close(fd) && !rc)
        rc = errno;
    if (!rc && rename(tmp, path))
        rc = errno;
    if (rc)
        unlink(tmp);
    return rc;
}
