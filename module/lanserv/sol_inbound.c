/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See sol_inbound.h. */
#include "config.h"

#include "sol_inbound.h"

#include <dlfcn.h>
#include <stdint.h>

#include <OpenIPMI/lanserv.h>

#include "sol_outbound.h"
#include "sol_seq.h"
#include "sol_takeover.h"

#define SOL_PAYLOAD 0x01
#define SOL_FLUSH_INBOUND 0x02     /* operation byte: drop what is queued for the serial port */

static ipmi_payload_handler_cb orig_sol;

static void sol_payload(lanserv_data_t *lan, msg_t *msg)
{
    mbmc_sol_takeover_inbound(msg);
    unsigned inject = mbmc_sol_seq_check(msg->sid, msg->data, msg->len);
    if (inject) {
        uint8_t empty[5] = { (uint8_t)inject, 0, 0, SOL_FLUSH_INBOUND, 0 };
        msg_t m = *msg;
        m.data = empty;
        m.len = sizeof(empty);
        orig_sol(lan, &m);
    }
    mbmc_sol_outbound_inbound(msg);
    orig_sol(lan, msg);
    mbmc_sol_outbound_handled(msg);
}

void mbmc_sol_inbound_install(void)
{
    /* The table's size was checked by the version guard. */
    ipmi_payload_handler_cb *h = dlsym(RTLD_DEFAULT, "payload_handlers");
    if (orig_sol || !h || !h[SOL_PAYLOAD] || h[SOL_PAYLOAD] == sol_payload)
        return;
    orig_sol = h[SOL_PAYLOAD];
    h[SOL_PAYLOAD] = sol_payload;
}
