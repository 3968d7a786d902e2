/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The discover plan (see discover_plan.h). */
#include "discover_plan.h"

#include <string.h>

static void row_free(MbmcPlanRow *r)
{
    g_free(r->name);
    g_free(r->where);
    g_free(r->address);
    g_free(r->qmp);
    g_free(r->note);
    g_free(r);
}

void mbmc_plan_free(MbmcPlan *p)
{
    if (!p)
        return;
    g_ptr_array_unref(p->rows);
    g_free(p);
}

const char *mbmc_plan_action_name(MbmcPlanAction a)
{
    static const char *const names[] = { "add", "keep", "remove", "PROBLEM" };
    return names[a];
}

static MbmcPlanRow *row_add(MbmcPlan *p, MbmcPlanAction a, guint vmid, const char *name, const char *where)
{
    MbmcPlanRow *r = g_new0(MbmcPlanRow, 1);
    r->action = a;
    r->vmid = vmid;
    r->name = g_strdup(name ? name : "");
    r->where = g_strdup(where ? where : "");
    g_ptr_array_add(p->rows, r);
    return r;
}

static void note(MbmcPlanRow *r, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void note(MbmcPlanRow *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_free(r->note);
    r->note = g_strdup_vprintf(fmt, ap);
    va_end(ap);
}

static void set_bmc(MbmcPlanRow *r, const MbmcBmc *b)
{
    g_free(r->address);
    r->address = g_strdup(b->address);
    r->prefix = b->prefix;
}

static const char *where_of(const MbmcVmInfo *vm)
{
    return vm->qmp ? vm->qmp : vm->node;
}

/* The BMC a VM already has: by VMID for Proxmox, by socket for local QEMU. */
static const MbmcBmc *bmc_of(const MbmcConfig *cfg, MbmcBackendKind kind, const MbmcVmInfo *vm)
{
    for (guint i = 0; i < cfg->bmcs->len; i++) {
        const MbmcBmc *b = g_ptr_array_index(cfg->bmcs, i);
        if (b->backend == kind && (kind == MBMC_BACKEND_KIND_QMP ? !g_strcmp0(b->qmp, vm->qmp) : b->vmid == vm->vmid))
            return b;
    }
    return NULL;
}

static const char *describe_bmc(const MbmcBmc *b, char *buf, gsize len)
{
    if (b->backend == MBMC_BACKEND_KIND_QMP)
        g_snprintf(buf, len, "%s, local QEMU %s", b->address, b->qmp);
    else
        g_snprintf(buf, len, "%s, Proxmox", b->address);
    return buf;
}

/* A rule address for vm: a problem when it is taken or unusable. */
static gboolean rule_address(const MbmcConfig *cfg, const MbmcPlanInput *in, GHashTable *taken,
                             MbmcPlanRow *r)
{
    guint32 a;
    g_autoptr(GError) err = NULL;
    if (!mbmc_addr_rule_apply(in->addr, r->vmid, &a, &err) || !mbmc_addr_usable(a, in->addr->prefix, &err)) {
        note(r, "%s", err->message);
        return FALSE;
    }
    g_autofree char *s = mbmc_ip4_string(a);
    const MbmcBmc *owner = mbmc_config_find_address(cfg, s);
    if (owner) {
        note(r, "address conflict: %s (%s) is already the BMC address of VMID %u", s, in->addr->text, owner->vmid);
        return FALSE;
    }
    if (in->host_addresses && g_hash_table_contains(in->host_addresses, s)) {
        note(r, "address conflict: %s (%s) is already an address of this host", s, in->addr->text);
        return FALSE;
    }
    if (g_hash_table_contains(taken, s)) {
        note(r, "address conflict: %s (%s) is given to another new BMC", s, in->addr->text);
        return FALSE;
    }
    r->address = g_steal_pointer(&s);
    return TRUE;
}

static gint cmp_row(gconstpointer a, gconstpointer b)
{
    const MbmcPlanRow *x = *(MbmcPlanRow *const *)a, *y = *(MbmcPlanRow *const *)b;
    if (x->vmid != y->vmid)
        return x->vmid < y->vmid ? -1 : 1;
    return g_strcmp0(x->where, y->where);
}

static gint cmp_vm(gconstpointer a, gconstpointer b)
{
    const MbmcVmInfo *x = *(MbmcVmInfo *const *)a, *y = *(MbmcVmInfo *const *)b;
    if (x->vmid != y->vmid)
        return x->vmid < y->vmid ? -1 : 1;
    return g_strcmp0(x->qmp, y->qmp);
}

/* Which selected VMs get a BMC, which keep theirs. */
static void plan_selected(const MbmcConfig *cfg, const MbmcPlanInput *in, MbmcPlan *p, GHashTable *kept,
                          GPtrArray *adds)
{
    g_autoptr(GPtrArray) vms = g_ptr_array_new();   /* borrowed: a copy would free them */
    for (guint i = 0; in->selected && i < in->selected->len; i++)
        g_ptr_array_add(vms, g_ptr_array_index(in->selected, i));
    g_ptr_array_sort(vms, cmp_vm);
    g_autoptr(GHashTable) new_ids = g_hash_table_new(NULL, NULL);
    char buf[600];
    for (guint i = 0; i < vms->len; i++) {
        const MbmcVmInfo *vm = g_ptr_array_index(vms, i);
        const MbmcBmc *own = bmc_of(cfg, in->backend, vm);
        if (own) {
            MbmcPlanRow *r = row_add(p, MBMC_PLAN_KEEP, own->vmid, vm->name, where_of(vm));
            set_bmc(r, own);
            r->adopt = g_strcmp0(own->discovered, in->key) != 0;
            note(r, r->adopt ? "has a BMC, now managed by this selection" : "has a BMC");
            g_hash_table_add(kept, (gpointer)own);
            continue;
        }
        MbmcPlanRow *r = row_add(p, MBMC_PLAN_ADD, vm->vmid, vm->name, where_of(vm));
        r->qmp = g_strdup(vm->qmp);
        r->prefix = in->addr ? in->addr->prefix : 0;
        const MbmcBmc *other = vm->vmid ? mbmc_config_find(cfg, vm->vmid) : NULL;
        if (!vm->vmid) {
            r->action = MBMC_PLAN_PROBLEM;
            note(r, "no VMID in the socket path: add it by hand (multibmc add VMID IP/PREFIX --qmp %s)", vm->qmp);
        } else if (other) {
            r->action = MBMC_PLAN_PROBLEM;
            note(r, "VMID %u already has a BMC (%s): 'multibmc del %u' first to replace it", vm->vmid,
                 describe_bmc(other, buf, sizeof(buf)), vm->vmid);
        } else if (g_hash_table_contains(new_ids, GUINT_TO_POINTER(vm->vmid))) {
            r->action = MBMC_PLAN_PROBLEM;
            note(r, "VMID %u comes from two sockets: add one of them by hand", vm->vmid);
        } else {
            g_hash_table_add(new_ids, GUINT_TO_POINTER(vm->vmid));
            g_ptr_array_add(adds, r);
        }
    }
}

/* Addresses for the new BMCs, in VMID order. */
static void plan_addresses(const MbmcConfig *cfg, const MbmcPlanInput *in, GPtrArray *adds)
{
    g_autoptr(GHashTable) taken = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < cfg->bmcs->len; i++)
        g_hash_table_add(taken, g_strdup(((MbmcBmc *)g_ptr_array_index(cfg->bmcs, i))->address));
    GHashTableIter it;
    gpointer key;
    if (in->host_addresses) {
        g_hash_table_iter_init(&it, in->host_addresses);
        while (g_hash_table_iter_next(&it, &key, NULL))
            g_hash_table_add(taken, g_strdup(key));
    }
    guint64 cursor = 0;
    guint short_of = 0;
    for (guint i = 0; i < adds->len; i++) {
        MbmcPlanRow *r = g_ptr_array_index(adds, i);
        guint32 a;
        if (!in->addr) {
            r->action = MBMC_PLAN_PROBLEM;
            note(r, "no address for its BMC: give --range FIRST-LAST or --ip-base IP --ip-offset vmid-N");
            continue;
        }
        if (in->addr->by_rule) {
            if (!rule_address(cfg, in, taken, r)) {
                r->action = MBMC_PLAN_PROBLEM;
                continue;
            }
        } else if (mbmc_addr_range_next(in->addr, taken, &cursor, &a)) {
            r->address = mbmc_ip4_string(a);
        } else {
            r->action = MBMC_PLAN_PROBLEM;
            short_of++;
            continue;
        }
        g_hash_table_add(taken, g_strdup(r->address));
    }
    for (guint i = 0; short_of && i < adds->len; i++) {
        MbmcPlanRow *r = g_ptr_array_index(adds, i);
        if (r->action == MBMC_PLAN_PROBLEM && !r->note)
            note(r, "range %s exhausted: %u new BMC%s found no free address (widen --range)",
                 in->addr->text, short_of, short_of == 1 ? "" : "s");
    }
}

static const MbmcVmInfo *seen_vm(const MbmcPlanInput *in, const MbmcBmc *b)
{
    for (guint i = 0; in->seen && i < in->seen->len; i++) {
        const MbmcVmInfo *vm = g_ptr_array_index(in->seen, i);
        if (b->backend == MBMC_BACKEND_KIND_QMP ? !g_strcmp0(vm->qmp, b->qmp) : vm->vmid == b->vmid)
            return vm;
    }
    return NULL;
}

/* With prune: this backend's BMCs that were not kept go, unless they cannot be judged. */
static void plan_prune(const MbmcConfig *cfg, const MbmcPlanInput *in, MbmcPlan *p, GHashTable *kept)
{
    for (guint i = 0; in->prune && i < cfg->bmcs->len; i++) {
        const MbmcBmc *b = g_ptr_array_index(cfg->bmcs, i);
        if (b->backend != in->backend || g_hash_table_contains(kept, b) || !b->discovered ||
            g_strcmp0(b->discovered, in->key))
            continue;   /* made by hand, or by another selection */
        const MbmcVmInfo *vm = seen_vm(in, b);
        const char *unsure = in->unsure ? g_hash_table_lookup(in->unsure, GUINT_TO_POINTER(b->vmid)) : NULL;
        MbmcPlanRow *r = row_add(p, MBMC_PLAN_REMOVE, b->vmid, vm ? vm->name : "",
                                 b->backend == MBMC_BACKEND_KIND_QMP ? b->qmp : vm ? vm->node : "");
        set_bmc(r, b);
        if (!vm && unsure) {
            r->action = MBMC_PLAN_KEEP;
            note(r, "not pruned: %s", unsure);
        } else if (!vm) {
            note(r, b->backend == MBMC_BACKEND_KIND_QMP ? "VM gone (no QMP socket)" : "VM gone");
        } else {
            note(r, "no longer matches");
        }
    }
}

MbmcPlan *mbmc_discover_plan(const MbmcConfig *cfg, const MbmcPlanInput *in)
{
    MbmcPlan *p = g_new0(MbmcPlan, 1);
    p->rows = g_ptr_array_new_with_free_func((GDestroyNotify)row_free);
    g_autoptr(GHashTable) kept = g_hash_table_new(NULL, NULL);
    g_autoptr(GPtrArray) adds = g_ptr_array_new();
    plan_selected(cfg, in, p, kept, adds);
    plan_addresses(cfg, in, adds);
    plan_prune(cfg, in, p, kept);
    g_ptr_array_sort(p->rows, cmp_row);
    for (guint i = 0; i < p->rows->len; i++) {
        const MbmcPlanRow *r = g_ptr_array_index(p->rows, i);
        p->adds += r->action == MBMC_PLAN_ADD;
        p->keeps += r->action == MBMC_PLAN_KEEP;
        p->removes += r->action == MBMC_PLAN_REMOVE;
        p->problems += r->action == MBMC_PLAN_PROBLEM;
        p->adopts += r->adopt;
    }
    return p;
}

char *mbmc_plan_table(const MbmcPlan *p)
{
    GString *s = g_string_new(NULL);
    int wn = 4, ww = 5;
    for (guint i = 0; i < p->rows->len; i++) {
        const MbmcPlanRow *r = g_ptr_array_index(p->rows, i);
        wn = MAX(wn, (int)strlen(r->name));
        ww = MAX(ww, (int)strlen(r->where));
    }
    g_string_append_printf(s, "%10s  %-*s  %-*s  %-18s  %s\n", "VMID", wn, "NAME", ww, "WHERE", "BMC ADDRESS", "ACTION");
    for (guint i = 0; i < p->rows->len; i++) {
        const MbmcPlanRow *r = g_ptr_array_index(p->rows, i);
        g_autofree char *addr = r->address ? g_strdup_printf("%s/%u", r->address, r->prefix) : g_strdup("-");
        g_string_append_printf(s, "%10u  %-*s  %-*s  %-18s  %s%s%s\n", r->vmid, wn, r->name, ww,
                               *r->where ? r->where : "-", addr, mbmc_plan_action_name(r->action),
                               r->note ? ": " : "", r->note ? r->note : "");
    }
    g_string_append_printf(s, "%u to add, %u kept, %u to remove, %u problem%s\n", p->adds, p->keeps, p->removes,
                           p->problems, p->problems == 1 ? "" : "s");
    return g_string_free(s, FALSE);
}
