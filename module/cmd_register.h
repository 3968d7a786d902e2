/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Putting the module's handlers into ipmi_sim's command table: the one place that calls
 * ipmi_emu_register_cmd_handler for the parts below module/ (its signature differs between
 * OpenIPMI releases). A registered handler replaces ipmi_sim's own for that command. */
#ifndef MBMC_CMD_REGISTER_H
#define MBMC_CMD_REGISTER_H

#include <stddef.h>
#include <stdint.h>

#include <OpenIPMI/mcserv.h>

/* One handler for each of cmds[0..n) of netfn. 0, or -1 with a message naming the command. */
int mbmc_register_cmds(uint8_t netfn, const uint8_t *cmds, size_t n, cmd_handler_f fn, void *data,
                       char *err, size_t errlen);

#endif
