/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "reload_plan.h"

#include <string.h>

#include "config_compare.h"

static void add(MbmcReloadPlan *plan, MbmcReloadKind kind, guint vmid, const MbmcBmc *entry,
                gboolean entry_changed, const char *message)
{
    MbmcReloadAction a = { kind, vmid, entry, entry_changed, g_strdup(message) };
    g_array_append_val(plan->actions, a);
}

static void action_clear(gpointer data)
{
    MbmcReloadAction *a = data;
    g_free(a->message);
}

MbmcReloadPlan *mbmc_reload_plan_new(const MbmcConfig *old, const MbmcConfig *next,
                                     const GError *load_error, const MbmcReloadChild *children,
                                     guint n_children)
{
    MbmcReloadPlan *plan = g_new0(MbmcReloadPlan, 1);
    plan->actions = g_array_new(FALSE, TRUE, sizeof(MbmcReloadAction));
    g_array_set_clear_func(plan->actions, action_clear);
    if (!next) {
        g_autofree char *msg =
            g_strdup_printf("reload refused, keeping the running configuration: %s",
                            load_error ? load_error->message : "no configuration");
        add(plan, MBMC_RELOAD_REFUSE, 0, NULL, FALSE, msg);
        return plan;
    }
    /* The new configuration as it is applied: with the running run_dir. */
    MbmcConfig applied = *next;
    if (strcmp(next->run_dir, old->run_dir)) {
        add(plan, MBMC_RELOAD_KEEP_RUN_DIR, 0, NULL, FALSE,
            "reload: run_dir changed; restart the service to apply it");
        applied.run_dir = old->run_dir;
    }
    gboolean same_net = mbmc_config_net_equal(old, &applied);
    gboolean same_pve = mbmc_config_pve_equal(old, &applied);
    add(plan, MBMC_RELOAD_POLLER_FOLLOW, 0, NULL, FALSE, NULL);

    /* By VMID, so that a fleet of thousands is planned in linear time. */
    g_autoptr(GHashTable) entry_of = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < next->bmcs->len; i++) {
        const MbmcBmc *b = g_ptr_array_index(next->bmcs, i);
        g_hash_table_insert(entry_of, GUINT_TO_POINTER(b->vmid), (gpointer)b);
    }
    g_autoptr(GHashTable) child_of = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < n_children; i++)
        g_hash_table_insert(child_of, GUINT_TO_POINTER(children[i].vmid), (gpointer)&children[i]);

    /* Removed or re-addressed BMCs first, so that their addresses are free for others. */
    g_autofree gboolean *moved = g_new0(gboolean, n_children + 1);
    for (guint i = 0; i < n_children; i++) {
        const MbmcReloadChild *ch = &children[i];
        if (ch->stopping)
            continue;
        const MbmcBmc *nb = g_hash_table_lookup(entry_of, GUINT_TO_POINTER(ch->vmid));
        if (!nb) {
            add(plan, MBMC_RELOAD_STOP, ch->vmid, NULL, FALSE,
                "removed from the configuration: stopping");
        } else if (!same_net || strcmp(nb->address, ch->entry->address) ||
                   nb->prefix != ch->entry->prefix) {
            add(plan, MBMC_RELOAD_MOVE, ch->vmid, nb, FALSE,
                "address or mode changed: moving the BMC");
            moved[i] = TRUE;
        }
    }
    for (guint i = 0; i < next->bmcs->len; i++) {
        const MbmcBmc *b = g_ptr_array_index(next->bmcs, i);
        const MbmcReloadChild *ch = g_hash_table_lookup(child_of, GUINT_TO_POINTER(b->vmid));
        if (!ch) {
            add(plan, MBMC_RELOAD_START, b->vmid, b, FALSE, "added to the configuration: starting");
            continue;
        }
        if (moved[ch - children])
            continue;
        if (ch->stopping) {
            /* Deleted and added again before it had stopped: bring it back as configured. */
            if (!ch->restart_now)
                add(plan, MBMC_RELOAD_REVIVE, b->vmid, b, FALSE, NULL);
            continue;
        }
        gboolean entry_changed = !mbmc_bmc_equal(ch->entry, b);
        /* The bridge follows the new settings (or goes when the BMC has its own device). */
        if (ch->has_sol && (entry_changed || !same_pve))
            add(plan, MBMC_RELOAD_DROP_SOL, b->vmid, NULL, FALSE, NULL);
        add(plan, MBMC_RELOAD_REFRESH, b->vmid, b, entry_changed,
            "configuration changed: restarting its ipmi_sim");
    }
    return plan;
}

void mbmc_reload_plan_free(MbmcReloadPlan *plan)
{
    if (!plan)
        return;
    g_array_unref(plan->actions);
    g_free(plan);
}
