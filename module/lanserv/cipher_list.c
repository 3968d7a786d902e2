/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Get Channel Cipher Suites and LAN parameters 22/23 (see cipher_list.h).
 *
 * Stock 2.0.33 drops a session-less request unless its auth type is NONE, but ipmitool
 * sends Get Channel Cipher Suites as RMCP+ (auth type 6, session 0) and waits ~10 s for
 * an answer that never comes. 2.0.37 answers it, but in IPMI 1.5 framing and listing
 * suites 0-14 (so ipmitool settles for suite 3). We answer it ourselves in RMCP+ format
 * with the suites Open Session accepts, and let the other session-less RMCP+ requests
 * through as auth type NONE (what 2.0.37 does anyway). */
#include "cipher_list.h"

#include <string.h>

#include <OpenIPMI/ipmi_err.h>
#include <OpenIPMI/ipmi_msgbits.h>

#include "rmcpp_out.h"
#include "sim_abi.h"

#define MEDIUM_8023_LAN 4

static ipmi_payload_handler_cb orig_ipmi_payload;
static uint8_t advertised[MBMC_MAX_SUITE_ID + 1];
static size_t n_advertised;

size_t mbmc_cipher_list_ids(const uint8_t **ids)
{
    *ids = advertised;
    return n_advertised;
}

/* Response data (completion code first) for request body req[0..len). */
static size_t answer(lanserv_data_t *lan, const uint8_t *req, size_t len, uint8_t rsp[18])
{
    if (len < 3) {
        rsp[0] = IPMI_REQUEST_DATA_LENGTH_INVALID_CC;
        return 1;
    }
    unsigned chan = req[0] & 0x0f;
    if (chan == 0x0e)
        chan = lan->channel.channel_num;
    sys_data_t *sys = mbmc_lan_sys(lan);
    channel_t **chans = lan->channel.mc ? sys->mc_get_channelset(lan->channel.mc) : NULL;
    if (!chans || !chans[chan]) {
        rsp[0] = IPMI_NOT_PRESENT_CC;
        return 1;
    }
    if (chans[chan]->medium_type != MEDIUM_8023_LAN) {
        rsp[0] = IPMI_INVALID_DATA_FIELD_CC;
        return 1;
    }
    rsp[0] = 0;
    rsp[1] = (uint8_t)chan;
    return 2 + mbmc_cipher_suites_chunk(advertised, n_advertised, req[2], rsp + 2);
}

static uint8_t sum(const uint8_t *p, size_t n)
{
    uint8_t s = 0;
    while (n--)
        s = (uint8_t)(s + *p++);
    return s;
}

/* A well-formed session-less App 0x54 request? msg->data is the raw IPMI message. */
static int is_presession_cipher_request(const msg_t *msg)
{
    const uint8_t *d = msg->data;
    return msg->len >= 7 && sum(d, 3) == 0 && sum(d + 3, msg->len - 3) == 0
        && (d[1] >> 2) == IPMI_APP_NETFN && d[5] == IPMI_GET_CHANNEL_CIPHER_SUITES_CMD;
}

static void ipmi_payload(lanserv_data_t *lan, msg_t *msg)
{
    if (msg->sid == 0) {
        if (is_presession_cipher_request(msg)) {
            uint8_t rsp[18];
            size_t n = answer(lan, msg->data + 6, msg->len - 7, rsp);
            mbmc_rmcpp_send_ipmi_rsp(lan, msg, msg->data, rsp, n);
            return;
        }
        /* Get Channel Auth Capabilities, Get System GUID...: lanserv answers them if the
         * auth type says NONE; nothing is authenticated before a session anyway. */
        msg->authtype = IPMI_AUTHTYPE_NONE;
    }
    orig_ipmi_payload(lan, msg);
}

void mbmc_cipher_list_install(struct mbmc_lanserv *ls)
{
    struct mbmc_algo_set algos;
    mbmc_lanserv_algos(ls, &algos);
    n_advertised = mbmc_supported_suites(ls->valid_suites, MBMC_SUITE_ROWS, &algos, advertised,
                                         sizeof(advertised));
    orig_ipmi_payload = ls->payload_handlers[MBMC_PAYLOAD_IPMI];
    ls->payload_handlers[MBMC_PAYLOAD_IPMI] = ipmi_payload;
}

int mbmc_cipher_list_in_session(channel_t *chan, msg_t *msg)
{
    if (msg->netfn != IPMI_APP_NETFN || msg->cmd != IPMI_GET_CHANNEL_CIPHER_SUITES_CMD)
        return 0;
    uint8_t data[18];
    rsp_msg_t rsp = {.netfn = IPMI_APP_NETFN | 1, .cmd = msg->cmd, .data = data};
    rsp.data_len = (unsigned short)answer(chan->chan_info, msg->data, msg->len, data);
    /* lanserv's own sender: the session's integrity and encryption apply. */
    chan->return_rsp(chan, msg, &rsp);
    return 1;
}

void mbmc_cipher_list_set_lanparm(lanserv_data_t *lan)
{
    unsigned n = mbmc_lan_cipher_entries(advertised, n_advertised, lan->lanparm.cipher_suite_entry);
    lan->lanparm.num_cipher_suites = n & 0x0f;
    /* lanserv's Open Session reads bytes 0-2 of parameter 24 (entries 1-4), kept as set. */
    mbmc_lan_cipher_priv_unused(lan->lanparm.max_priv_for_cipher_suite, n);
}
