/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The protocol fixes for ipmi_sim's lanserv (both flavours, sim_abi.h), installed only after
 * sim_flavour.c has matched the flavour and lanserv_guard.c the table layout:
 *  - cipher suites offered: 1, 2, 3, 6 (stock) and 15, 16, 17 (SHA-256, rakp_sha256.c);
 *    0 (no authentication), the xRC4 suites and the MD5-128 integrity suites are gone;
 *  - Get Channel Cipher Suites answered before a session and inside one (cipher_list.c);
 *  - Open Session privilege 0, per-user privilege, suite 0 refused (session_priv.c);
 *  - remote crashes removed (crash_guards.c), and in 2.0.37 the session-slot overrun
 *    (session_slots.c). */
#include "lanserv_fix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cipher_list.h"
#include "cmd_privs.h"
#include "crash_guards.h"
#include "lan_params_ro.h"
#include "lanserv_guard.h"
#include "login_lockout.h"
#include "session_startup.h"
#include "log.h"
#include "rakp_sha256.h"
#include "session_priv.h"
#include "session_slots.h"
#include "sim_abi.h"
#include "sim_flavour.h"

#define MEDIUM_8023_LAN 4

/* What Open Session accepts after the fixes (IPMI 2.0 table 22-20 ids). */
static const uint8_t offered_suites[] = {1, 2, 3, 6, 15, 16, 17};

static struct mbmc_lanserv tables;
static int installed;

/* Per LAN channel: the OEM hook that was there before ours (chained). */
struct hooked_channel {
    channel_t *chan;
    int (*prev)(channel_t *chan, msg_t *msg);
    struct hooked_channel *next;
};
static struct hooked_channel *hooked;

int mbmc_lanserv_fix_init(sys_data_t *sys, char *err, size_t errlen)
{
    if (installed)
        return 0;
    if (mbmc_lanserv_guard(&tables, err, errlen))
        return -1;
    /* Everything that can fail comes before the first change to lanserv's tables. */
    struct mbmc_triple rows[MBMC_SUITE_ROWS];
    if (mbmc_suite_rows(offered_suites, sizeof(offered_suites), rows, MBMC_SUITE_ROWS) < 0) {
        snprintf(err, errlen, "internal error: the offered cipher suites do not fit lanserv's table");
        return -1;
    }
    if (mbmc_crash_guards_install(&tables, sys, err, errlen))
        return -1;
    mbmc_rakp_sha256_install(&tables, sys);
    memcpy(tables.valid_suites, rows, sizeof(rows));
    mbmc_session_slots_install(&tables);    /* innermost Open Session wrapper */
    mbmc_session_priv_install(&tables);
    mbmc_session_startup_install(&tables);  /* after the wrappers of the same payloads */
    mbmc_login_lockout_install(&tables);    /* outermost: a refused source reaches nothing */
    mbmc_cipher_list_install(&tables);     /* last: lists what the tables now accept */
    installed = 1;

    const uint8_t *ids;
    size_t n = mbmc_cipher_list_ids(&ids);
    char list[64] = "";
    for (size_t i = 0; i < n; i++)
        snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%u", i ? "," : "", ids[i]);
    mbmc_log(MBMC_LOG_INFO, "lanserv %s, flavour %s: protocol fixes installed, cipher suites %s",
             MBMC_LANSERV_VERSION, mbmc_flavour_name(mbmc_flavour_built()), list);
    return 0;
}

static struct hooked_channel *hook_of(channel_t *chan)
{
    for (struct hooked_channel *h = hooked; h; h = h->next)
        if (h->chan == chan)
            return h;
    return NULL;
}

/* Every authenticated message on a LAN channel, before lanserv's privilege check. */
static int lan_channel_hook(channel_t *chan, msg_t *msg)
{
    if (mbmc_session_priv_check(chan, msg) || mbmc_cipher_list_in_session(chan, msg) ||
        mbmc_lan_params_readonly(chan, msg))
        return 1;
    struct hooked_channel *h = hook_of(chan);
    return h && h->prev ? h->prev(chan, msg) : 0;
}

/* lanserv asks this before its own privilege table. Our commands first, then whatever
 * hook was there before (the check has no channel argument: the first such hook chains). */
static int (*permitted_prev)(unsigned char priv, unsigned char netfn, unsigned char cmd);

static int lan_check_permitted(unsigned char priv, unsigned char netfn, unsigned char cmd)
{
    int rv = mbmc_cmd_check_permitted(priv, netfn, cmd);
    if (rv == IPMI_PRIV_INVALID && permitted_prev)
        rv = permitted_prev(priv, netfn, cmd);
    return rv;
}

static int hook_lan_channel(sys_data_t *sys, channel_t *chan)
{
    lanserv_data_t *lan = chan->chan_info;
    /* lanserv_config.c makes chan_info the lanserv_data_t that embeds the channel. */
    if (!lan || &lan->channel != chan || mbmc_lan_sys(lan) != sys) {
        mbmc_log(MBMC_LOG_ERR, "LAN channel %u is not laid out as lanserv flavour %s's; "
                 "not hooked (in-session fixes inactive)", chan->channel_num,
                 mbmc_flavour_name(mbmc_flavour_built()));
        return -1;
    }
    if (hook_of(chan))
        return 0;
    struct hooked_channel *h = calloc(1, sizeof(*h));
    if (!h) {
        mbmc_log(MBMC_LOG_ERR, "out of memory hooking LAN channel %u", chan->channel_num);
        return -1;
    }
    if (mbmc_session_slots_hook_lan(lan)) {
        free(h);
        mbmc_log(MBMC_LOG_ERR, "out of memory hooking LAN channel %u", chan->channel_num);
        return -1;
    }
    h->chan = chan;
    h->prev = chan->oem.oem_handle_msg;
    h->next = hooked;
    hooked = h;
    chan->oem.oem_handle_msg = lan_channel_hook;
    if (chan->oem.oem_check_permitted != lan_check_permitted) {
        if (!permitted_prev)
            permitted_prev = chan->oem.oem_check_permitted;
        chan->oem.oem_check_permitted = lan_check_permitted;
    }
    mbmc_cipher_list_set_lanparm(lan);
    return 0;
}

void mbmc_lanserv_fix_post_init(sys_data_t *sys)
{
    if (!installed)
        return;
    int n = 0;
    for (unsigned a = 0; a < IPMI_MAX_MCS; a++) {
        lmc_data_t *mc = sys->ipmb_addrs[a];
        channel_t **chans = mc ? sys->mc_get_channelset(mc) : NULL;
        for (unsigned c = 0; chans && c < IPMI_MAX_CHANNELS; c++)
            if (chans[c] && chans[c]->medium_type == MEDIUM_8023_LAN && hook_lan_channel(sys, chans[c]) == 0)
                n++;
    }
    if (n == 0)
        mbmc_log(MBMC_LOG_WARN, "no LAN channel found: in-session protocol fixes inactive");
}
