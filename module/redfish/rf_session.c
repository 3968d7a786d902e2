/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "rf_session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rf_sessions_init(struct rf_sessions *t, unsigned timeout)
{
    memset(t, 0, sizeof(*t));
    t->next_id = 1;
    t->timeout = timeout ? timeout : RF_SESSION_TIMEOUT_DEFAULT;
}

void rf_sessions_expire(struct rf_sessions *t, uint64_t now)
{
    for (unsigned i = 0; i < RF_SESSIONS_MAX; i++)
        if (t->s[i].used && now - t->s[i].last_used > t->timeout)
            rf_session_delete(&t->s[i]);
}

struct rf_session *rf_session_create(struct rf_sessions *t, const char *user, uint64_t cred_tag,
                                     const uint8_t rnd[RF_TOKEN_LEN / 2], uint64_t now)
{
    rf_sessions_expire(t, now);
    struct rf_session *s = NULL;
    for (unsigned i = 0; i < RF_SESSIONS_MAX && !s; i++)
        if (!t->s[i].used)
            s = &t->s[i];
    if (!s)
        return NULL;
    memset(s, 0, sizeof(*s));
    s->used = true;
    s->id = t->next_id++;
    if (t->next_id == 0)
        t->next_id = 1;
    for (unsigned i = 0; i < RF_TOKEN_LEN / 2; i++)
        snprintf(s->token + 2 * i, 3, "%02x", rnd[i]);
    snprintf(s->user, sizeof(s->user), "%s", user);
    s->cred_tag = cred_tag;
    s->last_used = now;
    return s;
}

/* Constant time in the token's content: a timing side channel must not reveal a prefix. */
static bool token_equal(const char *a, const char *b)
{
    unsigned char diff = 0;
    for (unsigned i = 0; i < RF_TOKEN_LEN; i++)
        diff |= (unsigned char)(a[i] ^ b[i]);
    return diff == 0;
}

struct rf_session *rf_session_by_token(struct rf_sessions *t, const char *token, uint64_t now)
{
    if (!token || strlen(token) != RF_TOKEN_LEN)
        return NULL;
    rf_sessions_expire(t, now);
    struct rf_session *found = NULL;
    for (unsigned i = 0; i < RF_SESSIONS_MAX; i++)
        if (t->s[i].used && token_equal(t->s[i].token, token))
            found = &t->s[i];
    if (found)
        found->last_used = now;
    return found;
}

struct rf_session *rf_session_by_id(struct rf_sessions *t, const char *id, uint64_t now)
{
    char *end;
    if (!id || *id < '1' || *id > '9')
        return NULL;
    unsigned long n = strtoul(id, &end, 10);
    if (*end || n > 0xffffffffUL)
        return NULL;
    rf_sessions_expire(t, now);
    for (unsigned i = 0; i < RF_SESSIONS_MAX; i++)
        if (t->s[i].used && t->s[i].id == n)
            return &t->s[i];
    return NULL;
}

void rf_session_delete(struct rf_session *s)
{
    memset(s, 0, sizeof(*s));
}
