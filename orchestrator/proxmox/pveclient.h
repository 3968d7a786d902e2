/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One libsoup 3 session to the Proxmox VE API with the orchestrator's trust policy, shared by
 * the serial bridge (solbridge.c), the cluster power-state poller (pvepoll.c) and the CLI's
 * batched GETs (pvefetch.c); the pure parts (token text, fingerprint, envelope, resource rows)
 * are the module's too (module/shared/pve_*.h). Request: mbmc_pve_client_message(); run:
 * soup_session_send_and_read_async(); reply: mbmc_pve_reply_finish().
 * API token from a 0600 file (never in argv or logs), TLS verified by the system CAs, by a
 * ca-file, by a pinned SHA-256 certificate fingerprint, or explicitly not at all (insecure).
 * Everything runs on the thread-default GMainContext; nothing blocks. */
#ifndef MBMC_PVECLIENT_H
#define MBMC_PVECLIENT_H

#include <json-c/json.h>
#include <libsoup/soup.h>

typedef struct {
    const char *url;          /* https://host:8006 */
    const char *token_file;   /* USER@REALM!TOKENID=SECRET, mode 0600 */
    const char *ca_file;      /* trust only this CA */
    const char *fingerprint;  /* or pin the server certificate's SHA-256 (pve_fingerprint.h) */
    gboolean insecure;        /* explicit opt-out of TLS verification */
} MbmcPveClientConfig;

typedef struct _MbmcPveClient MbmcPveClient;

MbmcPveClient *mbmc_pve_client_new(const MbmcPveClientConfig *cfg, GError **error);
void mbmc_pve_client_free(MbmcPveClient *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MbmcPveClient, mbmc_pve_client_free)

SoupSession *mbmc_pve_client_session(MbmcPveClient *c);
/* The base URL without a trailing slash. */
const char *mbmc_pve_client_url(const MbmcPveClient *c);
/* The token's id (USER@REALM!TOKENID, never the secret), for messages about its privileges. */
const char *mbmc_pve_client_token_id(const MbmcPveClient *c);
/* A request for path below /api2/json (already escaped), authorised, its certificate checked
 * against the policy. */
SoupMessage *mbmc_pve_client_message(MbmcPveClient *c, const char *method, const char *path);
/* The text for a failed exchange: when TLS refused the certificate and a fingerprint is pinned,
 * which certificate was seen ("TLS certificate of URL does not match the pinned fingerprint
 * (got AB:...)"); else error->message. */
const char *mbmc_pve_client_why(MbmcPveClient *c, const GError *error);

/* How a Proxmox call failed (MBMC_PVE_REPLY_ERROR). A cancelled call keeps GIO's
 * G_IO_ERROR_CANCELLED (mbmc_pve_reply_finish() returns FALSE for it). */
typedef enum {
    MBMC_PVE_REPLY_UNREACHABLE,   /* no HTTP answer: connection refused, timeout, DNS */
    MBMC_PVE_REPLY_TLS,           /* the certificate was refused (mbmc_pve_client_why's text) */
    MBMC_PVE_REPLY_HTTP,          /* "HTTP 500 VM 100 not running": Proxmox puts its message in
                                   * the reason phrase; a 400's parameter errors follow in () */
    MBMC_PVE_REPLY_API,           /* a 2xx answer without {"data": ...} */
} MbmcPveReplyError;
GQuark mbmc_pve_reply_error_quark(void);
#define MBMC_PVE_REPLY_ERROR (mbmc_pve_reply_error_quark())

/* One answer of Proxmox, checked. */
typedef struct {
    json_object *data;     /* the envelope's "data" (borrowed from root); NULL when error is set */
    json_object *root;     /* the parsed answer (owned) */
    guint status;          /* HTTP status; 0 when no answer came */
    char *reason;          /* its reason phrase (Proxmox's message), "" when none came */
    GError *error;         /* MBMC_PVE_REPLY_ERROR, when data is NULL */
} MbmcPveReply;
void mbmc_pve_reply_clear(MbmcPveReply *r);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(MbmcPveReply, mbmc_pve_reply_clear)

/* The end of every soup_session_send_and_read_async() to Proxmox (libvirt's "check reply"):
 * FALSE when the call was cancelled (its owner may be gone: the callback returns at once);
 * else TRUE and r holds the data, or the error. src is the session of an MbmcPveClient. */
gboolean mbmc_pve_reply_finish(GObject *src, GAsyncResult *res, MbmcPveReply *r);
/* The same for a reply already read (a synchronous soup_session_send_and_read()): body, or
 * NULL and net, the transport error. */
void mbmc_pve_reply_check(SoupSession *session, SoupMessage *msg, GBytes *body, const GError *net,
                          MbmcPveReply *r);

#endif
