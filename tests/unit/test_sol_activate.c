/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sol_activate.c with its two ipmi_sim entry points replaced by recording fakes: the checks
 * before the stock activation and the payload size the client finally sees. */
#include <OpenIPMI/lanserv.h>
#include <OpenIPMI/mcserv.h>

#include "console_history.h"
#include "sim_abi.h"
#include "sol_activate.h"
#include "sol_takeover.h"
#include "unit.h"

static cmd_handler_f registered, registered_deactivate;
static void *registered_data;
static unsigned char registered_netfn, registered_cmd;
static int stock_calls, stock_deactivations;
static uint8_t stock_cc;

int mbmc_sim_register_cmd(sys_data_t *s, unsigned char netfn, unsigned char cmd,
                          cmd_handler_f handler, void *cb_data)
{
    (void)s;
    if (cmd == 0x49) {
        registered_deactivate = handler;
        return 0;
    }
    registered_netfn = netfn;
    registered_cmd = cmd;
    registered = handler;
    registered_data = cb_data;
    return 0;
}

void ipmi_sol_deactivate(lmc_data_t *mc, channel_t *channel, msg_t *msg, unsigned char *rdata,
                         unsigned int *rdata_len)
{
    (void)mc; (void)channel; (void)msg;
    stock_deactivations++;
    rdata[0] = 0;
    *rdata_len = 1;
}

/* What ipmi_sim 2.0.33 answers for instance 1: sizes 32 in, 16384 out, port 623. */
void ipmi_sol_activate(lmc_data_t *mc, channel_t *channel, msg_t *msg, unsigned char *rdata,
                       unsigned int *rdata_len)
{
    (void)mc; (void)channel; (void)msg;
    stock_calls++;
    static const unsigned char ok[13] = {0, 0, 0, 0, 0, 32, 0, 0x00, 0x40, 0x6f, 0x02, 0xff, 0xff};
    if (stock_cc) {
        rdata[0] = stock_cc;
        *rdata_len = 1;
        return;
    }
    memcpy(rdata, ok, sizeof(ok));
    *rdata_len = sizeof(ok);
}

static int fake_set_associated_mc(channel_t *chan, uint32_t sid, unsigned int payload,
                                  lmc_data_t *mc, uint16_t *port,
                                  void (*close)(lmc_data_t *mc, uint32_t session_id, void *cb_data),
                                  void *cb_data)
{
    (void)chan; (void)sid; (void)payload; (void)mc; (void)port; (void)close; (void)cb_data;
    return 0;
}

/* The module's history replay (console_history.c), recorded. */
static int history_calls, history_deactivations;
static uint32_t history_sid;
void mbmc_console_history_activate(lmc_data_t *mc, channel_t *channel, msg_t *msg,
                                   uint8_t *rdata, unsigned int *rdata_len)
{
    (void)mc; (void)channel;
    history_calls++;
    history_sid = msg->sid;
    rdata[0] = 0;
    *rdata_len = 13;
}

bool mbmc_console_history_holds(uint32_t sid) { return history_sid && sid == history_sid; }

uint8_t mbmc_console_history_deactivate(void)
{
    history_deactivations++;
    history_sid = 0;
    return 0;
}

static sys_data_t sys;
static struct mbmc_bmc bmc = {.sys = &sys};
static channel_t chan;

static uint32_t req_sid = 0x100;

static void call(unsigned char cmd, const unsigned char *req, unsigned len, unsigned char *rdata,
                 unsigned *rlen)
{
    msg_t msg = {0};
    msg.data = (unsigned char *)req;
    msg.len = len;
    msg.orig_channel = &chan;
    msg.sid = req_sid;
    *rlen = 0;
    (cmd == 0x49 ? registered_deactivate : registered)(NULL, &msg, rdata, rlen, registered_data);
}

static void activate(const unsigned char *req, unsigned len, unsigned char *rdata, unsigned *rlen)
{
    call(0x48, req, len, rdata, rlen);
}

static void registers_activate_payload(void)
{
    char err[128];
    CHECK_EQ_INT(mbmc_sol_activate_init(&bmc, err, sizeof(err)), 0);
    CHECK_EQ_INT(registered_netfn, 0x06);
    CHECK_EQ_INT(registered_cmd, 0x48);
    CHECK(registered_data == &bmc);
    CHECK(registered_deactivate != NULL);
}

/* Deactivate Payload: the stock checks first, then lanserv's own deactivation. */
static void deactivate_checks_then_stock(void)
{
    static const unsigned char req[6] = {0x01, 0x01, 0, 0, 0, 0};
    static const unsigned char ipmi_req[6] = {0x00, 0x01, 0, 0, 0, 0};
    unsigned char r[32];
    unsigned n = 0;
    msg_t msg = {0};
    msg.orig_channel = &chan;
    msg.data = (unsigned char *)req;
    msg.len = 5;
    sys.sol_present = 1;
    chan.set_associated_mc = fake_set_associated_mc;
    registered_deactivate(NULL, &msg, r, &n, registered_data);
    CHECK_EQ_INT(r[0], 0xc7);
    msg.data = (unsigned char *)ipmi_req;
    msg.len = 6;
    registered_deactivate(NULL, &msg, r, &n, registered_data);
    CHECK_EQ_INT(r[0], 0xcc);
    CHECK_EQ_INT(stock_deactivations, 0);
    msg.data = (unsigned char *)req;
    registered_deactivate(NULL, &msg, r, &n, registered_data);
    CHECK_EQ_INT(r[0], 0);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(stock_deactivations, 1);
}

static void outbound_size_capped_to_what_is_sent(void)
{
    static const unsigned char req[6] = {0x01, 0x01, 0xc0, 0, 0, 0};
    unsigned char r[32];
    unsigned n;
    sys.sol_present = 1;
    chan.set_associated_mc = fake_set_associated_mc;
    stock_cc = 0;
    activate(req, sizeof(req), r, &n);
    CHECK_EQ_INT(n, 13);
    CHECK_EQ_INT(r[0], 0);
    CHECK_EQ_INT(r[5] | (r[6] << 8), 32);         /* inbound untouched */
    CHECK_EQ_INT(r[7] | (r[8] << 8), 259);        /* 4 + 255 */
    CHECK_EQ_INT(r[9] | (r[10] << 8), 623);       /* port untouched */
}

static void errors_pass_through(void)
{
    static const unsigned char req[6] = {0x01, 0x01, 0xc0, 0, 0, 0};
    unsigned char r[32];
    unsigned n;
    stock_cc = 0x80; /* payload already active */
    activate(req, sizeof(req), r, &n);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(r[0], 0x80);
    stock_cc = 0;
}

static void checks_before_stock_handler(void)
{
    static const unsigned char sol_req[6] = {0x01, 0x01, 0xc0, 0, 0, 0};
    static const unsigned char ipmi_req[6] = {0x00, 0x01, 0xc0, 0, 0, 0};
    unsigned char r[32];
    unsigned n;
    int before = stock_calls;

    activate(sol_req, 5, r, &n);                  /* truncated */
    CHECK_EQ_INT(r[0], 0xc7);
    CHECK_EQ_INT(n, 1);
    activate(ipmi_req, sizeof(ipmi_req), r, &n);  /* not SOL */
    CHECK_EQ_INT(r[0], 0xcc);
    sys.sol_present = 0;                          /* no sol line in lan.conf */
    activate(sol_req, sizeof(sol_req), r, &n);
    CHECK_EQ_INT(r[0], 0xc1);
    sys.sol_present = 1;
    chan.set_associated_mc = NULL;                /* channel without payloads */
    activate(sol_req, sizeof(sol_req), r, &n);
    CHECK_EQ_INT(r[0], 0xc1);
    chan.set_associated_mc = fake_set_associated_mc;
    CHECK_EQ_INT(stock_calls, before);
}

static void cap_leaves_small_sizes(void)
{
    unsigned char r[13] = {0, 0, 0, 0, 0, 32, 0, 64, 0, 0x6f, 0x02, 0xff, 0xff};
    mbmc_sol_cap_outbound(r, sizeof(r));
    CHECK_EQ_INT(r[7] | (r[8] << 8), 64);         /* history instance: 64 stays */
    unsigned char bad[1] = {0xc1};
    mbmc_sol_cap_outbound(bad, 1);                /* error reply untouched, no overread */
    CHECK_EQ_INT(bad[0], 0xc1);
}

/* Instance 2 is the module's console history (console_history.c); one instance a session. */
static void history_instance_goes_to_the_module(void)
{
    static const unsigned char hist[6] = {0x01, 0x02, 0xc0, 0, 0, 0};
    static const unsigned char sol[6] = {0x01, 0x01, 0xc0, 0, 0, 0};
    unsigned char r[32];
    unsigned n;
    int before = stock_calls, deact_before = stock_deactivations;
    sys.sol_present = 1;
    chan.set_associated_mc = fake_set_associated_mc;
    req_sid = 0x200;
    activate(hist, sizeof(hist), r, &n);
    CHECK_EQ_INT(history_calls, 1);
    CHECK_EQ_INT(stock_calls, before);            /* lanserv's instance 2 never runs */
    activate(sol, sizeof(sol), r, &n);            /* the same session wants the console too */
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(r[0], 0x82);                     /* activation limit: one instance a session */
    CHECK_EQ_INT(stock_calls, before);
    req_sid = 0x300;                              /* another session gets the console */
    activate(sol, sizeof(sol), r, &n);
    CHECK_EQ_INT(r[0], 0);
    CHECK_EQ_INT(stock_calls, before + 1);
    /* Deactivate: instance 2 ends the replay, instance 1 goes to ipmi_sim. */
    static const unsigned char deact_hist[6] = {0x01, 0x02, 0, 0, 0, 0};
    static const unsigned char deact_sol[6] = {0x01, 0x01, 0, 0, 0, 0};
    call(0x49, deact_hist, sizeof(deact_hist), r, &n);
    CHECK_EQ_INT(history_deactivations, 1);
    CHECK_EQ_INT(stock_deactivations, deact_before);
    call(0x49, deact_sol, sizeof(deact_sol), r, &n);
    CHECK_EQ_INT(stock_deactivations, deact_before + 1);
    history_sid = 0;
    req_sid = 0x100;
}

/* The deactivation notice never reuses the number of lanserv's packet in flight (the old
 * console would take it for a retransmission of what it has). */
static void notice_number_differs_from_the_packet_in_flight(void)
{
    CHECK_EQ_INT(mbmc_sol_notice_seq(5, 1), 6);
    CHECK_EQ_INT(mbmc_sol_notice_seq(15, 1), 1);
    CHECK_EQ_INT(mbmc_sol_notice_seq(5, 0), 5);     /* 5 is the next number, not yet used */
    CHECK_EQ_INT(mbmc_sol_notice_seq(0, 0), 1);     /* never 0: that is an ack-only packet */
}

int main(void)
{
    RUN(registers_activate_payload);
    RUN(outbound_size_capped_to_what_is_sent);
    RUN(deactivate_checks_then_stock);
    RUN(errors_pass_through);
    RUN(checks_before_stock_handler);
    RUN(cap_leaves_small_sizes);
    RUN(notice_number_differs_from_the_packet_in_flight);
    RUN(history_instance_goes_to_the_module);
    UNIT_EXIT();
}
