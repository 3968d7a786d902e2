/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sol_nack.c: which acknowledgements of lanserv's packet in flight are rewritten, and into
 * what; then against a model of lanserv 2.0.33's outbound side (sol.c's ack handling and
 * resend timer), the sequence of reference/sol-stall.md: stock stalls for good, fixed does not. */
#include <stdbool.h>

#include "sol_nack.h"
#include "unit.h"

static const struct mbmc_sol_out in_flight = { .port_open = true, .active = true,
                                               .waiting_ack = true, .seq = 5 };

static void plain_acks_and_other_packets_pass(void)
{
    CHECK_EQ_INT(mbmc_sol_judge_ack(&in_flight, 5, false, 40, 40), MBMC_SOL_ACK_AS_IS);
    CHECK_EQ_INT(mbmc_sol_judge_ack(&in_flight, 5, false, 0, 40), MBMC_SOL_ACK_AS_IS);
    CHECK_EQ_INT(mbmc_sol_judge_ack(&in_flight, 0, true, 0, 40), MBMC_SOL_ACK_AS_IS);  /* no ack */
    CHECK_EQ_INT(mbmc_sol_judge_ack(&in_flight, 4, true, 0, 40), MBMC_SOL_ACK_AS_IS);  /* old packet */
    struct mbmc_sol_out idle = in_flight;
    idle.waiting_ack = false;
    CHECK_EQ_INT(mbmc_sol_judge_ack(&idle, 5, true, 0, 0), MBMC_SOL_ACK_AS_IS);
}

static void nack_of_an_empty_packet_is_an_ack(void)
{
    /* FreeIPMI: "accepted 0" of a packet without characters, with the NACK bit. */
    CHECK_EQ_INT(mbmc_sol_judge_ack(&in_flight, 5, true, 0, 0), MBMC_SOL_ACK_CLEAR_NACK);
}

static void partial_nack_takes_what_was_accepted(void)
{
    CHECK_EQ_INT(mbmc_sol_judge_ack(&in_flight, 5, true, 10, 40), MBMC_SOL_ACK_CLEAR_NACK);
}

static void nack_of_everything_resends_later(void)
{
    CHECK_EQ_INT(mbmc_sol_judge_ack(&in_flight, 5, true, 0, 40), MBMC_SOL_ACK_RESEND);
    CHECK_EQ_INT(mbmc_sol_judge_ack(&in_flight, 5, true, 0, -1), MBMC_SOL_ACK_RESEND);
}

/* ---- lanserv 2.0.33's outbound side (sol.c), reduced to what decides whether output flows */
struct model {
    bool active, waiting, in_nack, timer;
    unsigned seq, outlen, sends;
    unsigned last_sent_chars, last_sent_seq, packets_out, chars_out;
    bool unanswered;        /* a packet reached the console and awaits its answer */
};

static void model_send(struct model *m)
{
    unsigned n = m->outlen > 255 ? 255 : m->outlen;
    m->last_sent_chars = n;
    m->last_sent_seq = m->seq;
    m->unanswered = true;
    m->waiting = true;
    m->packets_out++;
    m->chars_out += n;
}

static void model_next_seq(struct model *m) { m->seq = m->seq % 15 + 1; }

/* sol_data_ready: serial input arrives. */
static void model_serial(struct model *m, unsigned n)
{
    if (!m->active)
        return;
    m->outlen += n;
    if (!m->waiting) {
        model_send(m);
        m->sends = 0;
        m->timer = true;
    }
}

/* sol_timeout: the 1 s resend timer fires. */
static void model_timer(struct model *m)
{
    if (!m->timer)
        return;
    if (m->active) {
        if (m->sends > 4) {
            m->waiting = false;
            model_next_seq(m);
            m->outlen = 0;
            m->timer = false;
            return;
        }
        m->sends++;
        model_send(m);
    }
}

/* handle_sol_port_payload's ack part. */
static void model_ack(struct model *m, unsigned ack, bool nack, unsigned count)
{
    if (ack != m->seq)
        return;
    model_next_seq(m);
    m->timer = false;
    if (nack) {
        m->in_nack = true;
        return;
    }
    m->in_nack = false;
    if (count < m->outlen) {
        m->outlen -= count;
        model_send(m);
        m->timer = true;
    } else {
        m->waiting = false;
        m->outlen = 0;
    }
}

/* A console's acknowledgement, through the module (fixed) or straight to lanserv. */
static void console_acks(struct model *m, bool fixed, unsigned ack, bool nack, unsigned count)
{
    if (fixed) {
        struct mbmc_sol_out st = { .port_open = true, .active = m->active, .waiting_ack = m->waiting,
                                   .in_nack = m->in_nack, .seq = m->seq, .pending = m->outlen };
        switch (mbmc_sol_judge_ack(&st, ack, nack, count, (int)m->last_sent_chars)) {
        case MBMC_SOL_ACK_AS_IS: break;
        case MBMC_SOL_ACK_CLEAR_NACK: nack = false; break;
        case MBMC_SOL_ACK_RESEND: return;
        }
    }
    model_ack(m, ack, nack, count);
}

/* FreeIPMI answers every packet it gets: its characters accepted, "accepted 0" as a NACK. */
static void ipmiconsole_answers(struct model *m, bool fixed)
{
    if (!m->unanswered)
        return;
    m->unanswered = false;
    unsigned n = m->last_sent_chars;
    console_acks(m, fixed, m->last_sent_seq, n == 0, n);
}

/* The sequence of sol-stall.md: a console leaves with a packet unacknowledged; the next
 * console (FreeIPMI) activates; the stale timer fires before new output. */
static unsigned stall_sequence(bool fixed)
{
    struct model m = { .seq = 1 };
    m.active = true;
    model_serial(&m, 80);           /* console 1 sees output ... */
    m.active = false;               /* ... and leaves without acknowledging it */
    m.unanswered = false;
    m.active = true;                /* console 2 */
    m.outlen = 0;                   /* lanserv's activation clears only the buffer */
    if (fixed) {                    /* the module's activation: mbmc_sol_out_reset() */
        m.waiting = m.in_nack = m.timer = false;
        m.sends = 0;
    }
    model_timer(&m);                /* stale resend: an empty packet (stock only) */
    ipmiconsole_answers(&m, fixed);
    unsigned before = m.chars_out;
    for (int i = 0; i < 20; i++) {  /* the VM keeps printing; the console answers; time passes */
        model_serial(&m, 30);
        ipmiconsole_answers(&m, fixed);
        model_timer(&m);
    }
    return m.chars_out - before;
}

static void stock_lanserv_stalls_for_good(void)
{
    CHECK_EQ_INT(stall_sequence(false), 0);
}

static void fixed_output_keeps_flowing(void)
{
    CHECK_EQ_INT(stall_sequence(true), 20 * 30);
}

/* Without the activation reset, the NACK rule alone still brings the output back. */
static void nack_rule_alone_recovers(void)
{
    struct model m = { .seq = 1, .active = true };
    model_serial(&m, 80);
    m.outlen = 0;                   /* new console, stale state kept */
    m.unanswered = false;
    model_timer(&m);                /* empty resend */
    ipmiconsole_answers(&m, true);  /* NACK of an empty packet -> ACK */
    CHECK(!m.waiting && !m.in_nack);
    model_serial(&m, 30);
    CHECK_EQ_INT(m.last_sent_chars, 30);
}

int main(void)
{
    RUN(plain_acks_and_other_packets_pass);
    RUN(nack_of_an_empty_packet_is_an_ack);
    RUN(partial_nack_takes_what_was_accepted);
    RUN(nack_of_everything_resends_later);
    RUN(stock_lanserv_stalls_for_good);
    RUN(fixed_output_keeps_flowing);
    RUN(nack_rule_alone_recovers);
    UNIT_EXIT();
}
