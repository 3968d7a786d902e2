/* SPDX-License-Identifier: GPL-2.0-or-later */
/* login_lockout.c on a session table laid out as lanserv's, with fake handshake handlers and
 * the poll() loop: an abandoned handshake counts as a failure at its deadline on the module's
 * own timer (no other message needed), the fifth one locks the source out, a late RAKP 3 of
 * an expired handshake is dropped, a completed one counts as a success, other sources are
 * not affected. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>

#include <OpenIPMI/lanserv.h>

#include "lanserv_guard.h"
#include "lanserv_session.h"
#include "login_guard.h"
#include "login_lockout.h"
#include "loop_poll.h"
#include "sim_abi.h"
#include "unit.h"

#define EXPIRY_MS 150

static lanserv_data_t *lan;
static ipmi_payload_handler_cb handlers[MBMC_TABLE_SLOTS];
static unsigned gen = 1;
static int rakp3_calls;

/* lanserv's Open Session: a free slot, in start-up. */
static void fake_open(lanserv_data_t *l, msg_t *msg)
{
    (void)msg;
    for (unsigned i = 1; i <= MAX_SESSIONS; i++) {
        session_t *s = &l->sessions[i];
        if (!s->active) {
            memset(s, 0, sizeof(*s));
            s->active = 1;
            s->in_startup = 1;
#if MBMC_LANSERV_FLAVOUR_B
            s->authtype = IPMI_AUTHTYPE_RMCP_PLUS;
#else
            s->rmcpplus = 1;
#endif
            s->sid = (gen++ << 7) | (i << 1);
            s->time_left = 5;
            return;
        }
    }
}

static void fake_rakp1(lanserv_data_t *l, msg_t *msg) { (void)l; (void)msg; }

/* RAKP 3 with the right key: the session is up. */
static void fake_rakp3(lanserv_data_t *l, msg_t *msg)
{
    rakp3_calls++;
    session_t *s = mbmc_session_by_sid(l, mbmc_get_le32(msg->data + 4));
    if (s)
        s->in_startup = 0;
}

/* A message's source as ipmi_sim gives it (flavour B puts a header before the sockaddr). */
struct src_addr {
#if MBMC_LANSERV_FLAVOUR_B
    struct mbmc_sim_addr_hdr h;
#endif
    struct sockaddr_in in;
};

static struct src_addr addr(const char *ip)
{
    struct src_addr a = { .in = { .sin_family = AF_INET } };
#if MBMC_LANSERV_FLAVOUR_B
    a.h.addr_len = sizeof(a.in);
#endif
    inet_pton(AF_INET, ip, &a.in.sin_addr);
    return a;
}

/* One handshake from ip up to RAKP 1 (a user name tried); returns the BMC session id. */
static uint32_t handshake(const char *ip)
{
    struct src_addr a = addr(ip);
    uint8_t d[8] = {0};
    msg_t m = { .src_addr = &a, .src_len = sizeof(a), .data = d, .len = sizeof(d) };
    uint32_t before[MAX_SESSIONS + 1];
    for (unsigned i = 1; i <= MAX_SESSIONS; i++)
        before[i] = lan->sessions[i].active ? lan->sessions[i].sid : 0;
    handlers[MBMC_PAYLOAD_OPEN_SESSION](lan, &m);
    uint32_t sid = 0;
    for (unsigned i = 1; i <= MAX_SESSIONS; i++)
        if (lan->sessions[i].active && lan->sessions[i].sid != before[i])
            sid = lan->sessions[i].sid;
    mbmc_put_le32(d + 4, sid);
    handlers[MBMC_PAYLOAD_RAKP1](lan, &m);
    return sid;
}

static void rakp3(const char *ip, uint32_t sid)
{
    struct src_addr a = addr(ip);
    uint8_t d[8] = {0};
    mbmc_put_le32(d + 4, sid);
    msg_t m = { .src_addr = &a, .src_len = sizeof(a), .data = d, .len = sizeof(d) };
    handlers[MBMC_PAYLOAD_RAKP3](lan, &m);
}

static bool blocked(const char *ip)
{
    struct src_addr a = addr(ip);
    msg_t m = { .src_addr = &a, .src_len = sizeof(a) };
    struct mbmc_src src;
    return mbmc_msg_src(&m, &src) && mbmc_login_guard_blocked(&src, NULL);
}

static bool flooder_blocked(void *data) { (void)data; return blocked("198.18.0.3"); }

static struct mbmc_loop *loop;

static void abandoned_handshakes_lock_at_their_deadline(void)
{
    uint64_t t0 = mbmc_loop_now_ms(loop);
    uint32_t sid[5];
    for (int i = 0; i < 5; i++)
        sid[i] = handshake("198.18.0.3");          /* wrong password: nothing more comes */
    CHECK(!blocked("198.18.0.3"));                 /* not known yet: the BMC cannot tell */
    /* No further message from anyone: the module's own timer settles them. */
    CHECK(loop_poll_run_until(loop, flooder_blocked, NULL, 3000));
    uint64_t took = mbmc_loop_now_ms(loop) - t0;
    CHECK(took >= EXPIRY_MS);
    CHECK(took < EXPIRY_MS + 1000);
    CHECK(!blocked("198.18.0.2"));                 /* others are not affected */
    /* The expired sessions are dead for the lockout and for lanserv's next tick. */
    for (int i = 0; i < 5; i++) {
        session_t *s = mbmc_session_by_sid(lan, sid[i]);
        CHECK(s && s->time_left == 0);
    }
    int before = rakp3_calls;
    rakp3("198.18.0.3", sid[0]);                   /* a late RAKP 3 is dropped */
    CHECK_EQ_INT(rakp3_calls, before);
    /* lanserv closes them; nothing is counted twice, the lockout stays. */
    for (int i = 0; i < 5; i++)
        mbmc_session_by_sid(lan, sid[i])->active = 0;
    handshake("198.18.0.2");
    CHECK(blocked("198.18.0.3"));
}

static bool never(void *data) { (void)data; return false; }

static void completed_handshake_is_no_failure(void)
{
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 4; i++)
            handshake("198.18.0.7");               /* four abandoned ... */
        uint32_t ok = handshake("198.18.0.7");
        rakp3("198.18.0.7", ok);                   /* ... and a good login */
        loop_poll_run_until(loop, never, NULL, EXPIRY_MS + 100);
        CHECK(!blocked("198.18.0.7"));             /* 4 failures, then a success: counted anew */
        for (unsigned i = 1; i <= MAX_SESSIONS; i++)
            if (lan->sessions[i].in_startup)
                lan->sessions[i].active = 0;       /* lanserv's tick closes the expired ones */
    }
}

int main(void)
{
    lan = calloc(1, sizeof(*lan));
    loop = loop_poll_new();
    if (!lan || !loop)
        return 1;
    handlers[MBMC_PAYLOAD_OPEN_SESSION] = fake_open;
    handlers[MBMC_PAYLOAD_RAKP1] = fake_rakp1;
    handlers[MBMC_PAYLOAD_RAKP3] = fake_rakp3;
    struct mbmc_lanserv ls = { .payload_handlers = handlers };
    mbmc_login_guard_configure(&(struct mbmc_lockout_cfg){ 5, 10, 30 });
    mbmc_login_lockout_install(&ls);
    if (mbmc_login_lockout_set_loop(loop, EXPIRY_MS))
        return 1;
    RUN(abandoned_handshakes_lock_at_their_deadline);
    RUN(completed_handshake_is_no_failure);
    mbmc_login_lockout_set_loop(NULL, 0);
    loop_poll_free(loop);
    free(lan);
    UNIT_EXIT();
}
