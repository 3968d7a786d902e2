/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proxmox user tickets; see pveticket.h. */
#include "pveticket.h"

#include <gio/gio.h>
#include <json-c/json.h>
#include <string.h>

#include "mbmc_json.h"
#include "pve_json.h"

const char *mbmc_console_auth_name(MbmcConsoleAuth a)
{
    return a == MBMC_CONSOLE_AUTH_TOKEN ? "token" : a == MBMC_CONSOLE_AUTH_TICKET ? "ticket" : "auto";
}

static gboolean realm_ok(const char *r)
{
    if (!g_ascii_isalpha(r[0]) || !r[1])
        return FALSE;
    for (const char *p = r + 1; *p; p++)
        if (!g_ascii_isalnum(*p) && *p != '.' && *p != '-' && *p != '_')
            return FALSE;
    return TRUE;
}

gboolean mbmc_pve_userid_check(const char *userid, GError **error)
{
    const char *why = NULL;
    gsize len = userid ? strlen(userid) : 0;
    const char *at = userid ? strrchr(userid, '@') : NULL;
    if (userid && strchr(userid, '!'))
        why = "that is an API token id; the console needs a real user (tokens cannot log in)";
    else if (len < 3 || len > 64)
        why = "it must be 3 to 64 characters";
    else if (!at || at == userid)
        why = "it must be USER@REALM, e.g. vbmc-console@pve";
    else if (!realm_ok(at + 1))
        why = "the realm must start with a letter and hold only letters, digits, '.', '-' and '_'";
    for (const char *p = userid; !why && p < at; p++)
        if (g_ascii_isspace(*p) || *p == ':' || *p == '/')
            why = "the user name must not contain white space, ':' or '/'";
    if (why)
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Proxmox user '%s' is not valid: %s",
                    userid ? userid : "", why);
    return why == NULL;
}

char *mbmc_pve_ticket_form(const char *userid, const char *password)
{
    g_autofree char *u = g_uri_escape_string(userid, NULL, FALSE);
    char *p = g_uri_escape_string(password, NULL, FALSE);
    char *form = g_strconcat("username=", u, "&password=", p, NULL);
    mbmc_secret_free(p);
    return form;
}

void mbmc_secret_free(char *s)
{
    if (!s)
        return;
    /* volatile: the compiler must not drop the wipe of memory about to be freed. */
    for (volatile char *p = s; *p; p++)
        *p = 0;
    g_free(s);
}

static const char *str_field(json_object *o, const char *key)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
        return NULL;
    const char *s = json_object_get_string(v);
    return *s ? s : NULL;
}

gboolean mbmc_pve_ticket_from_data(json_object *d, MbmcPveTicket *out, GError **error)
{
    if (!json_object_is_type(d, json_type_object)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "malformed answer to the login");
        return FALSE;
    }
    if (json_object_object_get_ex(d, "NeedTFA", NULL)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                    "the user has two-factor authentication, which an unattended login cannot do: "
                    "use a user without TFA for the console");
        return FALSE;
    }
    if (!str_field(d, "username") || !str_field(d, "ticket") || !str_field(d, "CSRFPreventionToken")) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                    "the login answer lacks username, ticket or CSRFPreventionToken");
        return FALSE;
    }
    mbmc_pve_ticket_clear(out);
    out->username = g_strdup(str_field(d, "username"));
    out->ticket = g_strdup(str_field(d, "ticket"));
    out->csrf = g_strdup(str_field(d, "CSRFPreventionToken"));
    return TRUE;
}

gboolean mbmc_pve_ticket_parse(const char *body, gsize len, MbmcPveTicket *out, GError **error)
{
    json_object *d = NULL;
    g_autoptr(json_object) root = pve_envelope_unwrap(body, len, &d, NULL, 0);
    return mbmc_pve_ticket_from_data(d, out, error);
}

void mbmc_pve_ticket_clear(MbmcPveTicket *t)
{
    g_clear_pointer(&t->username, g_free);
    g_clear_pointer(&t->ticket, mbmc_secret_free);
    g_clear_pointer(&t->csrf, mbmc_secret_free);
}

char *mbmc_pve_ticket_cookie(const char *ticket)
{
    /* pveproxy uri-unescapes the cookie value; the ticket holds ':', '+', '/' and '='. */
    g_autofree char *enc = g_uri_escape_string(ticket, NULL, FALSE);
    return g_strconcat("PVEAuthCookie=", enc, NULL);
}

gboolean mbmc_pve_ticket_due(gint64 obtained_us, gint64 now_us)
{
    return now_us < obtained_us || now_us - obtained_us >= (gint64)MBMC_PVE_TICKET_RENEW_SECS * G_USEC_PER_SEC;
}
