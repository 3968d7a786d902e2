/* SPDX-License-Identifier: GPL-2.0-or-later */
/* reply_fixes.c and cmd_privs.c: what `ipmitool sol info`, `user list` and bmc-info see. */
#include "cmd_privs.h"
#include "reply_fixes.h"
#include "unit.h"

static void sol_params_filled_in(void)
{
    uint8_t rsp[36];
    const uint8_t req2[] = { 0x01, 2, 0, 0 };
    rsp[0] = 0x80;                             /* the stock "not supported" */
    unsigned n = mbmc_fix_sol_config_reply(req2, 4, rsp, 1, sizeof(rsp));
    CHECK_EQ_INT(n, 3);
    CHECK_EQ_INT(rsp[0], 0);
    CHECK_EQ_INT(rsp[1], 0x11);
    CHECK_EQ_INT(rsp[2], 0x02);                /* USER may activate SOL */
    const uint8_t req8[] = { 0x01, 8, 0, 0 };
    rsp[0] = 0x80;
    n = mbmc_fix_sol_config_reply(req8, 4, rsp, 1, sizeof(rsp));
    CHECK_EQ_INT(n, 4);
    CHECK_EQ_INT(rsp[2] | (rsp[3] << 8), 623);
    const uint8_t req5[] = { 0x01, 5, 0, 0 };
    rsp[0] = 0; rsp[1] = 0x11; rsp[2] = 0;     /* never set */
    n = mbmc_fix_sol_config_reply(req5, 4, rsp, 3, sizeof(rsp));
    CHECK_EQ_INT(n, 3);
    CHECK_EQ_INT(rsp[2], 0x0A);                /* 115200 */
    rsp[2] = 0x06;                             /* a client set 9600: kept */
    mbmc_fix_sol_config_reply(req5, 4, rsp, 3, sizeof(rsp));
    CHECK_EQ_INT(rsp[2], 0x06);
    rsp[0] = 0xC1;                             /* no SOL configured: unchanged */
    CHECK_EQ_INT(mbmc_fix_sol_config_reply(req2, 4, rsp, 1, sizeof(rsp)), 1);
    CHECK_EQ_INT(rsp[0], 0xC1);
    const uint8_t req9[] = { 0x01, 9, 0, 0 };
    rsp[0] = 0x80;
    CHECK_EQ_INT(mbmc_fix_sol_config_reply(req9, 4, rsp, 1, sizeof(rsp)), 1);
    CHECK_EQ_INT(rsp[0], 0x80);
}

static void unused_user_is_no_access(void)
{
    uint8_t rsp[5] = { 0, 63, 0x41, 0, 0x00 };
    mbmc_fix_user_access_reply(rsp, 5);
    CHECK_EQ_INT(rsp[4], 0x0F);
    uint8_t adm[5] = { 0, 63, 0x41, 0, 0x34 };
    mbmc_fix_user_access_reply(adm, 5);
    CHECK_EQ_INT(adm[4], 0x34);
}

static void system_info_at_user(void)
{
    CHECK_EQ_INT(mbmc_cmd_check_permitted(2, 0x06, 0x59), IPMI_PRIV_PERMITTED);
    CHECK_EQ_INT(mbmc_cmd_check_permitted(1, 0x06, 0x59), IPMI_PRIV_DENIED);
    CHECK_EQ_INT(mbmc_cmd_check_permitted(3, 0x06, 0x58), IPMI_PRIV_DENIED);
    CHECK_EQ_INT(mbmc_cmd_check_permitted(4, 0x06, 0x58), IPMI_PRIV_PERMITTED);
    CHECK_EQ_INT(mbmc_cmd_check_permitted(4, 0x00, 0x02), IPMI_PRIV_INVALID);
}

int main(void)
{
    RUN(sol_params_filled_in);
    RUN(unused_user_is_no_access);
    RUN(system_info_at_user);
    UNIT_EXIT();
}
