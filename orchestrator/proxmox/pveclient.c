/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proxmox API session with token auth and TLS policy (see pveclient.h). */
#include "pveclient.h"

#include <string.h>

#include "fileutil.h"
#include "mbmc_json.h"
#include "pve_fingerprint.h"
#include "pve_json.h"
#include "pve_token.h"
#include "pvetls.h"

#define CLIENT_KEY "mbmc-pve-client"   /* the session's MbmcPveClient, for mbmc_pve_reply_finish */

struct _MbmcPveClient {
    char *url;
    char *auth_header;
    char *token_id;
    unsigned char pin[PVE_FINGERPRINT_BYTES];
    gboolean pinned;
    gboolean insecure;
    SoupSession *session;
    char *tls_error;          /* the last certificate that did not match the pin */
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
    if (cfg->ca_file && !(db = mbmc_pve_tls_ca_database(cfg->ca_file, error)))
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
    /* Six connections, not libsoup's two: the shared poller lists every node once a second,
     * and on two connections 100 node lists of ~20 ms each queued for a whole second. A
     * pveproxy worker proxies a call for another node asynchronously, so more connections
     * do spread the lists over the nodes. */
    c->session = soup_session_new_with_options("timeout", 30, "idle-timeout", 60,
                                               "max-conns-per-host", 6, "max-conns", 12, NULL);
    /* Always a database of its own: the process's default may be another session's CA file
     * (pvetls.h). */
    if (!db && !c->pinned && !c->insecure)
        db = mbmc_pve_tls_system_database();
    /* NULL, with a pin or the opt-out: no trust store, every certificate reaches
     * accept-certificate. */
    soup_session_set_tls_database(c->session, db);
    g_object_set_data(G_OBJECT(c->session), CLIENT_KEY, c);
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
    g_free(c->tls_error);
    g_free(c->url);
    g_free(c);
}

SoupSession *mbmc_pve_client_session(MbmcPveClient *c) { return c->session; }
const char *mbmc_pve_client_url(const MbmcPveClient *c) { return c->url; }
const char *mbmc_pve_client_token_id(const MbmcPveClient *c) { return c->token_id; }

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
    char text[PVE_FINGERPRINT_TEXT];
    pve_fingerprint_format(seen, text);
    g_free(c->tls_error);
    c->tls_error = g_strdup_printf("TLS certificate of %s does not match the pinned fingerprint "
                                   "(got %s)", c->url, text);
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

const char *mbmc_pve_client_why(MbmcPveClient *c, const GError *error)
{
    return c && c->tls_error && error->domain == G_TLS_ERROR ? c->tls_error : error->message;
}

G_DEFINE_QUARK(mbmc-pve-reply-error-quark, mbmc_pve_reply_error)

void mbmc_pve_reply_clear(MbmcPveReply *r)
{
    g_clear_pointer(&r->root, json_object_put);
    g_clear_error(&r->error);
    g_clear_pointer(&r->reason, g_free);
    r->data = NULL;
    r->status = 0;
}

gboolean mbmc_pve_reply_finish(GObject *src, GAsyncResult *res, MbmcPveReply *r)
{
    SoupSession *session = SOUP_SESSION(src);
    SoupMessage *msg = soup_session_get_async_result_message(session, res);
    g_autoptr(GError) net = NULL;
    g_autoptr(GBytes) body = soup_session_send_and_read_finish(session, res, &net);
    if (!body && g_error_matches(net, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return FALSE;
    mbmc_pve_reply_check(session, msg, body, net, r);
    return TRUE;
}

void mbmc_pve_reply_check(SoupSession *session, SoupMessage *msg, GBytes *body, const GError *net,
                          MbmcPveReply *r)
{
    mbmc_pve_reply_clear(r);
    r->reason = g_strdup(body ? soup_message_get_reason_phrase(msg) : NULL);
    if (!r->reason)
        r->reason = g_strdup("");
    if (!body) {
        MbmcPveClient *c = g_object_get_data(G_OBJECT(session), CLIENT_KEY);
        g_set_error_literal(&r->error, MBMC_PVE_REPLY_ERROR,
                            net->domain == G_TLS_ERROR ? MBMC_PVE_REPLY_TLS : MBMC_PVE_REPLY_UNREACHABLE,
                            mbmc_pve_client_why(c, net));
        return;
    }
    r->status = soup_message_get_status(msg);
    gsize len;
    const char *p = g_bytes_get_data(body, &len);
    char says[256];
    json_object *data = NULL;
    g_autoptr(json_object) parsed = pve_envelope_unwrap(p, len, &data, says, sizeof(says));
    if (!SOUP_STATUS_IS_SUCCESSFUL(r->status)) {
        gboolean more = parsed && says[0] && !strstr(r->reason, says);
        g_set_error(&r->error, MBMC_PVE_REPLY_ERROR, MBMC_PVE_REPLY_HTTP, "HTTP %u %s%s%s%s",
                    r->status, r->reason, more ? " (" : "", more ? says : "", more ? ")" : "");
    } else if (!data) {
        g_set_error_literal(&r->error, MBMC_PVE_REPLY_ERROR, MBMC_PVE_REPLY_API,
                            parsed ? "answer without data" : PVE_ENVELOPE_MALFORMED);
    } else {
        r->data = data;
        r->root = g_steal_pointer(&parsed);
    }
}
