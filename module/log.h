/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The module's one logging function. */
#ifndef MBMC_LOG_H
#define MBMC_LOG_H

#include <stdarg.h>
#include <stddef.h>

enum mbmc_log_level { MBMC_LOG_DEBUG, MBMC_LOG_INFO, MBMC_LOG_WARN, MBMC_LOG_ERR };

/* Where log lines go besides the log file (ipmi_sim's own log); NULL in unit tests. */
typedef void (*mbmc_log_sink)(enum mbmc_log_level level, const char *line, void *data);

/* Open the log file (mode 0600, appended); NULL or "" logs to stderr only. Returns 0 or errno. */
int mbmc_log_open(const char *path, const char *tag);
void mbmc_log_set_sink(mbmc_log_sink sink, void *data);
void mbmc_log_set_debug(int on);
void mbmc_log_close(void);

void mbmc_log(enum mbmc_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void mbmc_vlog(enum mbmc_log_level level, const char *fmt, va_list ap);

/* Put a reason into a caller's error buffer; returns -1 (for "return mbmc_errf(...)"). */
int mbmc_errf(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Log a message once per distinct key until mbmc_log_once_reset(key):
 * a failure repeated by every poll is reported once, its recovery once. */
void mbmc_log_once(const char *key, enum mbmc_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Returns 1 if key had been logged (so the caller can log a recovery line). */
int mbmc_log_once_reset(const char *key);

#endif
