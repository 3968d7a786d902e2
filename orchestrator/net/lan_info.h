/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What `ipmitool lan print` and xCAT's `rspconfig ip/netmask/gateway` show for a BMC.
 * ipmi_sim runs its lan_config_program (`multibmc lan-info IP NETMASK MAC get PARM...`) for
 * Get LAN Configuration Parameters, inside the network namespace it runs in; the answers
 * come from that live network: "auto" NETMASK/MAC are those of the interface holding IP,
 * the default gateway is the default route's gateway inside the BMC's subnet (0.0.0.0
 * when there is none) and its MAC the neighbour table's entry. */
#ifndef MBMC_LAN_INFO_H
#define MBMC_LAN_INFO_H

#include <glib.h>

typedef struct {
    char ip[16], mask[16], mac[18];
    char gw_ip[16], gw_mac[18];
} MbmcLanInfo;

/* Pure: in /proc/net/route text, the gateway of a default route inside ip/mask. */
gboolean mbmc_lan_route_gateway(const char *route_text, const char *ip, const char *mask, char gw[16]);
/* Pure: in /proc/net/arp text, the complete entry's MAC for ip. */
gboolean mbmc_lan_arp_mac(const char *arp_text, const char *ip, char mac[18]);

/* Fill li from the arguments ("auto" for mask or mac) and the live network. */
void mbmc_lan_info_resolve(MbmcLanInfo *li, const char *ip, const char *mask, const char *mac);
/* The "parm:value" answer for one lan_config_program parameter, NULL if not ours. */
const char *mbmc_lan_info_value(const MbmcLanInfo *li, const char *parm);

#endif
