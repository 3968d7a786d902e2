/* ipmi_sim 2.0.33 answers Activate Payload for SOL with an outbound payload size of 16384
 * (the size of its buffer), but sends at most 4+255 bytes per packet. FreeIPMI's ipmiconsole
 * rejects any size above 4+255 as a broken BMC ("BMC Implementation") unless the user passes
 * -W solpayloadsize. We run the stock activation and report the size it really uses. */
#include "sol_payload.h"

#include <stdio.h>

#include <OpenIPMI/ipmi_err.h>
#include <OpenIPMI/ipmi_msgbits.h>
#include <OpenIPMI/mcserv.h>

#include "lanserv_guard.h"
#include "log.h"

/* Exported by ipmi_sim 2.0.33 (sol.c) but not declared in an installed header; its layout
 * is covered by the lanserv version guard that runs before we are installed. */
void ipmi_sol_activate(lmc_data_t *mc, channel_t *channel, msg_t *msg, unsigned char *rdata,
                       unsigned int *rdata_len);

#define ACTIVATE_PAYLOAD_CMD 0x48
#define PAYLOAD_TYPE_SOL 0x01
#define REPLY_LEN 13

/* lanserv keeps the sequence number of the last SOL packet it accepted across sessions, and
 * drops a packet with the same number as a retransmission. Every ipmitool session starts
 * counting at 1, so a new session's first keystrokes were acknowledged and thrown away when
 * the previous session's last packet had the same number. Before the first packet of a new
 * session reaches lanserv we hand it an empty packet with another number: lanserv records that
 * number (and acknowledges it; clients ignore an ack for a packet they never sent). */
static ipmi_payload_handler_cb orig_sol_payload;
static uint32_t fresh_session;
static int fresh_pending;

static void sol_payload(lanserv_data_t *lan, msg_t *msg)
{
    if (fresh_pending && msg->sid == fresh_session && msg->len >= 4) {
        fresh_pending = 0;
        uint8_t seq = msg->data[0] & 0x0f;
        if (seq) {
            uint8_t reset[4] = {seq == 15 ? 14 : 15, 0, 0, 0};
            msg_t empty = *msg;
            empty.data = reset;
            empty.len = sizeof(reset);
            orig_sol_payload(lan, &empty);
        }
    }
    orig_sol_payload(lan, msg);
}

void mbmc_sol_payload_install(struct mbmc_lanserv *ls)
{
    /* No SOL payload handler (no `sol` line): nothing to wrap. */
    if (!ls->payload_handlers[PAYLOAD_TYPE_SOL] || orig_sol_payload)
        return;
    orig_sol_payload = ls->payload_handlers[PAYLOAD_TYPE_SOL];
    ls->payload_handlers[PAYLOAD_TYPE_SOL] = sol_payload;
}

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

static void handle_activate_payload(lmc_data_t *mc, msg_t *msg, unsigned char *rdata,
                                    unsigned int *rdata_len, void *cb_data)
{
    struct mbmc_bmc *bmc = cb_data;
    channel_t *channel = msg->orig_channel;

    /* The same checks, in the same order, as the stock handler. */
    if (!bmc->sys->sol_present || !channel || !channel->set_associated_mc) {
        rdata[0] = IPMI_INVALID_CMD_CC;
        *rdata_len = 1;
        return;
    }
    if (msg->len < 6) {
        rdata[0] = IPMI_REQUEST_DATA_LENGTH_INVALID_CC;
        *rdata_len = 1;
        return;
    }
    if ((msg->data[0] & 0x0f) != PAYLOAD_TYPE_SOL) {
        rdata[0] = IPMI_INVALID_DATA_FIELD_CC;
        *rdata_len = 1;
        return;
    }
    ipmi_sol_activate(mc, channel, msg, rdata, rdata_len);
    mbmc_sol_cap_outbound(rdata, *rdata_len);
    if (rdata[0] == 0 && (msg->data[1] & 0x0f) == 1) {
        fresh_session = msg->sid;
        fresh_pending = 1;
    }
}

int mbmc_sol_payload_init(struct mbmc_bmc *bmc, char *err, size_t errlen)
{
    int rc = ipmi_emu_register_cmd_handler(IPMI_APP_NETFN, ACTIVATE_PAYLOAD_CMD,
                                           handle_activate_payload, bmc);
    if (rc) {
        snprintf(err, errlen, "cannot register the Activate Payload handler (error %d)", rc);
        return rc;
    }
    return 0;
}
