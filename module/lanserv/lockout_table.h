/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Per-source login failure accounting (pure, unit-tested): after `failures` failed RMCP+
 * logins from one address within `window` seconds, that address is locked out for
 * `lockout` seconds. Times are monotonic milliseconds, so a lockout lasts its full length
 * (a count in whole seconds could end it up to a second early). A fixed table, least recently used entry replaced: a flood from many
 * (spoofed) addresses costs no memory and at worst forgets some counts. */
#ifndef MBMC_LOCKOUT_TABLE_H
#define MBMC_LOCKOUT_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#define MBMC_LOCKOUT_ENTRIES 64

struct mbmc_lockout_cfg {
    unsigned failures;          /* 0: lockout off */
    unsigned window;            /* seconds in which the failures must fall */
    unsigned lockout;           /* seconds the source is refused */
};

#define MBMC_LOCKOUT_DEFAULT_FAILURES 5
#define MBMC_LOCKOUT_DEFAULT_WINDOW 10
#define MBMC_LOCKOUT_DEFAULT_SECONDS 30

/* An IPv4 (mapped) or IPv6 source address. */
struct mbmc_src { uint8_t a[16]; };

struct mbmc_lockout_entry {
    struct mbmc_src src;
    bool used;
    unsigned fails;
    uint64_t first_fail;        /* start of the current window (ms) */
    uint64_t locked_until;      /* 0: not locked (ms) */
    uint64_t last_seen;         /* for LRU replacement (ms) */
};

struct mbmc_lockout {
    struct mbmc_lockout_cfg cfg;
    struct mbmc_lockout_entry e[MBMC_LOCKOUT_ENTRIES];
};

void mbmc_lockout_init(struct mbmc_lockout *t, const struct mbmc_lockout_cfg *cfg);
/* Whether src is refused at time now (milliseconds, monotonic). */
bool mbmc_lockout_blocked(struct mbmc_lockout *t, const struct mbmc_src *src, uint64_t now);
/* A failed login from src. Returns true when this failure starts a lockout (log it). */
bool mbmc_lockout_fail(struct mbmc_lockout *t, const struct mbmc_src *src, uint64_t now);
/* Whole seconds, rounded up, until a lockout of src ends (0 when it is not locked). */
unsigned mbmc_lockout_remaining(const struct mbmc_lockout *t, const struct mbmc_src *src,
                                uint64_t now);
/* A successful login from src: its count starts over. */
void mbmc_lockout_success(struct mbmc_lockout *t, const struct mbmc_src *src);

#endif
