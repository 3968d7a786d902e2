/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The SOL console history (SOL instance 2), owned by the module:
 *  - recorded byte-exactly from lanserv's SOL ring (sol_history_ring.c) into a buffer of the
 *    module's own (the last sol-history-size bytes). lanserv's own view of its ring is wrong
 *    at times: it drops the first bytes after a start when they arrive one at a time, and a
 *    wrap can make it report a short or empty history;
 *  - kept across ipmi_sim restarts and crashes: with option sol-history=PATH it is written to
 *    PATH once a second while the console prints (atomically) and read back at start; a
 *    SIGKILL loses at most the last second of output. lanserv's backupfile= is not used: it
 *    saves only on a clean exit, and 2.0.33-2.0.37 never load it back (fseek with a negative
 *    unsigned offset lands past the end) and then replay uninitialised memory as history;
 *  - replayed by the module: lanserv's instance 2 crashes ipmi_sim when the session ends
 *    before the replay's first packet is acknowledged (its resend timer outlives the copy it
 *    sends from) and stalls for good on a lost packet. */
#ifndef MBMC_CONSOLE_HISTORY_H
#define MBMC_CONSOLE_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <OpenIPMI/mcserv.h>

#include "mbmc.h"

#define MBMC_CONSOLE_HISTORY_INSTANCE 2      /* SOL payload instance of the history */
#define MBMC_CONSOLE_HISTORY_CAPTURE_MS 1000 /* how often the history file is brought up to date */

/* Load the saved history and start keeping it. Call once at module init, after the options
 * and the loop. Returns 0, or -1 with err. */
int mbmc_console_history_init(struct mbmc_bmc *bmc, char *err, size_t errlen);
void mbmc_console_history_cleanup(void);

/* Activate Payload for SOL instance 2, after the stock checks (sol_activate.c). */
void mbmc_console_history_activate(lmc_data_t *mc, channel_t *channel, msg_t *msg,
                                   uint8_t *rdata, unsigned int *rdata_len);
/* Deactivate Payload for SOL instance 2, after the stock checks (sol_activate.c): ends the
 * replay, whichever session holds it, as with the console. 0 or the completion code. */
uint8_t mbmc_console_history_deactivate(void);
/* Whether this session is replaying the history (it cannot also hold the console). */
bool mbmc_console_history_holds(uint32_t sid);

#endif
