/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Version, privileges and firmware for every Proxmox BMC (see pvefacts.h). */
#include "pvefacts.h"

#include <errno.h>
#include <gio/gio.h>
#include <string.h>

#include "fileutil.h"
#include "mbmc_json.h"
#include "pve_facts.h"
#include "pve_table.h"

/* What the modules take from a VM's config (pve_vmconfig_apply: identity, firmware, onboot). */
static const char *const config_keys[] = { "name", "smbios1", "bios", "onboot" };

/* Config reads in flight at once: two of a 3-worker pveproxy's workers (one stays free for
 * everyone else), so a fleet's identities arrive twice as fast as one at a time would. */
#define CONFIG_READS_IN_FLIGHT 2
#define FW_GAP_MS 0
#define FW_RETRY_MS 60000       /* a config read that failed is tried again after this */

typedef struct {
    char *node;
    gboolean known, efi;
    gboolean queued;
    char *config;                /* config_keys of the last config read, as written for the module */
    guint16 config_gen;          /* bumped with each new version of that file */
} Fw;

struct MbmcPveFacts {
    MbmcPveClient *client;
    GMutex *lock;
    MbmcPveFactsChanged changed;
    gpointer data;
    int major, minor;            /* 0: unknown */
    json_object *perms;          /* the last good GET /access/permissions, or NULL */
    GCancellable *version_req, *perms_req;
    GCancellable *fw_req[CONFIG_READS_IN_FLIGHT];   /* config reads in flight (NULL: free slot) */
    GHashTable *fw;              /* vmid -> Fw* */
    GQueue queue;                /* vmids whose config is to be read */
    GQueue later;                /* failed reads, back in the queue after FW_RETRY_MS */
    gboolean background;         /* config reads may run */
    GSource *pump, *start, *retry;
    char *perms_err;             /* the cause logged (once) */
    char *run_dir;               /* <run_dir>/<vmid>/PVE_TABLE_CONFIG_FILE for the modules */
};

static void fw_free(Fw *w)
{
    g_free(w->node);
    g_free(w->config);
    g_free(w);
}

static void drop_source(GSource **s)
{
    if (*s) {
        g_source_destroy(*s);
        g_source_unref(*s);
        *s = NULL;
    }
}

static GSource *after(guint ms, GSourceFunc fn, gpointer data)
{
    GSource *s = g_timeout_source_new(ms);
    g_source_set_callback(s, fn, data, NULL);
    g_source_attach(s, g_main_context_get_thread_default());
    return s;
}

/* What a request's answer is for: called with f->lock held, req still set in its slot;
 * d is the answer's data or NULL and why. */
typedef void (*FactsTake)(MbmcPveFacts *f, GCancellable *req, json_object *d, const char *why);

typedef struct {
    MbmcPveFacts *f;
    FactsTake take;
    guint vmid;                  /* config reads */
} Pending;

/* One callback for every request: unwrap the answer, drop a cancelled one (f may be gone),
 * take the lock and hand the data to the request's take function. data: the request's own
 * reference to its cancellable, which carries its Pending. */
static void answered(GObject *src, GAsyncResult *res, gpointer data)
{
    g_autoptr(GCancellable) req = data;
    g_auto(MbmcPveReply) r = { 0 };
    /* Also cancelled after its answer came: mbmc_pve_facts_free() cancels before it frees. */
    if (!mbmc_pve_reply_finish(src, res, &r) || g_cancellable_is_cancelled(req))
        return;
    const Pending *p = g_object_get_data(G_OBJECT(req), "pending");
    g_autoptr(GMutexLocker) locked = g_mutex_locker_new(p->f->lock);
    p->take(p->f, req, r.data, r.data ? NULL : r.error ? r.error->message : "no answer");
}

/* GET path; *slot holds the request until its answer is taken. FALSE when none was sent. */
static gboolean send_get(MbmcPveFacts *f, const char *path, GCancellable **slot, FactsTake take, guint vmid)
{
    g_autoptr(SoupMessage) msg = mbmc_pve_client_message(f->client, "GET", path);
    if (!msg)
        return FALSE;
    Pending *p = g_new(Pending, 1);
    *p = (Pending){ f, take, vmid };
    *slot = g_cancellable_new();
    g_object_set_data_full(G_OBJECT(*slot), "pending", p, g_free);
    soup_session_send_and_read_async(mbmc_pve_client_session(f->client), msg, G_PRIORITY_DEFAULT, *slot,
                                     answered, g_object_ref(*slot));
    return TRUE;
}

/* ---- version and privileges: one request each for the whole fleet */

static void version_take(MbmcPveFacts *f, GCancellable *req, json_object *d, const char *why)
{
    (void)req;
    (void)why;
    g_clear_object(&f->version_req);
    json_object *v;
    int major, minor;
    if (d && json_object_object_get_ex(d, "version", &v) &&
        pve_facts_version(json_object_get_string(v), &major, &minor) == 0 &&
        (major != f->major || minor != f->minor)) {
        f->major = major;
        f->minor = minor;
        g_message("pvepoll: Proxmox VE %s", json_object_get_string(v));
        f->changed(f->data, 0);
    }
}

static void perms_take(MbmcPveFacts *f, GCancellable *req, json_object *d, const char *why)
{
    (void)req;
    g_clear_object(&f->perms_req);
    if (!json_object_is_type(d, json_type_object)) {
        /* The BMCs then assume nothing refused and learn from a 403, as before. */
        if (!why)
            why = "not an object";
        if (g_strcmp0(f->perms_err, why)) {
            g_warning("pvepoll: cannot read the token's privileges (access/permissions): %s", why);
            g_free(f->perms_err);
            f->perms_err = g_strdup(why);
        }
        return;
    }
    g_clear_pointer(&f->perms_err, g_free);
    json_object_put(f->perms);
    f->perms = json_object_get(d);
    f->changed(f->data, 0);
}

void mbmc_pve_facts_refresh(MbmcPveFacts *f)
{
    if (!f->version_req)
        send_get(f, "/version", &f->version_req, version_take, 0);
    if (!f->perms_req)
        send_get(f, "/access/permissions", &f->perms_req, perms_take, 0);
}

/* ---- firmware: one config read at a time, in the background */

static gboolean pump_cb(gpointer data);

static int free_slot(const MbmcPveFacts *f)
{
    for (int i = 0; i < CONFIG_READS_IN_FLIGHT; i++)
        if (!f->fw_req[i])
            return i;
    return -1;
}

static void pump_soon(MbmcPveFacts *f, guint ms)
{
    if (!f->background || free_slot(f) < 0 || f->pump)
        return;
    f->pump = after(ms, pump_cb, f);
}

static gboolean retry_cb(gpointer data)
{
    MbmcPveFacts *f = data;
    g_autoptr(GMutexLocker) locked = g_mutex_locker_new(f->lock);
    g_clear_pointer(&f->retry, g_source_unref);
    while (!g_queue_is_empty(&f->later))
        g_queue_push_tail(&f->queue, g_queue_pop_head(&f->later));
    pump_soon(f, 0);
    return G_SOURCE_REMOVE;
}

/* The part of the config the module takes, into its file (when it changed): the module reads
 * it when the table's config_gen moves, instead of asking Proxmox at start. */
static gboolean keep_config(MbmcPveFacts *f, guint vmid, Fw *w, json_object *config)
{
    g_autoptr(json_object) keep = json_object_new_object();
    for (guint i = 0; i < G_N_ELEMENTS(config_keys); i++) {
        json_object *v;
        if (json_object_object_get_ex(config, config_keys[i], &v))
            json_object_object_add(keep, config_keys[i], json_object_get(v));
    }
    const char *text = json_object_to_json_string_ext(keep, JSON_C_TO_STRING_PLAIN);
    if (!f->run_dir || !g_strcmp0(text, w->config))
        return FALSE;
    g_autofree char *dir = g_strdup_printf("%s/%u", f->run_dir, vmid);
    g_autofree char *path = g_build_filename(dir, PVE_TABLE_CONFIG_FILE, NULL);
    g_autoptr(GError) error = NULL;
    if (g_mkdir_with_parents(dir, 0755) != 0 ||
        !mbmc_write_runtime_file(path, text, strlen(text), 0644, &error)) {
        g_warning("pvepoll: cannot write %s: %s", path, error ? error->message : g_strerror(errno));
        return FALSE;
    }
    g_free(w->config);
    w->config = g_strdup(text);
    w->config_gen++;
    return TRUE;
}

static void config_take(MbmcPveFacts *f, GCancellable *req, json_object *d, const char *why)
{
    guint vmid = ((const Pending *)g_object_get_data(G_OBJECT(req), "pending"))->vmid;
    for (int i = 0; i < CONFIG_READS_IN_FLIGHT; i++)
        if (f->fw_req[i] == req)
            g_clear_object(&f->fw_req[i]);
    Fw *w = g_hash_table_lookup(f->fw, GUINT_TO_POINTER(vmid));
    if (w && json_object_is_type(d, json_type_object)) {
        json_object *bios;
        gboolean efi = json_object_object_get_ex(d, "bios", &bios) &&
                       pve_facts_bios_is_efi(json_object_get_string(bios));
        gboolean news = !w->known || w->efi != efi;
        w->known = TRUE;
        w->efi = efi;
        news |= keep_config(f, vmid, w, d);
        if (news)
            f->changed(f->data, vmid);
    } else if (w && !w->queued) {
        /* Moved (the poller follows it and asks again) or the API is unwell: later. */
        g_debug("pvepoll: config of VM %u: %s; trying again later", vmid, why ? why : "not an object");
        w->queued = TRUE;
        g_queue_push_tail(&f->later, GUINT_TO_POINTER(vmid));
        if (!f->retry)
            f->retry = after(FW_RETRY_MS, retry_cb, f);
    }
    pump_soon(f, FW_GAP_MS);
}

static gboolean pump_cb(gpointer data)
{
    MbmcPveFacts *f = data;
    g_autoptr(GMutexLocker) locked = g_mutex_locker_new(f->lock);
    g_clear_pointer(&f->pump, g_source_unref);
    int slot;
    while ((slot = free_slot(f)) >= 0 && !g_queue_is_empty(&f->queue)) {
        guint vmid = GPOINTER_TO_UINT(g_queue_pop_head(&f->queue));
        Fw *w = g_hash_table_lookup(f->fw, GUINT_TO_POINTER(vmid));
        if (!w)
            continue;     /* forgotten meanwhile */
        w->queued = FALSE;
        g_autofree char *node = g_uri_escape_string(w->node, NULL, FALSE);
        g_autofree char *path = g_strdup_printf("/nodes/%s/qemu/%u/config", node, vmid);
        if (!send_get(f, path, &f->fw_req[slot], config_take, vmid))
            break;
    }
    return G_SOURCE_REMOVE;
}

void mbmc_pve_facts_want_firmware(MbmcPveFacts *f, guint vmid, const char *node, gboolean again)
{
    Fw *w = g_hash_table_lookup(f->fw, GUINT_TO_POINTER(vmid));
    if (!w) {
        w = g_new0(Fw, 1);
        g_hash_table_insert(f->fw, GUINT_TO_POINTER(vmid), w);
    }
    if (g_strcmp0(w->node, node)) {
        g_free(w->node);
        w->node = g_strdup(node);
    }
    if ((w->known && !again) || w->queued)
        return;
    w->queued = TRUE;
    g_queue_push_tail(&f->queue, GUINT_TO_POINTER(vmid));
    pump_soon(f, 0);
}

static gboolean start_cb(gpointer data)
{
    MbmcPveFacts *f = data;
    g_autoptr(GMutexLocker) locked = g_mutex_locker_new(f->lock);
    g_clear_pointer(&f->start, g_source_unref);
    f->background = TRUE;
    pump_soon(f, 0);
    return G_SOURCE_REMOVE;
}

void mbmc_pve_facts_start_background(MbmcPveFacts *f, guint delay_ms)
{
    if (f->background || f->start)
        return;
    f->start = after(delay_ms, start_cb, f);
}

void mbmc_pve_facts_forget(MbmcPveFacts *f, guint vmid)
{
    g_hash_table_remove(f->fw, GUINT_TO_POINTER(vmid));
}

/* ---- what the table gets */

guint16 mbmc_pve_facts_info(const MbmcPveFacts *f, guint vmid)
{
    guint16 info = 0;
    bool config_ok, power_ok;
    if (f->perms && pve_facts_vm_privs(f->perms, vmid, &config_ok, &power_ok))
        info |= PVE_INFO_PRIVS | (power_ok ? 0 : PVE_INFO_NO_POWER) | (config_ok ? 0 : PVE_INFO_NO_CONFIG) |
                (pve_facts_vm_has(f->perms, vmid, "VM.Config.Options") ? 0 : PVE_INFO_NO_OPTIONS);
    const Fw *w = g_hash_table_lookup(f->fw, GUINT_TO_POINTER(vmid));
    if (w && w->known)
        info |= PVE_INFO_FIRMWARE | (w->efi ? PVE_INFO_EFI : 0);
    if (w && w->config)
        info |= PVE_INFO_CONFIG;
    return info;
}

guint16 mbmc_pve_facts_config_gen(const MbmcPveFacts *f, guint vmid)
{
    const Fw *w = g_hash_table_lookup(f->fw, GUINT_TO_POINTER(vmid));
    return w ? w->config_gen : 0;
}

gboolean mbmc_pve_facts_version(const MbmcPveFacts *f, int *major, int *minor)
{
    *major = f->major;
    *minor = f->minor;
    return f->major > 0;
}

/* ---- lifecycle */

MbmcPveFacts *mbmc_pve_facts_new(MbmcPveClient *client, GMutex *lock, MbmcPveFactsChanged changed,
                                 gpointer data, const char *run_dir)
{
    MbmcPveFacts *f = g_new0(MbmcPveFacts, 1);
    f->run_dir = g_strdup(run_dir);
    f->client = client;
    f->lock = lock;
    f->changed = changed;
    f->data = data;
    f->fw = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)fw_free);
    g_queue_init(&f->queue);
    g_queue_init(&f->later);
    return f;
}

static void cancel(GCancellable **c)
{
    if (*c) {
        g_cancellable_cancel(*c);
        g_clear_object(c);
    }
}

void mbmc_pve_facts_free(MbmcPveFacts *f)
{
    if (!f)
        return;
    /* The cancelled callbacks still run later; they return before touching f. */
    cancel(&f->version_req);
    cancel(&f->perms_req);
    for (int i = 0; i < CONFIG_READS_IN_FLIGHT; i++)
        cancel(&f->fw_req[i]);
    drop_source(&f->pump);
    drop_source(&f->start);
    drop_source(&f->retry);
    g_queue_clear(&f->queue);
    g_queue_clear(&f->later);
    g_hash_table_unref(f->fw);
    json_object_put(f->perms);
    g_free(f->perms_err);
    g_free(f->run_dir);
    g_free(f);
}
