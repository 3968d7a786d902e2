/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Cipher suites 15/16/17 for lanserv (no version has them): RAKP-HMAC-SHA256 authentication (auths[3])
 * and HMAC-SHA256-128 integrity (integs[4]); AES-CBC-128 is lanserv's own. Also wraps the
 * RAKP 1 and RAKP 3 handlers for every suite (per-user privilege, no RAKP on a session
 * that is already up). */
#ifndef MBMC_RAKP_SHA256_H
#define MBMC_RAKP_SHA256_H

#include "lanserv_guard.h"

#define MBMC_AUTH_SLOT_SHA256 3
#define MBMC_INTEG_SLOT_SHA256 4

/* Fill auths[3] and integs[4] (checked empty by the guard) and wrap payloads 0x12/0x14. */
void mbmc_rakp_sha256_install(struct mbmc_lanserv *ls, sys_data_t *sys);

#endif
