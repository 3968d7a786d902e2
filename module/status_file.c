/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "status_file.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "file_replace.h"

int mbmc_status_file_write(const char *path, const char *backend, int power, const char *error)
{
    if (!path || !*path)
        return 0;
    char buf[1024];
    char clean[512] = "";
    if (error) {
        snprintf(clean, sizeof(clean), "%s", error);
        for (char *p = clean; *p; p++)
            if (*p == '\n' || *p == '\r')
                *p = ' ';
    }
    int n = snprintf(buf, sizeof(buf), "pid=%ld\nbackend=%s\npower=%s\nupdated=%lld\nerror=%s\n",
                     (long)getpid(), backend ? backend : "none",
                     power > 0 ? "on" : power == 0 ? "off" : "unknown",
                     (long long)time(NULL), clean);
    if (n < 0 || n >= (int)sizeof(buf))
        n = (int)strlen(buf);
    return mbmc_file_replace(path, buf, (size_t)n, false);
}
