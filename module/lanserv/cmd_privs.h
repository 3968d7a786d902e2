/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Privileges lanserv's table (priv_table.c) does not know for commands the module serves:
 * commands missing from it are ADMIN-only, so FreeIPMI's bmc-info (USER by default) was
 * refused Get System Info Parameters. Consulted first on every LAN session message; pure. */
#ifndef MBMC_CMD_PRIVS_H
#define MBMC_CMD_PRIVS_H

#include <OpenIPMI/ipmi_auth.h>

/* IPMI_PRIV_PERMITTED or IPMI_PRIV_DENIED for the commands listed here, IPMI_PRIV_INVALID
 * for the others (lanserv's table decides). priv: the session's level (1 callback .. 4
 * admin). */
int mbmc_cmd_check_permitted(unsigned char priv, unsigned char netfn, unsigned char cmd);

#endif
