/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "bmcstate.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "bmcfiles.h"

static GHashTable *read_kv(const char *path)
{
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_autofree char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
        return h;
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    for (guint i = 0; lines[i]; i++) {
        char *eq = strchr(lines[i], '=');
        if (eq)
            g_hash_table_insert(h, g_strndup(lines[i], (gsize)(eq - lines[i])), g_strdup(eq + 1));
    }
    return h;
}

void mbmc_bmc_state_read(const MbmcConfig *c, guint vmid, pid_t sup, MbmcBmcState *st)
{
    memset(st, 0, sizeof(*st));
    st->bmc = "not running";
    st->uptime = -1;
    g_strlcpy(st->power, "-", sizeof(st->power));
    g_autofree char *run = mbmc_bmc_run_dir(c, vmid);
    g_autofree char *sp = g_build_filename(run, "supervisor", NULL);
    g_autofree char *mp = g_build_filename(run, "status", NULL);
    g_autoptr(GHashTable) s = read_kv(sp);
    g_autoptr(GHashTable) m = read_kv(mp);
    const char *v;
    if ((v = g_hash_table_lookup(s, "restarts")))
        st->restarts = (guint)atoi(v);
    const char *serr = g_hash_table_lookup(s, "error");
    const char *merr = g_hash_table_lookup(m, "error");
    const char *mpid = g_hash_table_lookup(m, "pid"), *spid = g_hash_table_lookup(s, "pid");
    /* The module's file speaks for the process now running, the supervisor's for the last exit. */
    gboolean module_current = mpid && spid && *spid && !strcmp(mpid, spid);
    st->last_exit = g_strdup(serr && *serr ? serr : NULL);
    st->error = g_strdup(module_current && merr && *merr ? merr : st->last_exit);
    if (!sup)
        return;
    const char *sol = g_hash_table_lookup(s, "sol");
    st->sol = sol && *sol ? g_strdup(sol) : NULL;
    const char *state = g_hash_table_lookup(s, "state");
    long pid = (v = g_hash_table_lookup(s, "pid")) ? atol(v) : 0;
    if (state && !strcmp(state, "running") && pid > 0 && kill((pid_t)pid, 0) == 0) {
        st->bmc = "running";
        st->pid = pid;
        if ((v = g_hash_table_lookup(s, "started")))
            st->uptime = g_get_real_time() / G_USEC_PER_SEC - g_ascii_strtoll(v, NULL, 10);
        if (module_current && (v = g_hash_table_lookup(m, "power")))
            g_strlcpy(st->power, v, sizeof(st->power));
        if (module_current && (v = g_hash_table_lookup(m, "media")) && *v)
            st->media = g_strdup(v);
    } else if (state && !strcmp(state, "backoff")) {
        st->bmc = "restarting";
    } else {
        st->bmc = "starting";
    }
}

void mbmc_bmc_state_clear(MbmcBmcState *st)
{
    g_free(st->error);
    g_free(st->sol);
    g_free(st->last_exit);
    g_free(st->media);
    st->error = st->sol = st->last_exit = st->media = NULL;
}

char *mbmc_format_duration(gint64 s)
{
    if (s < 0)
        return g_strdup("-");
    if (s < 3600)
        return g_strdup_printf("%um%02us", (guint)(s / 60), (guint)(s % 60));
    if (s < 86400)
        return g_strdup_printf("%uh%02um", (guint)(s / 3600), (guint)(s % 3600 / 60));
    return g_strdup_printf("%ud%02uh", (guint)(s / 86400), (guint)(s % 86400 / 3600));
}
