/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Putting the module's handlers into ipmi_sim's command table, a list of commands at a time,
 * through sim_abi.h's mbmc_sim_register_cmd (ipmi_emu_register_cmd_handler's signature
 * differs between the lanserv flavours). A registered handler replaces ipmi_sim's own for
 * that command. */
#ifndef MBMC_CMD_REGISTER_H
#define MBMC_CMD_REGISTER_H

#include <stddef.h>
#include <stdint.h>

#include <OpenIPMI/mcserv.h>
#include <OpenIPMI/serv.h>

/* One handler for each of cmds[0..n) of netfn. 0, or -1 with a message naming the command. */
int mbmc_register_cmds(sys_data_t *sys, uint8_t netfn, const uint8_t *cmds, size_t n, cmd_handler_f fn, void *data,
                       char *err, size_t errlen);

#endif
