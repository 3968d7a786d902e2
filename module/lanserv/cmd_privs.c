/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cmd_privs.h"

#include <stddef.h>
#include <stdint.h>

#include <OpenIPMI/ipmi_msgbits.h>

#define PRIV_USER 2
#define PRIV_ADMIN 4

/* IPMI 2.0 Appendix G lists the privilege each command needs. */
static const struct {
    uint8_t netfn, cmd, priv;
} privs[] = {
    { IPMI_APP_NETFN, 0x58, PRIV_ADMIN },    /* Set System Info Parameters */
    { IPMI_APP_NETFN, 0x59, PRIV_USER },     /* Get System Info Parameters */
};

int mbmc_cmd_check_permitted(unsigned char priv, unsigned char netfn, unsigned char cmd)
{
    for (size_t i = 0; i < sizeof(privs) / sizeof(privs[0]); i++)
        if (privs[i].netfn == netfn && privs[i].cmd == cmd)
            return priv >= privs[i].priv ? IPMI_PRIV_PERMITTED : IPMI_PRIV_DENIED;
    return IPMI_PRIV_INVALID;
}
