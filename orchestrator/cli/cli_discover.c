/* SPDX-License-Identifier: GPL-2.0-or-later */
/* multibmc discover: BMCs for the VMs of a Proxmox selection (pool, tags, name, node, VMIDs)
 * or for the local QEMUs whose QMP sockets a glob matches. Asks the backend first, then, under
 * the config lock, plans (discover_plan.h), checks every new BMC as `add` does, saves and
 * tells a running supervisor, which starts only the new BMCs (and stops pruned ones). A plan
 * with any problem changes nothing. Running it again adds only VMs that are new. */
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "discover_plan.h"
#include "mbmc_config.h"
#include "netif.h"
#include "vmselect.h"
#ifdef MBMC_HAVE_SOLBRIDGE
#include "pve_inventory.h"
#endif
#include "qmp_inventory.h"

typedef struct {
    MbmcVmSelect sel;
    char *key;             /* the selection's key, recorded in the BMCs it manages */
    char *qmp_glob;
    MbmcAddrPolicy addr;
    gboolean have_addr;
    gboolean prune, dry_run;
} Request;

/* What the backend showed: every VM, the selected ones, BMCs prune must not judge. */
typedef struct {
    GPtrArray *seen;       /* MbmcVmInfo* (owner) */
    GPtrArray *selected;   /* borrowed from seen */
    GHashTable *unsure;    /* VMID → reason */
} Inventory;

static void inventory_clear(Inventory *inv)
{
    g_clear_pointer(&inv->selected, g_ptr_array_unref);
    g_clear_pointer(&inv->seen, g_ptr_array_unref);
    g_clear_pointer(&inv->unsure, g_hash_table_unref);
}

static void select_from_seen(const Request *rq, Inventory *inv)
{
    inv->selected = g_ptr_array_new();
    for (guint i = 0; i < inv->seen->len; i++) {
        MbmcVmInfo *vm = g_ptr_array_index(inv->seen, i);
        if (mbmc_vm_select_match(&rq->sel, vm))
            g_ptr_array_add(inv->selected, vm);
    }
}

static gboolean ask_proxmox(const MbmcConfig *cfg, const Request *rq, Inventory *inv, GError **error)
{
#ifdef MBMC_HAVE_SOLBRIDGE
    g_autoptr(MbmcPveFetch) f = mbmc_pve_fetch_new(cfg, error);
    if (!f)
        return FALSE;
    inv->seen = mbmc_pve_inventory_vms(f, rq->sel.pool, error);
    if (!inv->seen)
        return FALSE;
    select_from_seen(rq, inv);
    /* A configured VM that does not show may be gone, or only hidden from the token. */
    g_autoptr(GArray) missing = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint i = 0; rq->prune && i < cfg->bmcs->len; i++) {
        const MbmcBmc *b = g_ptr_array_index(cfg->bmcs, i);
        if (b->backend == MBMC_BACKEND_KIND_PROXMOX && !mbmc_vm_info_find(inv->seen, b->vmid))
            g_array_append_val(missing, b->vmid);
    }
    inv->unsure = mbmc_pve_inventory_hidden(f, missing, error);
    return inv->unsure != NULL;
#else
    (void)cfg; (void)rq; (void)inv;
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                "this multibmc was built without libsoup 3, so it cannot ask Proxmox");
    return FALSE;
#endif
}

static const MbmcBmc *bmc_with_socket(const MbmcConfig *cfg, const char *path)
{
    for (guint i = 0; i < cfg->bmcs->len; i++) {
        const MbmcBmc *b = g_ptr_array_index(cfg->bmcs, i);
        if (b->backend == MBMC_BACKEND_KIND_QMP && !g_strcmp0(b->qmp, path))
            return b;
    }
    return NULL;
}

static gboolean ask_qemu(const MbmcConfig *cfg, const Request *rq, Inventory *inv, GError **error)
{
    g_autoptr(GPtrArray) paths = mbmc_qmp_glob(rq->qmp_glob, error);
    if (!paths)
        return FALSE;
    inv->seen = g_ptr_array_new_with_free_func((GDestroyNotify)mbmc_vm_info_free);
    inv->unsure = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    for (guint i = 0; i < paths->len; i++) {
        const char *path = g_ptr_array_index(paths, i);
        const MbmcBmc *own = bmc_with_socket(cfg, path);
        g_autoptr(GError) why = NULL;
        MbmcVmInfo *vm = mbmc_qmp_inventory_probe(cfg, own, path, &why);
        if (vm) {
            g_ptr_array_add(inv->seen, vm);
        } else if (own) {
            g_hash_table_insert(inv->unsure, GUINT_TO_POINTER(own->vmid),
                                g_strdup_printf("its QEMU does not answer (%s)", why->message));
        } else {
            fprintf(stderr, "multibmc discover: skipped %s: %s\n", path, why->message);
        }
    }
    select_from_seen(rq, inv);
    return TRUE;
}

/* The prefix of new BMC addresses: --prefix, or that of the interface's subnet holding addr. */
static gboolean find_prefix(const MbmcConfig *cfg, guint32 addr, guint *prefix, GError **error)
{
    int idx = mbmc_netif_index(cfg->interface);
    g_autoptr(GArray) addrs = idx ? mbmc_netif_addresses(idx, NULL) : NULL;
    g_autofree char *s = mbmc_ip4_string(addr);
    for (guint i = 0; addrs && i < addrs->len; i++) {
        const MbmcIfAddr *a = &g_array_index(addrs, MbmcIfAddr, i);
        if (!mbmc_config_find_address(cfg, a->address) && mbmc_netif_in_subnet(s, a->address, a->prefix)) {
            *prefix = a->prefix;
            return TRUE;
        }
    }
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                "no subnet of interface %s holds %s: give the prefix length of the BMC addresses with --prefix N",
                cfg->interface, s);
    return FALSE;
}

static GHashTable *host_addresses(GError **error)
{
    g_autoptr(GArray) addrs = mbmc_netif_addresses(0, error);
    if (!addrs)
        return NULL;
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < addrs->len; i++)
        g_hash_table_add(h, g_strdup(g_array_index(addrs, MbmcIfAddr, i).address));
    return h;
}

static void print_rows(FILE *f, const MbmcPlan *p, MbmcPlanAction only)
{
    for (guint i = 0; i < p->rows->len; i++) {
        const MbmcPlanRow *r = g_ptr_array_index(p->rows, i);
        if (r->action == only)
            fprintf(f, "  VM %u%s%s%s: %s\n", r->vmid, *r->name ? " (" : "", r->name, *r->name ? ")" : "",
                    r->note ? r->note : "");
    }
}

/* Under the lock: plan against the file as it is now, check every new BMC, save. */
static int apply(MbmcCli *cli, const Request *rq, MbmcBackendKind kind, Inventory *inv)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(GHashTable) host = host_addresses(&err);
    if (!host)
        return mbmc_cli_fail("discover", err);
    int lock = mbmc_config_lock(cli->config, &err);
    if (lock < 0)
        return mbmc_cli_fail("discover", err);
    g_autoptr(MbmcConfig) c = mbmc_config_load(cli->config, &err);
    if (!c) {
        mbmc_config_unlock(lock);
        return mbmc_cli_fail("discover", err);
    }
    MbmcPlanInput in = { .backend = kind, .selected = inv->selected, .seen = inv->seen, .unsure = inv->unsure,
                         .key = rq->key, .prune = rq->prune,
                         .addr = rq->have_addr ? &rq->addr : NULL, .host_addresses = host };
    g_autoptr(MbmcPlan) plan = mbmc_discover_plan(c, &in);
    for (guint i = 0; i < plan->rows->len; i++) {
        const MbmcPlanRow *r = g_ptr_array_index(plan->rows, i);
        if (r->action == MBMC_PLAN_KEEP && r->note && g_str_has_prefix(r->note, "not pruned"))
            fprintf(stderr, "multibmc discover: VM %u: %s\n", r->vmid, r->note);
    }
    if (rq->dry_run) {
        mbmc_config_unlock(lock);
        g_autofree char *table = mbmc_plan_table(plan);
        fputs(table, stdout);
        return plan->problems ? 1 : 0;
    }
    if (plan->problems) {
        mbmc_config_unlock(lock);
        fprintf(stderr, "multibmc discover: nothing changed; %u problem%s:\n", plan->problems,
                plan->problems == 1 ? "" : "s");
        print_rows(stderr, plan, MBMC_PLAN_PROBLEM);
        return 1;
    }
    if (!plan->adds && !plan->removes && !plan->adopts) {
        mbmc_config_unlock(lock);   /* nothing new: the file stays as it is */
        printf("0 added, %u kept, 0 removed\n", plan->keeps);
        return 0;
    }
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < plan->rows->len; i++) {
        const MbmcPlanRow *r = g_ptr_array_index(plan->rows, i);
        if (r->action == MBMC_PLAN_REMOVE) {
            ok = mbmc_config_remove(c, r->vmid, &err);
        } else if (r->action == MBMC_PLAN_KEEP && r->adopt) {
            MbmcBmc *b = mbmc_config_find(c, r->vmid);
            g_free(b->discovered);
            b->discovered = g_strdup(rq->key);
        } else if (r->action == MBMC_PLAN_ADD) {
            MbmcBmc *b = g_new0(MbmcBmc, 1);
            *b = (MbmcBmc){ .vmid = r->vmid, .address = g_strdup(r->address), .prefix = r->prefix,
                            .backend = kind, .qmp = g_strdup(r->qmp), .discovered = g_strdup(rq->key) };
            ok = mbmc_cli_check_new_bmc(c, b, &err) && mbmc_config_add(c, b, &err);
            if (!ok) {
                g_prefix_error(&err, "VM %u: ", r->vmid);
                mbmc_bmc_free(b);
            }
        }
    }
    ok = ok && mbmc_config_save(c, cli->config, &err);
    mbmc_config_unlock(lock);
    if (!ok) {
        g_prefix_error(&err, "nothing changed: ");
        return mbmc_cli_fail("discover", err);
    }
    for (guint i = 0; i < plan->rows->len; i++) {
        const MbmcPlanRow *r = g_ptr_array_index(plan->rows, i);
        if (r->action == MBMC_PLAN_ADD || r->action == MBMC_PLAN_REMOVE)
            printf("%s BMC %u%s%s%s at %s/%u%s%s\n", r->action == MBMC_PLAN_ADD ? "added" : "removed", r->vmid,
                   *r->name ? " (" : "", r->name, *r->name ? ")" : "", r->address, r->prefix,
                   r->action == MBMC_PLAN_REMOVE ? ": " : "", r->action == MBMC_PLAN_REMOVE ? r->note : "");
    }
    pid_t sup = (plan->adds || plan->removes) ? mbmc_cli_notify(c->run_dir) : 0;
    g_autofree char *adopted = plan->adopts ? g_strdup_printf(" (%u now managed by this selection)", plan->adopts)
                                            : g_strdup("");
    printf("%u added, %u kept%s, %u removed%s\n", plan->adds, plan->keeps, adopted, plan->removes,
           sup ? " (the running supervisor applies it now)" : "");
    return 0;
}

int mbmc_cli_discover(MbmcCli *cli, int argc, char **argv)
{
    g_autofree char *pool = NULL, *name = NULL, *node = NULL, *vmids = NULL, *range = NULL;
    g_autofree char *base = NULL, *offset = NULL, *qmp_glob = NULL;
    g_auto(GStrv) tags = NULL;
    gint prefix = 0;
    Request rq = { 0 };
    GOptionEntry e[] = {
        { "pool", 0, 0, G_OPTION_ARG_STRING, &pool, "the VMs of this Proxmox pool", "POOL" },
        { "tag", 0, 0, G_OPTION_ARG_STRING_ARRAY, &tags, "VMs with this Proxmox tag (repeat: all of them)", "TAG" },
        { "name", 0, 0, G_OPTION_ARG_STRING, &name, "VMs whose name matches this shell pattern", "GLOB" },
        { "node", 0, 0, G_OPTION_ARG_STRING, &node, "VMs on this Proxmox node", "NODE" },
        { "vmid", 0, 0, G_OPTION_ARG_STRING, &vmids, "VMs with a VMID in this range", "A-B" },
        { "qmp-glob", 0, 0, G_OPTION_ARG_FILENAME, &qmp_glob, "local QEMUs: their QMP sockets, e.g. '/run/vms/*/qmp.sock'", "PATTERN" },
        { "range", 0, 0, G_OPTION_ARG_STRING, &range, "BMC addresses: the free ones of this range", "FIRST-LAST" },
        { "ip-base", 0, 0, G_OPTION_ARG_STRING, &base, "BMC addresses: BASE + VMID + offset", "IP" },
        { "ip-offset", 0, 0, G_OPTION_ARG_STRING, &offset, "the offset: vmid, vmid-N or vmid+N", "RULE" },
        { "prefix", 0, 0, G_OPTION_ARG_INT, &prefix, "prefix length of the BMC addresses (default: the interface's subnet)", "N" },
        { "prune", 0, 0, G_OPTION_ARG_NONE, &rq.prune, "remove BMCs whose VM is gone or no longer selected", NULL },
        { "dry-run", 0, 0, G_OPTION_ARG_NONE, &rq.dry_run, "print the plan, change nothing", NULL },
        { NULL },
    };
    if (!mbmc_cli_parse(cli, "discover", "[selection] [--range FIRST-LAST | --ip-base IP --ip-offset RULE]", e,
                        &argc, &argv))
        return 2;
    if (argc > 1) {
        fprintf(stderr, "multibmc discover: unexpected argument '%s'\n", argv[1]);
        return 2;
    }
    g_autoptr(GError) err = NULL;
    gboolean ok = TRUE;
    if (qmp_glob && (pool || tags || node))
        ok = FALSE, g_set_error(&err, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                "--pool, --tag and --node select Proxmox VMs; --qmp-glob local QEMUs: use one or the other");
    if (ok && range && (base || offset))
        ok = FALSE, g_set_error(&err, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                "give either --range or --ip-base with --ip-offset");
    if (ok && !base != !offset)
        ok = FALSE, g_set_error(&err, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                "--ip-base and --ip-offset go together (e.g. --ip-base 10.25.100.0 --ip-offset vmid-100)");
    if (ok && prefix && (prefix < 1 || prefix > 32))
        ok = FALSE, g_set_error(&err, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "--prefix %d: use 1..32", prefix);
    ok = ok && (!vmids || mbmc_vmid_range_parse(vmids, &rq.sel.vmid_min, &rq.sel.vmid_max, &err));
    ok = ok && (!range || mbmc_addr_range_parse(range, &rq.addr, &err));
    ok = ok && (!base || mbmc_addr_rule_parse(base, offset, &rq.addr, &err));
    rq.have_addr = range || base;
    if (!ok) {
        mbmc_addr_policy_clear(&rq.addr);
        return mbmc_cli_fail("discover", err) + 1;
    }
    rq.sel = (MbmcVmSelect){ .pool = pool, .tags = (const char *const *)tags, .name_glob = name, .node = node,
                             .vmid_min = rq.sel.vmid_min, .vmid_max = rq.sel.vmid_max };
    rq.qmp_glob = qmp_glob;
    g_autofree char *key = mbmc_vm_select_key(&rq.sel, qmp_glob);
    rq.key = key;
    g_autoptr(MbmcConfig) cfg = mbmc_config_load(cli->config, &err);
    ok = cfg != NULL;
    if (ok && rq.have_addr)
        ok = prefix ? (rq.addr.prefix = (guint)prefix, TRUE)
                    : find_prefix(cfg, rq.addr.by_rule ? rq.addr.base : rq.addr.first, &rq.addr.prefix, &err);
    MbmcBackendKind kind = qmp_glob ? MBMC_BACKEND_KIND_QMP : MBMC_BACKEND_KIND_PROXMOX;
    Inventory inv = { 0 };
    ok = ok && (kind == MBMC_BACKEND_KIND_QMP ? ask_qemu(cfg, &rq, &inv, &err) : ask_proxmox(cfg, &rq, &inv, &err));
    int rc = ok ? apply(cli, &rq, kind, &inv) : mbmc_cli_fail("discover", err);
    inventory_clear(&inv);
    mbmc_addr_policy_clear(&rq.addr);
    return rc;
}
