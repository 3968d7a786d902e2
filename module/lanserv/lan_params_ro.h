/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Set LAN Configuration Parameters for the BMC's addresses: refused as read-only, because
 * multibmc owns them (config + netlink). lanserv 2.0.33 would answer "success" and change
 * nothing that the BMC really uses. */
#ifndef MBMC_LAN_PARAMS_RO_H
#define MBMC_LAN_PARAMS_RO_H

#include <stdbool.h>
#include <stdint.h>

#include <OpenIPMI/lanserv.h>

/* IP address, its source, MAC, netmask, gateways, VLAN: managed outside IPMI. */
bool mbmc_lan_param_is_managed(uint8_t param);

/* Channel hook part: answers 0x82 (read-only) and returns 1 for a managed parameter. */
int mbmc_lan_params_readonly(channel_t *chan, msg_t *msg);

#endif
