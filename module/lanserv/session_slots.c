/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See session_slots.h. */
#include "session_slots.h"

#include <stdlib.h>

#include <OpenIPMI/ipmi_err.h>

#include "lanserv_guard.h"
#include "lanserv_session.h"
#include "log.h"
#include "rmcpp_out.h"
#include "sim_abi.h"

#define OPEN_SESSION_RSP_LEN 8      /* tag, status, max priv, reserved, console session id */

int mbmc_session_slots_guard(const session_t *sessions, unsigned max, unsigned *last)
{
    /* A position at or past the end (never set by lanserv itself) walks nothing here. */
    for (unsigned i = *last < max ? *last + 1 : max + 1; i <= max; i++)
        if (!sessions[i].active)
            return 0;
    for (unsigned i = 1; i <= max; i++) {
        if (!sessions[i].active) {
            *last = 0;
            return 0;
        }
    }
    return -1;
}

static ipmi_payload_handler_cb orig_open_session;

/* Per LAN channel: the send_out that was there before ours. */
struct hooked_lan {
    lanserv_data_t *lan;
    void (*send_out)(lanserv_data_t *lan, struct iovec *data, int vecs, void *addr, int addr_len);
    struct hooked_lan *next;
};
static struct hooked_lan *hooked;

static int guard(lanserv_data_t *lan)
{
    unsigned *last = mbmc_lan_last_session(lan);
    return last ? mbmc_session_slots_guard(lan->sessions, MAX_SESSIONS, last) : 0;
}

static void open_session(lanserv_data_t *lan, msg_t *msg)
{
    if (msg->sid == 0 && msg->len >= 8 && guard(lan) < 0) {
        uint8_t rsp[OPEN_SESSION_RSP_LEN] = {
            msg->data[0], IPMI_RMCPP_INSUFFICIENT_RESOURCES_FOR_SESSION, 0, 0,
            msg->data[4], msg->data[5], msg->data[6], msg->data[7],
        };
        mbmc_log_once("slots-full", MBMC_LOG_WARN, "Open Session refused: all %d session slots "
                      "are in use", MAX_SESSIONS);
        mbmc_rmcpp_send(lan, msg, MBMC_PAYLOAD_OPEN_SESSION_RSP, rsp, sizeof(rsp));
        return;
    }
    mbmc_log_once_reset("slots-full");
    orig_open_session(lan, msg);
}

void mbmc_session_slots_install(struct mbmc_lanserv *ls)
{
    if (!MBMC_LANSERV_FLAVOUR_B || orig_open_session)
        return;
    orig_open_session = ls->payload_handlers[MBMC_PAYLOAD_OPEN_SESSION];
    ls->payload_handlers[MBMC_PAYLOAD_OPEN_SESSION] = open_session;
}

static void send_out(lanserv_data_t *lan, struct iovec *data, int vecs, void *addr, int addr_len)
{
    /* Whatever lanserv sends follows its handling of one message, which may have taken a
     * slot (an IPMI 1.5 Activate Session always answers): set the walk right before the
     * next message can take another. */
    guard(lan);
    for (struct hooked_lan *h = hooked; h; h = h->next) {
        if (h->lan == lan) {
            h->send_out(lan, data, vecs, addr, addr_len);
            return;
        }
    }
}

int mbmc_session_slots_hook_lan(lanserv_data_t *lan)
{
    if (!MBMC_LANSERV_FLAVOUR_B || !lan->send_out || lan->send_out == send_out)
        return 0;
    struct hooked_lan *h = calloc(1, sizeof(*h));
    if (!h)
        return -1;
    h->lan = lan;
    h->send_out = lan->send_out;
    h->next = hooked;
    hooked = h;
    lan->send_out = send_out;
    guard(lan);
    return 0;
}
