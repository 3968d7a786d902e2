/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "options.h"
#include "unit.h"

static char err[512];

static void qmp_minimal(void)
{
    struct mbmc_options o;
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/run/x.sock", &o, err, sizeof(err)), 0);
    CHECK_EQ_INT(o.backend, MBMC_BACKEND_QMP);
    CHECK_EQ_STR(o.qmp, "/run/x.sock");
    CHECK_EQ_INT(o.poll_ms, MBMC_DEFAULT_POLL_MS);
    CHECK_EQ_INT(o.lockout.failures, MBMC_LOCKOUT_DEFAULT_FAILURES);   /* lockout on by default */
    CHECK_EQ_INT(o.lockout.window, MBMC_LOCKOUT_DEFAULT_WINDOW);
    CHECK_EQ_INT(o.lockout.lockout, MBMC_LOCKOUT_DEFAULT_SECONDS);
    mbmc_options_free(&o);
}

static void sol_history_options(void)
{
    struct mbmc_options o;
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x", &o, err, sizeof(err)), 0);
    CHECK(o.sol_history == NULL);                     /* not kept unless asked */
    CHECK_EQ_INT(o.sol_history_size, 0);             /* the sol line's history= */
    mbmc_options_free(&o);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x sol-history=/var/lib/multibmc/7/console-history "
                                    "sol-history-size=4096", &o, err, sizeof(err)), 0);
    CHECK_EQ_STR(o.sol_history, "/var/lib/multibmc/7/console-history");
    CHECK_EQ_INT(o.sol_history_size, 4096);
    mbmc_options_free(&o);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x sol-history=console-history", &o, err,
                                    sizeof(err)), -1);
    CHECK(strstr(err, "sol-history") && strstr(err, "absolute"));
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x sol-history-size=0", &o, err, sizeof(err)), -1);
    CHECK(strstr(err, "sol-history-size") != NULL);
}

static void lockout_options(void)
{
    struct mbmc_options o;
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x lockout-failures=3 lockout-window=60 "
                                    "lockout-seconds=300", &o, err, sizeof(err)), 0);
    CHECK(o.lockout.failures == 3 && o.lockout.window == 60 && o.lockout.lockout == 300);
    mbmc_options_free(&o);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x lockout-failures=0", &o, err, sizeof(err)), 0);
    CHECK_EQ_INT(o.lockout.failures, 0);
    mbmc_options_free(&o);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x lockout-seconds=0", &o, err, sizeof(err)), -1);
    CHECK(strstr(err, "lockout-seconds") != NULL);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x lockout-window=x", &o, err, sizeof(err)), -1);
    CHECK(strstr(err, "lockout-window") != NULL);
}

static void proxmox_full(void)
{
    struct mbmc_options o;
    const char *s = "backend=proxmox vmid=111 url=https://pve:8006 token-file=/etc/t "
                    "ca-file=/etc/ca.pem poll-ms=500 log=/tmp/l power-restore=always-on";
    CHECK_EQ_INT(mbmc_options_parse(s, &o, err, sizeof(err)), 0);
    CHECK_EQ_INT(o.vmid, 111);
    CHECK_EQ_STR(o.url, "https://pve:8006");
    CHECK_EQ_INT(o.poll_ms, 500);
    CHECK_EQ_INT(o.restore_policy, MBMC_RESTORE_ON);
    mbmc_options_free(&o);
}

static void unknown_key_is_named(void)
{
    struct mbmc_options o;
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x colour=red", &o, err, sizeof(err)), -1);
    CHECK(strstr(err, "'colour'") != NULL);
}

static void bad_values_rejected(void)
{
    struct mbmc_options o;
    CHECK_EQ_INT(mbmc_options_parse("backend=kvm", &o, err, sizeof(err)), -1);
    CHECK(strstr(err, "backend") != NULL);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x poll-ms=abc", &o, err, sizeof(err)), -1);
    CHECK(strstr(err, "poll-ms") != NULL);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x poll-ms=-5", &o, err, sizeof(err)), -1);
    CHECK_EQ_INT(mbmc_options_parse("backend=proxmox vmid=0 url=https://a token-file=/t", &o, err,
                                    sizeof(err)), -1);
    CHECK_EQ_INT(mbmc_options_parse("novalue", &o, err, sizeof(err)), -1);
    CHECK_EQ_INT(mbmc_options_parse("=x", &o, err, sizeof(err)), -1);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x fingerprint=AB:CD", &o, err, sizeof(err)), -1);
}

static void required_per_backend(void)
{
    struct mbmc_options o;
    CHECK_EQ_INT(mbmc_options_parse("", &o, err, sizeof(err)), -1);
    CHECK(strstr(err, "backend") != NULL);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp", &o, err, sizeof(err)), -1);
    CHECK(strstr(err, "qmp=") != NULL);
    CHECK_EQ_INT(mbmc_options_parse("backend=proxmox vmid=1 url=https://a", &o, err, sizeof(err)), -1);
    CHECK(strstr(err, "token-file") != NULL);
    CHECK_EQ_INT(mbmc_options_parse("backend=proxmox vmid=1 url=https://a token-file=/t insecure=1 "
                                    "ca-file=/c", &o, err, sizeof(err)), -1);
}

static void state_table_option(void)
{
    struct mbmc_options o;
    const char *base = "backend=proxmox vmid=100 url=https://pve:8006 token-file=/t";
    char s[512];
    snprintf(s, sizeof(s), "%s state-table=/run/multibmc/pve-state", base);
    CHECK_EQ_INT(mbmc_options_parse(s, &o, err, sizeof(err)), 0);
    CHECK_EQ_STR(o.state_table, "/run/multibmc/pve-state");
    mbmc_options_free(&o);
    snprintf(s, sizeof(s), "%s state-table=pve-state", base);      /* relative: refused */
    CHECK_EQ_INT(mbmc_options_parse(s, &o, err, sizeof(err)), -1);
    CHECK(strstr(err, "state-table") != NULL);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/q state-table=/x", &o, err, sizeof(err)), -1);
    CHECK(strstr(err, "proxmox only") != NULL);
    CHECK_EQ_INT(mbmc_options_parse(base, &o, err, sizeof(err)), 0);
    CHECK(o.state_table == NULL);       /* default: the module polls itself */
    mbmc_options_free(&o);
}

static void fingerprint_accepted(void)
{
    struct mbmc_options o;
    char s[256] = "backend=proxmox vmid=5 url=https://a token-file=/t fingerprint=";
    for (int i = 0; i < 32; i++)
        strcat(s, i ? ":aB" : "aB");
    CHECK_EQ_INT(mbmc_options_parse(s, &o, err, sizeof(err)), 0);
    mbmc_options_free(&o);
}

int main(void)
{
    RUN(qmp_minimal);
    RUN(proxmox_full);
    RUN(unknown_key_is_named);
    RUN(bad_values_rejected);
    RUN(required_per_backend);
    RUN(fingerprint_accepted);
    RUN(lockout_options);
    RUN(sol_history_options);
    RUN(state_table_option);
    UNIT_EXIT();
}
