/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "options.h"
#include "settings.h"
#include "unit.h"

#include <stdio.h>
#include <string.h>

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

static void redfish_options(void)
{
    struct mbmc_options o;
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x", &o, err, sizeof(err)), 0);
    CHECK(o.redfish_addr == NULL);              /* Redfish off unless asked for */
    CHECK_EQ_INT(o.redfish_port, MBMC_DEFAULT_REDFISH_PORT);
    CHECK_EQ_STR(o.cdrom, MBMC_DEFAULT_CDROM);
    mbmc_options_free(&o);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x redfish-addr=198.18.0.10 redfish-port=8443 "
                                    "redfish-cert=/c.pem redfish-key=/k.pem media-dir=/srv/iso "
                                    "cdrom=ide2-cd0", &o, err, sizeof(err)), 0);
    CHECK_EQ_STR(o.redfish_addr, "198.18.0.10");
    CHECK_EQ_INT(o.redfish_port, 8443);
    CHECK_EQ_STR(o.redfish_cert, "/c.pem");
    CHECK_EQ_STR(o.media_dir, "/srv/iso");
    CHECK_EQ_STR(o.cdrom, "ide2-cd0");
    mbmc_options_free(&o);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x redfish-addr=fd00::5", &o, err, sizeof(err)), 0);
    mbmc_options_free(&o);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x redfish-addr=bmc1", &o, err, sizeof(err)), -1);
    CHECK(strstr(err, "redfish-addr") != NULL);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x redfish-addr=198.18.0.1 redfish-port=0", &o, err,
                                    sizeof(err)), -1);
    CHECK(strstr(err, "redfish-port") != NULL);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x redfish-addr=198.18.0.1 redfish-cert=/c.pem",
                                    &o, err, sizeof(err)), -1);
    CHECK(strstr(err, "go together") != NULL);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x media-dir=/srv", &o, err, sizeof(err)), -1);
    CHECK(strstr(err, "redfish-addr") != NULL);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x cdrom=a,b", &o, err, sizeof(err)), -1);
    CHECK(strstr(err, "cdrom") != NULL);
    CHECK_EQ_INT(mbmc_options_parse("backend=proxmox vmid=1 url=https://a token-file=/t cdrom=cd0", &o,
                                    err, sizeof(err)), -1);
    CHECK(strstr(err, "cdrom") != NULL);       /* a QEMU id is no Proxmox drive */
}

/* The event log's size and the host-boot flag of the power restore policy. */
static void truth_options(void)
{
    struct mbmc_options o;
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x", &o, err, sizeof(err)), 0);
    CHECK_EQ_INT(o.sel_entries, MBMC_DEFAULT_SEL_ENTRIES);
    CHECK(o.restore_pending == NULL);
    mbmc_options_free(&o);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x vmid=7 sel-entries=16 restore-pending=/run/m/7/power-restore",
                                    &o, err, sizeof(err)), 0);
    CHECK_EQ_INT(o.sel_entries, 16);
    CHECK_EQ_INT(o.vmid, 7);
    CHECK_EQ_STR(o.restore_pending, "/run/m/7/power-restore");
    mbmc_options_free(&o);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x sel-entries=15", &o, err, sizeof(err)), -1);
    CHECK(strstr(err, "sel-entries") != NULL);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x restore-pending=relative", &o, err, sizeof(err)), -1);
    CHECK(strstr(err, "restore-pending") != NULL);
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

static void proxmox_media_options(void)
{
    struct mbmc_options o;
    const char *base = "backend=proxmox vmid=111 url=https://pve:8006 token-file=/etc/t ";
    char s[300];
    CHECK_EQ_INT(mbmc_options_parse(base, &o, err, sizeof(err)), 0);
    CHECK(o.iso_storage == NULL && o.cdrom == NULL);
    CHECK_EQ_INT(o.media_retention, MBMC_DEFAULT_MEDIA_RETENTION);
    mbmc_options_free(&o);
    snprintf(s, sizeof(s), "%siso-storage=isos media-retention=0 cdrom=sata1", base);
    CHECK_EQ_INT(mbmc_options_parse(s, &o, err, sizeof(err)), 0);
    CHECK_EQ_STR(o.iso_storage, "isos");
    CHECK_EQ_STR(o.cdrom, "sata1");
    CHECK_EQ_INT(o.media_retention, 0);
    mbmc_options_free(&o);
    static const struct { const char *opt, *says; } bad[] = {
        { "iso-storage=ISOs", "iso-storage" }, { "iso-storage=a/b", "iso-storage" },
        { "media-retention=-1", "media-retention" }, { "media-retention=2592001", "media-retention" },
        { "cdrom=ide4", "ide0-ide3" }, { "cdrom=virtio0", "cdrom" },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(s, sizeof(s), "%s%s", base, bad[i].opt);
        CHECK_EQ_INT(mbmc_options_parse(s, &o, err, sizeof(err)), -1);
        CHECK(strstr(err, bad[i].says) != NULL);
    }
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x iso-storage=isos", &o, err, sizeof(err)), -1);
    CHECK(strstr(err, "proxmox only") != NULL);
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
    CHECK_EQ_STR(err, "option backend=kvm: expected proxmox or qmp");
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x power-restore=on", &o, err, sizeof(err)), -1);
    CHECK_EQ_STR(err, "option power-restore=on: expected always-off, previous or always-on");
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x poll-ms=abc", &o, err, sizeof(err)), -1);
    CHECK(strstr(err, "poll-ms") != NULL);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x poll-ms=-5", &o, err, sizeof(err)), -1);
    CHECK_EQ_INT(mbmc_options_parse("backend=proxmox vmid=0 url=https://a token-file=/t", &o, err,
                                    sizeof(err)), -1);
    CHECK_EQ_INT(mbmc_options_parse("novalue", &o, err, sizeof(err)), -1);
    CHECK_EQ_INT(mbmc_options_parse("=x", &o, err, sizeof(err)), -1);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x fingerprint=AB:CD", &o, err, sizeof(err)), -1);
}

/* The module's enums follow the table's words (options.h): every word parses to its kind. */
static void enum_words_follow_the_table(void)
{
    static const struct { const char *opt; int value; } want[] = {
        { "backend=proxmox vmid=1 url=https://a token-file=/t", MBMC_BACKEND_PROXMOX },
        { "backend=qmp qmp=/x", MBMC_BACKEND_QMP },
    };
    struct mbmc_options o;
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        CHECK_EQ_INT(mbmc_options_parse(want[i].opt, &o, err, sizeof(err)), 0);
        CHECK_EQ_INT(o.backend, want[i].value);
        mbmc_options_free(&o);
    }
    const struct mbmc_setting *backend = mbmc_setting(MBMC_SET_BACKEND);
    CHECK_EQ_INT(mbmc_setting_enum_count(backend), 2);
    CHECK_EQ_INT(mbmc_setting_enum_value(backend, "proxmox") + 1, MBMC_BACKEND_PROXMOX);
    CHECK_EQ_INT(mbmc_setting_enum_value(backend, "qmp") + 1, MBMC_BACKEND_QMP);
    static const struct { const char *word; enum mbmc_restore_policy policy; } restore[] = {
        { "always-off", MBMC_RESTORE_OFF }, { "previous", MBMC_RESTORE_PREVIOUS }, { "always-on", MBMC_RESTORE_ON },
    };
    CHECK_EQ_INT(mbmc_setting_enum_count(mbmc_setting(MBMC_SET_POWER_RESTORE)), 3);
    for (size_t i = 0; i < 3; i++) {
        char opt[96];
        snprintf(opt, sizeof(opt), "backend=qmp qmp=/x power-restore=%s", restore[i].word);
        CHECK_EQ_INT(mbmc_options_parse(opt, &o, err, sizeof(err)), 0);
        CHECK_EQ_INT(o.restore_policy, restore[i].policy);
        mbmc_options_free(&o);
    }
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x", &o, err, sizeof(err)), 0);
    CHECK_EQ_INT(o.restore_policy, MBMC_RESTORE_PREVIOUS);     /* the table's default word */
    mbmc_options_free(&o);
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

static void sol_stall_fix_option(void)
{
    struct mbmc_options o;
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x", &o, err, sizeof(err)), 0);
    CHECK(o.sol_stall_fix);             /* on unless turned off */
    mbmc_options_free(&o);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x sol-stall-fix=0", &o, err, sizeof(err)), 0);
    CHECK(!o.sol_stall_fix);
    mbmc_options_free(&o);
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/x sol-stall-fix=maybe", &o, err, sizeof(err)), -1);
    CHECK(strstr(err, "sol-stall-fix") != NULL);
}

int main(void)
{
    RUN(qmp_minimal);
    RUN(redfish_options);
    RUN(proxmox_full);
    RUN(proxmox_media_options);
    RUN(unknown_key_is_named);
    RUN(bad_values_rejected);
    RUN(enum_words_follow_the_table);
    RUN(required_per_backend);
    RUN(fingerprint_accepted);
    RUN(lockout_options);
    RUN(sol_history_options);
    RUN(state_table_option);
    RUN(sol_stall_fix_option);
    RUN(truth_options);
    UNIT_EXIT();
}
