/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See console_history.h. Runs on ipmi_sim's loop: the capture copies the bytes that arrived
 * in lanserv's ring since its last look (a memcpy) and writes the file only when there were
 * some; the replay sends one packet per acknowledgement. */
#include "config.h"

#include "console_history.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <OpenIPMI/ipmi_err.h>
#include <OpenIPMI/ipmi_lan.h>
#include <OpenIPMI/ipmi_msgbits.h>
#include <OpenIPMI/lanserv.h>

#include "history_buf.h"
#include "history_file.h"
#include "ipmi_cc.h"
#include "log.h"
#include "loop.h"
#include "sol_history_ring.h"
#include "sol_replay.h"

#define RESEND_MS 500
#define DEFAULT_HISTORY_SIZE 65536     /* without a ring: what multibmc-gen renders */
/* What the replay tells the console in Activate Payload: the characters it accepts (and
 * drops) per packet, and the most it sends. */
#define REPLAY_INBOUND_PAYLOAD 32
#define REPLAY_OUTBOUND_PAYLOAD (4 + MBMC_SOL_REPLAY_CHUNK)

static struct {
    struct mbmc_bmc *bmc;
    /* the history: the last `cap` bytes of the console, in `hist` */
    struct mbmc_sol_ring ring;      /* lanserv's ring, where the bytes come from */
    bool have_ring;
    size_t ring_seen;               /* index of the newest ring byte already taken */
    uint8_t *hist;
    size_t hist_len, cap;
    char *path;                     /* where it is kept, or NULL */
    bool unsaved;                   /* bytes taken since the last write */
    /* Looked at on ipmi_sim's own 1 s tick, which wakes the process anyway; a ring that fills
     * faster than that has a timer of its own (capture_ms). A 1 s timer beside the tick cost
     * idle BMCs a second wake-up per second whenever the two drifted apart. */
    struct mbmc_tick *capture_tick;
    struct mbmc_timer *capture;
    unsigned capture_ms;
    /* the replay */
    struct mbmc_timer *resend;
    ipmi_payload_handler_cb orig_sol;
    bool active;
    uint32_t sid;
    channel_t *channel;
    msg_t to;                       /* where replay packets go: session id, address, payload */
    uint8_t *buf;
    struct mbmc_sol_replay r;
} ch;

/* Take what the console printed since the last look. */
static void take_new(void)
{
    if (!ch.have_ring)
        return;
    size_t end = mbmc_sol_ring_end(&ch.ring);
    if (mbmc_history_take_ring(ch.hist, &ch.hist_len, ch.cap, ch.ring.buf, ch.ring.size,
                               ch.ring_seen, end))
        ch.unsaved = true;
    ch.ring_seen = end;
}

static void keep(void *data)
{
    (void)data;
    take_new();
    if (ch.unsaved && ch.path) {
        int rc = mbmc_history_file_save(ch.path, ch.hist, ch.hist_len);
        if (rc) {
            /* Kept in memory; written at a later tick once the disk takes it. */
            mbmc_log_once("console-history", MBMC_LOG_WARN, "cannot write the console history "
                          "to %s: %s", ch.path, strerror(rc));
        } else {
            mbmc_log_once_reset("console-history");
            ch.unsaved = false;
        }
    }
    if (ch.capture)
        mbmc_timer_start(ch.capture, ch.capture_ms);
}

/* ---- the replay (SOL instance 2) */

static void replay_stop(void)
{
    if (ch.resend)
        mbmc_timer_stop(ch.resend);
    free(ch.buf);
    free(ch.to.src_addr);
    ch.buf = NULL;
    ch.to.src_addr = NULL;
    ch.active = false;
    ch.sid = 0;
    ch.channel = NULL;
}

static void replay_send(void)
{
    uint8_t pkt[4 + MBMC_SOL_REPLAY_CHUNK];
    size_t n = mbmc_sol_replay_packet(&ch.r, pkt);
    bool waiting = mbmc_sol_replay_waiting(&ch.r);
    if (waiting)
        mbmc_timer_start(ch.resend, RESEND_MS);
    else
        mbmc_timer_stop(ch.resend);
    if (n) {
        rsp_msg_t rsp = { .data = pkt, .data_len = (unsigned short)n };
        ch.channel->return_rsp(ch.channel, &ch.to, &rsp);
    }
}

static void resend_due(void *data)
{
    (void)data;
    if (!ch.active)
        return;
    /* A packet unanswered MBMC_SOL_REPLAY_TRIES times: the console is gone or stuck. Wait
     * quietly; an acknowledgement resumes, the session's end cleans up. */
    if (mbmc_sol_replay_waiting(&ch.r) && !mbmc_sol_replay_timeout(&ch.r))
        return;
    replay_send();
}

static void sol_payload(lanserv_data_t *lan, msg_t *msg)
{
    if (ch.active && msg->sid == ch.sid) {
        if (mbmc_sol_replay_input(&ch.r, msg->data, msg->len))
            replay_send();
        return;
    }
    ch.orig_sol(lan, msg);
}

/* lanserv registers its SOL payload handler while reading the sol line; wrap it once. The
 * table's size was checked by the version guard. */
static bool route_sol_payloads(void)
{
    if (ch.orig_sol)
        return true;
    ipmi_payload_handler_cb *h = dlsym(RTLD_DEFAULT, "payload_handlers");
    if (!h || !h[IPMI_RMCPP_PAYLOAD_TYPE_SOL])
        return false;
    ch.orig_sol = h[IPMI_RMCPP_PAYLOAD_TYPE_SOL];
    h[IPMI_RMCPP_PAYLOAD_TYPE_SOL] = sol_payload;
    return true;
}

static void session_closed(lmc_data_t *mc, uint32_t sid, void *cb_data)
{
    (void)mc; (void)cb_data;
    if (ch.active && sid == ch.sid)
        replay_stop();
}

bool mbmc_console_history_holds(uint32_t sid)
{
    return ch.active && sid == ch.sid;
}

/* Start replaying to the session of msg; 0 or the completion code that refuses it. */
static uint8_t replay_start(lmc_data_t *mc, channel_t *channel, msg_t *msg, uint16_t *port)
{
    if (ch.active)
        return MBMC_CC_PAYLOAD_ALREADY_ACTIVE;
    /* One SOL instance per session: lanserv keeps one association per payload type. */
    if (!channel->get_associated_mc ||
        channel->get_associated_mc(channel, msg->sid, IPMI_RMCPP_PAYLOAD_TYPE_SOL))
        return MBMC_CC_PAYLOAD_ACTIVATION_LIMIT;
    if (!ch.hist || !ch.resend || !route_sol_payloads())
        return IPMI_NOT_SUPPORTED_IN_PRESENT_STATE_CC;

    take_new();                     /* up to this moment */
    size_t mark = sizeof(MBMC_HISTORY_END_MARK) - 1, len = ch.hist_len + mark;
    uint8_t *buf = malloc(len);
    void *addr = buf ? malloc((size_t)msg->src_len) : NULL;
    if (!addr) {
        free(buf);
        return IPMI_OUT_OF_SPACE_CC;
    }
    memcpy(buf, ch.hist, ch.hist_len);
    memcpy(buf + ch.hist_len, MBMC_HISTORY_END_MARK, mark);
    memcpy(addr, msg->src_addr, (size_t)msg->src_len);

    int rv = channel->set_associated_mc(channel, msg->sid, IPMI_RMCPP_PAYLOAD_TYPE_SOL, mc, port,
                                        session_closed, NULL);
    if (rv) {
        free(buf);
        free(addr);
        return rv == EBUSY ? IPMI_NODE_BUSY_CC : IPMI_UNKNOWN_ERR_CC;
    }
    memset(&ch.to, 0, sizeof(ch.to));
    ch.to.src_addr = addr;
    ch.to.src_len = msg->src_len;
    ch.to.sid = msg->sid;
    ch.to.rmcpp.payload = IPMI_RMCPP_PAYLOAD_TYPE_SOL;
    ch.buf = buf;
    ch.active = true;
    ch.sid = msg->sid;
    ch.channel = channel;
    mbmc_sol_replay_start(&ch.r, buf, len);
    /* The first packet right after this answer has gone out. */
    mbmc_timer_start(ch.resend, 0);
    return 0;
}

void mbmc_console_history_activate(lmc_data_t *mc, channel_t *channel, msg_t *msg,
                                   uint8_t *rdata, unsigned int *rdata_len)
{
    uint16_t port = 0;
    uint8_t cc = replay_start(mc, channel, msg, &port);
    if (cc) {
        rdata[0] = cc;
        *rdata_len = 1;
        return;
    }
    memset(rdata, 0, 13);
    rdata[5] = REPLAY_INBOUND_PAYLOAD & 0xff;
    rdata[6] = REPLAY_INBOUND_PAYLOAD >> 8;
    rdata[7] = REPLAY_OUTBOUND_PAYLOAD & 0xff;
    rdata[8] = REPLAY_OUTBOUND_PAYLOAD >> 8;
    rdata[9] = port & 0xff;
    rdata[10] = port >> 8;
    rdata[11] = rdata[12] = 0xff;                   /* no VLAN */
    *rdata_len = 13;
}

uint8_t mbmc_console_history_deactivate(void)
{
    if (!ch.active)
        return MBMC_CC_PAYLOAD_ALREADY_DEACTIVATED;
    uint32_t sid = ch.sid;
    channel_t *held = ch.channel;
    replay_stop();
    held->set_associated_mc(held, sid, IPMI_RMCPP_PAYLOAD_TYPE_SOL, NULL, NULL, NULL, NULL);
    return 0;
}

/* Look often enough that the ring cannot lap us: twice a 115200-baud line (23 KB/s). */
static unsigned capture_interval(size_t ring_size)
{
    size_t ms = ring_size * 1000 / 23040;
    return ms >= MBMC_CONSOLE_HISTORY_CAPTURE_MS ? MBMC_CONSOLE_HISTORY_CAPTURE_MS
                                                 : ms < 50 ? 50 : (unsigned)ms;
}

int mbmc_console_history_init(struct mbmc_bmc *bmc, char *err, size_t errlen)
{
    ch.bmc = bmc;
    ch.resend = mbmc_timer_new(bmc->loop, resend_due, NULL);
    if (!ch.resend) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (!bmc->sys->sol_present)
        return 0;                   /* no sol line: no console, no history */
    char why[256];
    if (mbmc_sol_ring_find(bmc->opts.sol_history_size, &ch.ring, why,
                           sizeof(why)) == 0) {
        ch.have_ring = true;
        ch.ring_seen = mbmc_sol_ring_end(&ch.ring);     /* what lanserv holds already is not new */
    } else {
        mbmc_log(MBMC_LOG_WARN, "console history not recorded: %s", why);
    }
    ch.cap = ch.have_ring ? ch.ring.size : bmc->opts.sol_history_size ? bmc->opts.sol_history_size
                                                                      : DEFAULT_HISTORY_SIZE;
    ch.hist = malloc(ch.cap);
    ch.capture_ms = capture_interval(ch.cap);
    if (ch.capture_ms >= MBMC_CONSOLE_HISTORY_CAPTURE_MS)
        ch.capture_tick = mbmc_tick_new(bmc->loop, keep, NULL);
    else
        ch.capture = mbmc_timer_new(bmc->loop, keep, NULL);
    if (!ch.hist || (!ch.capture && !ch.capture_tick)) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    const char *path = bmc->opts.sol_history;
    if (path) {
        ch.path = strdup(path);
        if (!ch.path) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        uint8_t *saved = NULL;
        size_t n = 0;
        int rc = mbmc_history_file_load(path, ch.cap, &saved, &n);
        if (rc)
            mbmc_log(MBMC_LOG_WARN, "cannot read the console history %s: %s (starting empty)",
                     path, strerror(rc));
        else if (n)
            mbmc_log(MBMC_LOG_INFO, "console history: %zu bytes from %s", n, path);
        mbmc_history_append(ch.hist, &ch.hist_len, ch.cap, saved, n);
        free(saved);
    }
    if (ch.capture)
        mbmc_timer_start(ch.capture, ch.capture_ms);
    return 0;
}

void mbmc_console_history_cleanup(void)
{
    replay_stop();
    mbmc_timer_free(ch.resend);
    mbmc_timer_free(ch.capture);
    mbmc_tick_free(ch.capture_tick);
    free(ch.hist);
    free(ch.path);
    ipmi_payload_handler_cb orig_sol = ch.orig_sol;     /* lanserv's table still points here */
    memset(&ch, 0, sizeof(ch));
    ch.orig_sol = orig_sol;
}
