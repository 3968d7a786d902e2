/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lanserv_guard.c against the real libIPMIlanserv 2.0.33 tables: the stock layout passes,
 * and every kind of difference (version, a changed row, an extra, foreign or missing
 * handler) is refused with its reason. The tables are changed in this process only and
 * restored after each case. get_lanserv_version() normally comes from ipmi_sim; here the
 * test provides it. */
#include <string.h>

#include "lanserv_guard.h"
#include "unit.h"

static const char *version = "1.0.13";
const char *get_lanserv_version(void) { return version; }

static struct mbmc_lanserv ls;
static char err[256];

static void other_payload(lanserv_data_t *lan, msg_t *msg) { }
static auth_handlers_t other_auth;

static int guard(void)
{
    err[0] = 0;
    struct mbmc_lanserv got;
    int rc = mbmc_lanserv_guard(&got, err, sizeof(err));
    if (rc)
        fprintf(stderr, "  guard: %s\n", err);
    return rc;
}

static void stock_layout_accepted(void)
{
    CHECK_EQ_INT(mbmc_lanserv_guard(&ls, err, sizeof(err)), 0);
    CHECK(ls.payload_handlers && ls.auths && ls.integs && ls.confs && ls.valid_suites);
    struct mbmc_algo_set a;
    mbmc_lanserv_algos(&ls, &a);
    CHECK_EQ_INT(a.auth, 0x6);
    CHECK_EQ_INT(a.integ, 0xe);
    CHECK_EQ_INT(a.conf, 0x2);
}

static void other_version_refused(void)
{
    version = "1.0.14";
    CHECK_EQ_INT(guard(), -1);
    CHECK(strstr(err, "version 1.0.14") != NULL);
    version = "1.0.13";
    CHECK_EQ_INT(guard(), 0);
}

static void changed_suite_row_refused(void)
{
    int saved = ls.valid_suites[4].conf;
    ls.valid_suites[4].conf = 9;
    CHECK_EQ_INT(guard(), -1);
    CHECK(strstr(err, "valid_cipher_suites[4] is {1,1,9}") != NULL);
    ls.valid_suites[4].conf = saved;
    ls.valid_suites[15].integ = -1;     /* the end row as the source reads, not as compiled */
    CHECK_EQ_INT(guard(), -1);
    ls.valid_suites[15].integ = -2;
    CHECK_EQ_INT(guard(), 0);
}

static void extra_handler_refused(void)
{
    ls.auths[3] = &other_auth;          /* what a newer lanserv with SHA-256 would have */
    CHECK_EQ_INT(guard(), -1);
    CHECK(strstr(err, "auths[3] is set") != NULL);
    ls.auths[3] = NULL;
    CHECK_EQ_INT(guard(), 0);
}

static void foreign_handler_refused(void)
{
    ipmi_payload_handler_cb saved = ls.payload_handlers[0x10];
    ls.payload_handlers[0x10] = other_payload;   /* someone else wrapped Open Session */
    CHECK_EQ_INT(guard(), -1);
    CHECK(strstr(err, "payload handler 0x10") != NULL);
    ls.payload_handlers[0x10] = saved;
    auth_handlers_t *a = ls.auths[1];
    ls.auths[1] = &other_auth;
    CHECK_EQ_INT(guard(), -1);
    CHECK(strstr(err, "auths[1] is not lanserv's built-in") != NULL);
    ls.auths[1] = a;
    CHECK_EQ_INT(guard(), 0);
}

static void missing_handler_refused(void)
{
    integ_handlers_t *saved = ls.integs[3];
    ls.integs[3] = NULL;
    CHECK_EQ_INT(guard(), -1);
    CHECK(strstr(err, "integs[3]") != NULL);
    ls.integs[3] = saved;
    CHECK_EQ_INT(guard(), 0);
}

int main(void)
{
    RUN(stock_layout_accepted);
    RUN(other_version_refused);
    RUN(changed_suite_row_refused);
    RUN(extra_handler_refused);
    RUN(foreign_handler_refused);
    RUN(missing_handler_refused);
    UNIT_EXIT();
}
