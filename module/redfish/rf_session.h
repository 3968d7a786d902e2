/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Redfish sessions (POST SessionService/Sessions): a fixed table of X-Auth-Token sessions
 * that end after SessionTimeout seconds without use, on DELETE, or when the account's
 * password or privilege is no longer what it was at login. Pure; time is passed in. */
#ifndef MBMC_RF_SESSION_H
#define MBMC_RF_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rf_http.h"

#define RF_SESSIONS_MAX 64
#define RF_SESSION_TIMEOUT_DEFAULT 1800     /* seconds (Redfish allows 30..86400) */
#define RF_USER_MAX 16                      /* IPMI user names */

struct rf_session {
    bool used;
    unsigned id;                            /* the resource Id */
    char token[RF_TOKEN_LEN + 1];
    char user[RF_USER_MAX + 1];
    uint64_t cred_tag;                      /* which password the session was opened with */
    uint64_t last_used;                     /* monotonic seconds */
};

struct rf_sessions {
    struct rf_session s[RF_SESSIONS_MAX];
    unsigned next_id;
    unsigned timeout;
};

void rf_sessions_init(struct rf_sessions *t, unsigned timeout);
/* A new session for user; the token is the hex form of rnd. NULL when the table is full of
 * live sessions. */
struct rf_session *rf_session_create(struct rf_sessions *t, const char *user, uint64_t cred_tag,
                                     const uint8_t rnd[RF_TOKEN_LEN / 2], uint64_t now);
/* The live session with this token (compared in constant time), touched; else NULL. */
struct rf_session *rf_session_by_token(struct rf_sessions *t, const char *token, uint64_t now);
/* The live session with this resource Id ("7"), not touched; else NULL. */
struct rf_session *rf_session_by_id(struct rf_sessions *t, const char *id, uint64_t now);
void rf_session_delete(struct rf_session *s);
/* End the sessions idle for longer than the timeout. */
void rf_sessions_expire(struct rf_sessions *t, uint64_t now);

#endif
