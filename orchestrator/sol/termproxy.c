/* SPDX-License-Identifier: GPL-2.0-or-later */
/* termproxy framing; see termproxy.h for the protocol. */
#include "termproxy.h"

#include <string.h>

/* qm terminal prints this before the guest's bytes; a real BMC console would not. */
#define BANNER_PREFIX "starting serial terminal on interface "
/* A banner longer than this is not a banner: give up stripping and pass everything on. */
#define BANNER_MAX 128

GBytes *mbmc_termproxy_login(const char *user, const char *ticket)
{
    char *s = g_strdup_printf("%s:%s\n", user, ticket);
    return g_bytes_new_take(s, strlen(s));
}

GBytes *mbmc_termproxy_input(const guint8 *data, gsize len)
{
    GByteArray *a = g_byte_array_sized_new(len + 16);
    char head[32];
    int n = g_snprintf(head, sizeof(head), "0:%" G_GSIZE_FORMAT ":", len);
    g_byte_array_append(a, (const guint8 *)head, n);
    g_byte_array_append(a, data, len);
    return g_byte_array_free_to_bytes(a);
}

void mbmc_termproxy_reader_init(MbmcTermproxyReader *r)
{
    r->state = MBMC_TP_AWAIT_OK;
    r->pending = g_string_new(NULL);
}

void mbmc_termproxy_reader_clear(MbmcTermproxyReader *r)
{
    if (r->pending)
        g_string_free(r->pending, TRUE);
    r->pending = NULL;
}

/* What qm terminal prints instead of its banner when it cannot start (qm.pm `terminal`). */
static const char *const qm_errors[] = {
    "VM ",                          /* "VM 100 not running" */
    "serial interface '",           /* "... is not configured" */
    "wrong serial type on interface '",
    "unable to find a serial interface",
    "Configuration file '",         /* the VM is not on this node (any more) */
};

static gboolean qm_error_line(const char *s, gsize len)
{
    for (gsize i = 0; i < G_N_ELEMENTS(qm_errors); i++) {
        gsize el = strlen(qm_errors[i]);
        if (len >= el && memcmp(s, qm_errors[i], el) == 0)
            return i > 0 || (len > 12 && memcmp(s + len - 12, " not running", 12) == 0);
    }
    return FALSE;
}

static gboolean maybe_qm_error(const char *s, gsize len)
{
    for (gsize i = 0; i < G_N_ELEMENTS(qm_errors); i++)
        if (memcmp(s, qm_errors[i], MIN(len, strlen(qm_errors[i]))) == 0)
            return TRUE;
    return FALSE;
}

static void take_banner(MbmcTermproxyReader *r, GByteArray *out)
{
    GString *p = r->pending;
    gsize cmp = MIN(p->len, strlen(BANNER_PREFIX));
    if (memcmp(p->str, BANNER_PREFIX, cmp) != 0) {
        const char *nl = memchr(p->str, '\n', p->len);
        if (nl) {
            gsize ll = nl - p->str;
            while (ll > 0 && p->str[ll - 1] == '\r')
                ll--;
            if (qm_error_line(p->str, ll)) {
                g_string_truncate(p, ll);
                r->state = MBMC_TP_FAILED;
                return;
            }
        } else if (p->len <= BANNER_MAX && maybe_qm_error(p->str, p->len)) {
            return;     /* wait for the whole line */
        }
        /* No banner (another termproxy version): everything is terminal output. */
        g_byte_array_append(out, (const guint8 *)p->str, p->len);
        g_string_truncate(p, 0);
        r->state = MBMC_TP_STREAM;
        return;
    }
    const char *nl = memchr(p->str, '\n', p->len);
    if (nl) {
        gsize skip = nl - p->str + 1;
        g_byte_array_append(out, (const guint8 *)p->str + skip, p->len - skip);
        g_string_truncate(p, 0);
        r->state = MBMC_TP_STREAM;
    } else if (p->len > BANNER_MAX) {
        g_byte_array_append(out, (const guint8 *)p->str, p->len);
        g_string_truncate(p, 0);
        r->state = MBMC_TP_STREAM;
    }
}

void mbmc_termproxy_reader_feed(MbmcTermproxyReader *r, const guint8 *data, gsize len,
                                GByteArray *out)
{
    switch (r->state) {
    case MBMC_TP_STREAM:
        g_byte_array_append(out, data, len);
        return;
    case MBMC_TP_REFUSED:
    case MBMC_TP_FAILED:
        return;
    case MBMC_TP_AWAIT_OK:
        g_string_append_len(r->pending, (const char *)data, len);
        if (r->pending->len < 2) {
            if (r->pending->len == 1 && r->pending->str[0] != 'O')
                r->state = MBMC_TP_REFUSED;
            return;
        }
        if (memcmp(r->pending->str, "OK", 2) != 0) {
            r->state = MBMC_TP_REFUSED;
            g_string_truncate(r->pending, 0);
            return;
        }
        g_string_erase(r->pending, 0, 2);
        r->state = MBMC_TP_BANNER;
        if (r->pending->len)
            take_banner(r, out);
        return;
    case MBMC_TP_BANNER:
        g_string_append_len(r->pending, (const char *)data, len);
        take_banner(r, out);
        return;
    }
}
