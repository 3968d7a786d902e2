/* SPDX-License-Identifier: GPL-2.0-or-later */
/* power_policy.c, rule by rule (the table in backend.h): a state (in flight | waiting),
 * the VM's power, a request -> the answer and the state after it. Ops are letters:
 * f off, o on, c cycle, r reset, d diag, s soft. */
#include <string.h>

#include "ipmi_cc.h"
#include "power_policy.h"
#include "unit.h"

static const char letters[] = "focrds";     /* indexed by enum mbmc_chassis_op */

static enum mbmc_chassis_op op_of(char c) { return (enum mbmc_chassis_op)(strchr(letters, c) - letters); }

/* "" idle; "o" on in flight; "o|fo" on in flight, off then on waiting. */
static void load(struct mbmc_power_policy *p, const char *s)
{
    mbmc_power_policy_init(p);
    if (!*s)
        return;
    p->running = true;
    p->inflight = op_of(s[0]);
    for (const char *q = s[1] == '|' ? s + 2 : s + 1; *q; q++)
        p->queue[p->nqueue++] = op_of(*q);
}

static void show(const struct mbmc_power_policy *p, char *out)
{
    char *o = out;
    if (p->running) {
        *o++ = letters[p->inflight];
        if (p->nqueue)
            *o++ = '|';
        for (unsigned i = 0; i < p->nqueue; i++)
            *o++ = letters[p->queue[i]];
    }
    *o = '\0';
}

#define S MBMC_POWER_START
#define Q MBMC_POWER_QUEUED
#define C MBMC_POWER_COALESCED
#define R MBMC_POWER_REFUSED
#define BUSY IPMI_NODE_BUSY_CC
#define D5 IPMI_NOT_SUPPORTED_IN_PRESENT_STATE_CC

static const struct row {
    const char *rule;
    const char *before;
    bool on;
    char op;
    enum mbmc_power_verdict verdict;
    uint8_t cc;
    bool abort;
    unsigned dropped;
    const char *after;
} rows[] = {
    /* idle */
    { "idle: on when off starts",          "",      false, 'o', S, 0, false, 0, "o" },
    { "idle: on when on does nothing",     "",      true,  'o', C, 0, false, 0, "" },
    { "idle: off when on starts",          "",      true,  'f', S, 0, false, 0, "f" },
    { "idle: off when off does nothing",   "",      false, 'f', C, 0, false, 0, "" },
    { "idle: cycle when on starts",        "",      true,  'c', S, 0, false, 0, "c" },
    { "idle: reset when on starts",        "",      true,  'r', S, 0, false, 0, "r" },
    { "idle: soft when on starts",         "",      true,  's', S, 0, false, 0, "s" },
    { "idle: diag when on starts",         "",      true,  'd', S, 0, false, 0, "d" },
    { "idle: cycle when off: D5",          "",      false, 'c', R, D5, false, 0, "" },
    { "idle: reset when off: D5",          "",      false, 'r', R, D5, false, 0, "" },
    { "idle: soft when off: D5",           "",      false, 's', R, D5, false, 0, "" },
    { "idle: diag when off: D5",           "",      false, 'd', R, D5, false, 0, "" },
    /* a repeat of the last pending action runs once */
    { "repeat: on while on runs",          "o",     false, 'o', C, 0, false, 0, "o" },
    { "repeat: reset while reset runs",    "r",     true,  'r', C, 0, false, 0, "r" },
    { "repeat: soft while soft runs",      "s",     true,  's', C, 0, false, 0, "s" },
    { "repeat: on after queued on",        "f|o",   true,  'o', C, 0, false, 0, "f|o" },
    { "repeat: cycle while cycle runs",    "c",     true,  'c', C, 0, false, 0, "c" },
    /* off wins */
    { "off: drops queued on",              "f|o",   true,  'f', C, 0, false, 1, "f" },
    { "off: while off runs",               "f",     true,  'f', C, 0, false, 0, "f" },
    { "off: after running on, queued",     "o",     false, 'f', Q, 0, true,  0, "o|f" },
    { "off: drops queued cycle and reset", "r|cr",  true,  'f', Q, 0, true,  2, "r|f" },
    { "off: cuts a soft shutdown short",   "s",     true,  'f', Q, 0, true,  0, "s|f" },
    { "off: drops a full queue",           "o|rdr", false, 'f', Q, 0, true,  3, "o|f" },
    /* projected state */
    { "on: after a running cycle: done",   "c",     true,  'o', C, 0, false, 0, "c" },
    { "on: after a running off: queued",   "f",     true,  'o', Q, 0, false, 0, "f|o" },
    { "on: after a soft, VM on: nothing", "s",     true,  'o', C, 0, false, 0, "s" },
    { "reset: after a running off: D5",    "f",     true,  'r', R, D5, false, 0, "f" },
    { "cycle: after running on: queued",   "o",     false, 'c', Q, 0, false, 0, "o|c" },
    { "diag: after queued off, on: queued","f|o",   true,  'd', Q, 0, false, 0, "f|od" },
    { "soft: after queued off: D5",        "r|f",   true,  's', R, D5, false, 0, "r|f" },
    /* the bounded queue */
    { "queue: third waiting accepted",     "o|cr",  false, 'd', Q, 0, false, 0, "o|crd" },
    { "queue: full: node busy",            "o|crd", false, 'r', R, BUSY, false, 0, "o|crd" },
    { "queue: full, a repeat: accepted",   "o|crd", false, 'd', C, 0, false, 0, "o|crd" },
};

static void request_table(void)
{
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const struct row *r = &rows[i];
        struct mbmc_power_policy p;
        load(&p, r->before);
        struct mbmc_power_answer a = mbmc_power_policy_request(&p, op_of(r->op), r->on);
        char after[16];
        show(&p, after);
        if (a.verdict != r->verdict || a.cc != r->cc || a.abort_inflight != r->abort ||
            a.dropped != r->dropped || strcmp(after, r->after))
            fprintf(stderr, "  rule '%s': verdict %d cc 0x%02x abort %d dropped %u after '%s'\n",
                    r->rule, a.verdict, a.cc, a.abort_inflight, a.dropped, after);
        CHECK_EQ_INT(a.verdict, r->verdict);
        CHECK_EQ_INT(a.cc, r->cc);
        CHECK_EQ_INT(a.abort_inflight, r->abort);
        CHECK_EQ_INT(a.dropped, r->dropped);
        CHECK_EQ_STR(after, r->after);
    }
}

/* What runs once the action in flight ended: the next waiting one that still makes sense. */
static const struct next_row {
    const char *rule;
    const char *before;     /* the ended action first: it is dropped by done() */
    bool on;
    char started;           /* 0: nothing */
    unsigned skipped;
    const char *after;
} next_rows[] = {
    { "nothing waits",                       "o",     true,  0,   0, "" },
    { "off then on: on runs",                "f|o",   false, 'o', 0, "o" },
    { "on waits, the VM is on: dropped",     "s|o",   true,  0,   1, "" },
    { "off waits, the VM is off: dropped",   "o|f",   false, 0,   1, "" },
    { "reset waits, the guest powered off",  "o|rd",  false, 0,   2, "" },
    { "in order, the rest keeps waiting",    "o|crd", true,  'c', 0, "c|rd" },
    { "pointless ones skipped, then one runs", "f|rdo", false, 'o', 2, "o" },
};

static void next_table(void)
{
    for (size_t i = 0; i < sizeof(next_rows) / sizeof(next_rows[0]); i++) {
        const struct next_row *r = &next_rows[i];
        struct mbmc_power_policy p;
        load(&p, r->before);
        enum mbmc_chassis_op op = MBMC_OP_DIAG;
        unsigned skipped = 99;
        CHECK(!mbmc_power_policy_next(&p, r->on, &op, &skipped));   /* one still runs */
        mbmc_power_policy_done(&p);
        bool started = mbmc_power_policy_next(&p, r->on, &op, &skipped);
        char after[16];
        show(&p, after);
        if (started != (r->started != 0) || (started && letters[op] != r->started) ||
            skipped != r->skipped || strcmp(after, r->after))
            fprintf(stderr, "  rule '%s': started %d op %c skipped %u after '%s'\n", r->rule,
                    started, letters[op], skipped, after);
        CHECK_EQ_INT(started, r->started != 0);
        if (started)
            CHECK_EQ_INT(letters[op], r->started);
        CHECK_EQ_INT(skipped, r->skipped);
        CHECK_EQ_STR(after, r->after);
    }
}

/* A client's burst (Ironic's reboot, an impatient script): on, on, off, on, off, on while
 * the first on runs -> all accepted; on, off, on is what runs, in that order. */
static void burst_runs_on_off_on(void)
{
    struct mbmc_power_policy p;
    mbmc_power_policy_init(&p);
    bool on = false;
    char seen[16] = "", *s = seen;
    for (const char *c = "oofofo"; *c; c++) {
        struct mbmc_power_answer a = mbmc_power_policy_request(&p, op_of(*c), on);
        CHECK_EQ_INT(a.cc, 0);
        if (a.verdict == MBMC_POWER_START)
            *s++ = *c;
    }
    CHECK_EQ_STR(seen, "o");
    char state[16];
    show(&p, state);
    CHECK_EQ_STR(state, "o|fo");
    enum mbmc_chassis_op op;
    unsigned skipped;
    for (int i = 0; i < 4; i++) {
        on = p.inflight != MBMC_OP_OFF;     /* the action did what it says */
        mbmc_power_policy_done(&p);
        if (!mbmc_power_policy_next(&p, on, &op, &skipped))
            break;
        *s++ = letters[op];
    }
    *s = '\0';
    CHECK_EQ_STR(seen, "ofo");
}

/* "bootdev pxe, power cycle" while a cycle runs is no retransmission: it runs after it (and
 * boots PXE); a retransmission of that second cycle is one again. */
static void boot_settings_change_ends_a_repeat(void)
{
    struct mbmc_power_policy p;
    load(&p, "c");
    mbmc_power_policy_settings_changed(&p);
    struct mbmc_power_answer a = mbmc_power_policy_request(&p, MBMC_OP_CYCLE, true);
    CHECK_EQ_INT(a.verdict, MBMC_POWER_QUEUED);
    a = mbmc_power_policy_request(&p, MBMC_OP_CYCLE, true);
    CHECK_EQ_INT(a.verdict, MBMC_POWER_COALESCED);
    char state[16];
    show(&p, state);
    CHECK_EQ_STR(state, "c|c");
    /* Nothing runs: a change seals nothing, the next request starts anyway. */
    mbmc_power_policy_init(&p);
    mbmc_power_policy_settings_changed(&p);
    CHECK_EQ_INT(mbmc_power_policy_request(&p, MBMC_OP_RESET, true).verdict, MBMC_POWER_START);
    CHECK_EQ_INT(mbmc_power_policy_request(&p, MBMC_OP_RESET, true).verdict, MBMC_POWER_COALESCED);
    /* Off still wins over its own repeat after a change: nothing more runs. */
    load(&p, "f");
    mbmc_power_policy_settings_changed(&p);
    CHECK_EQ_INT(mbmc_power_policy_request(&p, MBMC_OP_OFF, true).verdict, MBMC_POWER_COALESCED);
}

static void unknown_op_refused(void)
{
    struct mbmc_power_policy p;
    mbmc_power_policy_init(&p);
    struct mbmc_power_answer a = mbmc_power_policy_request(&p, (enum mbmc_chassis_op)6, true);
    CHECK_EQ_INT(a.verdict, MBMC_POWER_REFUSED);
    CHECK_EQ_INT(a.cc, IPMI_INVALID_DATA_FIELD_CC);
    CHECK(!p.running);
}

int main(void)
{
    RUN(request_table);
    RUN(next_table);
    RUN(burst_runs_on_off_on);
    RUN(boot_settings_change_ends_a_repeat);
    RUN(unknown_op_refused);
    UNIT_EXIT();
}
