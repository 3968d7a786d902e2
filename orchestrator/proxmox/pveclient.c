/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proxmox API session with token auth and TLS policy (see pveclient.h). */
#include "pveclient.h"

#include <string.h>

#include "fileutil.h"
#include "mbmc_json.h"
#include "pve_fingerprint.h"
#include "pve_json.h"
#include "pve_token.h"

struct _MbmcPveClient {
    char *url;
    char *auth_header;
    char *token_id;
    unsigned char pin[PVE_FINGERPRINT_BYTES];
    gboolean pinned;
    gboolean insecure;
    SoupSession *session;
    void (*tls_notify)(gpointer, const char *);
    gpointer tls_data;
};

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
    size_t id_len;
    if (pve_token_parse(token, &id_len)) {
        memset(token, 0, strlen(token));
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                    "%s does not hold an API token: expected " PVE_TOKEN_FORM, cfg->token_file);
        return NULL;
    }
    unsigned char pin[PVE_FINGERPRINT_BYTES];
    if (cfg->fingerprint && pve_fingerprint_parse(cfg->fingerprint, pin)) {
        memset(token, 0, strlen(token));
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    "fingerprint must be the SHA-256 of the certificate: " PVE_FINGERPRINT_HINT);
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
    c->token_id = g_strndup(token, id_len);
    memset(token, 0, strlen(token));
    if ((c->pinned = cfg->fingerprint != NULL))
        memcpy(c->pin, pin, sizeof(pin));
    c->insecure = cfg->insecure;
    c->session = soup_session_new_with_options("timeout", 30, "idle-timeout", 60, NULL);
    if (db)
        soup_session_set_tls_database(c->session, db);
    else if (c->pinned || c->insecure)
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
    if (!c->pinned)
        return FALSE;
    g_autoptr(GByteArray) der = NULL;
    g_object_get(cert, "certificate", &der, NULL);
    if (!der)
        return FALSE;
    g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(sum, der->data, der->len);
    guint8 seen[PVE_FINGERPRINT_BYTES];
    gsize len = sizeof(seen);
    g_checksum_get_digest(sum, seen, &len);
    if (memcmp(seen, c->pin, sizeof(seen)) == 0)
        return TRUE;
    if (c->tls_notify) {
        char fp[PVE_FINGERPRINT_TEXT];
        pve_fingerprint_format(seen, fp);
        g_autofree char *text = g_strdup_printf("TLS certificate of %s does not match the pinned "
                                                "fingerprint (got %s)", c->url, fp);
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
    json_object *data = NULL;
    g_autoptr(json_object) root = pve_envelope_unwrap(p, len, &data, NULL, 0);
    if (!data) {
        *why = g_strdup(PVE_ENVELOPE_MALFORMED);
        return NULL;
    }
    *root_out = g_steal_pointer(&root);
    return data;
}
