/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Power state from the supervisor's shared table (pve_table.h), with the module's own
 * per-VM poller (pve_poll.c) as the fallback.
 *
 * Reading the table is a hash and a copy of one slot in a read-only mapping: no syscall,
 * no request. It is read whenever a client asks for the power state (peek) and on ipmi_sim's
 * own 1 s tick, which wakes the process anyway: an idle BMC arms no timer of its own, and a
 * change made outside (guest shutdown, the GUI) reaches the status file and the chassis
 * within a second of the supervisor's poll. Besides the state, the slot carries where the VM
 * runs, the token's privileges on it and its firmware, and the header the Proxmox version,
 * so that the module sends no API request at all until a client acts.
 * The module polls Proxmox itself (status/current every poll-ms) only while the table
 * cannot answer: no file, supervisor dead (heartbeat older than 5 intervals), VM not in
 * the table or not seen in its node's list for 3 intervals (not observed at all: 60, the
 * supervisor may still be starting thousands), or a backup lock the node list cannot
 * decide. It says once why, and once when it is back on the table; the fleet's first polls
 * are spread over one period.
 * After a power action (refresh) one status/current is asked directly, and table rows
 * observed before that answer are ignored, so the state shown right after an action is
 * never an older one from the table. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "pve_state.h"
#include "pve_table.h"

/* A live table (fresh heartbeat) that has not observed our VM yet: the supervisor is still
 * on its first rounds (thousands of BMCs starting), not gone. Wait this many intervals
 * before polling Proxmox ourselves, rather than 3: a whole fleet falling back at once is one
 * request per BMC (5000 BMCs starting on a loaded 2-core host fell back like that, and the
 * requests kept the supervisor from catching up). */
#define FIRST_OBSERVATION_INTERVALS 60u

struct pve_table_src {
    struct pve_state_source src;    /* first: the interface */
    struct mbmc_loop *loop;
    struct pve_api *api;
    char *path;
    unsigned vmid, poll_ms;
    pve_state_cb cb;
    void *ctx;

    const struct pve_table_header *h;   /* the mapping, or NULL */
    size_t len;
    dev_t dev;
    ino_t ino;
    uint64_t last_open_ms;

    struct mbmc_tick *tick;             /* ipmi_sim's own tick: look at the table */
    /* One-shot, also on_tick: the first look (the next loop turn, not inside open), and
     * freeing the direct poller right after its one answer, before its period asks again. */
    struct mbmc_timer *timer;
    struct mbmc_timer *kick;            /* the fallback's first poll, after a random delay */
    struct pve_state_source *direct;    /* our own poller: fallback or one refresh */
    bool fallback;
    bool direct_done;                   /* the one refresh answered: free it at the next tick */
    bool peeking;                       /* re-entry guard: cb may ask for the power state */
    uint64_t barrier_ms;                /* table rows observed before this are older news */
    uint64_t bad_since;                 /* 0: the table answers */
    uint64_t delivered_ms;              /* observation last handed to cb */
    unsigned delivered_info;            /* and its info bits */
    unsigned delivered_gen;             /* and its config version */
    char why[160];
    bool why_table_dead;                /* why names a dead or stuck supervisor */
};

static unsigned interval_of(const struct pve_table_src *t)
{
    return t->h ? t->h->interval_ms : t->poll_ms;
}

static void unmap(struct pve_table_src *t)
{
    if (t->h)
        munmap((void *)t->h, t->len);
    t->h = NULL;
    t->len = 0;
}

/* (Re)map the file when it is absent, retired or replaced (another inode). At most once
 * per interval: this is the only place with syscalls. */
static void maybe_reopen(struct pve_table_src *t, uint64_t now)
{
    if (t->h && !atomic_load_explicit(&t->h->retired, memory_order_acquire) && !t->bad_since)
        return;
    if (t->last_open_ms && now - t->last_open_ms < interval_of(t) &&
        !(t->h && atomic_load_explicit(&t->h->retired, memory_order_acquire)))
        return;
    t->last_open_ms = now;
    struct stat st;
    if (t->h && !atomic_load(&t->h->retired) && stat(t->path, &st) == 0 && st.st_ino == t->ino &&
        st.st_dev == t->dev)
        return;     /* same file: nothing to re-open */
    int fd = open(t->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        unmap(t);
        return;
    }
    void *m = MAP_FAILED;
    if (fstat(fd, &st) == 0 && st.st_size >= (off_t)sizeof(struct pve_table_header))
        m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    unmap(t);
    if (m == MAP_FAILED)
        return;
    if (!pve_table_valid(m, (size_t)st.st_size)) {
        munmap(m, (size_t)st.st_size);
        mbmc_log_once("pve-table-invalid", MBMC_LOG_WARN, "%s is not a state table this module "
                      "understands (version mismatch?): polling Proxmox directly", t->path);
        return;
    }
    mbmc_log_once_reset("pve-table-invalid");
    t->h = m;
    t->len = (size_t)st.st_size;
    t->dev = st.st_dev;
    t->ino = st.st_ino;
}

static void direct_cb(void *ctx, const struct pve_vm_state *st)
{
    struct pve_table_src *t = ctx;
    /* Newer than any table row sent before now. */
    t->barrier_ms = pve_table_now_ms();
    if (!t->fallback) {
        /* The one refresh is answered: free the poller at once (next loop turn: we are in
         * its callback), before its own period asks again. */
        t->direct_done = true;
        mbmc_timer_start(t->timer, 0);
    }
    t->cb(t->ctx, st);
}

static bool direct_start(struct pve_table_src *t)
{
    if (!t->direct)
        t->direct = pve_poll_new(t->loop, t->api, t->poll_ms, direct_cb, t);
    return t->direct != NULL;
}

static void direct_stop(struct pve_table_src *t)
{
    if (t->direct)
        t->direct->free(t->direct);
    t->direct = NULL;
    t->direct_done = false;
}

static void enter_fallback(struct pve_table_src *t, const char *why, bool table_dead)
{
    if (t->fallback) {
        /* A supervisor stopped between sending a round and reading its answers looks, for a
         * few intervals, like a node that does not answer; once its heartbeat is dead too,
         * that is the reason to give (and the one "back on" names). Said once. */
        if (table_dead && !t->why_table_dead) {
            t->why_table_dead = true;
            snprintf(t->why, sizeof(t->why), "%s", why);
            mbmc_log(MBMC_LOG_WARN, "VM %u: %s; still polling Proxmox directly", t->vmid, why);
        }
        return;
    }
    t->why_table_dead = table_dead;
    t->fallback = true;
    t->direct_done = false;
    snprintf(t->why, sizeof(t->why), "%s", why);
    mbmc_log(MBMC_LOG_WARN, "VM %u: %s; polling Proxmox directly (status/current every %u ms) "
             "until the shared state table answers again", t->vmid, why, t->poll_ms);
    /* Not all at the same moment: a fleet whose supervisor got stuck starts its own polls
     * spread over one period (by VMID: consecutive VMIDs land far apart). */
    if (direct_start(t))
        mbmc_timer_start(t->kick, (unsigned)(((uint64_t)t->vmid * 2654435761u) % (t->poll_ms + 1u)));
}

static void on_kick(void *data)
{
    struct pve_table_src *t = data;
    if (t->fallback && t->direct)
        t->direct->refresh(t->direct);
}

static void leave_fallback(struct pve_table_src *t)
{
    if (!t->fallback)
        return;
    t->fallback = false;
    mbmc_log(MBMC_LOG_INFO, "VM %u: back on the shared state table, direct polling stopped "
             "(it started because: %s)", t->vmid, t->why);
    /* Freed by the next tick: we may be inside the poller's own callback right now. */
    t->direct_done = true;
}

/* The table's answer for our VM, or why it has none (immediate: no grace period). */
enum verdict { V_OK, V_WAIT, V_FALLBACK };

static enum verdict judge(struct pve_table_src *t, uint64_t now, struct pve_table_entry *e,
                          char *why, size_t whylen, unsigned *grace_intervals, bool *table_dead)
{
    *grace_intervals = PVE_TABLE_STALE_INTERVALS;
    *table_dead = false;
    if (!t->h) {
        snprintf(why, whylen, "no shared state table at %s (supervisor not running?)", t->path);
        return V_WAIT;
    }
    uint64_t beat = atomic_load_explicit(&t->h->heartbeat_ms, memory_order_acquire);
    if (!pve_table_alive(beat, now, t->h->interval_ms)) {
        if (!beat) {
            snprintf(why, whylen, "the shared state table has not been filled yet");
            return V_WAIT;
        }
        snprintf(why, whylen, "the shared state table is stale (no poll round for %llu ms: "
                 "supervisor dead or stuck)", (unsigned long long)(now - beat));
        *table_dead = true;
        return V_FALLBACK;
    }
    if (!pve_table_fresh(beat, now, t->h->interval_ms)) {
        /* The supervisor's round is late: our slot is as old, through no fault of the node.
         * Wait until it is late enough to call the supervisor stuck (above). */
        snprintf(why, whylen, "the supervisor's poll round is late");
        *grace_intervals = PVE_TABLE_DEAD_INTERVALS;
        return V_WAIT;
    }
    const struct pve_table_slot *s = pve_table_find(t->h, t->vmid);
    if (!s) {
        snprintf(why, whylen, "VM %u is not in the shared state table", t->vmid);
        return V_WAIT;
    }
    *grace_intervals = FIRST_OBSERVATION_INTERVALS;     /* the supervisor is at it */
    if (!pve_table_read(s, e))
        return V_WAIT;     /* the writer is busy with this very slot: next tick */
    /* Where the VM runs, even before its first observation: our own requests (fallback,
     * actions) then need no /cluster/resources (1 MB at 5000 VMs, for every BMC). */
    if (e->node[0])
        pve_api_set_node(t->api, e->node);
    if (e->flags & PVE_SLOT_UNCERTAIN) {
        snprintf(why, whylen, "backup lock: the node's VM list cannot tell a paused backup QEMU");
        return V_FALLBACK;
    }
    if (!pve_table_fresh(e->observed_ms, now, t->h->interval_ms)) {
        if (!e->observed_ms) {
            snprintf(why, whylen, "VM %u has not been observed by the supervisor yet", t->vmid);
            return V_WAIT;
        }
        snprintf(why, whylen, "VM %u not seen on %s for %llu ms (%s)", t->vmid,
                 e->node[0] ? e->node : "any node", (unsigned long long)(now - e->observed_ms),
                 e->flags & PVE_SLOT_MISSING ? "migrating or gone" : "node not answering");
        return V_FALLBACK;
    }
    return V_OK;
}

static void deliver(struct pve_table_src *t, const struct pve_table_entry *e)
{
    if ((e->observed_ms == t->delivered_ms && e->info == t->delivered_info &&
         e->config_gen == t->delivered_gen) || e->observed_ms < t->barrier_ms)
        return;
    t->delivered_ms = e->observed_ms;
    t->delivered_info = e->info;
    t->delivered_gen = e->config_gen;
    struct pve_vm_state st = {
        .err = (enum pve_err)e->err, .msg = e->msg, .on = e->flags & PVE_SLOT_ON,
        .status = e->status, .qmpstatus = e->qmpstatus, .lock = e->lock,
        .ha_managed = e->flags & PVE_SLOT_HA, .node = e->node, .info = e->info,
        .config_gen = e->config_gen,
    };
    pve_table_version(t->h, &st.pve_major, &st.pve_minor);
    t->cb(t->ctx, &st);
}

static void look(struct pve_table_src *t)
{
    if (t->peeking)
        return;
    t->peeking = true;
    uint64_t now = pve_table_now_ms();
    maybe_reopen(t, now);
    struct pve_table_entry e;
    char why[160];
    unsigned grace;
    bool table_dead;
    enum verdict v = judge(t, now, &e, why, sizeof(why), &grace, &table_dead);
    if (v == V_OK) {
        t->bad_since = 0;
        leave_fallback(t);
        deliver(t, &e);
    } else {
        if (!t->bad_since)
            t->bad_since = now;
        /* Waiting conditions get a grace period (the supervisor may be starting). */
        if (v == V_FALLBACK || now - t->bad_since >= (uint64_t)grace * interval_of(t))
            enter_fallback(t, why, table_dead);
    }
    t->peeking = false;
}

/* ipmi_sim's tick: a few loads from the mapping, no syscall. It keeps `multibmc status` and
 * the chassis current when nobody asks, and notices a dead or stuck supervisor. */
static void on_tick(void *data)
{
    struct pve_table_src *t = data;
    if (t->direct_done && !t->fallback)
        direct_stop(t);
    look(t);
}


static void table_refresh(struct pve_state_source *src)
{
    struct pve_table_src *t = (struct pve_table_src *)src;
    /* After an action: ask Proxmox once, and trust no table row sent before now. */
    t->barrier_ms = pve_table_now_ms();
    t->direct_done = false;
    if (direct_start(t))
        t->direct->refresh(t->direct);
}

static void table_peek(struct pve_state_source *src)
{
    look((struct pve_table_src *)src);
}

static void table_free(struct pve_state_source *src)
{
    struct pve_table_src *t = (struct pve_table_src *)src;
    direct_stop(t);
    mbmc_tick_free(t->tick);
    mbmc_timer_free(t->timer);
    mbmc_timer_free(t->kick);
    unmap(t);
    free(t->path);
    free(t);
}

struct pve_state_source *pve_table_source_new(struct mbmc_loop *loop, struct pve_api *api,
                                              const char *path, unsigned vmid, unsigned poll_ms,
                                              pve_state_cb cb, void *ctx)
{
    struct pve_table_src *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->src.refresh = table_refresh;
    t->src.peek = table_peek;
    t->src.free = table_free;
    t->loop = loop;
    t->api = api;
    t->path = strdup(path);
    t->vmid = vmid;
    t->poll_ms = poll_ms;
    t->cb = cb;
    t->ctx = ctx;
    t->timer = mbmc_timer_new(loop, on_tick, t);
    t->kick = mbmc_timer_new(loop, on_kick, t);
    t->tick = mbmc_tick_new(loop, on_tick, t);
    if (!t->path || !t->timer || !t->kick || !t->tick) {
        free(t->path);
        mbmc_timer_free(t->timer);
        mbmc_timer_free(t->kick);
        mbmc_tick_free(t->tick);
        free(t);
        return NULL;
    }
    mbmc_timer_start(t->timer, 0);
    return &t->src;
}
