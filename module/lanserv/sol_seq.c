/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See sol_seq.h. */
#include "config.h"

#include "sol_seq.h"

#include <dlfcn.h>
#include <string.h>

#include <OpenIPMI/lanserv.h>


#define SOL_PAYLOAD 0x01
#define SOL_FLUSH_INBOUND 0x02     /* operation byte: drop what is queued for the serial port */

void mbmc_sol_seq_activated(struct mbmc_sol_seq *s, uint32_t sid)
{
    s->active_sid = sid;
}

unsigned mbmc_sol_seq_inbound(struct mbmc_sol_seq *s, uint32_t sid, const uint8_t *data,
                              unsigned len)
{
    if (!s->active_sid || sid != s->active_sid || len <= 4)
        return 0;           /* history instance, another session, or no characters */
    unsigned seq = data[0] & 0x0f;
    if (!seq)
        return 0;
    unsigned inject = 0;
    if (seq == s->last_seq && sid != s->last_sid)
        inject = seq % 15 + 1;  /* any other number in 1..15 */
    /* ipmi_sim's last accepted number is this packet's now, whether new or a retransmission. */
    s->last_seq = seq;
    s->last_sid = sid;
    return inject;
}

static struct mbmc_sol_seq state;
static ipmi_payload_handler_cb orig_sol;

static void sol_payload(lanserv_data_t *lan, msg_t *msg)
{
    unsigned inject = mbmc_sol_seq_inbound(&state, msg->sid, msg->data, msg->len);
    if (inject) {
        uint8_t empty[5] = { (uint8_t)inject, 0, 0, SOL_FLUSH_INBOUND, 0 };
        msg_t m = *msg;
        m.data = empty;
        m.len = sizeof(empty);
        orig_sol(lan, &m);
    }
    orig_sol(lan, msg);
}

void mbmc_sol_seq_install(void)
{
    /* lanserv registers its SOL handler while reading the sol line, after our init: wrap it
     * when SOL is first activated. The table's size was checked by the version guard. */
    ipmi_payload_handler_cb *h = dlsym(RTLD_DEFAULT, "payload_handlers");
    if (orig_sol || !h || !h[SOL_PAYLOAD] || h[SOL_PAYLOAD] == sol_payload)
        return;
    orig_sol = h[SOL_PAYLOAD];
    h[SOL_PAYLOAD] = sol_payload;
}

void mbmc_sol_seq_note_activation(uint32_t sid)
{
    mbmc_sol_seq_install();
    if (orig_sol)
        mbmc_sol_seq_activated(&state, sid);
}
