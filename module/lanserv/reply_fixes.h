/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Corrections to replies of ipmi_sim's own handlers that are right except for what they
 * leave out (pure; chained_cmds.c runs the stock handler, then these):
 *  - Get SOL Configuration Parameters answers only parameters 0, 1, 5, 6, and 5/6 read 0
 *    until a client sets them, so `ipmitool sol info` showed privilege "Unknown (0x00)"
 *    and bit rates 0 while the port runs at 115200;
 *  - Get User Access reports privilege 0 for unused user slots, which clients print as
 *    "Unknown (0x00)"; the spec's value for "no access" is 0Fh. */
#ifndef MBMC_REPLY_FIXES_H
#define MBMC_REPLY_FIXES_H

#include <stdint.h>

/* What ipmi_sim's SOL really does (sol.c 2.0.33-2.0.37): data goes out as it arrives
 * (accumulate 5 ms, threshold 1 character), an unacknowledged packet is resent every
 * second, 4 times; the lan.conf template sets 115200 bps; SOL runs on LAN channel 1, in
 * the session's own UDP port 623; activation needs USER privilege. */
#define MBMC_SOL_BITRATE_115200 0x0A
#define MBMC_SOL_CHANNEL 1
#define MBMC_SOL_PORT 623

/* req/req_len: the Get SOL Configuration Parameters request; rsp/len: the stock reply.
 * Returns the corrected reply length (rsp has cap bytes). */
unsigned mbmc_fix_sol_config_reply(const uint8_t *req, unsigned req_len, uint8_t *rsp,
                                   unsigned len, unsigned cap);
/* rsp/len: the stock Get User Access reply. */
void mbmc_fix_user_access_reply(uint8_t *rsp, unsigned len);

#endif
