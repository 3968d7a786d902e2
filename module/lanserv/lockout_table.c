/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Per-source login failure accounting (see lockout_table.h). */
#include "lockout_table.h"

#include <string.h>

void mbmc_lockout_init(struct mbmc_lockout *t, const struct mbmc_lockout_cfg *cfg)
{
    memset(t, 0, sizeof(*t));
    t->cfg = *cfg;
}

static struct mbmc_lockout_entry *find(struct mbmc_lockout *t, const struct mbmc_src *src)
{
    for (unsigned i = 0; i < MBMC_LOCKOUT_ENTRIES; i++)
        if (t->e[i].used && !memcmp(&t->e[i].src, src, sizeof(*src)))
            return &t->e[i];
    return NULL;
}

/* A free entry, else the least recently seen one that is not locked, else the least
 * recently seen one: the table never grows. */
static struct mbmc_lockout_entry *take(struct mbmc_lockout *t, const struct mbmc_src *src,
                                       uint64_t now)
{
    struct mbmc_lockout_entry *victim = NULL, *oldest = NULL;
    for (unsigned i = 0; i < MBMC_LOCKOUT_ENTRIES; i++) {
        struct mbmc_lockout_entry *e = &t->e[i];
        if (!e->used) {
            victim = e;
            break;
        }
        if (!oldest || e->last_seen < oldest->last_seen)
            oldest = e;
        if (e->locked_until <= now && (!victim || e->last_seen < victim->last_seen))
            victim = e;
    }
    if (!victim)
        victim = oldest;
    memset(victim, 0, sizeof(*victim));
    victim->used = true;
    victim->src = *src;
    return victim;
}

bool mbmc_lockout_blocked(struct mbmc_lockout *t, const struct mbmc_src *src, uint64_t now)
{
    if (!t->cfg.failures)
        return false;
    struct mbmc_lockout_entry *e = find(t, src);
    if (!e)
        return false;
    e->last_seen = now;
    if (e->locked_until > now)
        return true;
    if (e->locked_until) {          /* lockout over: a fresh start */
        e->locked_until = 0;
        e->fails = 0;
    }
    return false;
}

bool mbmc_lockout_fail(struct mbmc_lockout *t, const struct mbmc_src *src, uint64_t now)
{
    if (!t->cfg.failures)
        return false;
    struct mbmc_lockout_entry *e = find(t, src);
    if (!e)
        e = take(t, src, now);
    e->last_seen = now;
    if (e->locked_until > now)
        return false;               /* already locked (a session from before the lockout) */
    if (!e->fails || now - e->first_fail >= (uint64_t)t->cfg.window * 1000u) {
        e->fails = 0;
        e->first_fail = now;
    }
    if (++e->fails < t->cfg.failures)
        return false;
    e->locked_until = now + (uint64_t)t->cfg.lockout * 1000u;
    e->fails = 0;
    return true;
}

unsigned mbmc_lockout_remaining(const struct mbmc_lockout *t, const struct mbmc_src *src,
                                uint64_t now)
{
    for (unsigned i = 0; i < MBMC_LOCKOUT_ENTRIES; i++) {
        const struct mbmc_lockout_entry *e = &t->e[i];
        if (e->used && !memcmp(&e->src, src, sizeof(*src)))
            return e->locked_until > now ? (unsigned)((e->locked_until - now + 999) / 1000) : 0;
    }
    return 0;
}

void mbmc_lockout_success(struct mbmc_lockout *t, const struct mbmc_src *src)
{
    struct mbmc_lockout_entry *e = find(t, src);
    if (e)
        e->fails = 0;       /* a lockout in force stays: only its expiry lifts it */
}
