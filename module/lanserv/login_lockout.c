/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See login_lockout.h. lanserv tells nobody how a handshake ended, so the module watches the
 * session table around the handshake handlers: each session opened is remembered with its
 * source; after every handler the remembered ones are checked. Completed (out of start-up)
 * = success; gone or replaced while still in start-up after RAKP 1 = failure. A session that
 * expired in start-up (session_startup.c) is noticed at the next handshake message, which
 * is the next moment a lockout decision is needed. */
#include "login_lockout.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <time.h>

#include "lanserv_guard.h"
#include "lanserv_session.h"
#include "log.h"
#include "sim_abi.h"

struct watched {
    bool used;
    bool rakp1;                 /* a user name was tried on it */
    uint32_t sid;
    struct mbmc_src src;
};

static struct {
    ipmi_payload_handler_cb orig_open_session, orig_rakp1, orig_rakp3;
    struct mbmc_lockout table;
    struct watched w[MAX_SESSIONS + 1];     /* indexed like lan->sessions */
} ll;

static uint64_t now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec;
}

bool mbmc_msg_src(const msg_t *msg, struct mbmc_src *out)
{
    socklen_t len = 0;
    const struct sockaddr *sa = mbmc_msg_sockaddr(msg, &len);
    memset(out, 0, sizeof(*out));
    if (!sa || len < sizeof(struct sockaddr_in))
        return false;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        out->a[10] = out->a[11] = 0xff;                 /* ::ffff:a.b.c.d */
        memcpy(&out->a[12], &in->sin_addr, 4);
        return true;
    }
    if (sa->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        memcpy(out->a, &in6->sin6_addr, 16);
        return true;
    }
    return false;
}

static const char *src_str(const struct mbmc_src *s, char *buf, size_t len)
{
    static const uint8_t v4[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (!memcmp(s->a, v4, sizeof(v4)))
        return inet_ntop(AF_INET, &s->a[12], buf, (socklen_t)len);
    return inet_ntop(AF_INET6, s->a, buf, (socklen_t)len);
}

static void failed(const struct mbmc_src *src)
{
    if (mbmc_lockout_fail(&ll.table, src, now_s())) {
        char a[INET6_ADDRSTRLEN];
        mbmc_log(MBMC_LOG_WARN, "%u failed RMCP+ logins from %s within %u s: ignoring its "
                 "sessions for %u s", ll.table.cfg.failures, src_str(src, a, sizeof(a)),
                 ll.table.cfg.window, ll.table.cfg.lockout);
    }
}

/* Settle every remembered handshake that ended, and remember the new ones from src. */
static void scan(lanserv_data_t *lan, const struct mbmc_src *src)
{
    for (unsigned i = 1; i <= MAX_SESSIONS; i++) {
        session_t *s = &lan->sessions[i];
        struct watched *w = &ll.w[i];
        if (w->used && (!s->active || s->sid != w->sid || !s->in_startup)) {
            if (s->active && s->sid == w->sid)
                mbmc_lockout_success(&ll.table, &w->src);
            else if (w->rakp1)
                failed(&w->src);
            w->used = false;
        }
        if (!w->used && src && s->active && s->in_startup && mbmc_session_is_rmcpp(s)) {
            *w = (struct watched){ .used = true, .sid = s->sid, .src = *src };
        }
    }
}

static void open_session(lanserv_data_t *lan, msg_t *msg)
{
    struct mbmc_src src;
    bool known = mbmc_msg_src(msg, &src);
    scan(lan, NULL);
    if (known && mbmc_lockout_blocked(&ll.table, &src, now_s()))
        return;     /* no answer: the client times out, as on a dead address */
    ll.orig_open_session(lan, msg);
    if (known)
        scan(lan, &src);
}

static void rakp1(lanserv_data_t *lan, msg_t *msg)
{
    if (msg->len >= 8) {
        uint32_t sid = mbmc_get_le32(msg->data + 4);
        unsigned i = (sid >> 1) & SESSION_MASK;
        if (!(sid & 1) && i >= 1 && i <= MAX_SESSIONS && ll.w[i].used && ll.w[i].sid == sid)
            ll.w[i].rakp1 = true;
    }
    ll.orig_rakp1(lan, msg);
    scan(lan, NULL);
}

static void rakp3(lanserv_data_t *lan, msg_t *msg)
{
    ll.orig_rakp3(lan, msg);
    scan(lan, NULL);
}

void mbmc_login_lockout_configure(const struct mbmc_lockout_cfg *cfg)
{
    mbmc_lockout_init(&ll.table, cfg);
}

void mbmc_login_lockout_install(struct mbmc_lanserv *ls)
{
    if (ll.orig_open_session)
        return;
    if (!ll.table.cfg.window)       /* not configured (yet): the defaults */
        mbmc_lockout_init(&ll.table, &(struct mbmc_lockout_cfg){
            MBMC_LOCKOUT_DEFAULT_FAILURES, MBMC_LOCKOUT_DEFAULT_WINDOW,
            MBMC_LOCKOUT_DEFAULT_SECONDS });
    ll.orig_open_session = ls->payload_handlers[MBMC_PAYLOAD_OPEN_SESSION];
    ls->payload_handlers[MBMC_PAYLOAD_OPEN_SESSION] = open_session;
    ll.orig_rakp1 = ls->payload_handlers[MBMC_PAYLOAD_RAKP1];
    ls->payload_handlers[MBMC_PAYLOAD_RAKP1] = rakp1;
    ll.orig_rakp3 = ls->payload_handlers[MBMC_PAYLOAD_RAKP3];
    ls->payload_handlers[MBMC_PAYLOAD_RAKP3] = rakp3;
}
