/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The privilege a session may reach: the lower of the user's limit (lan.conf `user` line or
 * Set User Access) and the channel's; 0 means no access at all. */
#ifndef MBMC_PRIV_LIMIT_H
#define MBMC_PRIV_LIMIT_H

#define MBMC_PRIV_CALLBACK 1
#define MBMC_PRIV_ADMIN 4

static inline unsigned mbmc_priv_limit(unsigned user_priv, unsigned channel_limit)
{
    /* 0 is reserved and 0xF is "no access"; OEM (5) gets what lanserv can check: admin. */
    if (user_priv < MBMC_PRIV_CALLBACK || user_priv > 5 || channel_limit < MBMC_PRIV_CALLBACK)
        return 0;
    unsigned lim = user_priv < channel_limit ? user_priv : channel_limit;
    return lim > MBMC_PRIV_ADMIN ? MBMC_PRIV_ADMIN : lim;
}

#endif
