/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proxmox API calls for one-shot CLI commands (discover, export): the orchestrator's client
 * (pveclient.c: token file, TLS policy, envelope) on a main context of their own, and a batch
 * of GETs run a few at a time until all have answered. */
#ifndef MBMC_PVEFETCH_H
#define MBMC_PVEFETCH_H

#include <json-c/json.h>

#include "mbmc_config.h"

typedef struct _MbmcPveFetch MbmcPveFetch;

typedef struct {
    char *path;          /* below /api2/json, escaped: "/cluster/resources?type=vm" */
    json_object *root;   /* the answer (owned), NULL on failure */
    json_object *data;   /* its "data" (borrowed from root) */
    guint http;          /* HTTP status; 0 when no answer came (connection, TLS, timeout) */
    char *why;           /* on failure: "HTTP 403 Permission check failed (...)" or the error */
} MbmcPveGet;

/* The client of cfg's proxmox settings, on a new main context pushed as thread-default. */
MbmcPveFetch *mbmc_pve_fetch_new(const MbmcConfig *cfg, GError **error);
void mbmc_pve_fetch_free(MbmcPveFetch *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MbmcPveFetch, mbmc_pve_fetch_free)
const char *mbmc_pve_fetch_token_id(MbmcPveFetch *f);
const char *mbmc_pve_fetch_url(MbmcPveFetch *f);

/* GET every gets[i].path, at most `parallel` at a time; returns when all have answered. */
void mbmc_pve_fetch_all(MbmcPveFetch *f, MbmcPveGet *gets, guint n, guint parallel);
void mbmc_pve_get_clear(MbmcPveGet *g);

/* An error for a failed GET, with what to do about it: the token's missing privilege
 * ("Permission check failed (PATH, PRIV)") becomes the pveum commands that grant it. */
void mbmc_pve_fetch_error(MbmcPveFetch *f, const MbmcPveGet *g, GError **error);

#endif
