/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "chained_cmds.h"

#include <stdio.h>

#include <OpenIPMI/ipmi_msgbits.h>
#include <OpenIPMI/mcserv.h>

#include "cmd_register.h"
#include "reply_fixes.h"

/* ipmi_sim's command tables (bmc.h, exported by the executable, declared in no installed
 * header; the same in 2.0.33 and 2.0.37). Read once, before our handler replaces the slot. */
extern cmd_handler_f app_netfn_handlers[256];
extern cmd_handler_f transport_netfn_handlers[256];

#define GET_SOL_CONFIG_CMD 0x22

static cmd_handler_f stock_get_sol_config, stock_get_user_access;

static void get_sol_config(lmc_data_t *mc, msg_t *msg, unsigned char *rdata, unsigned int *rdata_len,
                           void *cb_data)
{
    (void)cb_data;
    unsigned cap = *rdata_len;
    stock_get_sol_config(mc, msg, rdata, rdata_len, NULL);
    *rdata_len = mbmc_fix_sol_config_reply(msg->data, msg->len, rdata, *rdata_len, cap);
}

static void get_user_access(lmc_data_t *mc, msg_t *msg, unsigned char *rdata, unsigned int *rdata_len,
                            void *cb_data)
{
    (void)cb_data;
    stock_get_user_access(mc, msg, rdata, rdata_len, NULL);
    mbmc_fix_user_access_reply(rdata, *rdata_len);
}

int mbmc_chained_cmds_install(sys_data_t *sys, char *err, size_t errlen)
{
    if (!stock_get_sol_config)
        stock_get_sol_config = transport_netfn_handlers[GET_SOL_CONFIG_CMD];
    if (!stock_get_user_access)
        stock_get_user_access = app_netfn_handlers[IPMI_GET_USER_ACCESS_CMD];
    if (!stock_get_sol_config || !stock_get_user_access) {
        snprintf(err, errlen, "ipmi_sim has no stock Get SOL Configuration / Get User Access handler");
        return -1;
    }
    static const uint8_t sol[] = { GET_SOL_CONFIG_CMD }, user[] = { IPMI_GET_USER_ACCESS_CMD };
    if (mbmc_register_cmds(sys, IPMI_TRANSPORT_NETFN, sol, 1, get_sol_config, NULL, err, errlen))
        return -1;
    return mbmc_register_cmds(sys, IPMI_APP_NETFN, user, 1, get_user_access, NULL, err, errlen);
}
