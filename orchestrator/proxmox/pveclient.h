/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One libsoup 3 session to the Proxmox VE API with the orchestrator's trust policy, shared by
 * the serial bridge (solbridge.c) and the cluster power-state poller (pvepoll.c):
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
/* fn(data, text) when a certificate does not match the pinned fingerprint. */
void mbmc_pve_client_set_tls_notify(MbmcPveClient *c, void (*fn)(gpointer data, const char *msg),
                                    gpointer data);

/* The "data" member of a 200 answer (owned by *root_out, which the caller puts), or NULL and
 * *why (Proxmox puts its error text in the reason phrase: "HTTP 500 VM 100 not running"). */
json_object *mbmc_pve_client_result(SoupMessage *msg, GBytes *body, json_object **root_out,
                                    char **why);

#endif
