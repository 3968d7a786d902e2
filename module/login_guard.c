/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "login_guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <time.h>

#include "log.h"

static struct mbmc_lockout table;

/* Monotonic milliseconds: a lockout lasts its full length, not up to a second less. */
static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void ensure_configured(void)
{
    if (!table.cfg.window)      /* not configured (yet): the defaults */
        mbmc_lockout_init(&table, &(struct mbmc_lockout_cfg){
            MBMC_LOCKOUT_DEFAULT_FAILURES, MBMC_LOCKOUT_DEFAULT_WINDOW,
            MBMC_LOCKOUT_DEFAULT_SECONDS });
}

void mbmc_login_guard_configure(const struct mbmc_lockout_cfg *cfg)
{
    mbmc_lockout_init(&table, cfg);
}

const char *mbmc_src_str(const struct mbmc_src *s, char *buf, unsigned len)
{
    static const uint8_t v4[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (!memcmp(s->a, v4, sizeof(v4)))
        return inet_ntop(AF_INET, &s->a[12], buf, (socklen_t)len);
    return inet_ntop(AF_INET6, s->a, buf, (socklen_t)len);
}

bool mbmc_login_guard_blocked(const struct mbmc_src *src, unsigned *retry_s)
{
    ensure_configured();
    uint64_t now = now_ms();
    bool blocked = mbmc_lockout_blocked(&table, src, now);
    if (retry_s)
        *retry_s = blocked ? mbmc_lockout_remaining(&table, src, now) : 0;
    return blocked;
}

void mbmc_login_guard_failed(const struct mbmc_src *src, const char *protocol)
{
    ensure_configured();
    if (mbmc_lockout_fail(&table, src, now_ms())) {
        char a[INET6_ADDRSTRLEN];
        mbmc_log(MBMC_LOG_WARN, "%u failed logins from %s within %u s (the last over %s): "
                 "refusing its IPMI and Redfish logins for %u s", table.cfg.failures,
                 mbmc_src_str(src, a, sizeof(a)), table.cfg.window, protocol, table.cfg.lockout);
    }
}

void mbmc_login_guard_succeeded(const struct mbmc_src *src)
{
    ensure_configured();
    mbmc_lockout_success(&table, src);
}
