/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "lan_guid.h"

#include <string.h>

#include "sim_abi.h"

#define MEDIUM_8023_LAN 4

/* lanserv_config.c makes chan_info the lanserv_data_t that embeds the channel. */
static lanserv_data_t *lan_of(channel_t *chan)
{
    lanserv_data_t *lan = chan && chan->medium_type == MEDIUM_8023_LAN ? chan->chan_info : NULL;
    return lan && &lan->channel == chan ? lan : NULL;
}

/* The LAN channels of every MC, at most cap of them (a BMC has one or two). */
static unsigned lans(sys_data_t *sys, lanserv_data_t **out, unsigned cap)
{
    unsigned n = 0;
    for (unsigned a = 0; a < IPMI_MAX_MCS; a++) {
        lmc_data_t *mc = sys->ipmb_addrs[a];
        channel_t **chans = mc ? sys->mc_get_channelset(mc) : NULL;
        for (unsigned c = 0; chans && c < IPMI_MAX_CHANNELS && n < cap; c++)
            if ((out[n] = lan_of(chans[c])))
                n++;
    }
    return n;
}

#define MAX_LANS IPMI_MAX_CHANNELS

static int each_lan(sys_data_t *sys, const uint8_t *set, uint8_t *get)
{
    lanserv_data_t *lan[MAX_LANS];
    int n = 0;
    for (unsigned i = 0, count = lans(sys, lan, MAX_LANS); i < count; i++) {
        if (!lan[i]->guid)
            continue;
        if (get) {
            memcpy(get, lan[i]->guid, 16);
            return 1;
        }
        memcpy(lan[i]->guid, set, 16);
        n++;
    }
    return n;
}

bool mbmc_lan_guid_in_handshake(sys_data_t *sys)
{
    lanserv_data_t *lan[MAX_LANS];
    for (unsigned l = 0, count = lans(sys, lan, MAX_LANS); l < count; l++)
        for (unsigned i = 1; i <= MAX_SESSIONS; i++)
            if (lan[l]->sessions[i].active && mbmc_session_awaits_rakp3(&lan[l]->sessions[i]))
                return true;
    return false;
}

int mbmc_lan_guid_get(sys_data_t *sys, uint8_t out[16])
{
    return each_lan(sys, NULL, out) ? 0 : -1;
}

int mbmc_lan_guid_set(sys_data_t *sys, const uint8_t guid[16])
{
    return each_lan(sys, guid, NULL);
}
