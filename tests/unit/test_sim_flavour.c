/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sim_flavour.c: the verdict for every combination of exports, and the check itself in this
 * process, which has the real libIPMIlanserv of the installed OpenIPMI loaded (so the
 * running flavour is this build's). ipmi_sim's is_resend_atn() is provided here and
 * exported (-rdynamic) for the sys_data_t layout probe. */
#include <string.h>

#include "sim_abi.h"
#include "sim_flavour.h"
#include "unit.h"

void is_resend_atn(channel_t *chan);
void is_resend_atn(channel_t *chan) { (void)chan; }
static void other_function(channel_t *chan) { (void)chan; }

static const struct mbmc_flavour_marks marks_a = {false, false, true};
static const struct mbmc_flavour_marks marks_b = {true, true, false};
static char err[512];

static void marks_tell_flavours(void)
{
    CHECK_EQ_INT(mbmc_flavour_from_marks(&marks_a), MBMC_FLAVOUR_A);
    CHECK_EQ_INT(mbmc_flavour_from_marks(&marks_b), MBMC_FLAVOUR_B);
    /* Any mixture is neither: no guessing. */
    for (unsigned bits = 0; bits < 8; bits++) {
        struct mbmc_flavour_marks m = {bits & 1, bits & 2, bits & 4};
        if (bits != 4 && bits != 3)
            CHECK_EQ_INT(mbmc_flavour_from_marks(&m), MBMC_FLAVOUR_UNKNOWN);
    }
}

static void same_flavour_accepted(void)
{
    CHECK_EQ_INT(mbmc_flavour_verdict(MBMC_FLAVOUR_A, &marks_a, true, err, sizeof(err)), 0);
    CHECK_EQ_INT(mbmc_flavour_verdict(MBMC_FLAVOUR_B, &marks_b, true, err, sizeof(err)), 0);
}

static void a_build_in_b_refused(void)
{
    CHECK_EQ_INT(mbmc_flavour_verdict(MBMC_FLAVOUR_A, &marks_b, false, err, sizeof(err)), -1);
    CHECK(strstr(err, "built for lanserv flavour A (OpenIPMI 2.0.32-2.0.36)") != NULL);
    CHECK(strstr(err, "running ipmi_sim is flavour B (OpenIPMI 2.0.37)") != NULL);
    CHECK(strstr(err, "rebuild multibmc") != NULL);
}

static void b_build_in_a_refused(void)
{
    CHECK_EQ_INT(mbmc_flavour_verdict(MBMC_FLAVOUR_B, &marks_a, true, err, sizeof(err)), -1);
    CHECK(strstr(err, "built for lanserv flavour B (OpenIPMI 2.0.37)") != NULL);
    CHECK(strstr(err, "running ipmi_sim is flavour A (OpenIPMI 2.0.32-2.0.36)") != NULL);
}

static void unknown_refused(void)
{
    struct mbmc_flavour_marks both = {true, true, true};
    CHECK_EQ_INT(mbmc_flavour_verdict(MBMC_FLAVOUR_A, &both, true, err, sizeof(err)), -1);
    CHECK(strstr(err, "neither flavour") != NULL);
    CHECK(strstr(err, "free_persist_str: yes") != NULL);
}

static void layout_mismatch_refused(void)
{
    CHECK_EQ_INT(mbmc_flavour_verdict(MBMC_FLAVOUR_B, &marks_b, false, err, sizeof(err)), -1);
    CHECK(strstr(err, "sys_data_t") != NULL);
}

/* The real check: this process's libIPMIlanserv is the installed one. */
static void installed_lanserv_is_this_build(void)
{
    static sys_data_t sys;
    sys.resend_atn = is_resend_atn;
    CHECK_EQ_INT(mbmc_flavour_check(&sys, err, sizeof(err)), 0);
    if (err[0])
        fprintf(stderr, "  %s\n", err);
    sys.resend_atn = other_function;        /* sys_data_t of another layout */
    CHECK_EQ_INT(mbmc_flavour_check(&sys, err, sizeof(err)), -1);
    CHECK(strstr(err, "not laid out") != NULL);
}

int main(void)
{
    RUN(marks_tell_flavours);
    RUN(same_flavour_accepted);
    RUN(a_build_in_b_refused);
    RUN(b_build_in_a_refused);
    RUN(unknown_refused);
    RUN(layout_mismatch_refused);
    RUN(installed_lanserv_is_this_build);
    UNIT_EXIT();
}
