/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What multibmc discover will do, decided before anything changes (pure): for every VM of the
 * selection, keep its BMC or add one at a free address; with prune, remove the BMCs this
 * selection manages (their "discovered" is its key) whose VM is gone or no longer selected.
 * A kept BMC that another selection (or a hand-made `add`) made is adopted: from now on
 * this selection manages it. BMCs of other selections and hand-made ones are never pruned.
 * Anything that would leave the
 * configuration wrong (an address conflict, an exhausted range, a VMID that already has a
 * BMC of another kind) is a problem row, and a plan with problems is not applied at all. */
#ifndef MBMC_DISCOVER_PLAN_H
#define MBMC_DISCOVER_PLAN_H

#include <glib.h>

#include "addrplan.h"
#include "mbmc_config.h"
#include "vminfo.h"

typedef enum { MBMC_PLAN_ADD, MBMC_PLAN_KEEP, MBMC_PLAN_REMOVE, MBMC_PLAN_PROBLEM } MbmcPlanAction;

typedef struct {
    MbmcPlanAction action;
    guint vmid;
    char *name;
    char *where;      /* Proxmox node or QMP socket, "" when unknown */
    char *address;    /* the BMC address (kept, removed or new), or NULL */
    guint prefix;
    char *qmp;        /* new local-QEMU BMC: its QMP socket */
    char *note;       /* why: the problem, the reason to remove or keep */
    gboolean adopt;   /* kept, and from now on managed by this selection */
} MbmcPlanRow;

typedef struct {
    GPtrArray *rows;  /* MbmcPlanRow*, by VMID */
    guint adds, keeps, removes, problems, adopts;
} MbmcPlan;

typedef struct {
    MbmcBackendKind backend;
    const char *key;            /* the selection's key (mbmc_vm_select_key) */
    GPtrArray *selected;        /* MbmcVmInfo*: the VMs that match */
    GPtrArray *seen;            /* MbmcVmInfo*: every VM the backend showed */
    GHashTable *unsure;         /* VMID (GUINT_TO_POINTER) → reason: BMCs prune must leave alone */
    gboolean prune;
    const MbmcAddrPolicy *addr;   /* NULL: none given (fine as long as nothing is added) */
    GHashTable *host_addresses; /* dotted → any: addresses already on this host */
} MbmcPlanInput;

MbmcPlan *mbmc_discover_plan(const MbmcConfig *cfg, const MbmcPlanInput *in);
void mbmc_plan_free(MbmcPlan *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MbmcPlan, mbmc_plan_free)

/* The plan as the table --dry-run prints. */
char *mbmc_plan_table(const MbmcPlan *p);
const char *mbmc_plan_action_name(MbmcPlanAction a);

#endif
