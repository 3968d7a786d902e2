/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a reload (SIGHUP) does, decided without doing it: the running configuration, the new
 * one and what each child is doing go in; a list of actions comes out, in the order the
 * supervisor applies them (supervise.c). No I/O here: the log lines are data in the plan. */
#ifndef MBMC_RELOAD_PLAN_H
#define MBMC_RELOAD_PLAN_H

#include "mbmc_config.h"

/* What the plan needs to know of one running child. */
typedef struct {
    guint vmid;
    const MbmcBmc *entry; /* the entry it runs with (address, prefix, ...) */
    gboolean stopping;    /* a stop was asked for */
    gboolean restart_now; /* ... only to start again with a new entry */
    gboolean has_sol;     /* it has a Proxmox serial bridge */
} MbmcReloadChild;

typedef enum {
    MBMC_RELOAD_REFUSE,        /* the new configuration is unusable: nothing changes */
    MBMC_RELOAD_KEEP_RUN_DIR,  /* run_dir changed: the running one stays (needs a restart) */
    MBMC_RELOAD_POLLER_FOLLOW, /* the shared Proxmox poller follows the new configuration */
    MBMC_RELOAD_STOP,          /* removed: stop it and remove its address */
    MBMC_RELOAD_MOVE,          /* address, prefix, mode or interface changed: stop, free the
                                * old address, start with the new entry */
    MBMC_RELOAD_START,         /* added */
    MBMC_RELOAD_REVIVE,        /* removed earlier and still stopping, now back: start it again
                                * with the new entry instead of finishing the stop */
    MBMC_RELOAD_DROP_SOL,      /* its SOL bridge goes (a new one follows the new settings) */
    MBMC_RELOAD_REFRESH,       /* same address: take the new entry, render its files again,
                                * restart when they changed or entry_changed */
} MbmcReloadKind;

typedef struct {
    MbmcReloadKind kind;
    guint vmid;             /* 0 for the whole supervisor */
    const MbmcBmc *entry;   /* the new entry (MOVE, START, REVIVE, REFRESH), borrowed from the
                             * new configuration */
    gboolean entry_changed; /* REFRESH: the entry differs, restart even if the files do not */
    char *message;          /* the log line; REFRESH: the one for a restart; may be NULL */
} MbmcReloadAction;

typedef struct {
    GArray *actions; /* MbmcReloadAction, in the order to apply them */
} MbmcReloadPlan;

/* next == NULL: it could not be loaded (load_error says why) and the plan only refuses. */
MbmcReloadPlan *mbmc_reload_plan_new(const MbmcConfig *old, const MbmcConfig *next,
                                     const GError *load_error, const MbmcReloadChild *children,
                                     guint n_children);
void mbmc_reload_plan_free(MbmcReloadPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MbmcReloadPlan, mbmc_reload_plan_free)

static inline const MbmcReloadAction *mbmc_reload_plan_action(const MbmcReloadPlan *plan, guint i)
{
    return &g_array_index(plan->actions, MbmcReloadAction, i);
}

#endif
