/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "bmc_sol.h"

#ifdef MBMC_HAVE_SOLBRIDGE
#include "solbridge.h"

struct MbmcBmcSol {
    MbmcSolBridge *bridge;
};

MbmcBmcSol *mbmc_bmc_sol_start(const MbmcConfig *c, const MbmcBmc *b,
                              gboolean (*vm_state)(gpointer, guint, gboolean *, char **),
                              gpointer vm_state_data, GError **error)
{
    MbmcSolBridgeConfig bc = {
        .vm_state = vm_state, .vm_state_data = vm_state_data,
        .url = c->pve_url, .token_file = c->token_file, .ca_file = c->ca_file,
        .fingerprint = c->fingerprint, .insecure = c->insecure, .vmid = b->vmid,
        .serial = "serial0", .listen_addr = "127.0.0.1", .listen_port = 0,
        .policy = c->sol_share ? MBMC_SOL_SHARE : MBMC_SOL_HOLD,
        .idle_secs = c->sol_idle_secs,   /* 0 (and the other two): the table's defaults */
        /* Like the token: the bridge gets the file's path and reads it itself. */
        .console_user = c->console_user, .console_password_file = c->console_password_file,
        .console_auth = c->console_auth,
    };
    MbmcSolBridge *br = mbmc_sol_bridge_new(&bc, error);
    if (!br)
        return NULL;
    MbmcBmcSol *s = g_new0(MbmcBmcSol, 1);
    s->bridge = br;
    return s;
}

void mbmc_bmc_sol_free(MbmcBmcSol *s)
{
    if (!s)
        return;
    mbmc_sol_bridge_free(s->bridge);
    g_free(s);
}

void mbmc_bmc_sol_set_notify(MbmcBmcSol *s, void (*fn)(gpointer), gpointer data)
{
    mbmc_sol_bridge_set_notify(s->bridge, fn, data);
}

char *mbmc_bmc_sol_device(const MbmcBmcSol *s)
{
    return g_strdup_printf("tcp:127.0.0.1:%u", mbmc_sol_bridge_port(s->bridge));
}

char *mbmc_bmc_sol_state(const MbmcBmcSol *s)
{
    if (mbmc_sol_bridge_attached(s->bridge))
        return g_strdup("attached");
    const char *e = mbmc_sol_bridge_last_error(s->bridge);
    return e ? g_strdup_printf("waiting: %s", e) : g_strdup("waiting");
}

#else

struct MbmcBmcSol {
    int unused;
};

MbmcBmcSol *mbmc_bmc_sol_start(const MbmcConfig *c, const MbmcBmc *b,
                              gboolean (*vm_state)(gpointer, guint, gboolean *, char **),
                              gpointer vm_state_data, GError **error)
{
    (void)c;
    (void)b;
    (void)vm_state;
    (void)vm_state_data;
    (void)error;
    return NULL;
}

void mbmc_bmc_sol_free(MbmcBmcSol *s) { g_free(s); }
char *mbmc_bmc_sol_device(const MbmcBmcSol *s) { (void)s; return NULL; }
void mbmc_bmc_sol_set_notify(MbmcBmcSol *s, void (*fn)(gpointer), gpointer data) { (void)s; (void)fn; (void)data; }
char *mbmc_bmc_sol_state(const MbmcBmcSol *s) { (void)s; return g_strdup("unsupported"); }

#endif
