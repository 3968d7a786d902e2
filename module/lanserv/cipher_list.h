/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Get Channel Cipher Suites (App 0x54) before and inside a session, and LAN configuration
 * parameters 22/23, all computed from lanserv's live tables: the module advertises exactly
 * the suites Open Session accepts. */
#ifndef MBMC_CIPHER_LIST_H
#define MBMC_CIPHER_LIST_H

#include "lanserv_guard.h"

/* Compute the advertised list from the (already patched) tables and wrap the IPMI payload
 * handler: session-less RMCP+ requests (2.0.33 drops them, 2.0.37 lists suites 0-14 in
 * IPMI 1.5 framing) are answered. */
void mbmc_cipher_list_install(struct mbmc_lanserv *ls);
/* The advertised suite ids; returns the count. */
size_t mbmc_cipher_list_ids(const uint8_t **ids);
/* In-session App 0x54 (from the LAN channel hook): 1 if answered, 0 if not ours. */
int mbmc_cipher_list_in_session(channel_t *chan, msg_t *msg);
/* Rewrite LAN parameters 22/23 (and mark unused entries in 24) of this LAN channel. */
void mbmc_cipher_list_set_lanparm(lanserv_data_t *lan);

#endif
