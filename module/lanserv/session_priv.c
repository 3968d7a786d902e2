/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Session privilege fixes (see session_priv.h). */
#include "session_priv.h"

#include <OpenIPMI/ipmi_err.h>
#include <OpenIPMI/ipmi_msgbits.h>

#include "lanserv_session.h"
#include "priv_limit.h"
#include "sim_abi.h"

#define OPEN_SESSION_MIN_LEN 32

static ipmi_payload_handler_cb orig_open_session;

static unsigned session_limit(lanserv_data_t *lan, const session_t *s)
{
    if (s->userid == 0 || s->userid > MAX_USERS || !lan->users[s->userid].valid)
        return 0;
    return mbmc_priv_limit(lan->users[s->userid].privilege, lan->channel.privilege_limit);
}

void mbmc_session_priv_clamp(lanserv_data_t *lan, session_t *s)
{
    mbmc_session_clamp_priv(s, session_limit(lan, s));
}

static void open_session(lanserv_data_t *lan, msg_t *msg)
{
    if (msg->sid == 0 && msg->len >= OPEN_SESSION_MIN_LEN && (msg->data[1] & 0x0f) == 0) {
        unsigned lim = lan->channel.privilege_limit;
        if (lim > IPMI_PRIVILEGE_ADMIN)
            lim = IPMI_PRIVILEGE_ADMIN;
        msg->data[1] = (unsigned char)((msg->data[1] & 0xf0) | lim);
    }
    orig_open_session(lan, msg);
}

void mbmc_session_priv_install(struct mbmc_lanserv *ls)
{
    orig_open_session = ls->payload_handlers[MBMC_PAYLOAD_OPEN_SESSION];
    ls->payload_handlers[MBMC_PAYLOAD_OPEN_SESSION] = open_session;
}

static void refuse(channel_t *chan, msg_t *msg)
{
    unsigned char cc = IPMI_INSUFFICIENT_PRIVILEGE_CC;
    rsp_msg_t rsp = {.netfn = msg->netfn | 1, .cmd = msg->cmd, .data = &cc, .data_len = 1};
    chan->return_rsp(chan, msg, &rsp);
}

int mbmc_session_priv_check(channel_t *chan, msg_t *msg)
{
    lanserv_data_t *lan = chan->chan_info;
    sys_data_t *sys = mbmc_lan_sys(lan);
    session_t *s = mbmc_session_by_sid(lan, msg->sid);
    if (!s)
        return 0;               /* lanserv drops it */
    int closing = msg->netfn == IPMI_APP_NETFN && msg->cmd == IPMI_CLOSE_SESSION_CMD;
    if (mbmc_session_is_rmcpp(s) && s->auth == 0) {
        /* Cipher suite 0 (no authentication) is not offered; refuse any such session. */
        if (closing)
            return 0;
        sys->log(sys, AUTH_FAILED, msg, "Refused: session without authentication (cipher suite 0)");
        refuse(chan, msg);
        return 1;
    }
    mbmc_session_priv_clamp(lan, s);
    if (s->priv == 0 && !closing) {
        sys->log(sys, AUTH_FAILED, msg, "Refused: user %u has no access", s->userid);
        refuse(chan, msg);
        return 1;
    }
    return 0;
}
