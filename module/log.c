/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ONCE_SLOTS 32

static struct {
    int fd;                 /* -1: stderr */
    char tag[64];
    int debug;
    mbmc_log_sink sink;
    void *sink_data;
    char once[ONCE_SLOTS][64];
} L = { .fd = -1 };

int mbmc_log_open(const char *path, const char *tag)
{
    snprintf(L.tag, sizeof(L.tag), "%s", tag ? tag : "multibmc");
    if (!path || !*path)
        return 0;
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
    if (fd < 0)
        return errno;
    if (L.fd >= 0)
        close(L.fd);
    L.fd = fd;
    return 0;
}

void mbmc_log_set_sink(mbmc_log_sink sink, void *data) { L.sink = sink; L.sink_data = data; }
void mbmc_log_set_debug(int on) { L.debug = on; }

void mbmc_log_close(void)
{
    if (L.fd >= 0)
        close(L.fd);
    L.fd = -1;
    L.sink = NULL;
}

static const char *level_name(enum mbmc_log_level level)
{
    switch (level) {
    case MBMC_LOG_DEBUG: return "debug";
    case MBMC_LOG_INFO: return "info";
    case MBMC_LOG_WARN: return "warning";
    default: return "error";
    }
}

void mbmc_vlog(enum mbmc_log_level level, const char *fmt, va_list ap)
{
    if (level == MBMC_LOG_DEBUG && !L.debug)
        return;
    char msg[1024];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    /* One line per message: never let a peer's text split or forge log lines. */
    for (char *p = msg; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';

    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    char line[1200];
    int n = snprintf(line, sizeof(line), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s %s: %s\n",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                     tm.tm_sec, ts.tv_nsec / 1000000, L.tag[0] ? L.tag : "multibmc",
                     level_name(level), msg);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof(line))
        n = sizeof(line) - 1;
    int fd = L.fd >= 0 ? L.fd : STDERR_FILENO;
    ssize_t w = write(fd, line, (size_t)n);
    (void)w;
    if (L.sink)
        L.sink(level, msg, L.sink_data);
}

void mbmc_log(enum mbmc_log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mbmc_vlog(level, fmt, ap);
    va_end(ap);
}

static int once_find(const char *key)
{
    for (int i = 0; i < ONCE_SLOTS; i++)
        if (L.once[i][0] && strncmp(L.once[i], key, sizeof(L.once[i]) - 1) == 0)
            return i;
    return -1;
}

void mbmc_log_once(const char *key, enum mbmc_log_level level, const char *fmt, ...)
{
    if (once_find(key) >= 0)
        return;
    for (int i = 0; i < ONCE_SLOTS; i++) {
        if (!L.once[i][0]) {
            snprintf(L.once[i], sizeof(L.once[i]), "%s", key);
            break;
        }
    }
    va_list ap;
    va_start(ap, fmt);
    mbmc_vlog(level, fmt, ap);
    va_end(ap);
}

int mbmc_log_once_reset(const char *key)
{
    int i = once_find(key);
    if (i < 0)
        return 0;
    L.once[i][0] = '\0';
    return 1;
}

int mbmc_errf(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}
