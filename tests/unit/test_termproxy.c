/* SPDX-License-Identifier: GPL-2.0-or-later */
/* termproxy framing: login line, input frames, and the reader that strips "OK" and the
 * banner however the server splits its websocket messages. */
#include "termproxy.h"
#include "unit.h"

static char *bytes_str(GBytes *b)
{
    gsize n;
    const char *p = g_bytes_get_data(b, &n);
    return g_strndup(p, n);
}

static void login_line(void)
{
    g_autoptr(GBytes) b = mbmc_termproxy_login("mbmc@pve!sol", "PVEVNC:1234::abc+/=");
    g_autofree char *s = bytes_str(b);
    CHECK_EQ_STR(s, "mbmc@pve!sol:PVEVNC:1234::abc+/=\n");
}

static void input_frame(void)
{
    g_autoptr(GBytes) b = mbmc_termproxy_input((const guint8 *)"ls\r", 3);
    g_autofree char *s = bytes_str(b);
    CHECK_EQ_STR(s, "0:3:ls\r");
    g_autoptr(GBytes) e = mbmc_termproxy_input((const guint8 *)"\0\xff", 2);
    gsize n;
    const guint8 *p = g_bytes_get_data(e, &n);
    CHECK_EQ_INT(n, 6);
    CHECK(p[4] == 0 && p[5] == 0xff);
}

/* Feed text split at every possible position; the output must not depend on the split. */
static void feed_split(const char *in, const char *want, MbmcTermproxyState want_state)
{
    size_t len = strlen(in);
    for (size_t cut = 0; cut <= len; cut++) {
        MbmcTermproxyReader r;
        mbmc_termproxy_reader_init(&r);
        g_autoptr(GByteArray) out = g_byte_array_new();
        mbmc_termproxy_reader_feed(&r, (const guint8 *)in, cut, out);
        mbmc_termproxy_reader_feed(&r, (const guint8 *)in + cut, len - cut, out);
        g_autofree char *got = out->len ? g_strndup((const char *)out->data, out->len) : g_strdup("");
        if (strcmp(got, want) || r.state != want_state) {
            fprintf(stderr, "  cut %zu: got \"%s\" state %d\n", cut, got, r.state);
            unit_case_failed = 1;
        }
        mbmc_termproxy_reader_clear(&r);
    }
}

static void ok_and_banner_stripped(void)
{
    feed_split("OKstarting serial terminal on interface serial0\r\nlogin: ", "login: ",
               MBMC_TP_STREAM);
}

static void no_banner_passes_everything(void)
{
    feed_split("OKSeaBIOS (version 1.16)\r\n", "SeaBIOS (version 1.16)\r\n", MBMC_TP_STREAM);
}

static void refused_login(void)
{
    feed_split("NO ticket\n", "", MBMC_TP_REFUSED);
}

/* qm terminal's refusals end the session with a reason, never reach the SOL client. */
static void qm_terminal_errors(void)
{
    const char *cases[][2] = {
        { "OKVM 100 not running\r\n", "VM 100 not running" },
        { "OKserial interface 'serial0' is not configured\r\n", "serial interface 'serial0' is not configured" },
        { "OKwrong serial type on interface 'serial0'\n", "wrong serial type on interface 'serial0'" },
        { "OKunable to find a serial interface\r\n", "unable to find a serial interface" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        feed_split(cases[i][0], "", MBMC_TP_FAILED);
        MbmcTermproxyReader r;
        mbmc_termproxy_reader_init(&r);
        g_autoptr(GByteArray) out = g_byte_array_new();
        mbmc_termproxy_reader_feed(&r, (const guint8 *)cases[i][0], strlen(cases[i][0]), out);
        CHECK_EQ_STR(r.pending->str, cases[i][1]);
        mbmc_termproxy_reader_clear(&r);
    }
    /* Guest output that merely starts like one is output. */
    feed_split("OKVM booting\r\n", "VM booting\r\n", MBMC_TP_STREAM);
}

static void banner_without_newline_is_held(void)
{
    MbmcTermproxyReader r;
    mbmc_termproxy_reader_init(&r);
    g_autoptr(GByteArray) out = g_byte_array_new();
    const char *in = "OKstarting serial terminal on interface ser";
    mbmc_termproxy_reader_feed(&r, (const guint8 *)in, strlen(in), out);
    CHECK_EQ_INT(out->len, 0);
    CHECK_EQ_INT(r.state, MBMC_TP_BANNER);
    mbmc_termproxy_reader_feed(&r, (const guint8 *)"ial0\nX", 6, out);
    CHECK_EQ_INT(out->len, 1);
    CHECK_EQ_INT(r.state, MBMC_TP_STREAM);
    mbmc_termproxy_reader_clear(&r);
}

int main(void)
{
    RUN(login_line);
    RUN(input_frame);
    RUN(ok_and_banner_stripped);
    RUN(no_banner_passes_everything);
    RUN(refused_login);
    RUN(qm_terminal_errors);
    RUN(banner_without_newline_is_held);
    UNIT_EXIT();
}
