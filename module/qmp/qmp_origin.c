/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "qmp_origin.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file_atomic.h"

unsigned long long qmp_origin_start_time(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    /* The command name may hold spaces and parentheses: count fields after the last ')'. */
    char *p = strrchr(buf, ')');
    if (!p)
        return 0;
    p++;
    for (int field = 3; field < 22 && p; field++)
        p = strchr(p + 1, ' ');
    return p ? strtoull(p + 1, NULL, 10) : 0;
}

int qmp_origin_load(const char *file, pid_t pid, unsigned long long start,
                    struct qmp_bootdev *d, size_t n)
{
    FILE *f = fopen(file, "re");
    if (!f)
        return -1;
    char line[600];
    int fpid = 0;
    unsigned long long fstart = 0;
    int rc = -1;
    if (fgets(line, sizeof(line), f) && sscanf(line, "qemu %d %llu", &fpid, &fstart) == 2 &&
        fpid == pid && fstart == start && start) {
        rc = 0;
        while (fgets(line, sizeof(line), f)) {
            int idx;
            char path[512];
            if (sscanf(line, "%d %511s", &idx, path) != 2)
                continue;
            for (size_t i = 0; i < n; i++)
                if (!strcmp(d[i].path, path))
                    d[i].orig = idx;
        }
    }
    fclose(f);
    return rc;
}

int qmp_origin_save(const char *file, pid_t pid, unsigned long long start,
                    const struct qmp_bootdev *d, size_t n)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return errno;
    fprintf(f, "qemu %d %llu\n", (int)pid, start);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%d %s\n", d[i].orig, d[i].path);
    int rc = fclose(f) == 0 ? 0 : errno;
    /* durable: the VM's own boot order is what we must put back, even after a power loss. */
    if (!rc)
        rc = mbmc_write_atomic(file, text, len, 0600, true);
    free(text);
    return rc;
}
