/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The per-source failed-login lockout table: counting, window, expiry, isolation between
 * sources, disabled mode and bounded memory under many sources. */
#include "unit.h"

#include <string.h>

#include "lockout_table.h"

#define S(sec) ((uint64_t)(sec) * 1000u)     /* the table counts milliseconds */

static struct mbmc_src ip(unsigned n)
{
    struct mbmc_src s = {{0}};
    s.a[10] = s.a[11] = 0xff;
    s.a[12] = 198, s.a[13] = 18, s.a[14] = (uint8_t)(n >> 8), s.a[15] = (uint8_t)n;
    return s;
}

static const struct mbmc_lockout_cfg cfg = { 5, 10, 30 };

static void locks_after_k_failures_in_window(void)
{
    struct mbmc_lockout t;
    mbmc_lockout_init(&t, &cfg);
    struct mbmc_src a = ip(1), b = ip(2);
    for (int i = 0; i < 4; i++)
        CHECK(!mbmc_lockout_fail(&t, &a, S(100 + i)));
    CHECK(!mbmc_lockout_blocked(&t, &a, S(104)));
    CHECK(mbmc_lockout_fail(&t, &a, S(104)));          /* the 5th starts the lockout, once */
    CHECK(!mbmc_lockout_fail(&t, &a, S(105)));
    CHECK(mbmc_lockout_blocked(&t, &a, S(105)));
    CHECK_EQ_INT(mbmc_lockout_remaining(&t, &a, S(105)), 29);   /* what Retry-After says */
    CHECK_EQ_INT(mbmc_lockout_remaining(&t, &a, S(105) + 1), 29);   /* whole seconds, rounded up */
    CHECK_EQ_INT(mbmc_lockout_remaining(&t, &b, S(105)), 0);
    CHECK(mbmc_lockout_blocked(&t, &a, S(133)));
    CHECK(!mbmc_lockout_blocked(&t, &b, S(105)));      /* others are not affected */
    CHECK(!mbmc_lockout_blocked(&t, &a, S(134)));      /* 104 + 30 */
    CHECK(!mbmc_lockout_fail(&t, &a, S(135)));          /* counting starts over */
    CHECK(!mbmc_lockout_blocked(&t, &a, S(135)));
}

static void lockout_lasts_to_the_millisecond(void)
{
    struct mbmc_lockout t;
    mbmc_lockout_init(&t, &cfg);
    struct mbmc_src a = ip(1);
    for (int i = 0; i < 5; i++)
        mbmc_lockout_fail(&t, &a, 100900);              /* 100.9 s */
    CHECK(mbmc_lockout_blocked(&t, &a, 130899));        /* 29.999 s later: still refused */
    CHECK(!mbmc_lockout_blocked(&t, &a, 130900));
}

static void slow_failures_never_lock(void)
{
    struct mbmc_lockout t;
    mbmc_lockout_init(&t, &cfg);
    struct mbmc_src a = ip(1);
    for (int i = 0; i < 20; i++)
        CHECK(!mbmc_lockout_fail(&t, &a, S(1000 + (uint64_t)i * 3)));   /* 4 per 10 s window */
    CHECK(!mbmc_lockout_blocked(&t, &a, S(1060)));
}

static void success_resets_the_count(void)
{
    struct mbmc_lockout t;
    mbmc_lockout_init(&t, &cfg);
    struct mbmc_src a = ip(1);
    for (int i = 0; i < 4; i++)
        mbmc_lockout_fail(&t, &a, S(50));
    mbmc_lockout_success(&t, &a);
    for (int i = 0; i < 4; i++)
        CHECK(!mbmc_lockout_fail(&t, &a, S(51)));
    CHECK(!mbmc_lockout_blocked(&t, &a, S(51)));
}

static void zero_failures_disables(void)
{
    struct mbmc_lockout t;
    mbmc_lockout_init(&t, &(struct mbmc_lockout_cfg){ 0, 10, 30 });
    struct mbmc_src a = ip(1);
    for (int i = 0; i < 100; i++)
        CHECK(!mbmc_lockout_fail(&t, &a, S(7)));
    CHECK(!mbmc_lockout_blocked(&t, &a, S(7)));
}

static void many_sources_bounded_and_locked_kept(void)
{
    struct mbmc_lockout t;
    mbmc_lockout_init(&t, &cfg);
    struct mbmc_src a = ip(1);
    for (int i = 0; i < 5; i++)
        mbmc_lockout_fail(&t, &a, S(10));
    CHECK(mbmc_lockout_blocked(&t, &a, S(10)));
    /* A spray from 10000 addresses: the table stays its fixed size and the locked source
     * is not the one replaced. */
    for (unsigned n = 2; n < 10002; n++) {
        struct mbmc_src s = ip(n);
        mbmc_lockout_fail(&t, &s, S(11));
    }
    CHECK(mbmc_lockout_blocked(&t, &a, S(12)));
    unsigned used = 0;
    for (unsigned i = 0; i < MBMC_LOCKOUT_ENTRIES; i++)
        used += t.e[i].used;
    CHECK_EQ_INT(used, MBMC_LOCKOUT_ENTRIES);
    /* The most recent sources are the ones remembered. */
    struct mbmc_src last = ip(10001);
    for (int i = 0; i < 4; i++)
        mbmc_lockout_fail(&t, &last, S(12));
    CHECK(mbmc_lockout_blocked(&t, &last, S(12)));
}

int main(void)
{
    RUN(locks_after_k_failures_in_window);
    RUN(lockout_lasts_to_the_millisecond);
    RUN(slow_failures_never_lock);
    RUN(success_resets_the_count);
    RUN(zero_failures_disables);
    RUN(many_sources_bounded_and_locked_kept);
    UNIT_EXIT();
}
