/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "status_file.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "file_atomic.h"

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
    /* No fsync: the supervisor reads it while ipmi_sim runs; a power loss restarts both. */
    return mbmc_write_atomic(path, buf, (size_t)n, 0600, false);
}
