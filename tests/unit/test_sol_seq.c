/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sol_seq.c against a model of ipmi_sim 2.0.33's inbound SOL check (a packet whose number
 * equals the last accepted one is a retransmission: acknowledged, characters dropped). */
#include <string.h>

#include "sol_seq.h"
#include "unit.h"

struct model { unsigned last; char port[64]; size_t n; };

static void model_packet(struct model *m, const uint8_t *d, unsigned len)
{
    unsigned seq = d[0] & 0x0f;
    if (!seq || len <= 4 || seq == m->last)
        return;
    m->last = seq;
    if (d[3] & 0x02)
        return;     /* flush-in: the characters never reach the port */
    memcpy(m->port + m->n, d + 4, len - 4);
    m->n += len - 4;
    m->port[m->n] = '\0';
}

/* One packet from session sid through the wrapper (or straight to the model). */
static void packet(struct mbmc_sol_seq *s, struct model *m, uint32_t sid, unsigned seq,
                   const char *text)
{
    uint8_t d[64] = { (uint8_t)seq, 0, 0, 0 };
    unsigned len = 4 + (unsigned)strlen(text);
    memcpy(d + 4, text, strlen(text));
    if (s) {
        unsigned inject = mbmc_sol_seq_inbound(s, sid, d, len);
        if (inject) {
            uint8_t e[5] = { (uint8_t)inject, 0, 0, 0x02, 0 };
            model_packet(m, e, sizeof(e));
        }
    }
    model_packet(m, d, len);
}

static void stock_drops_the_new_sessions_first_packet(void)
{
    struct model m = { 0 };
    packet(NULL, &m, 2, 1, "hello");
    packet(NULL, &m, 4, 1, "x");
    CHECK_EQ_STR(m.port, "hello");
}

static void takeover_keeps_the_first_packet(void)
{
    struct mbmc_sol_seq s = { 0 };
    struct model m = { 0 };
    mbmc_sol_seq_activated(&s, 2);
    packet(&s, &m, 2, 1, "hello");
    packet(&s, &m, 2, 1, "hello");     /* a real retransmission stays dropped */
    mbmc_sol_seq_activated(&s, 4);
    packet(&s, &m, 4, 1, "x");
    packet(&s, &m, 4, 1, "x");         /* ...also in the new session */
    packet(&s, &m, 4, 2, "y");
    CHECK_EQ_STR(m.port, "helloxy");
}

static void wraps_at_fifteen(void)
{
    struct mbmc_sol_seq s = { 0 };
    struct model m = { 0 };
    mbmc_sol_seq_activated(&s, 2);
    packet(&s, &m, 2, 15, "a");
    mbmc_sol_seq_activated(&s, 4);
    CHECK_EQ_INT(mbmc_sol_seq_inbound(&s, 4, (const uint8_t *)"\x0f\0\0\0b", 5), 1);
}

static void other_sessions_and_acks_untouched(void)
{
    struct mbmc_sol_seq s = { 0 };
    struct model m = { 0 };
    mbmc_sol_seq_activated(&s, 2);
    packet(&s, &m, 2, 3, "a");
    /* the history instance (another session) and pure acks never trigger anything */
    CHECK_EQ_INT(mbmc_sol_seq_inbound(&s, 6, (const uint8_t *)"\x03\0\0\0b", 5), 0);
    CHECK_EQ_INT(mbmc_sol_seq_inbound(&s, 2, (const uint8_t *)"\x00\x03\0\0", 4), 0);
    CHECK_EQ_INT(s.last_seq, 3);
}

/* A console taken over keeps typing for a moment (ipmitool does, it ignores the notice):
 * lanserv no longer takes those packets, so they must not move the sequence we follow. */
static void deactivated_sessions_packets_do_not_count(void)
{
    struct mbmc_sol_seq s = { 0 };
    struct model m = { 0 };
    mbmc_sol_seq_activated(&s, 2);
    packet(&s, &m, 2, 1, "echo");
    mbmc_sol_seq_activated(&s, 0);              /* sol deactivate from another session */
    uint8_t late[5] = { 2, 0, 0, 0, '\r' };     /* lanserv drops it: not in the model */
    CHECK_EQ_INT(mbmc_sol_seq_inbound(&s, 2, late, sizeof(late)), 0);
    mbmc_sol_seq_activated(&s, 4);              /* ipmiconsole starts at 1, as "echo" was */
    packet(&s, &m, 4, 1, "typed");
    CHECK_EQ_STR(m.port, "echotyped");
}

int main(void)
{
    RUN(stock_drops_the_new_sessions_first_packet);
    RUN(takeover_keeps_the_first_packet);
    RUN(wraps_at_fifteen);
    RUN(other_sessions_and_acks_untouched);
    RUN(deactivated_sessions_packets_do_not_count);
    UNIT_EXIT();
}
