/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See log_guard.h. */
#include "log_guard.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <OpenIPMI/lanserv.h>

#define LINE_MAX_STACK 512

typedef void (*sim_log_fn)(sys_data_t *sys, int type, msg_t *msg, const char *format, ...);

static sim_log_fn sim_log;

bool mbmc_log_msg_unset(const char *format)
{
    return format && (strcmp(format, "LAN msg failure: message too short") == 0
                      || strcmp(format, "LAN msg failure: seq not ff") == 0);
}

/* The arguments cannot be passed on as they are (ipmi_sim's log has no va_list form), so
 * the line is formatted here and handed on as "%s". */
static void __attribute__((format(printf, 4, 5)))
guarded_log(sys_data_t *sys, int type, msg_t *msg, const char *format, ...)
{
    msg_t bare;
    if (msg && mbmc_log_msg_unset(format)) {
        bare = *msg;
        bare.data = NULL;
        bare.len = 0;
        msg = &bare;
    }
    char line[LINE_MAX_STACK], *text = line;
    va_list ap, again;
    va_start(ap, format);
    va_copy(again, ap);
    int n = vsnprintf(line, sizeof(line), format, ap);
    va_end(ap);
    if (n < 0)
        line[0] = 0;
    else if ((size_t)n >= sizeof(line)) {
        char *big = malloc((size_t)n + 1);
        if (big) {
            vsnprintf(big, (size_t)n + 1, format, again);
            text = big;
        }
    }
    va_end(again);
    sim_log(sys, type, msg, "%s", text);
    if (text != line)
        free(text);
}

void mbmc_log_guard_install(sys_data_t *sys)
{
    if (sys->log == guarded_log)
        return;
    sim_log = sys->log;
    sys->log = guarded_log;
}
