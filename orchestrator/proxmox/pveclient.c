/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proxmox API session with token auth and TLS policy (see pveclient.h). */
#include "pveclient.h"

#include <string.h>

#include "fileutil.h"
#include "mbmc_json.h"

struct _MbmcPveClient {
    char *url;
    char *auth_header;
    char *token_id;
    char *pin;                /* normalised lower-case hex, or NULL */
    gboolean insecure;
    SoupSession *session;
    void (*tls_notify)(gpointer, const char *);
    gpointer tls_data;
};

static char *normalise_pin(const char *fp)
{
    GString *s = g_string_new(NULL);
    for (const char *p = fp; *p; p++) {
        if (*p == ':')
            continue;
        if (!g_ascii_isxdigit(*p)) {
            g_string_free(s, TRUE);
            return NULL;
        }
        g_string_append_c(s, g_ascii_tolower(*p));
    }
    if (s->len != 64) {
        g_string_free(s, TRUE);
        return NULL;
    }
    return g_string_free(s, FALSE);
}

MbmcPveClient *mbmc_pve_client_new(const MbmcPveClientConfig *cfg, GError **error)
{
    if (!cfg->url || !g_str_has_prefix(cfg->url, "https://")) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    "the Proxmox URL must start with https:// (got %s)", cfg->url ? cfg->url : "none");
        return NULL;
    }
    g_autofree char *token = mbmc_read_secret_file(cfg->token_file, error);
    if (!token)
        return NULL;
    if (!strchr(token, '!') || !strchr(token, '=')) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                    "%s does not hold an API token of the form USER@REALM!TOKENID=SECRET",
                    cfg->token_file);
        return NULL;
    }
    g_autofree char *pin = NULL;
    if (cfg->fingerprint && !(pin = normalise_pin(cfg->fingerprint))) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    "fingerprint must be the SHA-256 of the certificate: 64 hex digits, colons "
                    "allowed");
        return NULL;
    }
    g_autoptr(GTlsDatabase) db = NULL;
    if (cfg->ca_file && !(db = g_tls_file_database_new(cfg->ca_file, error)))
        return NULL;

    MbmcPveClient *c = g_new0(MbmcPveClient, 1);
    c->url = g_strdup(cfg->url);
    gsize n = strlen(c->url);
    while (n > 0 && c->url[n - 1] == '/')   /* so that paths join cleanly */
        c->url[--n] = 0;
    c->auth_header = g_strdup_printf("PVEAPIToken=%s", token);
    c->token_id = g_strndup(token, (gsize)(strrchr(token, '=') - token));
    memset(token, 0, strlen(token));
    c->pin = g_steal_pointer(&pin);
    c->insecure = cfg->insecure;
    /* Six connections, not libsoup's two: the shared poller lists every node once a second,
     * and on two connections 100 node lists of ~20 ms each queued for a whole second. A
     * pveproxy worker proxies a call for another node asynchronously, so more connections
     * do spread the lists over the nodes. */
    c->session = soup_session_new_with_options("timeout", 30, "idle-timeout", 60,
                                               "max-conns-per-host", 6, "max-conns", 12, NULL);
    if (db)
        soup_session_set_tls_database(c->session, db);
    else if (c->pin || c->insecure)
        /* No trust store: every certificate reaches accept-certificate (pin or opt-out). */
        soup_session_set_tls_database(c->session, NULL);
    return c;
}

void mbmc_pve_client_free(MbmcPveClient *c)
{
    if (!c)
        return;
    g_clear_object(&c->session);
    if (c->auth_header)
        memset(c->auth_header, 0, strlen(c->auth_header));
    g_free(c->auth_header);
    g_free(c->token_id);
    g_free(c->pin);
    g_free(c->url);
    g_free(c);
}

SoupSession *mbmc_pve_client_session(MbmcPveClient *c) { return c->session; }
const char *mbmc_pve_client_url(const MbmcPveClient *c) { return c->url; }
const char *mbmc_pve_client_token_id(const MbmcPveClient *c) { return c->token_id; }

void mbmc_pve_client_set_tls_notify(MbmcPveClient *c, void (*fn)(gpointer, const char *), gpointer data)
{
    c->tls_notify = fn;
    c->tls_data = data;
}

static gboolean accept_certificate(SoupMessage *msg, GTlsCertificate *cert,
                                   GTlsCertificateFlags errors, gpointer data)
{
    (void)msg; (void)errors;
    MbmcPveClient *c = data;
    if (c->insecure)
        return TRUE;
    if (!c->pin)
        return FALSE;
    g_autoptr(GByteArray) der = NULL;
    g_object_get(cert, "certificate", &der, NULL);
    if (!der)
        return FALSE;
    g_autofree char *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, der->data, der->len);
    if (g_ascii_strcasecmp(hex, c->pin) == 0)
        return TRUE;
    if (c->tls_notify) {
        g_autofree char *text = g_strdup_printf("TLS certificate of %s does not match the pinned "
                                                "fingerprint (got %s)", c->url, hex);
        c->tls_notify(c->tls_data, text);
    }
    return FALSE;
}

SoupMessage *mbmc_pve_client_message(MbmcPveClient *c, const char *method, const char *path)
{
    g_autofree char *uri = g_strconcat(c->url, "/api2/json", path, NULL);
    SoupMessage *msg = soup_message_new(method, uri);
    if (!msg)
        return NULL;
    soup_message_headers_replace(soup_message_get_request_headers(msg), "Authorization",
                                 c->auth_header);
    g_signal_connect(msg, "accept-certificate", G_CALLBACK(accept_certificate), c);
    return msg;
}

json_object *mbmc_pve_client_result(SoupMessage *msg, GBytes *body, json_object **root_out,
                                    char **why)
{
    *root_out = NULL;
    *why = NULL;
    guint status = soup_message_get_status(msg);
    if (status != 200) {
        const char *reason = soup_message_get_reason_phrase(msg);
        *why = g_strdup_printf("HTTP %u %s", status, reason ? reason : "");
        return NULL;
    }
    gsize len;
    const char *p = g_bytes_get_data(body, &len);
    json_tokener *tok = json_tokener_new();
    g_autoptr(json_object) root = json_tokener_parse_ex(tok, p, (int)len);
    json_tokener_free(tok);
    json_object *data = NULL;
    if (!root || !json_object_object_get_ex(root, "data", &data) || !data) {
        *why = g_strdup("malformed JSON answer");
        return NULL;
    }
    *root_out = g_steal_pointer(&root);
    return data;
}
