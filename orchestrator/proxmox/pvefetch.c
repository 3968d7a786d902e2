/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Batched Proxmox GETs for the CLI (see pvefetch.h). */
#include "pvefetch.h"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#include "pveclient.h"

struct _MbmcPveFetch {
    GMainContext *ctx;
    MbmcPveClient *client;
};

typedef struct {
    MbmcPveFetch *f;
    MbmcPveGet *get;
    guint *running;
} Call;

MbmcPveFetch *mbmc_pve_fetch_new(const MbmcConfig *cfg, GError **error)
{
    if (!cfg->pve_url) {
        g_set_error(error, MBMC_CONFIG_ERROR, MBMC_CONFIG_ERROR_INVALID,
                    "no Proxmox API configured: run 'multibmc init --force --interface %s --pve-url URL "
                    "--token-file F'", cfg->interface);
        return NULL;
    }
    MbmcPveFetch *f = g_new0(MbmcPveFetch, 1);
    f->ctx = g_main_context_new();
    g_main_context_push_thread_default(f->ctx);   /* the session binds to it */
    MbmcPveClientConfig cc = { .url = cfg->pve_url, .token_file = cfg->token_file, .ca_file = cfg->ca_file,
                               .fingerprint = cfg->fingerprint, .insecure = cfg->insecure };
    f->client = mbmc_pve_client_new(&cc, error);
    if (!f->client) {
        mbmc_pve_fetch_free(f);
        return NULL;
    }
    return f;
}

void mbmc_pve_fetch_free(MbmcPveFetch *f)
{
    if (!f)
        return;
    mbmc_pve_client_free(f->client);
    g_main_context_pop_thread_default(f->ctx);
    g_main_context_unref(f->ctx);
    g_free(f);
}

const char *mbmc_pve_fetch_token_id(MbmcPveFetch *f) { return mbmc_pve_client_token_id(f->client); }
const char *mbmc_pve_fetch_url(MbmcPveFetch *f) { return mbmc_pve_client_url(f->client); }

void mbmc_pve_get_clear(MbmcPveGet *g)
{
    json_object_put(g->root);
    g_free(g->path);
    g_free(g->why);
    memset(g, 0, sizeof(*g));
}

static void answered(GObject *src, GAsyncResult *res, gpointer data)
{
    Call *call = data;
    MbmcPveGet *g = call->get;
    MbmcPveReply r = { 0 };
    mbmc_pve_reply_finish(src, res, &r);   /* never cancelled: the batch waits for every GET */
    g->http = r.status;
    g->root = g_steal_pointer(&r.root);
    g->data = r.data;
    g->why = r.error ? g_strdup(r.error->message) : NULL;
    mbmc_pve_reply_clear(&r);
    (*call->running)--;
    g_free(call);
}

void mbmc_pve_fetch_all(MbmcPveFetch *f, MbmcPveGet *gets, guint n, guint parallel)
{
    guint next = 0, running = 0;
    while (next < n || running) {
        while (next < n && running < MAX(parallel, 1)) {
            MbmcPveGet *g = &gets[next++];
            g_autoptr(SoupMessage) msg = mbmc_pve_client_message(f->client, "GET", g->path);
            if (!msg) {
                g->why = g_strdup_printf("cannot make a request for %s", g->path);
                continue;
            }
            Call *call = g_new0(Call, 1);
            *call = (Call){ .f = f, .get = g, .running = &running };
            running++;
            soup_session_send_and_read_async(mbmc_pve_client_session(f->client), msg, G_PRIORITY_DEFAULT,
                                             NULL, answered, call);
        }
        if (running)
            g_main_context_iteration(f->ctx, TRUE);
    }
}

void mbmc_pve_fetch_error(MbmcPveFetch *f, const MbmcPveGet *g, GError **error)
{
    char path[256], priv[64];
    const char *why = g->why ? g->why : "no answer";
    const char *check = strstr(why, "Permission check failed (");
    if (g->http == 403 && check && sscanf(check, "Permission check failed (%255[^,], %63[^)])", path, priv) == 2) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                    "Proxmox refused GET %s: the API token %s lacks %s on %s (%s). Grant it, e.g. "
                    "'pveum role modify VBMC --append 1 --privs %s' and 'pveum acl modify %s -token '%s' "
                    "-role VBMC'", g->path, mbmc_pve_fetch_token_id(f), priv, path, why, priv, path,
                    mbmc_pve_fetch_token_id(f));
    } else if (g->http == 401) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                    "Proxmox refused the API token %s (%s): check the token file and that the token "
                    "exists and has not expired ('pveum user token list')", mbmc_pve_fetch_token_id(f), why);
    } else if (g->http == 0) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE, "Proxmox API %s did not answer GET %s: %s",
                    mbmc_pve_fetch_url(f), g->path, why);
    } else {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "Proxmox API GET %s failed: %s", g->path, why);
    }
}
