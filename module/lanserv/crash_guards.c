/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Crash fixes (see crash_guards.h). */
#include "crash_guards.h"

#include <stdio.h>
#include <string.h>

#include <OpenIPMI/ipmi_err.h>
#include <OpenIPMI/ipmi_msgbits.h>
#include <OpenIPMI/mcserv.h>

#include "conf_none.h"
#include "log_guard.h"
#include "sim_abi.h"

#define PAYLOAD_SUPPORT_RSP_LEN 9

/* Get Channel Payload Support: which payload types the channel carries. */
static void get_payload_support(lmc_data_t *mc, msg_t *msg, unsigned char *rdata,
                                unsigned int *rdata_len, void *cb_data)
{
    sys_data_t *sys = cb_data;
    if (msg->len < 1) {
        rdata[0] = IPMI_REQUEST_DATA_LENGTH_INVALID_CC;
        *rdata_len = 1;
        return;
    }
    unsigned num = msg->data[0] & 0x0f;
    if (num == 0x0e) {          /* "this channel" */
        if (!msg->orig_channel) {
            rdata[0] = IPMI_INVALID_DATA_FIELD_CC;
            *rdata_len = 1;
            return;
        }
        num = msg->orig_channel->channel_num & 0x0f;
    }
    channel_t **chans = sys->mc_get_channelset(mc);
    channel_t *chan = chans ? chans[num] : NULL;
    if (!chan) {
        rdata[0] = IPMI_INVALID_DATA_FIELD_CC;
        *rdata_len = 1;
        return;
    }
    memset(rdata, 0, PAYLOAD_SUPPORT_RSP_LEN);
    /* Bytes 2-3: standard payloads (bit 0 IPMI, bit 1 SOL). Bytes 4-5: session setup
     * payloads 10h-15h on session-capable channels. Bytes 6-9: no OEM payloads. */
    rdata[1] = 0x01;
    if (sys->sol_present && chan->set_associated_mc)
        rdata[1] |= 0x02;
    if (chan->session_support)
        rdata[3] = 0x3f;
    *rdata_len = PAYLOAD_SUPPORT_RSP_LEN;
}

int mbmc_crash_guards_install(struct mbmc_lanserv *ls, sys_data_t *sys, char *err, size_t errlen)
{
    int rc = mbmc_sim_register_cmd(sys, IPMI_APP_NETFN, IPMI_GET_CHANNEL_PAYLOAD_SUPPORT_CMD,
                                   get_payload_support, sys);
    if (rc) {
        snprintf(err, errlen, "cannot register Get Channel Payload Support: %s", strerror(rc));
        return -1;
    }
    mbmc_log_guard_install(sys);
    mbmc_conf_none_install(ls);
    ls->integs[MBMC_INTEG_SLOT_HMAC_MD5_128] = NULL;
    ls->integs[MBMC_INTEG_SLOT_MD5_128] = NULL;
    return 0;
}
