/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Remote crashes of lanserv that a client can trigger, removed:
 *  - an Open Session proposing MD5-128 integrity (suites 11/12), then abandoned, made
 *    2.0.33's close_session() free never-initialised MD5 state 30 s later (SIGSEGV; 2.0.37
 *    fixed that itself). HMAC-MD5-128
 *    and MD5-128 (suites 7, 8, 11, 12) never interoperated with ipmitool or FreeIPMI
 *    (lanserv keys them with the password), so both are removed: Open Session refuses them;
 *  - Get Channel Payload Support (App 0x4E, sent by ipmiconsole) read a NULL channel
 *    (2.0.33 and 2.0.37). The 2.0.37 session-slot overrun is session_slots.c's;
 *  - a 4-byte or bad-sequence datagram made 2.0.33's log read an unset message (log_guard.c);
 *  - an "encrypted" packet on a session without confidentiality was decrypted through a
 *    NULL handler (2.0.33 and 2.0.37; conf_none.c). */
#ifndef MBMC_CRASH_GUARDS_H
#define MBMC_CRASH_GUARDS_H

#include "lanserv_guard.h"

#define MBMC_INTEG_SLOT_HMAC_MD5_128 2
#define MBMC_INTEG_SLOT_MD5_128 3

/* Returns 0, or -1 with the reason in err. */
int mbmc_crash_guards_install(struct mbmc_lanserv *ls, sys_data_t *sys, char *err, size_t errlen);

#endif
