/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lanserv 2.0.37 (flavour B) hands out session slots round robin, and its
 * find_free_session() walks one slot too far: from last_session + 1 it checks slots up to
 * 65 before it wraps, so when the slots after last_session are all busy it returns
 * &sessions[64] (or [65]), memory past the 64-entry array (last_session, sid_seq, the LAN
 * parameters...). Seen remotely: ~61 logins, one long session holding slot 63, ~61 more,
 * one more; the LAN parameters turn to garbage and the next IPMI 1.5 login crashes it.
 *
 * The guard keeps the walk inside the array: whenever the slots after last_session are all
 * busy but an earlier one is free, last_session goes back to 0 (the walk then starts at
 * slot 1 and stops at the first free one); when no slot is free at all, Open Session is
 * answered "insufficient resources" here (lanserv's RMCP+ path does not count sessions;
 * its IPMI 1.5 path does, and refuses by itself). It runs before every RMCP+ Open Session
 * and after everything lanserv sends (an IPMI 1.5 Activate Session reaches
 * find_free_session() without passing through a hook, but always answers). */
#ifndef MBMC_SESSION_SLOTS_H
#define MBMC_SESSION_SLOTS_H

#include <OpenIPMI/lanserv.h>

struct mbmc_lanserv;

/* Pure: sessions[1..max] (sessions[0] is unused), *last the round-robin position. Makes
 * the next walk from *last + 1 meet a free slot before it passes max: returns 0 (with
 * *last possibly reset to 0), or -1 when every slot is busy. */
int mbmc_session_slots_guard(const session_t *sessions, unsigned max, unsigned *last);

/* Wrap Open Session (innermost: install before the other Open Session wrappers). Only
 * flavour B needs it; does nothing on A. */
void mbmc_session_slots_install(struct mbmc_lanserv *ls);

/* Wrap this LAN channel's send_out (post_init, flavour B). 0, or -1 when out of memory. */
int mbmc_session_slots_hook_lan(lanserv_data_t *lan);

#endif
