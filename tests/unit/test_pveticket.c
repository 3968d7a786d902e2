/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proxmox user tickets for the console fallback: user id rules, the login form, the answer,
 * the cookie and when to log in again. */
#include <gio/gio.h>

#include "pveticket.h"
#include "unit.h"

static void userid_rules(void)
{
    const char *good[] = { "vbmc-console@pve", "root@pam", "john@example.com@ldap-1", "a@pve",
                           "x_y.z@Realm.2", NULL };
    for (int i = 0; good[i]; i++) {
        g_autoptr(GError) e = NULL;
        if (!mbmc_pve_userid_check(good[i], &e)) {
            fprintf(stderr, "  %s refused: %s\n", good[i], e->message);
            unit_case_failed = 1;
        }
    }
    struct { const char *id, *why; } bad[] = {
        { "bmc@pve!ipmi", "API token id" }, { "bmc", "USER@REALM" }, { "@pve", "USER@REALM" },
        { "bmc@p", "realm" }, { "a@", "3 to 64" }, { "bmc@1pve", "realm" }, { "bmc@pve/x", "realm" },
        { "b c@pve", "white space" }, { "b:c@pve", "':'" }, { "", "3 to 64" },
        { "bmc@pve ", "realm" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(GError) e = NULL;
        CHECK(!mbmc_pve_userid_check(bad[i].id, &e));
        if (e && !strstr(e->message, bad[i].why)) {
            fprintf(stderr, "  '%s': message '%s' lacks '%s'\n", bad[i].id, e->message, bad[i].why);
            unit_case_failed = 1;
        }
    }
    g_autofree char *longid = g_strnfill(62, 'a');
    g_autofree char *id65 = g_strconcat(longid, "@pve", NULL);
    CHECK(!mbmc_pve_userid_check(id65, NULL));
}

static void login_form(void)
{
    /* Everything but unreserved characters is percent-encoded: '&', '=', '+', '%', space. */
    char *f = mbmc_pve_ticket_form("bmc@pve", "p&ss=w+rd% x");
    CHECK_EQ_STR(f, "username=bmc%40pve&password=p%26ss%3Dw%2Brd%25%20x");
    mbmc_secret_free(f);
    mbmc_secret_free(NULL);
}

static void auth_modes(void)
{
    /* The words are read by the table of settings (test_settings checks they agree). */
    CHECK_EQ_STR(mbmc_console_auth_name(MBMC_CONSOLE_AUTH_AUTO), "auto");
    CHECK_EQ_STR(mbmc_console_auth_name(MBMC_CONSOLE_AUTH_TICKET), "ticket");
}

static void parse_answer(void)
{
    const char *ok = "{\"data\":{\"username\":\"bmc@pve\",\"ticket\":\"PVE:bmc@pve:6560AB12::c2ln+/=\","
                     "\"CSRFPreventionToken\":\"6560AB12:abc\",\"cap\":{\"vms\":{\"VM.Console\":1}}}}";
    MbmcPveTicket t = { 0 };
    g_autoptr(GError) e = NULL;
    CHECK(mbmc_pve_ticket_parse(ok, strlen(ok), &t, &e));
    CHECK_EQ_STR(t.username, "bmc@pve");
    CHECK_EQ_STR(t.ticket, "PVE:bmc@pve:6560AB12::c2ln+/=");
    CHECK_EQ_STR(t.csrf, "6560AB12:abc");
    /* A failed parse leaves the ticket we have. */
    const char *tfa = "{\"data\":{\"username\":\"bmc@pve\",\"ticket\":\"PVE:!tfa!x\",\"CSRFPreventionToken\":\"y\","
                      "\"NeedTFA\":1}}";
    CHECK(!mbmc_pve_ticket_parse(tfa, strlen(tfa), &t, &e));
    CHECK(e && strstr(e->message, "two-factor"));
    CHECK_EQ_STR(t.ticket, "PVE:bmc@pve:6560AB12::c2ln+/=");
    g_clear_error(&e);
    const char *bad[] = { "", "{\"data\":null}", "{\"data\":{\"ticket\":\"x\"}}", "[1]",
                          "{\"data\":{\"username\":\"u\",\"ticket\":\"\",\"CSRFPreventionToken\":\"c\"}}",
                          "{\"data\":{\"username\":\"u\",\"ticket\":1,\"CSRFPreventionToken\":\"c\"}}" };
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        CHECK(!mbmc_pve_ticket_parse(bad[i], strlen(bad[i]), &t, &e));
        CHECK(e != NULL);
        g_clear_error(&e);
    }
    mbmc_pve_ticket_clear(&t);
    CHECK(t.ticket == NULL && t.csrf == NULL && t.username == NULL);
    mbmc_pve_ticket_clear(&t);
}

static void cookie(void)
{
    g_autofree char *c = mbmc_pve_ticket_cookie("PVE:bmc@pve:6560AB12::c2ln+/=");
    CHECK_EQ_STR(c, "PVEAuthCookie=PVE%3Abmc%40pve%3A6560AB12%3A%3Ac2ln%2B%2F%3D");
}

static void renewal(void)
{
    gint64 t0 = 1000 * G_USEC_PER_SEC;
    CHECK(!mbmc_pve_ticket_due(t0, t0));
    CHECK(!mbmc_pve_ticket_due(t0, t0 + (gint64)89 * 60 * G_USEC_PER_SEC));
    CHECK(mbmc_pve_ticket_due(t0, t0 + (gint64)90 * 60 * G_USEC_PER_SEC));
    CHECK(mbmc_pve_ticket_due(t0, t0 + (gint64)3 * 3600 * G_USEC_PER_SEC));
    CHECK(mbmc_pve_ticket_due(t0, t0 - 1));   /* a clock that went back: do not trust the age */
    /* Well inside the 2 h lifetime. */
    CHECK(MBMC_PVE_TICKET_RENEW_SECS < 2 * 3600 - 10 * 60);
}

int main(void)
{
    RUN(userid_rules);
    RUN(login_form);
    RUN(auth_modes);
    RUN(parse_answer);
    RUN(cookie);
    RUN(renewal);
    UNIT_EXIT();
}
