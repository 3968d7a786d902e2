/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See login_lockout.h. lanserv tells nobody how a handshake ended, so the module watches the
 * session table around the handshake handlers: each session opened is remembered with its
 * source and a deadline (its last handshake message + MBMC_SESSION_STARTUP_SECONDS); after
 * every handler the remembered ones are checked. Completed (out of start-up) = success; gone
 * or replaced while still in start-up after RAKP 1 = failure.
 *
 * An abandoned handshake (a client that rejected RAKP 2 because its password is wrong sends
 * nothing more) is only known as failed at its deadline. A timer of our own settles it then,
 * to the millisecond: the lockout does not wait for lanserv's 1 s tick, which counts ticks,
 * not time, and falls behind on a busy machine, nor for the next message from anyone. The
 * expired session is dead for us from that moment: its late RAKP messages are dropped and
 * lanserv closes it at its next tick. */
#include "login_lockout.h"

#include <netinet/in.h>
#include <string.h>
#include <time.h>

#include "lanserv_guard.h"
#include "lanserv_session.h"
#include "login_guard.h"
#include "session_startup.h"
#include "sim_abi.h"

struct watched {
    bool used;
    bool rakp1;                 /* a user name was tried on it */
    bool expired;               /* counted at its deadline; lanserv closes it at its next tick */
    uint32_t sid;
    uint64_t deadline_ms;       /* last handshake message + the start-up limit */
    struct mbmc_src src;
};

static struct {
    ipmi_payload_handler_cb orig_open_session, orig_rakp1, orig_rakp3;
    lanserv_data_t *lan;        /* seen at the first handshake message */
    struct mbmc_loop *loop;     /* NULL: expiries are settled at the next handshake message */
    struct mbmc_timer *timer;
    unsigned expiry_ms;
    struct watched w[MAX_SESSIONS + 1];     /* indexed like lan->sessions */
} ll = { .expiry_ms = MBMC_SESSION_STARTUP_SECONDS * 1000u };

static uint64_t now_ms(void)
{
    if (ll.loop)
        return mbmc_loop_now_ms(ll.loop);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
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

/* The watched handshake with this BMC session id, or NULL. */
static struct watched *watched_sid(uint32_t sid)
{
    unsigned i = (sid >> 1) & SESSION_MASK;
    if (!sid || (sid & 1) || i < 1 || i > MAX_SESSIONS || !ll.w[i].used || ll.w[i].sid != sid)
        return NULL;
    return &ll.w[i];
}

static void arm_timer(void)
{
    if (!ll.timer)
        return;
    uint64_t next = 0;
    for (unsigned i = 1; i <= MAX_SESSIONS; i++) {
        const struct watched *w = &ll.w[i];
        if (w->used && !w->expired && (!next || w->deadline_ms < next))
            next = w->deadline_ms;
    }
    if (!next) {
        mbmc_timer_stop(ll.timer);
        return;
    }
    uint64_t now = now_ms();
    mbmc_timer_start(ll.timer, next > now ? (unsigned)(next - now) : 0);
}

/* A login from src succeeded: its count starts over, and the handshakes it left open before
 * (a client that retried) will not count against it when they expire. */
static void succeeded(const struct mbmc_src *src)
{
    mbmc_login_guard_succeeded(src);
    for (unsigned i = 1; i <= MAX_SESSIONS; i++)
        if (ll.w[i].used && !ll.w[i].expired && !memcmp(&ll.w[i].src, src, sizeof(*src)))
            ll.w[i].rakp1 = false;
}

/* Settle every remembered handshake that ended or passed its deadline, and remember the new
 * ones from src. */
static void scan(lanserv_data_t *lan, const struct mbmc_src *src)
{
    uint64_t now = now_ms();
    for (unsigned i = 1; i <= MAX_SESSIONS; i++) {
        session_t *s = &lan->sessions[i];
        struct watched *w = &ll.w[i];
        bool same = w->used && s->active && s->sid == w->sid;
        if (w->used && (!same || !s->in_startup)) {
            if (same)
                succeeded(&w->src);
            else if (w->rakp1 && !w->expired)
                mbmc_login_guard_failed(&w->src, "RMCP+");
            w->used = false;
        } else if (w->used && !w->expired && now >= w->deadline_ms) {
            /* Abandoned: a failure now. lanserv's clamp closes it within a tick; make sure. */
            if (w->rakp1)
                mbmc_login_guard_failed(&w->src, "RMCP+");
            w->expired = true;
            s->time_left = 0;
        }
        if (!w->used && src && s->active && s->in_startup && mbmc_session_is_rmcpp(s)) {
            *w = (struct watched){ .used = true, .sid = s->sid, .src = *src,
                                   .deadline_ms = now + ll.expiry_ms };
        }
    }
    arm_timer();
}

static void deadline_passed(void *data)
{
    (void)data;
    if (ll.lan)
        scan(ll.lan, NULL);
}

static void open_session(lanserv_data_t *lan, msg_t *msg)
{
    struct mbmc_src src;
    bool known = mbmc_msg_src(msg, &src);
    ll.lan = lan;
    scan(lan, NULL);
    if (known && mbmc_login_guard_blocked(&src, NULL))
        return;     /* no answer: the client times out, as on a dead address */
    ll.orig_open_session(lan, msg);
    if (known)
        scan(lan, &src);
}

/* RAKP 1 and 3 carry the BMC's session id at offset 4. A message for a handshake that passed
 * its deadline is dropped: for the lockout it has failed already. */
static struct watched *handshake_of(msg_t *msg)
{
    return msg->len >= 8 ? watched_sid(mbmc_get_le32(msg->data + 4)) : NULL;
}

static void rakp1(lanserv_data_t *lan, msg_t *msg)
{
    ll.lan = lan;
    struct watched *w = handshake_of(msg);
    if (w && w->expired)
        return;
    if (w) {
        w->rakp1 = true;
        w->deadline_ms = now_ms() + ll.expiry_ms;
    }
    ll.orig_rakp1(lan, msg);
    scan(lan, NULL);
}

static void rakp3(lanserv_data_t *lan, msg_t *msg)
{
    ll.lan = lan;
    struct watched *w = handshake_of(msg);
    if (w && w->expired)
        return;
    ll.orig_rakp3(lan, msg);
    scan(lan, NULL);
}

int mbmc_login_lockout_set_loop(struct mbmc_loop *loop, unsigned expiry_ms)
{
    mbmc_timer_free(ll.timer);
    ll.timer = NULL;
    ll.loop = loop;
    if (expiry_ms)
        ll.expiry_ms = expiry_ms;
    if (loop) {
        ll.timer = mbmc_timer_new(loop, deadline_passed, NULL);
        if (!ll.timer) {
            ll.loop = NULL;
            return -1;
        }
    }
    return 0;
}

void mbmc_login_lockout_install(struct mbmc_lanserv *ls)
{
    if (ll.orig_open_session)
        return;
    ll.orig_open_session = ls->payload_handlers[MBMC_PAYLOAD_OPEN_SESSION];
    ls->payload_handlers[MBMC_PAYLOAD_OPEN_SESSION] = open_session;
    ll.orig_rakp1 = ls->payload_handlers[MBMC_PAYLOAD_RAKP1];
    ls->payload_handlers[MBMC_PAYLOAD_RAKP1] = rakp1;
    ll.orig_rakp3 = ls->payload_handlers[MBMC_PAYLOAD_RAKP3];
    ls->payload_handlers[MBMC_PAYLOAD_RAKP3] = rakp3;
}
