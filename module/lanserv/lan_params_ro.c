/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See lan_params_ro.h. */
#include "lan_params_ro.h"

#include <OpenIPMI/ipmi_msgbits.h>

#include "ipmi_cc.h"
#include "log.h"

bool mbmc_lan_param_is_managed(uint8_t param)
{
    switch (param) {
    case 3:  /* IP address */
    case 4:  /* IP address source */
    case 5:  /* MAC address */
    case 6:  /* subnet mask */
    case 12: /* default gateway address */
    case 13: /* default gateway MAC */
    case 14: /* backup gateway address */
    case 15: /* backup gateway MAC */
    case 20: /* 802.1q VLAN ID */
    case 21: /* VLAN priority */
        return true;
    default:
        return false;
    }
}

int mbmc_lan_params_readonly(channel_t *chan, msg_t *msg)
{
    if (msg->netfn != IPMI_TRANSPORT_NETFN || msg->cmd != IPMI_SET_LAN_CONFIG_PARMS_CMD ||
        msg->len < 2 || !mbmc_lan_param_is_managed(msg->data[1]))
        return 0;
    uint8_t cc = MBMC_CC_PARAM_READ_ONLY;
    rsp_msg_t rsp = {.netfn = msg->netfn | 1, .cmd = msg->cmd, .data = &cc, .data_len = 1};
    chan->return_rsp(chan, msg, &rsp);
    mbmc_log_once("lan-param-ro", MBMC_LOG_INFO,
                  "refused Set LAN Configuration parameter %u: the BMC's addresses are set in "
                  "the multibmc configuration", msg->data[1]);
    return 1;
}
