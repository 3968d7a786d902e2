/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Activate and Deactivate Payload (SOL) around lanserv's own.
 * Activate: ipmi_sim (2.0.33 and 2.0.37 alike) answers with an outbound payload size of 16384 (the size of its
 * buffer), but sends at most 4+255 bytes per packet. FreeIPMI's ipmiconsole rejects any size
 * above 4+255 as a broken BMC ("BMC Implementation") unless the user passes
 * -W solpayloadsize. We run the stock activation and report the size it really uses; the
 * new console starts with a fresh inbound sequence (sol_seq.h) and outbound side
 * (sol_outbound.h).
 * Deactivate: the console that loses SOL to another session is told (sol_takeover.h). */
#include "sol_activate.h"

#include <stdbool.h>
#include <stdio.h>

#include <OpenIPMI/ipmi_err.h>
#include <OpenIPMI/ipmi_msgbits.h>
#include <OpenIPMI/mcserv.h>

#include "console_history.h"
#include "ipmi_cc.h"
#include "log.h"
#include "sim_abi.h"
#include "sol_inbound.h"
#include "sol_outbound.h"
#include "sol_seq.h"
#include "sol_takeover.h"

/* Exported by ipmi_sim (sol.c, the same in both flavours) but not declared in an installed
 * header; the flavour check (sim_flavour.c) runs before this handler is registered. */
void ipmi_sol_activate(lmc_data_t *mc, channel_t *channel, msg_t *msg, unsigned char *rdata,
                       unsigned int *rdata_len);
void ipmi_sol_deactivate(lmc_data_t *mc, channel_t *channel, msg_t *msg, unsigned char *rdata,
                         unsigned int *rdata_len);

#define ACTIVATE_PAYLOAD_CMD 0x48
#define DEACTIVATE_PAYLOAD_CMD 0x49
#define PAYLOAD_TYPE_SOL 0x01
#define REPLY_LEN 13

void mbmc_sol_cap_outbound(uint8_t *rdata, unsigned int rdata_len)
{
    if (rdata_len < REPLY_LEN || rdata[0] != 0)
        return;
    unsigned outbound = rdata[7] | (rdata[8] << 8);
    if (outbound > MBMC_SOL_MAX_OUTBOUND_PAYLOAD) {
        rdata[7] = MBMC_SOL_MAX_OUTBOUND_PAYLOAD & 0xff;
        rdata[8] = MBMC_SOL_MAX_OUTBOUND_PAYLOAD >> 8;
    }
}

/* The stock handlers' checks, in their order (bmc_app.c): 0 when the request may go on. */
static int payload_request_ok(struct mbmc_bmc *bmc, msg_t *msg, unsigned char *rdata,
                              unsigned int *rdata_len)
{
    channel_t *channel = msg->orig_channel;
    if (!bmc->sys->sol_present || !channel || !channel->set_associated_mc) {
        rdata[0] = IPMI_INVALID_CMD_CC;
        *rdata_len = 1;
        return -1;
    }
    if (msg->len < 6) {
        rdata[0] = IPMI_REQUEST_DATA_LENGTH_INVALID_CC;
        *rdata_len = 1;
        return -1;
    }
    if ((msg->data[0] & 0x0f) != PAYLOAD_TYPE_SOL) {
        rdata[0] = IPMI_INVALID_DATA_FIELD_CC;
        *rdata_len = 1;
        return -1;
    }
    return 0;
}

static void handle_activate_payload(lmc_data_t *mc, msg_t *msg, unsigned char *rdata,
                                    unsigned int *rdata_len, void *cb_data)
{
    if (payload_request_ok(cb_data, msg, rdata, rdata_len))
        return;
    if ((msg->data[1] & 0x0f) == MBMC_CONSOLE_HISTORY_INSTANCE) {
        mbmc_console_history_activate(mc, msg->orig_channel, msg, rdata, rdata_len);
        return;
    }
    if (mbmc_console_history_holds(msg->sid)) {     /* one SOL instance per session */
        rdata[0] = MBMC_CC_PAYLOAD_ACTIVATION_LIMIT;
        *rdata_len = 1;
        return;
    }
    ipmi_sol_activate(mc, msg->orig_channel, msg, rdata, rdata_len);
    mbmc_sol_cap_outbound(rdata, *rdata_len);
    if (rdata[0] == 0 && (msg->data[1] & 0x0f) == 1) {
        mbmc_sol_inbound_install();
        mbmc_sol_seq_note_activation(msg->sid);     /* see sol_seq.h */
        mbmc_sol_outbound_activated(msg->orig_channel);
    }
}

static void handle_deactivate_payload(lmc_data_t *mc, msg_t *msg, unsigned char *rdata,
                                      unsigned int *rdata_len, void *cb_data)
{
    if (payload_request_ok(cb_data, msg, rdata, rdata_len))
        return;
    /* Instance 2 (the history) is the module's, the console goes to ipmi_sim's SOL code. */
    if ((msg->data[1] & 0x0f) == MBMC_CONSOLE_HISTORY_INSTANCE) {
        rdata[0] = mbmc_console_history_deactivate();
        *rdata_len = 1;
        return;
    }
    bool instance1 = (msg->data[1] & 0x0f) == 1;
    if (instance1)
        mbmc_sol_takeover_notify(msg->sid);
    ipmi_sol_deactivate(mc, msg->orig_channel, msg, rdata, rdata_len);
    if (rdata[0] == 0 && instance1) {
        mbmc_sol_seq_note_deactivation();
        mbmc_sol_outbound_deactivated();
    }
}

int mbmc_sol_activate_init(struct mbmc_bmc *bmc, char *err, size_t errlen)
{
    int rc = mbmc_sim_register_cmd(bmc->sys, IPMI_APP_NETFN, ACTIVATE_PAYLOAD_CMD,
                                   handle_activate_payload, bmc);
    if (!rc)
        rc = mbmc_sim_register_cmd(bmc->sys, IPMI_APP_NETFN, DEACTIVATE_PAYLOAD_CMD,
                                   handle_deactivate_payload, bmc);
    if (rc) {
        snprintf(err, errlen, "cannot register the Activate/Deactivate Payload handlers (error %d)", rc);
        return rc;
    }
    mbmc_sol_takeover_init(bmc->loop);
    mbmc_sol_outbound_init(bmc->sys, bmc->mc, bmc->opts.sol_stall_fix);
    return 0;
}
