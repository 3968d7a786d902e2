/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See sol_outbound.h. */
#include "sol_outbound.h"

#include <stdlib.h>

#include "log.h"
#include "sol_internals.h"
#include "sol_nack.h"

#define SOL_HEADER 4
#define SOL_NACK_BIT 0x40

static bool ready;      /* lanserv's SOL state was found */
static bool fix;

/* The last packet lanserv sent to instance 1's console: its sequence number and how many
 * characters it carried (sol_nack.h needs to know an empty packet). */
static unsigned sent_seq;
static int sent_chars = -1;

/* Per LAN channel: its return_rsp, which lanserv's SOL sender calls for each packet. */
struct watched_channel {
    channel_t *chan;
    void (*return_rsp)(channel_t *chan, msg_t *msg, rsp_msg_t *rsp);
    struct watched_channel *next;
};
static struct watched_channel *watched;

void mbmc_sol_outbound_init(sys_data_t *sys, lmc_data_t *mc, bool fix_on)
{
    char err[200];
    fix = fix_on;
    if (!sys->sol_present)
        return;
    if (mbmc_sol_internals_check(sys, mc, err, sizeof(err))) {
        mbmc_log(MBMC_LOG_ERR, "SOL: %s; consoles may go silent after a while (issue 14 not "
                 "fixed in this ipmi_sim)", err);
        return;
    }
    ready = true;
    if (!fix)
        mbmc_log(MBMC_LOG_WARN, "SOL: sol-stall-fix=0: lanserv's SOL output state is left as "
                 "it is; consoles may go silent after a while");
}

static struct watched_channel *watch_of(channel_t *chan)
{
    for (struct watched_channel *w = watched; w; w = w->next)
        if (w->chan == chan)
            return w;
    return NULL;
}

static void watch_return_rsp(channel_t *chan, msg_t *msg, rsp_msg_t *rsp)
{
    channel_t *dest_chan = NULL;
    const msg_t *dest = mbmc_sol_out_dest(&dest_chan);
    if (msg == dest && rsp->data_len >= SOL_HEADER && (rsp->data[0] & 0x0f)) {
        sent_seq = rsp->data[0] & 0x0f;
        sent_chars = (int)(rsp->data_len - SOL_HEADER);
    }
    struct watched_channel *w = watch_of(chan);
    if (w)
        w->return_rsp(chan, msg, rsp);
}

static void watch(channel_t *chan)
{
    if (!chan || !chan->return_rsp || watch_of(chan))
        return;
    struct watched_channel *w = calloc(1, sizeof(*w));
    if (!w)
        return;     /* only the "empty packet" case then falls back to a resend */
    w->chan = chan;
    w->return_rsp = chan->return_rsp;
    w->next = watched;
    watched = w;
    chan->return_rsp = watch_return_rsp;
}

static void forget_packet_in_flight(const char *when)
{
    struct mbmc_sol_out st;
    if (!ready || !mbmc_sol_out_get(&st))
        return;
    if (st.waiting_ack || st.in_nack)
        mbmc_log(fix ? MBMC_LOG_DEBUG : MBMC_LOG_INFO, "SOL %s: lanserv still %s packet %u "
                 "(%u resends%s)%s", when, st.in_nack ? "paused after a NACK of" : "waits for an ack of",
                 st.in_nack ? (st.seq + 13) % 15 + 1 : st.seq, st.sends,
                 st.port_open ? "" : ", serial device disconnected",
                 fix ? ": forgotten" : ": left as it is (sol-stall-fix=0)");
    if (fix)
        mbmc_sol_out_reset();
    sent_chars = -1;
}

void mbmc_sol_outbound_activated(channel_t *chan)
{
    if (!ready)
        return;
    watch(chan);
    forget_packet_in_flight("activation");
}

void mbmc_sol_outbound_deactivated(void)
{
    forget_packet_in_flight("deactivation");
}

/* The packet being handled acknowledges lanserv's packet in flight while the serial device
 * is disconnected. */
static bool acked_while_away;

void mbmc_sol_outbound_handled(const msg_t *msg)
{
    struct mbmc_sol_out st;
    if (!acked_while_away)
        return;
    acked_while_away = false;
    /* While waiting for an ack lanserv keeps its timer running (1 s): then it reconnects. */
    if (mbmc_sol_out_get(&st) && !st.port_open && !st.waiting_ack) {
        mbmc_log(MBMC_LOG_DEBUG, "SOL: session %08x acknowledged while the serial device was "
                 "away: reconnect timer restarted", msg->sid);
        mbmc_sol_out_reconnect_later();
    }
}

void mbmc_sol_outbound_inbound(msg_t *msg)
{
    struct mbmc_sol_out st;
    acked_while_away = false;
    if (!ready || !fix || msg->len < SOL_HEADER || !mbmc_sol_out_get(&st) || !st.active ||
        msg->sid != st.session_id)
        return;
    unsigned ack = msg->data[1] & 0x0f;
    acked_while_away = !st.port_open && ack && ack == st.seq;
    bool nack = msg->data[3] & SOL_NACK_BIT;
    int sent = sent_seq == st.seq ? sent_chars : -1;
    switch (mbmc_sol_judge_ack(&st, ack, nack, msg->data[2], sent)) {
    case MBMC_SOL_ACK_AS_IS:
        return;
    case MBMC_SOL_ACK_CLEAR_NACK:
        mbmc_log(MBMC_LOG_DEBUG, "SOL: NACK of packet %u (%d characters, %u accepted) taken "
                 "as an ACK", ack, sent, msg->data[2]);
        msg->data[3] &= (uint8_t)~SOL_NACK_BIT;
        return;
    case MBMC_SOL_ACK_RESEND:
        mbmc_log(MBMC_LOG_DEBUG, "SOL: NACK of packet %u (%d characters, none accepted): "
                 "resent after the retry interval", ack, sent);
        msg->data[1] &= 0xf0;       /* lanserv does not see the acknowledgement ... */
        msg->data[2] = 0;
        msg->data[3] &= (uint8_t)~SOL_NACK_BIT;
        mbmc_sol_out_resend_later();    /* ... and resends on its timer */
        return;
    }
}
