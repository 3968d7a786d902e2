/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See sol_takeover.h. */
#include "sol_takeover.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "sol_internals.h"

#define NOTICE_RETRY_MS 1000

static struct {
    struct mbmc_timer *timer;
    channel_t *chan;
    msg_t to;           /* lanserv's record of the old console, its address our own copy */
    unsigned seq;
    unsigned sends;     /* 0: no notice pending */
} N;

unsigned mbmc_sol_notice_seq(unsigned seq, int waiting_ack)
{
    if (seq < 1 || seq > 15)
        return 1;
    return waiting_ack ? seq % 15 + 1 : seq;
}

static void notice_done(void)
{
    if (N.timer)
        mbmc_timer_stop(N.timer);
    free(N.to.src_addr);
    memset(&N.to, 0, sizeof(N.to));
    N.sends = 0;
}

static void send_notice(void)
{
    uint8_t data[4] = { (uint8_t)N.seq, 0, 0, MBMC_SOL_DEACTIVATING };
    rsp_msg_t rsp;
    memset(&rsp, 0, sizeof(rsp));
    rsp.data = data;
    rsp.data_len = sizeof(data);
    N.sends++;
    /* A session closed meanwhile gets nothing: lanserv finds no session for the id. */
    N.chan->return_rsp(N.chan, &N.to, &rsp);
}

static void notice_timer(void *data)
{
    (void)data;
    if (!N.sends)
        return;
    if (N.sends >= MBMC_SOL_NOTICE_SENDS) {
        mbmc_log(MBMC_LOG_DEBUG, "SOL: session %08x did not acknowledge the deactivation "
                 "notice (%u sends)", N.to.sid, N.sends);
        notice_done();
        return;
    }
    send_notice();
    mbmc_timer_start(N.timer, NOTICE_RETRY_MS);
}

void mbmc_sol_takeover_init(struct mbmc_loop *loop)
{
    if (!N.timer && loop)
        N.timer = mbmc_timer_new(loop, notice_timer, NULL);
}

void mbmc_sol_takeover_notify(uint32_t sid)
{
    struct mbmc_sol_out st;
    channel_t *chan = NULL;
    const msg_t *dest = mbmc_sol_out_dest(&chan);
    if (!N.timer || !dest || !mbmc_sol_out_get(&st) || st.session_id == sid || !chan->return_rsp)
        return;
    notice_done();
    void *addr = malloc(dest->src_len);
    if (!addr)
        return;
    memcpy(addr, dest->src_addr, dest->src_len);
    N.to = *dest;
    N.to.src_addr = addr;
    N.chan = chan;
    N.seq = mbmc_sol_notice_seq(st.seq, st.waiting_ack);
    mbmc_log(MBMC_LOG_INFO, "SOL: session %08x takes the console over; telling session %08x",
             sid, st.session_id);
    send_notice();
    mbmc_timer_start(N.timer, NOTICE_RETRY_MS);
}

void mbmc_sol_takeover_inbound(const msg_t *msg)
{
    if (N.sends && msg->sid == N.to.sid && msg->len >= 4 && (msg->data[1] & 0x0f) == N.seq)
        notice_done();
}
