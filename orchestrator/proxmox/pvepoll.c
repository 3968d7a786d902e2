/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Cluster-wide power-state poller (see pvepoll.h). */
#include "pvepoll.h"

#include <gio/gio.h>
#include <string.h>

#include "bmcfiles.h"
#include "pve_error.h"
#include "pve_resources.h"
#include "pvelist.h"
#include "statetable.h"

#ifdef MBMC_HAVE_SOLBRIDGE
#include "mbmc_json.h"
#include "pveclient.h"
#include "pvefacts.h"

#define REDISCOVER_MS (5 * 60 * 1000)   /* new HA state, VMs moved to nodes we do not poll */
#define MIN_DISCOVER_GAP_MS 5000        /* a missing VM asks again at most this often */
/* After the supervisor has started its BMCs, this long before the VMs' configs are read
 * (firmware, pvefacts.h): the fleet's own start has the API's workers first. */
#define FACTS_BACKGROUND_DELAY_MS 5000

typedef struct {
    guint vmid;
    char *node;                  /* NULL until located */
    gboolean ha;
    gboolean missing;            /* not in its node's last list */
    struct pve_table_entry last; /* what the table holds */
} Vm;

typedef struct {
    MbmcPvePoll *poll;
    char *name;
    GCancellable *cancel;        /* non-NULL while its list request is in flight */
    gint64 sent_ms;
    char *err_key;               /* the cause logged (once) */
} Node;

struct MbmcPvePoll {
    MbmcPveClient *client;
    MbmcPveFacts *facts;         /* version, privileges, firmware (pvefacts.h) */
    MbmcStateTable *table;
    char *table_path;
    char *run_dir;
    char *url, *token_file, *ca_file, *fingerprint;
    gboolean insecure;
    guint interval_ms;
    GHashTable *vms;             /* vmid -> Vm* */
    GHashTable *nodes;           /* name -> Node* */
    guint timer;
    GCancellable *discover;      /* non-NULL while /cluster/resources is in flight */
    gint64 discovered_ms;        /* when the last discovery was sent; 0: never */
    gboolean discover_wanted;
    char *discover_err;          /* the cause logged (once) */
    /* The poller runs in a thread of its own, on its own GMainContext: the supervisor's loop
     * polls ~4 fds per BMC on every wake-up (4000 at 1000 BMCs), and the HTTP exchanges of
     * 20 nodes a second woke it ~70 times a second (20 % of a core idle, measured). `lock`
     * guards vms, nodes, table and the flags between that thread and the main one. */
    GMutex lock;
    GMainContext *ctx;
    GMainLoop *loop;
    GThread *thread;
    GCond started;
    gboolean start_done;
    GError *start_error;
    gboolean stopping;           /* the thread's loop has ended: no new requests */
};

static gint64 now_ms(void)
{
    return g_get_monotonic_time() / 1000;   /* CLOCK_MONOTONIC, as the modules read it */
}

static void vm_free(Vm *v)
{
    g_free(v->node);
    g_free(v);
}

static void node_free(Node *n)
{
    if (n->cancel) {
        g_cancellable_cancel(n->cancel);
        g_object_unref(n->cancel);
    }
    g_free(n->name);
    g_free(n->err_key);
    g_free(n);
}

static void publish(MbmcPvePoll *p, Vm *v)
{
    g_strlcpy(v->last.node, v->node ? v->node : "", sizeof(v->last.node));
    v->last.info = p->facts ? mbmc_pve_facts_info(p->facts, v->vmid) : 0;
    v->last.config_gen = p->facts ? mbmc_pve_facts_config_gen(p->facts, v->vmid) : 0;
    mbmc_state_table_publish(p->table, v->vmid, &v->last);
}

/* pvefacts learned something (lock held): into the table now, not at the next round. */
static void facts_changed(gpointer data, guint vmid)
{
    MbmcPvePoll *p = data;
    int major, minor;
    if (!vmid && mbmc_pve_facts_version(p->facts, &major, &minor))
        mbmc_state_table_set_version(p->table, major, minor);
    GHashTableIter it;
    gpointer val;
    g_hash_table_iter_init(&it, p->vms);
    while (g_hash_table_iter_next(&it, NULL, &val)) {
        Vm *v = val;
        if (!vmid || v->vmid == vmid)
            publish(p, v);
    }
}

/* One log line per cause and node (or "discovery"); another when it answers again. */
static void note(char **key, const char *who, enum pve_err err, const char *msg)
{
    if (err == PVE_OK) {
        if (*key)
            g_message("pvepoll: %s answers again", who);
        g_clear_pointer(key, g_free);
        return;
    }
    g_autofree char *k = g_strdup_printf("%s", pve_err_name(err));
    if (g_strcmp0(k, *key)) {
        g_warning("pvepoll: %s: %s (modules report it; logged once until it changes)", who, msg);
        g_free(*key);
        *key = g_steal_pointer(&k);
    }
}

/* The table's error class of a reply (mbmc_pve_reply_finish's classes). */
static enum pve_err classify(const MbmcPveReply *r)
{
    if (!r->error)
        return PVE_OK;
    if (g_error_matches(r->error, MBMC_PVE_REPLY_ERROR, MBMC_PVE_REPLY_TLS))
        return PVE_ERR_TLS;
    if (g_error_matches(r->error, MBMC_PVE_REPLY_ERROR, MBMC_PVE_REPLY_UNREACHABLE))
        return PVE_ERR_TRANSPORT;
    if (g_error_matches(r->error, MBMC_PVE_REPLY_ERROR, MBMC_PVE_REPLY_HTTP))
        return pve_err_classify((long)r->status, r->reason);
    return PVE_ERR_SERVER;
}

/* ---- discovery: where each VM lives */

static void list_node(MbmcPvePoll *p, Node *n);

static void discovered(GObject *src, GAsyncResult *res, gpointer data)
{
    g_auto(MbmcPveReply) r = { 0 };
    if (!mbmc_pve_reply_finish(src, res, &r))
        return;
    MbmcPvePoll *p = data;
    g_autoptr(GMutexLocker) locked = g_mutex_locker_new(&p->lock);
    g_clear_object(&p->discover);
    json_object *d = r.data;
    if (!json_object_is_type(d, json_type_array)) {
        enum pve_err err = d ? PVE_ERR_SERVER : classify(&r);
        const char *text = r.error ? r.error->message : "not a list";
        note(&p->discover_err, "cluster/resources", err, text);
        /* VMs not located yet: their BMCs report this failure rather than each asking
         * Proxmox itself (a wrong token must not turn into one request per BMC). */
        GHashTableIter it;
        gpointer val;
        g_hash_table_iter_init(&it, p->vms);
        while (g_hash_table_iter_next(&it, NULL, &val)) {
            Vm *v = val;
            if (v->node)
                continue;
            v->last.err = (uint8_t)err;
            v->last.http = (uint16_t)r.status;
            v->last.observed_ms = (uint64_t)p->discovered_ms;
            g_snprintf(v->last.msg, sizeof(v->last.msg), "%s", text);
            publish(p, v);
        }
        return;
    }
    note(&p->discover_err, "cluster/resources", PVE_OK, NULL);
    g_autoptr(GHashTable) seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (size_t i = 0; i < json_object_array_length(d); i++) {
        struct pve_resource row;
        if (!pve_resource_parse(json_object_array_get_idx(d, i), &row))
            continue;
        const char *node = row.node;
        Vm *v = g_hash_table_lookup(p->vms, GUINT_TO_POINTER(row.vmid));
        if (!v)
            continue;
        g_hash_table_add(seen, v);
        if (g_strcmp0(v->node, node)) {
            if (v->node)
                g_message("pvepoll: VM %u is now on %s (was %s)", v->vmid, node, v->node);
            g_free(v->node);
            v->node = g_strdup(node);
        }
        v->ha = row.ha;
        mbmc_pve_facts_want_firmware(p->facts, v->vmid, node, FALSE);
        if (!v->last.observed_ms)
            publish(p, v);      /* the node now, the state with its list: see pve_table_source.c */
        if (!g_hash_table_contains(p->nodes, node)) {
            Node *n = g_new0(Node, 1);
            n->poll = p;
            n->name = g_strdup(node);
            g_hash_table_insert(p->nodes, n->name, n);
            list_node(p, n);    /* a new node: its VMs' state now, not at the next round */
        }
    }
    /* A VM the cluster does not list: say so through its slot (the module reports it). */
    GHashTableIter it;
    gpointer val;
    g_hash_table_iter_init(&it, p->vms);
    while (g_hash_table_iter_next(&it, NULL, &val)) {
        Vm *v = val;
        if (g_hash_table_contains(seen, v))
            continue;
        g_clear_pointer(&v->node, g_free);
        v->last.err = PVE_ERR_NO_VM;
        v->last.http = 0;
        v->last.flags &= (uint8_t)~PVE_SLOT_MISSING;
        v->last.observed_ms = (uint64_t)p->discovered_ms;
        g_snprintf(v->last.msg, sizeof(v->last.msg), "VM %u is not in the cluster (or the API "
                   "token lacks VM.Audit on it)", v->vmid);
        publish(p, v);
    }
}

static void discover(MbmcPvePoll *p)
{
    if (p->discover)
        return;
    p->discover_wanted = FALSE;
    p->discovered_ms = now_ms();
    mbmc_pve_facts_refresh(p->facts);   /* version and privileges: as often as the VMs' places */
    g_autoptr(SoupMessage) msg = mbmc_pve_client_message(p->client, "GET", "/cluster/resources?type=vm");
    p->discover = g_cancellable_new();
    soup_session_send_and_read_async(mbmc_pve_client_session(p->client), msg, G_PRIORITY_DEFAULT,
                                     p->discover, discovered, p);
}

/* ---- one node's VM list */

static void node_listed(GObject *src, GAsyncResult *res, gpointer data)
{
    g_auto(MbmcPveReply) r = { 0 };
    if (!mbmc_pve_reply_finish(src, res, &r))
        return;
    Node *n = data;
    MbmcPvePoll *p = n->poll;
    g_autoptr(GMutexLocker) locked = g_mutex_locker_new(&p->lock);
    g_clear_object(&n->cancel);
    json_object *d = r.data;
    enum pve_err err = classify(&r);
    const char *text = r.error ? r.error->message : NULL;
    if (d && !json_object_is_type(d, json_type_array)) {
        d = NULL;
        err = PVE_ERR_SERVER;
        text = "not a list";
    }
    g_autofree char *who = g_strdup_printf("node %s", n->name);
    note(&n->err_key, who, err, text);
    GHashTableIter it;
    gpointer val;
    if (!d) {
        /* An observation too: of the failure. The modules report it as their own. */
        g_hash_table_iter_init(&it, p->vms);
        while (g_hash_table_iter_next(&it, NULL, &val)) {
            Vm *v = val;
            if (g_strcmp0(v->node, n->name))
                continue;
            v->last.err = (uint8_t)err;
            v->last.http = (uint16_t)r.status;
            v->last.observed_ms = (uint64_t)n->sent_ms;
            g_snprintf(v->last.msg, sizeof(v->last.msg), "%s", text ? text : pve_err_name(err));
            publish(p, v);
        }
        if (pve_err_wants_resolve(err))
            p->discover_wanted = TRUE;
        return;
    }
    g_autoptr(GHashTable) listed = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (size_t i = 0; i < json_object_array_length(d); i++) {
        json_object *row = json_object_array_get_idx(d, i);
        Vm *v = g_hash_table_lookup(p->vms, GUINT_TO_POINTER(pve_row_vmid(row)));
        if (!v)
            continue;
        g_hash_table_add(listed, v);
        if (g_strcmp0(v->node, n->name)) {   /* it moved between two nodes we poll */
            g_message("pvepoll: VM %u is now on %s (was %s)", v->vmid, n->name, v->node ? v->node : "unknown");
            g_free(v->node);
            v->node = g_strdup(n->name);
        }
        gboolean was_stopped = v->last.observed_ms && strcmp(v->last.status, "running");
        mbmc_pve_row_entry(row, v->ha, (uint64_t)n->sent_ms, &v->last);
        v->missing = FALSE;
        if (was_stopped && !strcmp(v->last.status, "running"))
            mbmc_pve_facts_want_firmware(p->facts, v->vmid, n->name, TRUE);   /* booted: pending applied */
        publish(p, v);
    }
    /* Ours but not in the list: moving to a node we do not poll, deleted, or no VM.Audit.
     * Its slot keeps the last state and ages; discovery says where it went. */
    g_hash_table_iter_init(&it, p->vms);
    while (g_hash_table_iter_next(&it, NULL, &val)) {
        Vm *v = val;
        if (g_strcmp0(v->node, n->name) || g_hash_table_contains(listed, v) || v->missing)
            continue;
        v->missing = TRUE;
        v->last.flags |= PVE_SLOT_MISSING;
        publish(p, v);
        p->discover_wanted = TRUE;
    }
}

static void list_node(MbmcPvePoll *p, Node *n)
{
    if (n->cancel)
        return;      /* the last one has not answered yet: do not pile up */
    g_autofree char *esc = g_uri_escape_string(n->name, NULL, FALSE);
    g_autofree char *path = g_strdup_printf("/nodes/%s/qemu", esc);
    g_autoptr(SoupMessage) msg = mbmc_pve_client_message(p->client, "GET", path);
    if (!msg)
        return;
    n->sent_ms = now_ms();
    n->cancel = g_cancellable_new();
    soup_session_send_and_read_async(mbmc_pve_client_session(p->client), msg, G_PRIORITY_DEFAULT,
                                     n->cancel, node_listed, n);
}

/* ---- the round */

static gboolean round_cb(gpointer data)
{
    MbmcPvePoll *p = data;
    g_autoptr(GMutexLocker) locked = g_mutex_locker_new(&p->lock);
    gint64 now = now_ms();
    /* Nodes that host one of our VMs; VMs not located yet need a discovery. */
    g_autoptr(GHashTable) wanted = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTableIter it;
    gpointer val;
    g_hash_table_iter_init(&it, p->vms);
    while (g_hash_table_iter_next(&it, NULL, &val)) {
        Vm *v = val;
        if (v->node) {
            g_hash_table_add(wanted, v->node);
            continue;
        }
        p->discover_wanted = TRUE;
        if (v->last.err != PVE_OK) {   /* not in the cluster, or discovery fails: still true */
            v->last.observed_ms = (uint64_t)now;
            publish(p, v);
        }
    }
    g_hash_table_iter_init(&it, p->nodes);
    while (g_hash_table_iter_next(&it, NULL, &val)) {
        Node *n = val;
        if (g_hash_table_contains(wanted, n->name))
            list_node(p, n);
    }
    if (!p->discovered_ms || now - p->discovered_ms >= REDISCOVER_MS ||
        (p->discover_wanted && now - p->discovered_ms >= MIN_DISCOVER_GAP_MS))
        discover(p);
    mbmc_state_table_beat(p->table);
    return G_SOURCE_CONTINUE;
}

static gboolean background_cb(gpointer data)
{
    MbmcPvePoll *p = data;
    g_autoptr(GMutexLocker) locked = g_mutex_locker_new(&p->lock);
    if (p->facts && !p->stopping)
        mbmc_pve_facts_start_background(p->facts, FACTS_BACKGROUND_DELAY_MS);
    return G_SOURCE_REMOVE;
}

void mbmc_pve_poll_fleet_started(MbmcPvePoll *p)
{
    if (!p || !p->ctx)
        return;
    GSource *s = g_idle_source_new();     /* on the poller's thread, where facts lives */
    g_source_set_callback(s, background_cb, p, NULL);
    g_source_attach(s, p->ctx);
    g_source_unref(s);
}

gboolean mbmc_pve_poll_vm_state(const MbmcPvePoll *p, guint vmid, gboolean *running, char **node)
{
    if (!p)
        return FALSE;
    g_autoptr(GMutexLocker) locked = g_mutex_locker_new((GMutex *)&p->lock);
    const Vm *v = g_hash_table_lookup(p->vms, GUINT_TO_POINTER(vmid));
    if (!v || !v->node || v->last.err != PVE_OK || v->missing ||
        !pve_table_fresh(v->last.observed_ms, (uint64_t)now_ms(), p->interval_ms))
        return FALSE;
    *running = !strcmp(v->last.status, "running");
    *node = g_strdup(v->node);
    return TRUE;
}

/* ---- lifecycle */

static GArray *proxmox_vmids(const MbmcConfig *cfg)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint i = 0; i < cfg->bmcs->len; i++) {
        const MbmcBmc *b = g_ptr_array_index(cfg->bmcs, i);
        if (b->backend == MBMC_BACKEND_KIND_PROXMOX)
            g_array_append_val(a, b->vmid);
    }
    return a;
}

static guint interval_of(const MbmcConfig *cfg)
{
    return cfg->pve_poll_ms ? cfg->pve_poll_ms : MBMC_DEFAULT_SHARED_POLL_MS;
}

gboolean mbmc_pve_poll_same_settings(const MbmcPvePoll *p, const MbmcConfig *c)
{
    return c->pve_shared_poll && !g_strcmp0(p->url, c->pve_url) && !g_strcmp0(p->token_file, c->token_file) &&
           !g_strcmp0(p->ca_file, c->ca_file) && !g_strcmp0(p->fingerprint, c->fingerprint) &&
           p->insecure == c->insecure && p->interval_ms == interval_of(c);
}

static gboolean discover_cb(gpointer data)
{
    MbmcPvePoll *p = data;
    g_autoptr(GMutexLocker) locked = g_mutex_locker_new(&p->lock);
    if (p->client && p->discover_wanted && !p->stopping)
        discover(p);
    return G_SOURCE_REMOVE;
}

gboolean mbmc_pve_poll_update(MbmcPvePoll *p, const MbmcConfig *cfg, GError **error)
{
    g_autoptr(GArray) ids = proxmox_vmids(cfg);
    const guint *vmids = (const guint *)(void *)ids->data;
    g_autoptr(GMutexLocker) locked = g_mutex_locker_new(&p->lock);
    if (!mbmc_state_table_fits(p->table, vmids, ids->len)) {
        MbmcStateTable *t = mbmc_state_table_create(p->table_path, vmids, ids->len, p->interval_ms,
                                                    p->table, error);
        if (!t)
            return FALSE;
        mbmc_state_table_free(p->table, FALSE);
        p->table = t;
    }
    g_autoptr(GHashTable) keep = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < ids->len; i++) {
        g_hash_table_add(keep, GUINT_TO_POINTER(vmids[i]));
        if (!g_hash_table_contains(p->vms, GUINT_TO_POINTER(vmids[i]))) {
            Vm *v = g_new0(Vm, 1);
            v->vmid = vmids[i];
            g_hash_table_insert(p->vms, GUINT_TO_POINTER(v->vmid), v);
            p->discover_wanted = TRUE;
        }
    }
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, p->vms);
    while (g_hash_table_iter_next(&it, &key, NULL))
        if (!g_hash_table_contains(keep, key)) {
            if (p->facts)
                mbmc_pve_facts_forget(p->facts, GPOINTER_TO_UINT(key));
            g_hash_table_iter_remove(&it);
        }
    /* New VMs: locate them now, on the poller thread (a request from here would run on the
     * wrong main context), not at the next round: their modules wait for their slot. */
    if (p->discover_wanted && p->ctx) {
        GSource *d = g_idle_source_new();
        g_source_set_callback(d, discover_cb, p, NULL);
        g_source_attach(d, p->ctx);
        g_source_unref(d);
    }
    return TRUE;
}

static gboolean quit_cb(gpointer data)
{
    g_main_loop_quit(((MbmcPvePoll *)data)->loop);
    return G_SOURCE_REMOVE;
}

/* The poller thread: its own context, its own soup session (created here: a session belongs
 * to the context that is thread-default where it is made). */
static gpointer poll_thread(gpointer data)
{
    MbmcPvePoll *p = data;
    g_main_context_push_thread_default(p->ctx);
    MbmcPveClientConfig cc = { .url = p->url, .token_file = p->token_file,
                               .ca_file = p->ca_file, .fingerprint = p->fingerprint,
                               .insecure = p->insecure };
    GError *error = NULL;
    MbmcPveClient *client = mbmc_pve_client_new(&cc, &error);
    g_mutex_lock(&p->lock);
    p->client = client;
    p->start_error = error;
    p->start_done = TRUE;
    g_cond_signal(&p->started);
    if (client) {
        p->facts = mbmc_pve_facts_new(client, &p->lock, facts_changed, p, p->run_dir);
        if (p->discover_wanted)
            discover(p);
        GSource *t = g_timeout_source_new(p->interval_ms);
        g_source_set_callback(t, round_cb, p, NULL);
        p->timer = g_source_attach(t, p->ctx);
        g_source_unref(t);
    }
    g_mutex_unlock(&p->lock);
    if (client)
        g_main_loop_run(p->loop);
    /* Stop: cancel what is in flight, let the cancelled callbacks run, drop the session here. */
    g_mutex_lock(&p->lock);
    p->stopping = TRUE;
    if (p->timer)
        g_source_destroy(g_main_context_find_source_by_id(p->ctx, p->timer));
    p->timer = 0;
    if (p->discover) {
        g_cancellable_cancel(p->discover);
        g_clear_object(&p->discover);
    }
    g_clear_pointer(&p->nodes, g_hash_table_unref);
    g_clear_pointer(&p->facts, mbmc_pve_facts_free);
    g_mutex_unlock(&p->lock);
    while (g_main_context_iteration(p->ctx, FALSE))
        ;
    mbmc_pve_client_free(p->client);
    p->client = NULL;
    while (g_main_context_iteration(p->ctx, FALSE))
        ;
    g_main_context_pop_thread_default(p->ctx);
    return NULL;
}

MbmcPvePoll *mbmc_pve_poll_start(const MbmcConfig *cfg, GError **error)
{
    g_autoptr(GArray) ids = proxmox_vmids(cfg);
    if (!cfg->pve_shared_poll || !cfg->pve_url || ids->len == 0)
        return NULL;
    MbmcPvePoll *p = g_new0(MbmcPvePoll, 1);
    g_mutex_init(&p->lock);
    g_cond_init(&p->started);
    p->interval_ms = interval_of(cfg);
    p->table_path = mbmc_pve_state_table(cfg);
    p->run_dir = g_strdup(cfg->run_dir);
    p->url = g_strdup(cfg->pve_url);
    p->token_file = g_strdup(cfg->token_file);
    p->ca_file = g_strdup(cfg->ca_file);
    p->fingerprint = g_strdup(cfg->fingerprint);
    p->insecure = cfg->insecure;
    p->vms = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)vm_free);
    p->nodes = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)node_free);
    if (g_mkdir_with_parents(cfg->run_dir, 0755) != 0 ||
        !(p->table = mbmc_state_table_create(p->table_path, (const guint *)(void *)ids->data, ids->len,
                                             p->interval_ms, NULL, error))) {
        if (error && !*error)
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot create %s", cfg->run_dir);
        mbmc_pve_poll_free(p, FALSE);
        return NULL;
    }
    mbmc_pve_poll_update(p, cfg, NULL);
    /* Alive from now on: the BMCs wait for their first observation instead of polling. */
    mbmc_state_table_beat(p->table);
    p->ctx = g_main_context_new();
    p->loop = g_main_loop_new(p->ctx, FALSE);
    p->thread = g_thread_new("pvepoll", poll_thread, p);
    g_mutex_lock(&p->lock);
    while (!p->start_done)
        g_cond_wait(&p->started, &p->lock);
    GError *start_error = g_steal_pointer(&p->start_error);
    g_mutex_unlock(&p->lock);
    if (start_error) {
        g_propagate_error(error, start_error);
        mbmc_pve_poll_free(p, TRUE);
        return NULL;
    }
    g_message("pvepoll: polling the VM list of each node of %s every %u ms for %u Proxmox BMCs "
              "(table %s)", p->url, p->interval_ms, ids->len, p->table_path);
    return p;
}

void mbmc_pve_poll_free(MbmcPvePoll *p, gboolean remove)
{
    if (!p)
        return;
    if (p->thread) {
        /* A source, not g_main_context_invoke: that may run quit_cb here, before the thread's
         * g_main_loop_run, which would then never return. */
        GSource *q = g_idle_source_new();
        g_source_set_callback(q, quit_cb, p, NULL);
        g_source_attach(q, p->ctx);
        g_source_unref(q);
        g_thread_join(p->thread);
    }
    g_clear_pointer(&p->loop, g_main_loop_unref);
    g_clear_pointer(&p->ctx, g_main_context_unref);
    if (p->nodes)
        g_hash_table_unref(p->nodes);
    if (p->vms)
        g_hash_table_unref(p->vms);
    mbmc_state_table_free(p->table, remove);
    g_free(p->table_path);
    g_free(p->run_dir);
    g_free(p->url);
    g_free(p->token_file);
    g_free(p->ca_file);
    g_free(p->fingerprint);
    g_free(p->discover_err);
    g_mutex_clear(&p->lock);
    g_cond_clear(&p->started);
    g_free(p);
}

#else   /* no libsoup: the modules poll Proxmox themselves */

MbmcPvePoll *mbmc_pve_poll_start(const MbmcConfig *cfg, GError **error)
{
    (void)cfg;
    (void)error;
    return NULL;
}
void mbmc_pve_poll_free(MbmcPvePoll *p, gboolean remove) { (void)p; (void)remove; }
gboolean mbmc_pve_poll_same_settings(const MbmcPvePoll *p, const MbmcConfig *cfg) { (void)p; (void)cfg; return FALSE; }
gboolean mbmc_pve_poll_update(MbmcPvePoll *p, const MbmcConfig *cfg, GError **error) { (void)p; (void)cfg; (void)error; return TRUE; }
gboolean mbmc_pve_poll_vm_state(const MbmcPvePoll *p, guint vmid, gboolean *running, char **node)
{
    (void)p; (void)vmid; (void)running; (void)node;
    return FALSE;
}
void mbmc_pve_poll_fleet_started(MbmcPvePoll *p) { (void)p; }

#endif
