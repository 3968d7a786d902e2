/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _GNU_SOURCE
/* The fake's authentication (reference 1.2 and 3.2): API tokens, and user tickets for the
 * console fallback on old Proxmox.
 *
 *  Authorization: PVEAPIToken=USER@REALM!TOKEN=SECRET   (regex and last-'=' split of PVE)
 *  POST /access/ticket username=&password=[&realm=]     -> {username, ticket, CSRFPreventionToken,
 *      cap}; a valid ticket as the password renews it. No auth needed; a token header is refused
 *      (403, the endpoint has allowtoken => 0). Wrong user/password/disabled: 401 "authentication
 *      failure" (no hint which, like PVE).
 *  Cookie: PVEAuthCookie=<ticket> (or Authorization: PVEAuthCookie=<ticket>) takes precedence
 *      over a token; tickets live 2 h on the fake clock; every non-GET with a ticket needs
 *      CSRFPreventionToken (else 401 "Permission denied - invalid csrf token").
 *
 * Control (fake_ctl): user ID PASSWORD [PRIV...] (add or replace, enabled), user_del ID,
 * user_enable ID 0|1, auth_stats. The request log never shows a password. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "fake.h"

#define TICKET_LIFETIME (2 * 3600)     /* AccessControl.pm $ticket_lifetime */

static struct {
    int logins, login_failures, renewals, ticket_requests, csrf_refused, token_refused;
} A;

static int hexv(char c) { return isdigit((unsigned char)c) ? c - '0' : (tolower(c) - 'a' + 10); }

/* uri_unescape: %XX only ('+' stays '+'). */
static void unescape(const char *in, size_t n, char *out, size_t outlen)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < outlen; i++) {
        if (in[i] == '%' && i + 2 < n && isxdigit((unsigned char)in[i + 1]) &&
            isxdigit((unsigned char)in[i + 2])) {
            out[o++] = (char)(hexv(in[i + 1]) * 16 + hexv(in[i + 2]));
            i += 2;
        } else {
            out[o++] = in[i];
        }
    }
    out[o] = '\0';
}

/* Formatter.pm extract_auth_value: /(?:^|\s)KEY(?:=| )([^;]*)/, then uri_unescape. */
static bool auth_value(const char *header, const char *key, char *out, size_t outlen)
{
    size_t kl = strlen(key);
    for (const char *p = header ? strstr(header, key) : NULL; p; p = strstr(p + 1, key)) {
        if ((p != header && !isspace((unsigned char)p[-1])) || (p[kl] != '=' && p[kl] != ' '))
            continue;
        const char *v = p + kl + 1;
        unescape(v, strcspn(v, ";"), out, outlen);
        return out[0] != '\0';
    }
    return false;
}

static void deny(struct fake_resp *rs, int code, const char *reason)
{
    rs->code = code;
    snprintf(rs->reason, sizeof(rs->reason), "%s", reason);
    rs->body = strdup(code == 401 ? "" : "{\"data\":null}");
    rs->delay_ms = code == 401 ? F.auth_delay_ms : 0;
}

static struct fake_token *user_find(const char *id)
{
    for (int i = 0; i < F.nusers; i++)
        if (!strcmp(F.users[i].id, id))
            return &F.users[i];
    return NULL;
}

static const struct fake_ticket *ticket_find(const char *ticket)
{
    for (int i = 0; i < MAX_AUTH_TICKETS; i++) {
        const struct fake_ticket *t = &F.auth_tickets[i];
        if (t->ticket[0] && !strcmp(t->ticket, ticket) && fake_now() - t->issued <= TICKET_LIFETIME)
            return t;
    }
    return NULL;
}

/* verify_csrf_prevention_token: bound to the user and the ticket lifetime, not to one ticket. */
static bool csrf_valid(const char *user, const char *csrf)
{
    for (int i = 0; csrf && *csrf && i < MAX_AUTH_TICKETS; i++) {
        const struct fake_ticket *t = &F.auth_tickets[i];
        if (t->ticket[0] && !strcmp(t->user, user) && !strcmp(t->csrf, csrf) &&
            fake_now() - t->issued <= TICKET_LIFETIME)
            return true;
    }
    return false;
}

static const struct fake_token *token_auth(const char *auth, struct fake_resp *rs)
{
    char val[512];
    if (!auth_value(auth, "PVEAPIToken", val, sizeof(val))) {
        deny(rs, 401, "No ticket");
        return NULL;
    }
    char *eq = strrchr(val, '=');
    if (eq) {
        *eq = '\0';
        for (int i = 0; i < F.ntokens; i++) {
            struct fake_token *t = &F.tokens[i];
            if (t->enabled && !strcmp(t->id, val) && !strcmp(t->secret, eq + 1))
                return t;
        }
    }
    deny(rs, 401, "Authentication failed!");
    return NULL;
}

const struct fake_token *fake_authenticate(const char *method, const char *auth, const char *cookie,
                                           const char *csrf, struct fake_resp *rs)
{
    char ticket[512];
    /* AnyEvent.pm: the cookie first, then a cookie in Authorization, then the token. */
    if (!auth_value(cookie, "PVEAuthCookie", ticket, sizeof(ticket)) &&
        !auth_value(auth, "PVEAuthCookie", ticket, sizeof(ticket)))
        return token_auth(auth, rs);
    A.ticket_requests++;
    const struct fake_ticket *t = ticket_find(ticket);
    struct fake_token *u = t ? user_find(t->user) : NULL;
    if (!u || !u->enabled) {
        deny(rs, 401, "Authentication failed!");
        return NULL;
    }
    if (strcmp(method, "GET") && !csrf_valid(u->id, csrf)) {
        A.csrf_refused++;
        deny(rs, 401, "Permission denied - invalid csrf token");
        return NULL;
    }
    return u;
}

static void random_b64(char *out, size_t nbytes)
{
    unsigned char r[48];
    RAND_bytes(r, (int)nbytes);
    EVP_EncodeBlock((unsigned char *)out, r, (int)nbytes);
}

static const struct fake_ticket *ticket_issue(const char *user)
{
    static unsigned seq;
    struct fake_ticket *t = &F.auth_tickets[seq++ % MAX_AUTH_TICKETS];
    char sig[80], csig[80];
    random_b64(sig, 24);
    random_b64(csig, 24);
    unsigned stamp = (unsigned)(time(NULL) + (time_t)F.clock_offset);
    snprintf(t->ticket, sizeof(t->ticket), "PVE:%s:%08X::%s", user, stamp, sig);
    snprintf(t->csrf, sizeof(t->csrf), "%08X:%s", stamp, csig);
    snprintf(t->user, sizeof(t->user), "%s", user);
    t->issued = fake_now();
    return t;
}

void fake_access_ticket(const char *auth, const struct fake_params *p, struct fake_resp *rs)
{
    char tok[512];
    if (auth_value(auth, "PVEAPIToken", tok, sizeof(tok))) {
        A.token_refused++;
        deny(rs, 403, "Permission check failed (URI '/access/ticket' not available with API token, "
             "need proper ticket.)");
        return;
    }
    static const char allowed[] = " username password realm otp path privs new-format tfa-challenge ";
    for (int i = 0; i < p->n; i++) {
        char k[80];
        snprintf(k, sizeof(k), " %s ", p->key[i]);
        if (!strstr(allowed, k)) {
            fake_param_error(rs, p->key[i], "property is not defined in schema and the schema does "
                             "not allow additional properties");
            return;
        }
    }
    const char *name = fake_param(p, "username"), *pw = fake_param(p, "password");
    if (!name || !pw) {
        fake_param_error(rs, !name ? "username" : "password", "property is missing and it is not optional");
        return;
    }
    char user[128];
    const char *realm = fake_param(p, "realm");
    int ul = snprintf(user, sizeof(user), "%s%s%s", name, realm && !strchr(name, '@') ? "@" : "",
                      realm && !strchr(name, '@') ? realm : "");
    struct fake_token *u = ul < (int)sizeof(user) ? user_find(user) : NULL;
    const struct fake_ticket *old = ticket_find(pw);
    bool renew = old && !strcmp(old->user, user);
    if (!u || !u->enabled || (!renew && strcmp(u->secret, pw))) {
        A.login_failures++;
        fprintf(F.log, "# auth: authentication failure for user '%s'\n", user);
        deny(rs, 401, "authentication failure");
        return;
    }
    renew ? A.renewals++ : A.logins++;
    const struct fake_ticket *t = ticket_issue(user);
    struct json_object *d = json_object_new_object(), *cap = json_object_new_object(),
                       *vms = json_object_new_object();
    json_object_object_add(d, "username", json_object_new_string(user));
    json_object_object_add(d, "ticket", json_object_new_string(t->ticket));
    json_object_object_add(d, "CSRFPreventionToken", json_object_new_string(t->csrf));
    char privs[sizeof(u->privs)];
    snprintf(privs, sizeof(privs), "%s", u->privs);
    char *save = NULL;
    for (char *pr = strtok_r(privs, " ", &save); pr; pr = strtok_r(NULL, " ", &save))
        json_object_object_add(vms, pr, json_object_new_int(1));
    json_object_object_add(cap, "vms", vms);
    json_object_object_add(d, "cap", cap);
    struct json_object *root = json_object_new_object();
    json_object_object_add(root, "data", d);
    rs->code = 200;
    snprintf(rs->reason, sizeof(rs->reason), "OK");
    rs->body = strdup(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
    json_object_put(root);
    fprintf(F.log, "# auth: %s ticket for %s\n", renew ? "renewed" : "new", user);
}

/* The body as the request log shows it: a password value is replaced by its length. */
char *fake_redact_body(const char *body, size_t len)
{
    char *out = NULL;
    size_t olen = 0;
    FILE *f = open_memstream(&out, &olen);
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && body[j] != '&')
            j++;
        if (j - i >= 9 && !memcmp(body + i, "password=", 9))
            fprintf(f, "password=<%zu bytes>", j - i - 9);
        else
            fwrite(body + i, 1, j - i, f);
        if (j < len)
            fputc('&', f);
        i = j + 1;
    }
    fclose(f);
    return out;
}

char *fake_auth_ctl(const char *line)
{
    char *out = NULL;
    char id[128] = "";
    if (!strncmp(line, "auth_stats", 10)) {
        if (asprintf(&out, "logins=%d login_failures=%d renewals=%d ticket_requests=%d csrf_refused=%d "
                     "token_refused=%d\n", A.logins, A.login_failures, A.renewals, A.ticket_requests,
                     A.csrf_refused, A.token_refused) < 0)
            out = NULL;
        return out;
    }
    if (!strncmp(line, "user_del ", 9)) {
        struct fake_token *u = user_find(line + 9);
        if (!u)
            return strdup("error: no such user\n");
        *u = F.users[--F.nusers];
        return strdup("ok\n");
    }
    if (!strncmp(line, "user_enable ", 12)) {
        int on = 0;
        if (sscanf(line + 12, "%127s %d", id, &on) != 2 || !user_find(id))
            return strdup("error: user_enable ID 0|1\n");
        user_find(id)->enabled = on;
        return strdup("ok\n");
    }
    if (!strncmp(line, "user ", 5)) {
        char pw[128] = "";
        int n = 0;
        if (sscanf(line + 5, "%127s %127s %n", id, pw, &n) < 2 || !strchr(id, '@') || strchr(id, '!'))
            return strdup("error: user USER@REALM PASSWORD [PRIV...]\n");
        struct fake_token *u = user_find(id);
        if (!u) {
            if (F.nusers == MAX_USERS)
                return strdup("error: too many users\n");
            u = &F.users[F.nusers++];
        }
        memset(u, 0, sizeof(*u));
        snprintf(u->id, sizeof(u->id), "%s", id);
        snprintf(u->secret, sizeof(u->secret), "%s", pw);
        snprintf(u->privs, sizeof(u->privs), " %s ", n ? line + 5 + n : "");
        u->enabled = true;
        return strdup("ok\n");
    }
    return NULL;
}

/* What the control log shows of a command: never a user's password. */
void fake_ctl_log(const char *line)
{
    char id[128];
    int n = 0;
    if (!strncmp(line, "user ", 5) && sscanf(line + 5, "%127s %*s %n", id, &n) >= 1)
        fprintf(F.log, "# ctl user %s <password> %s\n", id, n ? line + 5 + n : "");
    else
        fprintf(F.log, "# ctl %s\n", line);
}
