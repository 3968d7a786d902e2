/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The supervisor's reload plan (reload_plan.c): which BMCs start, stop, move, re-render, lose
 * their SOL bridge, and what is refused, for each kind of change to the configuration. */
#include <glib.h>

#include "mbmc_config.h"
#include "reload_plan.h"
#include "unit.h"

/* globals: extra top-level keys; pve: extra keys of "proxmox" (each ending in a comma). */
static MbmcConfig *config_with(const char *globals, const char *pve, const char *bmcs)
{
    g_autofree char *text = g_strdup_printf(
        "{ \"interface\": \"bmc0\", \"mode\": \"alias\", \"password_file\": \"/etc/multibmc/pw\", %s\n"
        "  \"proxmox\": { %s \"url\": \"https://pve:8006\", \"token_file\": \"/etc/multibmc/token\" },\n"
        "  \"bmcs\": [ %s ] }",
        globals, pve, bmcs);
    g_autoptr(GError) err = NULL;
    MbmcConfig *c = mbmc_config_parse(text, "test.json", &err);
    if (!c) {
        fprintf(stderr, "  config: %s\n", err->message);
        unit_case_failed = 1;
    }
    return c;
}

static MbmcConfig *config(const char *globals, const char *bmcs)
{
    return config_with(globals, "", bmcs);
}

#define B111 "{ \"vmid\": 111, \"address\": \"198.18.0.11\", \"prefix\": 24 }"
#define B112 "{ \"vmid\": 112, \"address\": \"198.18.0.12\", \"prefix\": 24 }"
#define B113                                                                                       \
    "{ \"vmid\": 113, \"address\": \"198.18.0.13\", \"prefix\": 24, \"backend\": \"qmp\", "        \
    "\"qmp\": \"/run/qemu/113.qmp\" }"
#define ALL B111 ", " B112 ", " B113

/* The running children of cfg, none stopping; those in sol have a bridge. */
static GArray *children(const MbmcConfig *cfg, const guint *sol, guint n_sol)
{
    GArray *kids = g_array_new(FALSE, TRUE, sizeof(MbmcReloadChild));
    for (guint i = 0; i < cfg->bmcs->len; i++) {
        const MbmcBmc *b = g_ptr_array_index(cfg->bmcs, i);
        MbmcReloadChild k = { .vmid = b->vmid, .entry = b };
        for (guint j = 0; j < n_sol; j++)
            k.has_sol |= sol[j] == b->vmid;
        g_array_append_val(kids, k);
    }
    return kids;
}

static const char *kind_name(MbmcReloadKind k)
{
    switch (k) {
    case MBMC_RELOAD_REFUSE: return "refuse";
    case MBMC_RELOAD_KEEP_RUN_DIR: return "keep-run-dir";
    case MBMC_RELOAD_POLLER_FOLLOW: return "follow";
    case MBMC_RELOAD_STOP: return "stop";
    case MBMC_RELOAD_MOVE: return "move";
    case MBMC_RELOAD_START: return "start";
    case MBMC_RELOAD_REVIVE: return "revive";
    case MBMC_RELOAD_DROP_SOL: return "drop-sol";
    case MBMC_RELOAD_REFRESH: return "refresh";
    }
    return "?";
}

/* The plan in one line: "follow stop:111 refresh!:112" (! = the entry changed). Also checks
 * that each action's entry is the new configuration's. */
static char *plan_string(const MbmcReloadPlan *plan, const MbmcConfig *next)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < plan->actions->len; i++) {
        const MbmcReloadAction *a = mbmc_reload_plan_action(plan, i);
        g_string_append_printf(s, "%s%s%s", i ? " " : "", kind_name(a->kind),
                               a->entry_changed ? "!" : "");
        if (a->vmid)
            g_string_append_printf(s, ":%u", a->vmid);
        gboolean wants_entry = a->kind == MBMC_RELOAD_MOVE || a->kind == MBMC_RELOAD_START ||
                               a->kind == MBMC_RELOAD_REVIVE || a->kind == MBMC_RELOAD_REFRESH;
        CHECK(wants_entry == (a->entry != NULL));
        if (a->entry) {
            CHECK(a->entry == mbmc_config_find(next, a->vmid));
        }
    }
    return g_string_free(s, FALSE);
}

static MbmcReloadPlan *plan_of(const MbmcConfig *old, const MbmcConfig *next, GArray *kids)
{
    return mbmc_reload_plan_new(old, next, NULL, (MbmcReloadChild *)(void *)kids->data, kids->len);
}

/* Plan old -> next with the given children and compare with want; the plan for more checks,
 * NULL when a configuration is missing (a failed case already). */
static MbmcReloadPlan *expect_plan(const MbmcConfig *old, const MbmcConfig *next, GArray *kids,
                                   const char *want)
{
    CHECK(old && next && kids);
    if (!old || !next || !kids)
        return NULL;
    MbmcReloadPlan *plan = plan_of(old, next, kids);
    g_autofree char *got = plan_string(plan, next);
    CHECK_EQ_STR(got, want);
    return plan;
}

static const MbmcReloadAction *find_action(const MbmcReloadPlan *plan, MbmcReloadKind kind,
                                           guint vmid)
{
    for (guint i = 0; i < plan->actions->len; i++) {
        const MbmcReloadAction *a = mbmc_reload_plan_action(plan, i);
        if (a->kind == kind && a->vmid == vmid)
            return a;
    }
    return NULL;
}

/* The plan has that action, and it logs want. */
static const MbmcReloadAction *expect_message(const MbmcReloadPlan *plan, MbmcReloadKind kind,
                                              guint vmid, const char *want)
{
    const MbmcReloadAction *a = find_action(plan, kind, vmid);
    CHECK(a != NULL);
    if (a)
        CHECK_EQ_STR(a->message, want);
    return a;
}

static void unchanged(void)
{
    g_autoptr(MbmcConfig) old = config("", ALL);
    g_autoptr(MbmcConfig) next = config("", ALL);
    static const guint sol[] = { 111, 112 };
    g_autoptr(GArray) kids = old ? children(old, sol, 2) : NULL;
    /* Every BMC is rendered again (a restart only if its files changed); bridges stay. */
    mbmc_reload_plan_free(
        expect_plan(old, next, kids, "follow refresh:111 refresh:112 refresh:113"));
}

static void added_and_removed(void)
{
    g_autoptr(MbmcConfig) old = config("", B111 ", " B112);
    g_autoptr(MbmcConfig) next = config("", B112 ", " B113);
    g_autoptr(GArray) kids = old ? children(old, NULL, 0) : NULL;
    g_autoptr(MbmcReloadPlan) plan =
        expect_plan(old, next, kids, "follow stop:111 refresh:112 start:113");
    if (!plan)
        return;
    expect_message(plan, MBMC_RELOAD_STOP, 111, "removed from the configuration: stopping");
    expect_message(plan, MBMC_RELOAD_START, 113, "added to the configuration: starting");
}

/* A new BMC takes the address a removed one held: the stop comes first, so it is free. */
static void address_handed_over(void)
{
    g_autoptr(MbmcConfig) old = config("", B111);
    g_autoptr(MbmcConfig) next =
        config("", "{ \"vmid\": 120, \"address\": \"198.18.0.11\", \"prefix\": 24 }");
    g_autoptr(GArray) kids = old ? children(old, NULL, 0) : NULL;
    mbmc_reload_plan_free(expect_plan(old, next, kids, "follow stop:111 start:120"));
}

static void address_moved(void)
{
    g_autoptr(MbmcConfig) old = config("", ALL);
    g_autoptr(MbmcConfig) next =
        config("", B111 ", { \"vmid\": 112, \"address\": \"198.18.0.22\", \"prefix\": 24 }, "
                        "{ \"vmid\": 113, \"address\": \"198.18.0.13\", \"prefix\": 16, "
                        "\"backend\": \"qmp\", \"qmp\": \"/run/qemu/113.qmp\" }");
    static const guint sol[] = { 112 };
    g_autoptr(GArray) kids = old ? children(old, sol, 1) : NULL;
    /* Moved ones are not re-rendered besides: their start renders them. */
    g_autoptr(MbmcReloadPlan) plan =
        expect_plan(old, next, kids, "follow move:112 move:113 refresh:111");
    if (!plan)
        return;
    const MbmcReloadAction *a =
        expect_message(plan, MBMC_RELOAD_MOVE, 112, "address or mode changed: moving the BMC");
    CHECK(a && a->entry && !g_strcmp0(a->entry->address, "198.18.0.22"));
}

static void mode_or_interface_changed(void)
{
    g_autoptr(MbmcConfig) old = config("", ALL);
    g_autoptr(MbmcConfig) macvlan = config("", ALL);
    g_autoptr(MbmcConfig) other_if = config("", ALL);
    if (!old || !macvlan || !other_if) {
        CHECK(FALSE);
        return;
    }
    macvlan->mode = MBMC_MODE_MACVLAN;
    g_free(other_if->interface);
    other_if->interface = g_strdup("bmc1");
    g_autoptr(GArray) kids = children(old, NULL, 0);
    mbmc_reload_plan_free(expect_plan(old, macvlan, kids, "follow move:111 move:112 move:113"));
    mbmc_reload_plan_free(expect_plan(old, other_if, kids, "follow move:111 move:112 move:113"));
}

static void entry_changed(void)
{
    g_autoptr(MbmcConfig) old = config("", ALL);
    g_autoptr(MbmcConfig) next =
        config("", B111 ", { \"vmid\": 112, \"address\": \"198.18.0.12\", \"prefix\": 24, "
                        "\"user\": \"ops\", \"password_file\": \"/etc/multibmc/ops\" }, " B113);
    static const guint sol[] = { 111, 112 };
    g_autoptr(GArray) kids = old ? children(old, sol, 2) : NULL;
    /* 112's bridge goes with its old entry; 111's stays. */
    g_autoptr(MbmcReloadPlan) plan =
        expect_plan(old, next, kids, "follow refresh:111 drop-sol:112 refresh!:112 refresh:113");
    if (!plan)
        return;
    expect_message(plan, MBMC_RELOAD_REFRESH, 112,
                   "configuration changed: restarting its ipmi_sim");
}

/* A serial device of its own instead of the bridge: the entry changed, the bridge goes. */
static void own_sol_device(void)
{
    g_autoptr(MbmcConfig) old = config("", B111);
    g_autoptr(MbmcConfig) next =
        config("", "{ \"vmid\": 111, \"address\": \"198.18.0.11\", \"prefix\": 24, "
                   "\"sol_device\": \"tcp:127.0.0.1:5000\" }");
    static const guint sol[] = { 111 };
    g_autoptr(GArray) kids = old ? children(old, sol, 1) : NULL;
    mbmc_reload_plan_free(expect_plan(old, next, kids, "follow drop-sol:111 refresh!:111"));
}

static void proxmox_settings_changed(void)
{
    const char *all_bridges_dropped =
        "follow drop-sol:111 refresh:111 drop-sol:112 refresh:112 refresh:113";
    static const guint sol[] = { 111, 112 };
    const char *changes[] = {
        "\"sol_policy\": \"share\",",
        "\"sol_policy\": \"share\", \"sol_idle_secs\": 30,",
        "\"console_user\": \"root@pam\", \"console_password_file\": \"/etc/multibmc/console\",",
    };
    g_autoptr(MbmcConfig) old = config("", ALL);
    g_autoptr(GArray) kids = old ? children(old, sol, 2) : NULL;
    for (guint i = 0; i < G_N_ELEMENTS(changes); i++) {
        g_autoptr(MbmcConfig) next = config_with("", changes[i], ALL);
        /* Only BMCs with a bridge lose it; nobody restarts for this alone. */
        mbmc_reload_plan_free(expect_plan(old, next, kids, all_bridges_dropped));
    }
    /* The API's address, token, CA, fingerprint, TLS check and console auth likewise. */
    const char *fields[] = { "pve_url",     "token_file", "ca_file",
                             "fingerprint", "insecure",   "console_auth" };
    for (guint i = 0; i < G_N_ELEMENTS(fields); i++) {
        g_autoptr(MbmcConfig) next = config("", ALL);
        if (!old || !next) {
            CHECK(FALSE);
            continue;
        }
        switch (i) {
        case 0:
            g_free(next->pve_url);
            next->pve_url = g_strdup("https://pve2:8006");
            break;
        case 1:
            g_free(next->token_file);
            next->token_file = g_strdup("/etc/multibmc/token2");
            break;
        case 2: next->ca_file = g_strdup("/etc/multibmc/ca.pem"); break;
        case 3: next->fingerprint = g_strdup("AA:BB"); break;
        case 4: next->insecure = !old->insecure; break;
        case 5:
            next->console_auth = old->console_auth == MBMC_CONSOLE_AUTH_TICKET
                                     ? MBMC_CONSOLE_AUTH_TOKEN
                                     : MBMC_CONSOLE_AUTH_TICKET;
            break;
        }
        g_autoptr(MbmcReloadPlan) plan = plan_of(old, next, kids);
        g_autofree char *got = plan_string(plan, next);
        if (strcmp(got, all_bridges_dropped)) {
            fprintf(stderr, "  %s: %s\n", fields[i], got);
            unit_case_failed = 1;
        }
    }
}

/* Poll settings reach the BMCs through their files, not by dropping the bridges. */
static void poll_settings_keep_bridges(void)
{
    static const guint sol[] = { 111 };
    g_autoptr(MbmcConfig) old = config("", ALL);
    g_autoptr(MbmcConfig) next = config("", ALL);
    g_autoptr(GArray) kids = old ? children(old, sol, 1) : NULL;
    if (!next)
        return;
    next->pve_shared_poll = FALSE;
    next->pve_poll_ms = 5000;
    mbmc_reload_plan_free(
        expect_plan(old, next, kids, "follow refresh:111 refresh:112 refresh:113"));
}

static void readded_while_stopping(void)
{
    g_autoptr(MbmcConfig) old = config("", ALL);
    g_autoptr(MbmcConfig) next = config("", ALL);
    g_autoptr(GArray) kids = old ? children(old, NULL, 0) : NULL;
    if (!kids)
        return;
    /* 111 was removed by an earlier reload and is still stopping; 112 is stopping to restart
     * with new files; both are in the new configuration. */
    g_array_index(kids, MbmcReloadChild, 0).stopping = TRUE;
    g_array_index(kids, MbmcReloadChild, 1).stopping = TRUE;
    g_array_index(kids, MbmcReloadChild, 1).restart_now = TRUE;
    mbmc_reload_plan_free(expect_plan(old, next, kids, "follow revive:111 refresh:113"));
    /* Still stopping and still removed: nothing more to do for it. */
    g_autoptr(MbmcConfig) without = config("", B112 ", " B113);
    mbmc_reload_plan_free(expect_plan(old, without, kids, "follow refresh:113"));
}

static void run_dir_refused(void)
{
    g_autoptr(MbmcConfig) old = config("\"run_dir\": \"/run/multibmc\",", ALL);
    g_autoptr(MbmcConfig) next = config("\"run_dir\": \"/run/elsewhere\",", ALL);
    g_autoptr(GArray) kids = old ? children(old, NULL, 0) : NULL;
    /* Refused, and the BMCs are not moved for it: they stay where the running run_dir has them. */
    g_autoptr(MbmcReloadPlan) plan =
        expect_plan(old, next, kids, "keep-run-dir follow refresh:111 refresh:112 refresh:113");
    if (!plan)
        return;
    expect_message(plan, MBMC_RELOAD_KEEP_RUN_DIR, 0,
                   "reload: run_dir changed; restart the service to apply it");
    CHECK_EQ_STR(next->run_dir, "/run/elsewhere"); /* the plan leaves its inputs alone */
    /* With another change beside it, that one is still applied. */
    g_autoptr(MbmcConfig) moved = config("\"run_dir\": \"/run/elsewhere\",", B111);
    mbmc_reload_plan_free(
        expect_plan(old, moved, kids, "keep-run-dir follow stop:112 stop:113 refresh:111"));
}

static void invalid_config_changes_nothing(void)
{
    g_autoptr(MbmcConfig) old = config("", ALL);
    g_autoptr(GArray) kids = old ? children(old, NULL, 0) : NULL;
    if (!kids)
        return;
    g_autoptr(GError) err = NULL;
    MbmcConfig *next = mbmc_config_parse("{ \"interface\": \"bmc0\", \"bmcs\": [ { \"vmid\": 111, "
                                         "\"address\": \"198.18.0.300\" } ] }",
                                         "multibmc.json", &err);
    CHECK(next == NULL && err != NULL);
    if (next || !err)
        return;
    g_autoptr(MbmcReloadPlan) plan =
        mbmc_reload_plan_new(old, NULL, err, (MbmcReloadChild *)(void *)kids->data, kids->len);
    CHECK_EQ_INT(plan->actions->len, 1);
    g_autofree char *want =
        g_strdup_printf("reload refused, keeping the running configuration: %s", err->message);
    expect_message(plan, MBMC_RELOAD_REFUSE, 0, want);
}

int main(void)
{
    RUN(unchanged);
    RUN(added_and_removed);
    RUN(address_handed_over);
    RUN(address_moved);
    RUN(mode_or_interface_changed);
    RUN(entry_changed);
    RUN(own_sol_device);
    RUN(proxmox_settings_changed);
    RUN(poll_settings_keep_bridges);
    RUN(readded_while_stopping);
    RUN(run_dir_refused);
    RUN(invalid_config_changes_nothing);
    UNIT_EXIT();
}
