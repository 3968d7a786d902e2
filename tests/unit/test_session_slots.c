/* SPDX-License-Identifier: GPL-2.0-or-later */
/* session_slots.c: the round-robin walk of lanserv 2.0.37's find_free_session() kept inside
 * sessions[1..63], and (flavour B builds) the Open Session and send_out wrappers around a
 * fake lanserv. The walk is replayed here exactly as lanserv writes it, with the slots past
 * the array reported as "reached" instead of read. */
#include <stdbool.h>
#include <stdlib.h>

#include <OpenIPMI/ipmi_err.h>

#include "lanserv_guard.h"
#include "lanserv_session.h"
#include "session_slots.h"
#include "sim_abi.h"
#include "unit.h"

/* lanserv 2.0.37's find_free_session() on active[0..65]; returns the slot it takes, or
 * -1 for none. Slots 64 and 65 lie past sessions[] and count as "reached". */
static int stock_walk(const session_t *s, unsigned *last, bool *overrun)
{
    unsigned i, j = *last + 1;
    *overrun = false;
    for (i = 0; i <= MAX_SESSIONS; i++, j++) {
        if (j == 0)
            continue;
        if (j > MAX_SESSIONS + 1) {
            j = 0;
            continue;
        }
        if (j > MAX_SESSIONS) {
            /* What is there is last_session and beyond: treat it as free (the crash). */
            *overrun = true;
            return (int)j;
        }
        if (!s[j].active) {
            *last = j;
            return (int)j;
        }
    }
    return -1;
}

static session_t sessions[MAX_SESSIONS + 1];

static void reset(void)
{
    memset(sessions, 0, sizeof(sessions));
}

static void free_after_last_untouched(void)
{
    reset();
    unsigned last = 10;
    sessions[11].active = 1;
    CHECK_EQ_INT(mbmc_session_slots_guard(sessions, MAX_SESSIONS, &last), 0);
    CHECK_EQ_INT(last, 10);     /* round robin kept: slot 12 is next */
    bool over;
    CHECK_EQ_INT(stock_walk(sessions, &last, &over), 12);
    CHECK(!over);
}

static void overrun_sequence_prevented(void)
{
    /* The reported sequence: slot 63 held by a long session, the walk at 62. */
    reset();
    sessions[63].active = 1;
    unsigned last = 62;
    bool over;
    unsigned stock_last = last;
    CHECK_EQ_INT(stock_walk(sessions, &stock_last, &over), 64);
    CHECK(over);                /* stock lanserv hands out sessions[64] */
    CHECK_EQ_INT(mbmc_session_slots_guard(sessions, MAX_SESSIONS, &last), 0);
    CHECK_EQ_INT(last, 0);
    CHECK_EQ_INT(stock_walk(sessions, &last, &over), 1);
    CHECK(!over);
}

static void last_slot_taken_wraps(void)
{
    reset();
    sessions[63].active = 1;
    sessions[1].active = sessions[2].active = 1;
    unsigned last = 63;
    CHECK_EQ_INT(mbmc_session_slots_guard(sessions, MAX_SESSIONS, &last), 0);
    CHECK_EQ_INT(last, 0);
    bool over;
    CHECK_EQ_INT(stock_walk(sessions, &last, &over), 3);
    CHECK(!over);
}

static void full_table_refused(void)
{
    reset();
    for (unsigned i = 1; i <= MAX_SESSIONS; i++)
        sessions[i].active = 1;
    unsigned last = 30;
    CHECK_EQ_INT(mbmc_session_slots_guard(sessions, MAX_SESSIONS, &last), -1);
    CHECK_EQ_INT(last, 30);
}

static void bad_position_reset(void)
{
    reset();
    unsigned last = 64;         /* only a walk that already overran leaves this */
    CHECK_EQ_INT(mbmc_session_slots_guard(sessions, MAX_SESSIONS, &last), 0);
    CHECK_EQ_INT(last, 0);
    last = ~0u;
    CHECK_EQ_INT(mbmc_session_slots_guard(sessions, MAX_SESSIONS, &last), 0);
    CHECK_EQ_INT(last, 0);
}

/* Any pattern of busy slots and any position: after the guard the stock walk never leaves
 * the array, and it finds a slot whenever one is free. */
static void random_patterns_stay_inside(void)
{
    srand(1);
    for (int round = 0; round < 20000; round++) {
        reset();
        unsigned busy = (unsigned)rand() % (MAX_SESSIONS + 1), nfree = MAX_SESSIONS;
        for (unsigned k = 0; k < busy; k++) {
            unsigned i = 1 + (unsigned)rand() % MAX_SESSIONS;
            if (!sessions[i].active) {
                sessions[i].active = 1;
                nfree--;
            }
        }
        unsigned last = (unsigned)rand() % (MAX_SESSIONS + 1);
        int rc = mbmc_session_slots_guard(sessions, MAX_SESSIONS, &last);
        if (nfree == 0) {
            CHECK_EQ_INT(rc, -1);
            continue;
        }
        CHECK_EQ_INT(rc, 0);
        bool over;
        int got = stock_walk(sessions, &last, &over);
        CHECK(!over);
        CHECK(got >= 1 && got <= MAX_SESSIONS);
        if (got >= 1 && got <= MAX_SESSIONS)
            CHECK(!sessions[got].active);
        if (over || got < 1) {
            fprintf(stderr, "  round %d: busy %u, walk %d\n", round, busy, got);
            return;
        }
    }
}

#if MBMC_LANSERV_FLAVOUR_B
/* The wrappers around a fake lanserv (flavour B builds only). */
static ipmi_payload_handler_cb table[MBMC_TABLE_SLOTS];
static int stock_open_calls;
static uint8_t sent[64];
static size_t sent_len;

static void stock_open(lanserv_data_t *lan, msg_t *msg)
{
    stock_open_calls++;
    bool over;
    CHECK(stock_walk(lan->sessions, &lan->last_session, &over) > 0);
    CHECK(!over);
}

static void fake_send(lanserv_data_t *lan, struct iovec *data, int vecs, void *addr, int len)
{
    sent_len = 0;
    for (int i = 0; i < vecs; i++) {
        memcpy(sent + sent_len, data[i].iov_base, data[i].iov_len);
        sent_len += data[i].iov_len;
    }
}

static lanserv_data_t lan;

static void open_session(void)
{
    uint8_t req[32] = {7, 0, 0, 0, 0x11, 0x22, 0x33, 0x44};
    msg_t msg = {.data = req, .len = sizeof(req)};
    table[MBMC_PAYLOAD_OPEN_SESSION](&lan, &msg);
}

static void wrappers_keep_walk_inside(void)
{
    struct mbmc_lanserv ls = {.payload_handlers = table};
    table[MBMC_PAYLOAD_OPEN_SESSION] = stock_open;
    mbmc_session_slots_install(&ls);
    CHECK(table[MBMC_PAYLOAD_OPEN_SESSION] != stock_open);
    lan.send_out = fake_send;
    CHECK_EQ_INT(mbmc_session_slots_hook_lan(&lan), 0);
    CHECK(lan.send_out != fake_send);

    /* Open Session with the walk at 62 and slot 63 busy: reset first, lanserv takes 1. */
    lan.sessions[63].active = 1;
    lan.last_session = 62;
    open_session();
    CHECK_EQ_INT(stock_open_calls, 1);
    CHECK_EQ_INT(lan.last_session, 1);

    /* An IPMI 1.5 login (no hook before it) took 62: the answer it sends resets the walk. */
    lan.last_session = 62;
    struct iovec v = {.iov_base = "x", .iov_len = 1};
    lan.send_out(&lan, &v, 1, NULL, 0);
    CHECK_EQ_INT(lan.last_session, 0);
    CHECK_EQ_INT(sent_len, 1);

    /* Every slot busy: refused here with "insufficient resources", lanserv not called. */
    for (unsigned i = 1; i <= MAX_SESSIONS; i++)
        lan.sessions[i].active = 1;
    lan.last_session = 62;
    open_session();
    CHECK_EQ_INT(stock_open_calls, 1);
    CHECK_EQ_INT(sent_len, 16 + 8);
    CHECK_EQ_INT(sent[5], MBMC_PAYLOAD_OPEN_SESSION_RSP);
    CHECK_EQ_INT(sent[16], 7);                          /* message tag */
    CHECK_EQ_INT(sent[17], IPMI_RMCPP_INSUFFICIENT_RESOURCES_FOR_SESSION);
    CHECK_EQ_INT(mbmc_get_le32(sent + 20), 0x44332211); /* the console's session id */
}
#else
static void wrappers_absent_on_flavour_a(void)
{
    ipmi_payload_handler_cb table[MBMC_TABLE_SLOTS] = {0};
    struct mbmc_lanserv ls = {.payload_handlers = table};
    mbmc_session_slots_install(&ls);
    CHECK(table[MBMC_PAYLOAD_OPEN_SESSION] == NULL);
    lanserv_data_t lan = {0};
    CHECK_EQ_INT(mbmc_session_slots_hook_lan(&lan), 0);
    CHECK(mbmc_lan_last_session(&lan) == NULL);
}
#endif

int main(void)
{
    RUN(free_after_last_untouched);
    RUN(overrun_sequence_prevented);
    RUN(last_slot_taken_wraps);
    RUN(full_table_refused);
    RUN(bad_position_reset);
    RUN(random_patterns_stay_inside);
#if MBMC_LANSERV_FLAVOUR_B
    RUN(wrappers_keep_walk_inside);
#else
    RUN(wrappers_absent_on_flavour_a);
#endif
    UNIT_EXIT();
}
