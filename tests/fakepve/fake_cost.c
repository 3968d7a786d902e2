/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _GNU_SOURCE
/* Proxmox's cost model (see fake_cost.h). */
#include "fake_cost.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fake.h"

/* Authentication (token lookup in the cluster file system), parsing and dispatch on the entry
 * worker, for every request. */
#define ENTRY_US 2000
/* A protected call on another node: that node's pveproxy hands it on to its pvedaemon. */
#define PROXY_HOP_US 1000

enum where { LOCAL, NODE_PROXY, NODE_DAEMON };

/* ---- FIFO queues with n servers: a worker (1) or a pool (W) */

struct waiter {
    pthread_cond_t cv;
    bool granted;
    struct waiter *next;
};

struct fifo {
    pthread_mutex_t m;
    int free;
    struct waiter *head, *tail;
};

static void fifo_init(struct fifo *f, int servers)
{
    pthread_mutex_init(&f->m, NULL);
    f->free = servers;
    f->head = f->tail = NULL;
}

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds waited. Servers are handed over in arrival order. */
static double fifo_acquire(struct fifo *f)
{
    double t0 = mono();
    pthread_mutex_lock(&f->m);
    if (f->free > 0 && !f->head) {
        f->free--;
        pthread_mutex_unlock(&f->m);
        return 0;
    }
    struct waiter w = { .granted = false };
    pthread_cond_init(&w.cv, NULL);
    if (f->tail)
        f->tail->next = &w;
    else
        f->head = &w;
    f->tail = &w;
    while (!w.granted)
        pthread_cond_wait(&w.cv, &f->m);
    pthread_mutex_unlock(&f->m);
    pthread_cond_destroy(&w.cv);
    return mono() - t0;
}

static void fifo_release(struct fifo *f)
{
    pthread_mutex_lock(&f->m);
    struct waiter *w = f->head;
    if (w) {
        f->head = w->next;
        if (!f->head)
            f->tail = NULL;
        w->granted = true;           /* handed over: free stays as it is */
        pthread_cond_signal(&w->cv);
    } else {
        f->free++;
    }
    pthread_mutex_unlock(&f->m);
}

static void sleep_us(double us)
{
    if (us <= 0)
        return;
    long long ns = (long long)(us * 1000);
    struct timespec ts = { .tv_sec = (time_t)(ns / 1000000000), .tv_nsec = (long)(ns % 1000000000) };
    nanosleep(&ts, NULL);
}

/* ---- statistics */

static const double bucket_ms[] = { 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000 };
#define NBUCKETS (sizeof(bucket_ms) / sizeof(bucket_ms[0]) + 1)

struct wait_stats {
    unsigned long n;
    double total_ms, max_ms, busy_ms;
    unsigned long hist[NBUCKETS];
};

static void wait_add(struct wait_stats *s, double waited_s, double busy_s)
{
    double ms = waited_s * 1000;
    s->n++;
    s->total_ms += ms;
    if (ms > s->max_ms)
        s->max_ms = ms;
    s->busy_ms += busy_s * 1000;
    size_t b = 0;
    while (b < NBUCKETS - 1 && ms > bucket_ms[b])
        b++;
    s->hist[b]++;
}

/* The upper bound of the bucket holding the q-quantile. */
static double wait_quantile(const struct wait_stats *s, double q)
{
    if (!s->n)
        return 0;
    unsigned long want = (unsigned long)(q * (double)s->n + 0.5), seen = 0;
    for (size_t b = 0; b < NBUCKETS; b++) {
        seen += s->hist[b];
        if (seen >= want && seen)
            return b < NBUCKETS - 1 ? bucket_ms[b] : s->max_ms;
    }
    return s->max_ms;
}

static struct {
    unsigned long accepted, open, deferred, refused, no_keepalive;
    unsigned long closed_idle, closed_used_up, closed_error, closed_replaced, replacements;
    double deferred_max_ms;
    struct wait_stats handshake, entry, proxy, daemon;
    double since;
} S;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- the cluster's workers */

struct worker {
    struct fifo q;                /* one request (or handshake) at a time */
    int conns;                    /* guarded by conns_lock */
    unsigned gen;                 /* bumped when replaced (max_requests) */
    unsigned long requests;
};

struct fake_cost_hold {
    struct fifo *final;
    struct wait_stats *stats;
    double started, waited;
    unsigned service_us;
};

struct fake_cost_conn {
    struct worker *w;
    unsigned gen;
    int keep_left;
    struct fake_cost_hold hold;
};

static struct fake_cost_cfg cfg;
static bool enabled;
static struct worker *entry;      /* cfg.workers, the API host's pveproxy */
static struct fifo *proxy_pool;   /* per node: pveproxy (index 0 unused: the entry workers) */
static struct fifo *daemon_pool;  /* per node: pvedaemon */
static int nodes;
static pthread_mutex_t conns_lock = PTHREAD_MUTEX_INITIALIZER;
static int waiting_conns;

void fake_cost_defaults(struct fake_cost_cfg *c)
{
    *c = (struct fake_cost_cfg){ .workers = 3, .max_conn = 500, .keep_alive = 100,
                                 .idle_timeout_ms = 5000, .max_requests = 1000, .backlog = 4096 };
}

void fake_cost_enable(const struct fake_cost_cfg *c, int nnodes)
{
    cfg = *c;
    nodes = nnodes;
    entry = calloc((size_t)cfg.workers, sizeof(*entry));
    proxy_pool = calloc((size_t)nnodes, sizeof(*proxy_pool));
    daemon_pool = calloc((size_t)nnodes, sizeof(*daemon_pool));
    for (int i = 0; i < cfg.workers; i++)
        fifo_init(&entry[i].q, 1);
    for (int n = 0; n < nnodes; n++) {
        fifo_init(&proxy_pool[n], cfg.workers);
        fifo_init(&daemon_pool[n], cfg.workers);
    }
    S.since = mono();
    enabled = true;
}

bool fake_cost_on(void)
{
    return enabled;
}

int fake_cost_idle_timeout_ms(void)
{
    return cfg.idle_timeout_ms;
}

static int soft_limit(void)
{
    return cfg.max_conn > 100 ? cfg.max_conn - 20 : cfg.max_conn;
}

struct fake_cost_conn *fake_cost_accept(void)
{
    double t0 = mono();
    bool deferred = false;
    pthread_mutex_lock(&conns_lock);
    for (;;) {
        struct worker *best = NULL;
        for (int i = 0; i < cfg.workers; i++)
            if (entry[i].conns < cfg.max_conn && (!best || entry[i].conns < best->conns))
                best = &entry[i];
        if (best) {
            struct fake_cost_conn *c = calloc(1, sizeof(*c));
            c->w = best;
            c->gen = best->gen;
            /* AnyEvent.pm accept_connections: no keep-alive near max_conn. */
            bool soft = best->conns + 1 >= soft_limit();
            c->keep_left = soft ? 0 : cfg.keep_alive;
            best->conns++;
            if (deferred)
                waiting_conns--;
            pthread_mutex_unlock(&conns_lock);
            pthread_mutex_lock(&stats_lock);
            S.accepted++;
            S.open++;
            S.no_keepalive += soft;
            if (deferred) {
                S.deferred++;
                if ((mono() - t0) * 1000 > S.deferred_max_ms)
                    S.deferred_max_ms = (mono() - t0) * 1000;
            }
            pthread_mutex_unlock(&stats_lock);
            return c;
        }
        if (!deferred) {
            if (waiting_conns >= cfg.backlog) {
                pthread_mutex_unlock(&conns_lock);
                pthread_mutex_lock(&stats_lock);
                S.refused++;
                pthread_mutex_unlock(&stats_lock);
                return NULL;
            }
            waiting_conns++;
            deferred = true;
        }
        /* Every worker is at max_conn: it looks again once a second (a timer in AnyEvent.pm). */
        pthread_mutex_unlock(&conns_lock);
        sleep(1);
        pthread_mutex_lock(&conns_lock);
    }
}

void fake_cost_close(struct fake_cost_conn *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&conns_lock);
    c->w->conns--;
    pthread_mutex_unlock(&conns_lock);
    pthread_mutex_lock(&stats_lock);
    S.open--;
    pthread_mutex_unlock(&stats_lock);
    free(c);
}

void fake_cost_handshake_begin(struct fake_cost_conn *c)
{
    c->hold.waited = fifo_acquire(&c->w->q);
    c->hold.started = mono();
}

void fake_cost_handshake_end(struct fake_cost_conn *c)
{
    double busy = mono() - c->hold.started;
    fifo_release(&c->w->q);
    pthread_mutex_lock(&stats_lock);
    wait_add(&S.handshake, c->hold.waited, busy);
    pthread_mutex_unlock(&stats_lock);
}

void fake_cost_idle_closed(struct fake_cost_conn *c)
{
    (void)c;
    pthread_mutex_lock(&stats_lock);
    S.closed_idle++;
    pthread_mutex_unlock(&stats_lock);
}

/* ---- where a request runs and how long: the assumptions (docs/PERFORMANCE.md) */

static int node_index(const char *name, size_t len)
{
    for (int i = 0; i < F.nnodes && i < nodes; i++)
        if (strlen(F.nodes[i].name) == len && !strncmp(F.nodes[i].name, name, len))
            return i;
    return -1;
}

static unsigned vms_on(int node)
{
    unsigned n = 0;
    pthread_mutex_lock(&fake_lock);
    for (int i = 0; i < F.nvms; i++)
        n += !strcmp(F.vms[i].node, F.nodes[node].name);
    pthread_mutex_unlock(&fake_lock);
    return n;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

static void classify(const char *method, const char *path, enum where *where, int *node, unsigned *us)
{
    bool get = !strcmp(method, "GET");
    *where = LOCAL;
    *node = -1;
    if (strncmp(path, "/api2/json/nodes/", 17)) {
        if (!strcmp(path, "/api2/json/version"))
            *us = 3000;
        else if (!strcmp(path, "/api2/json/cluster/resources"))
            *us = 15000 + 10 * (unsigned)F.nvms;      /* one row per guest (and storage, node) */
        else if (!strcmp(path, "/api2/json/access/permissions"))
            *us = 10000;
        else if (!strcmp(path, "/api2/json/access/ticket"))
            *us = 30000;                               /* password check, ticket signature */
        else
            *us = 5000;
        return;
    }
    const char *name = path + 17, *rest = strchr(name, '/');
    *node = node_index(name, rest ? (size_t)(rest - name) : strlen(name));
    if (*node < 0) {
        *us = 5000;          /* unknown node: the entry worker answers the error */
        return;
    }
    rest = rest ? rest : "";
    bool protected = false;     /* pveproxy hands it to pvedaemon */
    if (get && !strcmp(rest, "/qemu")) {
        *us = 15000 + 100 * vms_on(*node);           /* vmstatus(): /proc and config per VM */
    } else if (get && ends_with(rest, "/status/current")) {
        *us = 20000;                                   /* QMP query-status and friends */
    } else if (!strncmp(rest, "/tasks/", 7)) {
        protected = !get;                              /* DELETE: stop the task */
        *us = get ? 10000 : 20000;
    } else if (!get && strstr(rest, "/status/")) {
        protected = true;
        *us = 40000;                                   /* a task worker is forked */
    } else if (ends_with(rest, "/config") || ends_with(rest, "/pending")) {
        protected = !get;
        *us = get ? 10000 : 30000;                     /* PUT: lock, write to pmxcfs */
    } else if (ends_with(rest, "/termproxy")) {
        protected = true;
        *us = 50000;                                   /* a termproxy process is forked */
    } else if (ends_with(rest, "/monitor")) {
        protected = true;
        *us = 20000;
    } else {
        *us = ends_with(rest, "/vncwebsocket") ? 5000 : 10000;
    }
    *where = protected ? NODE_DAEMON : *node == 0 ? LOCAL : NODE_PROXY;
}

struct fake_cost_hold *fake_cost_request_begin(struct fake_cost_conn *c, const char *method,
                                               const char *path)
{
    enum where where;
    int node;
    unsigned us;
    classify(method, path, &where, &node, &us);
    struct fake_cost_hold *h = &c->hold;
    double waited = fifo_acquire(&c->w->q);
    if (where == LOCAL) {
        *h = (struct fake_cost_hold){ .final = &c->w->q, .stats = &S.entry, .started = mono(),
                                      .waited = waited, .service_us = ENTRY_US + us };
        return h;
    }
    sleep_us(ENTRY_US);
    fifo_release(&c->w->q);
    pthread_mutex_lock(&stats_lock);
    wait_add(&S.entry, waited, ENTRY_US / 1e6);
    pthread_mutex_unlock(&stats_lock);
    if (where == NODE_DAEMON && node != 0) {
        double w2 = fifo_acquire(&proxy_pool[node]);
        sleep_us(PROXY_HOP_US);
        fifo_release(&proxy_pool[node]);
        pthread_mutex_lock(&stats_lock);
        wait_add(&S.proxy, w2, PROXY_HOP_US / 1e6);
        pthread_mutex_unlock(&stats_lock);
    }
    struct fifo *pool = where == NODE_DAEMON ? &daemon_pool[node] : &proxy_pool[node];
    double w3 = fifo_acquire(pool);
    *h = (struct fake_cost_hold){ .final = pool, .stats = where == NODE_DAEMON ? &S.daemon : &S.proxy,
                                  .started = mono(), .waited = w3, .service_us = us };
    return h;
}

bool fake_cost_request_end(struct fake_cost_conn *c, struct fake_cost_hold *h, int status)
{
    double spent = mono() - h->started;
    sleep_us(h->service_us - spent * 1e6);
    fifo_release(h->final);
    struct worker *w = c->w;
    pthread_mutex_lock(&conns_lock);
    bool replaced = false;
    if (++w->requests >= (unsigned long)cfg.max_requests) {
        /* AnyEvent.pm: end_loop; PVE::Daemon starts a fresh worker. */
        w->requests = 0;
        w->gen++;
        replaced = true;
    }
    bool old = c->gen != w->gen;
    pthread_mutex_unlock(&conns_lock);
    c->keep_left--;
    bool keep = status < 400 && c->keep_left > 0 && !old;
    pthread_mutex_lock(&stats_lock);
    wait_add(h->stats, h->waited, h->service_us / 1e6 > spent ? h->service_us / 1e6 : spent);
    S.replacements += replaced;
    if (!keep) {
        if (status >= 400)
            S.closed_error++;
        else if (old)
            S.closed_replaced++;
        else
            S.closed_used_up++;
    }
    pthread_mutex_unlock(&stats_lock);
    return keep;
}

/* ---- report */

static char *append(char *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *append(char *out, const char *fmt, ...)
{
    char *more = NULL;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&more, fmt, ap) < 0)
        more = NULL;
    va_end(ap);
    char *joined = NULL;
    if (asprintf(&joined, "%s%s", out ? out : "", more ? more : "") < 0)
        joined = NULL;
    free(out);
    free(more);
    return joined;
}

static char *pool_line(char *out, const char *name, const struct wait_stats *s, double secs, int servers)
{
    return append(out, "%s requests %lu wait_ms_mean %.1f wait_ms_p50 %.1f wait_ms_p99 %.1f "
                  "wait_ms_max %.1f busy_pct %.1f\n", name, s->n, s->n ? s->total_ms / (double)s->n : 0,
                  wait_quantile(s, 0.5), wait_quantile(s, 0.99), s->max_ms,
                  secs > 0 && servers ? 100 * s->busy_ms / 1000 / secs / servers : 0);
}

char *fake_cost_stats(const char *arg)
{
    if (!enabled)
        return strdup("cost_model off\n");
    pthread_mutex_lock(&stats_lock);
    double now = mono(), secs = now - S.since;
    if (arg && !strcmp(arg, "reset")) {
        unsigned long open = S.open;
        memset(&S, 0, sizeof(S));
        S.open = open;
        S.since = now;
        pthread_mutex_unlock(&stats_lock);
        return strdup("ok\n");
    }
    char *out = append(NULL, "cost_model pve workers %d max_conn %d keep_alive %d idle_timeout_ms %d "
                       "max_requests %d backlog %d nodes %d\nseconds %.3f\n", cfg.workers, cfg.max_conn,
                       cfg.keep_alive, cfg.idle_timeout_ms, cfg.max_requests, cfg.backlog, nodes, secs);
    out = append(out, "connections_accepted %lu\nconnections_open %lu\nconnections_deferred %lu\n"
                 "connections_deferred_wait_ms_max %.0f\nconnections_refused %lu\n"
                 "connections_without_keepalive %lu\nclosed_idle %lu\nclosed_keepalive_used_up %lu\n"
                 "closed_error %lu\nclosed_worker_replaced %lu\nworker_replacements %lu\n",
                 S.accepted, S.open, S.deferred, S.deferred_max_ms, S.refused, S.no_keepalive,
                 S.closed_idle, S.closed_used_up, S.closed_error, S.closed_replaced, S.replacements);
    out = append(out, "entry_workers_busy_pct %.1f\n", secs > 0 ? 100 * (S.handshake.busy_ms + S.entry.busy_ms)
                 / 1000 / secs / cfg.workers : 0);
    out = pool_line(out, "handshake", &S.handshake, secs, cfg.workers);
    out = pool_line(out, "entry", &S.entry, secs, cfg.workers);
    out = pool_line(out, "node_pveproxy", &S.proxy, secs, cfg.workers * (nodes > 1 ? nodes - 1 : 1));
    out = pool_line(out, "node_pvedaemon", &S.daemon, secs, cfg.workers * nodes);
    pthread_mutex_unlock(&stats_lock);
    return out;
}
