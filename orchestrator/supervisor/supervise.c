/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bmcfiles.h"
#include "child_output.h"
#include "fdlimit.h"
#include "mbmc_config.h"
#include "fileutil.h"
#include "bmc_net.h"
#include "pvepoll.h"
#include "bmc_sol.h"
#include "reaper.h"
#include "reload_plan.h"
#include "spawn.h"
#include "user_slots.h"

#define BACKOFF_FIRST_MS 200
#define BACKOFF_MAX_MS 30000
/* A run this long resets the backoff: a start-up crash loop dies within milliseconds and
 * still backs off to 30 s, while an ipmi_sim that served and was then killed (OOM killer,
 * an admin, a fault test) comes back in 200 ms each time. */
#define STABLE_AFTER_US (3 * G_USEC_PER_SEC)
#define KILL_AFTER_MS 3000
/* Descriptors the supervisor needs besides the ~3 per BMC: its own, the poller's. */
#define FD_RESERVE 200

typedef struct Supervisor Supervisor;

typedef struct {
    Supervisor *sv;
    guint vmid;
    MbmcBmc *bmc;          /* the config entry it runs with */
    pid_t pid;             /* the running ipmi_sim, 0 when none (watched by reaper.c) */
    gboolean spawning;     /* a spawner thread is starting it (spawn.c) */
    char *pid_str;
    gint64 started_us;     /* monotonic, for the backoff */
    gint64 started_wall;   /* seconds since the epoch, for status */
    guint restarts;
    guint backoff_ms;
    guint timer;           /* restart or kill timer */
    char *last_error;
    gboolean stopping;     /* stop requested: do not restart */
    gboolean restart_now;  /* stopping only to start again with new files */
    gboolean remove_net;   /* on stop, also remove the address */
    gboolean move_net;     /* before the restart, remove the old address (it changed) */
    MbmcBmcSol *sol;       /* Proxmox serial bridge, or NULL */
    const char *state;     /* last state written to run-dir/<vmid>/supervisor */
    char *output_error;    /* last line of ipmi_sim's output that reports an error */
    guint generation;      /* which process the output reader belongs to */
    gboolean output_open;  /* the current process's output is still being read */
    char *exit_why;        /* unexpected exit, handled once its last output is read */
    guint drain_timer;
} Child;

struct Supervisor {
    char *config_path;
    char *self;
    MbmcConfig *cfg;
    GHashTable *children;  /* vmid -> Child* */
    GMainLoop *loop;
    gboolean quitting;
    int pid_fd;
    MbmcPvePoll *pvepoll;  /* the shared power-state poller, or NULL */
    gboolean started;      /* every configured BMC has been started once */
};

static void child_start(Child *ch);
static void child_stopped_idle(Child *ch);
static void on_spawned(gpointer data, pid_t pid, int out, const GError *error);
static gboolean kill_cb(gpointer data);

static void log_line(guint vmid, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void log_line(guint vmid, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    /* localtime_r, not GDateTime: GLib 2.74 looks /etc/localtime up again for every local
     * time (three system calls), and a fleet's start logs several lines per BMC. */
    time_t t = time(NULL);
    struct tm tm;
    char ts[32] = "";
    if (localtime_r(&t, &tm))
        strftime(ts, sizeof(ts), "%F %T", &tm);
    if (vmid)
        g_printerr("%s [%u] %s\n", ts, vmid, msg);
    else
        g_printerr("%s multibmc: %s\n", ts, msg);
}

/* run-dir/<vmid>/supervisor: what `multibmc status` shows besides the module's own file. */
static void write_state(Child *ch, const char *state)
{
    g_autofree char *run = mbmc_bmc_run_dir(ch->sv->cfg, ch->vmid);
    if (!g_file_test(run, G_FILE_TEST_IS_DIR))
        return;
    g_autofree char *path = g_build_filename(run, "supervisor", NULL);
    ch->state = state;
    g_autofree char *err = g_strdup(ch->last_error ? ch->last_error : "");
    g_strdelimit(err, "\n\r", ' ');
    g_autofree char *sol = ch->sol ? mbmc_bmc_sol_state(ch->sol) : g_strdup("");
    g_strdelimit(sol, "\n\r", ' ');
    g_autofree char *text = g_strdup_printf("state=%s\npid=%s\nstarted=%" G_GINT64_FORMAT "\nrestarts=%u\n"
                                            "error=%s\nsol=%s\n", state, ch->pid_str ? ch->pid_str : "",
                                            ch->started_wall, ch->restarts, err, sol);
    g_autoptr(GError) e = NULL;
    if (!mbmc_write_runtime_file(path, text, strlen(text), 0600, &e))
        log_line(ch->vmid, "cannot write %s: %s", path, e->message);
}

static void set_error(Child *ch, const char *msg)
{
    g_free(ch->last_error);
    ch->last_error = g_strdup(msg);
}

static void child_free(Child *ch)
{
    if (ch->timer)
        g_source_remove(ch->timer);
    if (ch->pid)
        mbmc_reaper_forget(ch->pid);
    mbmc_bmc_sol_free(ch->sol);
    mbmc_bmc_free(ch->bmc);
    g_free(ch->pid_str);
    g_free(ch->last_error);
    g_free(ch->output_error);
    g_free(ch->exit_why);
    if (ch->drain_timer)
        g_source_remove(ch->drain_timer);
    g_free(ch);
}

static gboolean restart_cb(gpointer data)
{
    Child *ch = data;
    ch->timer = 0;
    child_start(ch);
    return G_SOURCE_REMOVE;
}

static void schedule_restart(Child *ch)
{
    ch->backoff_ms = ch->backoff_ms ? MIN(ch->backoff_ms * 2, BACKOFF_MAX_MS) : BACKOFF_FIRST_MS;
    log_line(ch->vmid, "restarting in %u ms", ch->backoff_ms);
    write_state(ch, "backoff");
    ch->timer = g_timeout_add(ch->backoff_ms, restart_cb, ch);
}

/* Does any other BMC that stays use this address? Then removing it would cut that one off. */
static gboolean address_still_wanted(Supervisor *sv, Child *gone)
{
    GHashTableIter it;
    gpointer v;
    g_hash_table_iter_init(&it, sv->children);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        Child *o = v;
        if (o != gone && !o->stopping && !strcmp(o->bmc->address, gone->bmc->address))
            return TRUE;
    }
    return FALSE;
}

static void child_finished(Child *ch)
{
    Supervisor *sv = ch->sv;
    g_autofree char *run = mbmc_bmc_run_dir(sv->cfg, ch->vmid);
    /* An alias shared with a BMC that stays is left alone; a macvlan link is this BMC's own. */
    if (ch->remove_net && (sv->cfg->mode == MBMC_MODE_MACVLAN || !address_still_wanted(sv, ch))) {
        g_autoptr(GError) err = NULL;
        if (!mbmc_bmc_net_down(run, &err))
            log_line(ch->vmid, "%s", err->message);
        else
            log_line(ch->vmid, "address %s removed", ch->bmc->address);
    }
    if (ch->remove_net && !sv->quitting) {
        /* Deleted BMC: its runtime files go too (the state dir stays, like a real BMC's NVRAM). */
        const char *files[] = { "lan.conf", "bmc.emu", "status", "supervisor", "netif", "power-restore" };
        for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
            g_autofree char *p = g_build_filename(run, files[i], NULL);
            g_unlink(p);
        }
        g_rmdir(run);
    } else {
        write_state(ch, "stopped");
    }
    g_hash_table_remove(sv->children, GUINT_TO_POINTER(ch->vmid));
    if (sv->quitting && g_hash_table_size(sv->children) == 0)
        g_main_loop_quit(sv->loop);
}

/* An unexpected exit, once its output is read: record why, count it, restart with backoff. */
static void crashed(Child *ch)
{
    if (ch->drain_timer) {
        g_source_remove(ch->drain_timer);
        ch->drain_timer = 0;
    }
    if (ch->output_error) {
        /* Say why in the module's words ("refusing to start: ..."), not only the status. */
        g_autofree char *full = g_strdup_printf("%s: %s", ch->exit_why, ch->output_error);
        set_error(ch, full);
    } else {
        set_error(ch, ch->exit_why);
    }
    g_clear_pointer(&ch->exit_why, g_free);
    ch->restarts++;
    if (g_get_monotonic_time() - ch->started_us >= STABLE_AFTER_US)
        ch->backoff_ms = 0;
    schedule_restart(ch);
}

static gboolean drain_cb(gpointer data)
{
    Child *ch = data;
    ch->drain_timer = 0;
    crashed(ch);
    return G_SOURCE_REMOVE;
}

static void on_child_exit(pid_t pid, int status, gpointer data)
{
    Child *ch = data;
    (void)pid;
    g_autofree char *why = WIFSIGNALED(status)
        ? g_strdup_printf("ipmi_sim (pid %s) was killed by signal %d", ch->pid_str, WTERMSIG(status))
        : g_strdup_printf("ipmi_sim (pid %s) exited with status %d", ch->pid_str, WEXITSTATUS(status));
    ch->pid = 0;            /* reaped: never signal that number again */
    g_clear_pointer(&ch->pid_str, g_free);
    if (ch->timer) {
        g_source_remove(ch->timer);
        ch->timer = 0;
    }
    if (ch->stopping && ch->restart_now) {
        log_line(ch->vmid, "%s; starting it with the new configuration", why);
        ch->stopping = ch->restart_now = FALSE;
        if (ch->move_net) {
            g_autofree char *run = mbmc_bmc_run_dir(ch->sv->cfg, ch->vmid);
            g_autoptr(GError) err = NULL;
            if (!mbmc_bmc_net_down(run, &err))
                log_line(ch->vmid, "%s", err->message);
            ch->move_net = FALSE;
        }
        ch->backoff_ms = 0;
        child_start(ch);
        return;
    }
    if (ch->stopping) {
        log_line(ch->vmid, "stopped");
        child_finished(ch);
        return;
    }
    log_line(ch->vmid, "%s", why);
    ch->exit_why = g_steal_pointer(&why);
    if (!ch->output_open)
        crashed(ch);
    else   /* its last words may still be in the pipe */
        ch->drain_timer = g_timeout_add(300, drain_cb, ch);
}

/* Whose output a watch reads: the process of one generation of a BMC. */
typedef struct {
    Supervisor *sv;
    guint vmid;
    guint generation;
} OutputOf;

static void output_line(gpointer data, const char *line)
{
    OutputOf *o = data;
    Child *ch = g_hash_table_lookup(o->sv->children, GUINT_TO_POINTER(o->vmid));
    if (ch && ch->generation != o->generation)
        ch = NULL;   /* output of an older process */
    if (!line) {
        if (ch) {
            ch->output_open = FALSE;
            if (ch->exit_why)
                crashed(ch);
        }
        return;
    }
    log_line(o->vmid, "%s", line);
    /* Our module's "error: ..." lines explain best; ipmi_sim's own "Error ..." lines only
     * when nothing better was said. */
    const char *msg = strstr(line, "error: ");
    if (ch && (msg || (strstr(line, "Error ") && !ch->output_error))) {
        g_free(ch->output_error);
        ch->output_error = g_strdup(msg ? msg + 7 : line);
    }
}

/* The bridge attached, let go or failed: `multibmc status` shows it at once. */
static void sol_changed(gpointer data)
{
    Child *ch = data;
    if (ch->state)
        write_state(ch, ch->state);
}

/* The bridges ask the current poller (it may be replaced by a reload). */
static gboolean shared_vm_state(gpointer data, guint vmid, gboolean *running, char **node)
{
    Supervisor *sv = data;
    return mbmc_pve_poll_vm_state(sv->pvepoll, vmid, running, node);
}

/* A Proxmox BMC without a serial device of its own gets a bridge (kept across restarts of its
 * ipmi_sim, so its port and the console history source stay the same). */
static void ensure_sol(Child *ch)
{
    if (ch->sol || ch->bmc->backend != MBMC_BACKEND_KIND_PROXMOX || ch->bmc->sol_device)
        return;
    g_autoptr(GError) err = NULL;
    ch->sol = mbmc_bmc_sol_start(ch->sv->cfg, ch->bmc, shared_vm_state, ch->sv, &err);
    if (ch->sol)
        mbmc_bmc_sol_set_notify(ch->sol, sol_changed, ch);
    if (err)
        log_line(ch->vmid, "no Serial-over-LAN: %s", err->message);
}

static gboolean child_render(Child *ch, const uint8_t mac[6], gboolean *changed, GError **error)
{
    ensure_sol(ch);
    MbmcBmc *eff = mbmc_bmc_copy(ch->bmc);
    if (!eff->sol_device && ch->sol)
        eff->sol_device = mbmc_bmc_sol_device(ch->sol);
    gboolean ok = mbmc_bmc_write_files(ch->sv->cfg, eff, mac, ch->sv->self, changed, error);
    mbmc_bmc_free(eff);
    return ok;
}

static void child_start(Child *ch)
{
    Supervisor *sv = ch->sv;
    g_autoptr(GError) err = NULL;
    uint8_t mac[6];
    gboolean changed;
    if (!mbmc_bmc_net_up(sv->cfg, ch->bmc, mac, &err) || !child_render(ch, mac, &changed, &err)) {
        log_line(ch->vmid, "cannot start: %s", err->message);
        set_error(ch, err->message);
        schedule_restart(ch);
        return;
    }
    g_clear_pointer(&ch->output_error, g_free);
    g_autofree char *run = mbmc_bmc_run_dir(sv->cfg, ch->vmid);
    g_autofree char *state = mbmc_bmc_state_dir(sv->cfg, ch->vmid);
    /* The configuration's user (slot 2) is the truth at every start (user_slots.h). */
    static const guint config_slots[] = { 2 };
    gboolean reset = FALSE;
    g_autofree char *simname = g_strdup_printf("vm%u", ch->vmid);
    if (!mbmc_user_slots_reset(state, simname, config_slots, G_N_ELEMENTS(config_slots), &reset, &err)) {
        log_line(ch->vmid, "cannot restore the configured login: %s", err->message);
        g_clear_error(&err);
    } else if (reset) {
        log_line(ch->vmid, "the login changed over IPMI is back to the configuration's password file");
    }
    g_autofree char *lan = g_build_filename(run, "lan.conf", NULL);
    g_autofree char *emu = g_build_filename(run, "bmc.emu", NULL);
    /* If the supervisor dies (even by SIGKILL), its ipmi_sims go with it (PR_SET_PDEATHSIG,
     * spawn.c): the next start finds the addresses free and owns them again. */
    const char *argv[] = { mbmc_config_ipmi_sim(sv->cfg), "-n", "-c", lan, "-f", emu, "-s", state, NULL };
    ch->spawning = TRUE;
    mbmc_spawn(argv, run, on_spawned, ch);
}

/* The spawner thread has started it (or could not): watch it. */
static void on_spawned(gpointer data, pid_t pid, int out, const GError *error)
{
    Child *ch = data;
    Supervisor *sv = ch->sv;
    ch->spawning = FALSE;
    if (!pid) {
        log_line(ch->vmid, "cannot run ipmi_sim: %s", error->message);
        set_error(ch, error->message);
        if (ch->stopping)
            child_stopped_idle(ch);
        else
            schedule_restart(ch);
        return;
    }
    ch->pid = pid;
    ch->pid_str = g_strdup_printf("%ld", (long)pid);
    ch->started_us = g_get_monotonic_time();
    log_line(ch->vmid, "ipmi_sim started (pid %s) on %s:623", ch->pid_str, ch->bmc->address);
    OutputOf *o = g_new0(OutputOf, 1);
    o->vmid = ch->vmid;
    o->sv = sv;
    o->generation = ++ch->generation;
    ch->output_open = TRUE;
    mbmc_child_output_watch(out, output_line, o, g_free);
    mbmc_reaper_watch(pid, on_child_exit, ch);
    ch->started_wall = g_get_real_time() / G_USEC_PER_SEC;
    write_state(ch, "running");
    if (ch->stopping) {      /* stopped while it was being started: now it can be */
        kill(ch->pid, SIGTERM);
        ch->timer = g_timeout_add(KILL_AFTER_MS, kill_cb, ch);
    }
}

static gboolean kill_cb(gpointer data)
{
    Child *ch = data;
    ch->timer = 0;
    if (ch->pid) {
        log_line(ch->vmid, "ipmi_sim did not stop on SIGTERM; sending SIGKILL");
        kill(ch->pid, SIGKILL);
    }
    return G_SOURCE_REMOVE;
}

/* Stop a child; remove_net also removes its address, restart starts it again afterwards. */
static void child_stop(Child *ch, gboolean remove_net, gboolean restart)
{
    ch->stopping = TRUE;
    ch->remove_net = remove_net;
    ch->restart_now = restart;
    if (ch->drain_timer) {   /* a crash being recorded: the stop wins */
        g_source_remove(ch->drain_timer);
        ch->drain_timer = 0;
    }
    g_clear_pointer(&ch->exit_why, g_free);
    if (ch->timer) {
        g_source_remove(ch->timer);
        ch->timer = 0;
    }
    if (ch->spawning)              /* on_spawned stops it once it has a pid */
        return;
    if (!ch->pid) {                /* waiting in backoff: nothing runs */
        child_stopped_idle(ch);
        return;
    }
    kill(ch->pid, SIGTERM);
    ch->timer = g_timeout_add(KILL_AFTER_MS, kill_cb, ch);
}

/* A stop asked for while no ipmi_sim runs: start again (with the new files) or finish. */
static void child_stopped_idle(Child *ch)
{
    if (ch->restart_now) {
        ch->stopping = ch->restart_now = FALSE;
        if (ch->move_net) {
            g_autofree char *run = mbmc_bmc_run_dir(ch->sv->cfg, ch->vmid);
            mbmc_bmc_net_down(run, NULL);
            ch->move_net = FALSE;
        }
        child_start(ch);
    } else {
        child_finished(ch);
    }
}

static Child *child_new(Supervisor *sv, const MbmcBmc *b)
{
    Child *ch = g_new0(Child, 1);
    ch->sv = sv;
    ch->vmid = b->vmid;
    ch->bmc = mbmc_bmc_copy(b);
    g_hash_table_insert(sv->children, GUINT_TO_POINTER(b->vmid), ch);
    return ch;
}

/* ipmi_sims left by a supervisor that was killed before PDEATHSIG could help (or by
 * an older version): they hold the addresses, so they go first. */
static void kill_leftover_sims(const MbmcConfig *c)
{
    g_autoptr(GDir) dir = g_dir_open(c->run_dir, 0, NULL);
    const char *name;
    while (dir && (name = g_dir_read_name(dir))) {
        g_autofree char *path = g_build_filename(c->run_dir, name, "supervisor", NULL);
        g_autofree char *text = NULL, *cmdline = NULL, *proc = NULL;
        gsize len = 0;
        if (!g_file_get_contents(path, &text, NULL, NULL))
            continue;
        char *p = strstr(text, "\npid=");
        long pid = p ? atol(p + 5) : 0;
        if (pid <= 1)
            continue;
        proc = g_strdup_printf("/proc/%ld/cmdline", pid);
        if (!g_file_get_contents(proc, &cmdline, &len, NULL))
            continue;
        for (gsize i = 0; i + 1 < len; i++)
            if (!cmdline[i])
                cmdline[i] = ' ';
        g_autofree char *lan = g_build_filename(c->run_dir, name, "lan.conf", NULL);
        if (!strstr(cmdline, "ipmi_sim") || !strstr(cmdline, lan))
            continue;
        log_line(0, "stopping leftover ipmi_sim pid %ld of BMC %s", pid, name);
        kill((pid_t)pid, SIGKILL);
        for (int i = 0; i < 50 && kill((pid_t)pid, 0) == 0; i++)
            g_usleep(20000);
    }
}

static MbmcConfig *load_locked(const char *path, GError **error)
{
    int fd = mbmc_config_lock(path, error);
    if (fd < 0)
        return NULL;
    MbmcConfig *c = mbmc_config_load(path, error);
    mbmc_config_unlock(fd);
    return c;
}

/* The shared poller follows the configuration: same API settings keep it (with the new set
 * of VMs), others restart it; none when shared polling is off or there is no Proxmox BMC.
 * Runs before the BMCs start, so that their table exists. */
static void pvepoll_follow(Supervisor *sv)
{
    g_autoptr(GError) err = NULL;
    if (sv->pvepoll && mbmc_pve_poll_same_settings(sv->pvepoll, sv->cfg)) {
        if (!mbmc_pve_poll_update(sv->pvepoll, sv->cfg, &err))
            log_line(0, "shared Proxmox poller: %s", err->message);
        return;
    }
    /* The old table goes with the old poller; a new poller writes a new one right away. */
    mbmc_pve_poll_free(sv->pvepoll, TRUE);
    sv->pvepoll = mbmc_pve_poll_start(sv->cfg, &err);
    if (err)
        log_line(0, "no shared Proxmox poller (the BMCs poll Proxmox themselves): %s", err->message);
    if (sv->started)
        mbmc_pve_poll_fleet_started(sv->pvepoll);
}

/* The plan's view of the children (reload_plan.h); entries borrowed from the children. */
static GArray *reload_children(Supervisor *sv)
{
    GArray *kids =
        g_array_sized_new(FALSE, TRUE, sizeof(MbmcReloadChild), g_hash_table_size(sv->children));
    GHashTableIter it;
    gpointer v;
    g_hash_table_iter_init(&it, sv->children);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        Child *ch = v;
        MbmcReloadChild k = { ch->vmid, ch->bmc, ch->stopping, ch->restart_now, ch->sol != NULL };
        g_array_append_val(kids, k);
    }
    return kids;
}

static void child_take_entry(Child *ch, const MbmcBmc *b)
{
    mbmc_bmc_free(ch->bmc);
    ch->bmc = mbmc_bmc_copy(b);
}

/* Same address: render again; restart only when ipmi_sim's files (or the entry) changed. */
static gboolean child_refresh(Child *ch, const MbmcReloadAction *a)
{
    g_autoptr(GError) err = NULL;
    uint8_t mac[6];
    gboolean files_changed = FALSE;
    child_take_entry(ch, a->entry);
    if (!mbmc_bmc_net_up(ch->sv->cfg, a->entry, mac, &err) ||
        !child_render(ch, mac, &files_changed, &err)) {
        log_line(ch->vmid, "reload: %s", err->message);
        set_error(ch, err->message);
        return FALSE;
    }
    if (!files_changed && !a->entry_changed)
        return FALSE;
    log_line(ch->vmid, "%s", a->message);
    child_stop(ch, FALSE, TRUE);
    return TRUE;
}

/* Children that stay after a reload: not counted by subtracting the removed ones, since a
 * removed child in backoff has already left the table. */
static guint children_kept(Supervisor *sv)
{
    guint n = 0;
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, sv->children);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        const Child *ch = value;
        n += !ch->stopping || ch->restart_now;
    }
    return n;
}

/* Carry out a reload plan, in its order. Takes next (NULL when it could not be loaded). */
static void reload_apply(Supervisor *sv, MbmcConfig *next, const MbmcReloadPlan *plan)
{
    MbmcConfig *old = sv->cfg;
    guint added = 0, removed = 0, changed = 0;
    if (next)
        sv->cfg = next;   /* what the children are rendered, started and stopped with */
    for (guint i = 0; i < plan->actions->len; i++) {
        const MbmcReloadAction *a = mbmc_reload_plan_action(plan, i);
        /* A child may already be gone: a stop of one in backoff finishes at once. */
        Child *ch = a->vmid ? g_hash_table_lookup(sv->children, GUINT_TO_POINTER(a->vmid)) : NULL;
        switch (a->kind) {
        case MBMC_RELOAD_REFUSE:
            log_line(0, "%s", a->message);
            return;
        case MBMC_RELOAD_KEEP_RUN_DIR:
            log_line(0, "%s", a->message);
            g_free(next->run_dir);
            next->run_dir = g_strdup(old->run_dir);
            break;
        case MBMC_RELOAD_POLLER_FOLLOW:
            pvepoll_follow(sv);
            break;
        case MBMC_RELOAD_STOP:
            if (!ch)
                break;
            log_line(ch->vmid, "%s", a->message);
            removed++;
            child_stop(ch, TRUE, FALSE);
            break;
        case MBMC_RELOAD_MOVE:
            if (!ch)
                break;
            /* The old address goes, then it starts afresh. */
            log_line(ch->vmid, "%s", a->message);
            changed++;
            child_take_entry(ch, a->entry);
            ch->move_net = TRUE;
            child_stop(ch, FALSE, TRUE);
            break;
        case MBMC_RELOAD_START:
            added++;
            log_line(a->vmid, "%s", a->message);
            child_start(child_new(sv, a->entry));
            break;
        case MBMC_RELOAD_REVIVE:
            if (!ch)
                break;
            child_take_entry(ch, a->entry);
            ch->remove_net = FALSE;
            ch->restart_now = ch->move_net = TRUE;
            added++;
            break;
        case MBMC_RELOAD_DROP_SOL:
            if (ch)
                g_clear_pointer(&ch->sol, mbmc_bmc_sol_free);
            break;
        case MBMC_RELOAD_REFRESH:
            if (ch && child_refresh(ch, a))
                changed++;
            break;
        }
    }
    mbmc_config_free(old);
    log_line(0, "reloaded: %u added, %u removed, %u changed, %u running", added, removed, changed,
             children_kept(sv));
}

static gboolean on_hup(gpointer data)
{
    Supervisor *sv = data;
    g_autoptr(GError) err = NULL;
    if (sv->quitting)
        return G_SOURCE_CONTINUE;
    MbmcConfig *next = load_locked(sv->config_path, &err);
    g_autoptr(GArray) kids = reload_children(sv);
    g_autoptr(MbmcReloadPlan) plan = mbmc_reload_plan_new(
        sv->cfg, next, err, (const MbmcReloadChild *)(void *)kids->data, kids->len);
    g_clear_pointer(&kids, g_array_unref);   /* its entries may go with the children */
    reload_apply(sv, next, plan);
    return G_SOURCE_CONTINUE;
}

static gboolean on_term(gpointer data)
{
    Supervisor *sv = data;
    if (sv->quitting)
        return G_SOURCE_CONTINUE;
    log_line(0, "stopping %u BMCs", g_hash_table_size(sv->children));
    sv->quitting = TRUE;
    if (g_hash_table_size(sv->children) == 0) {
        g_main_loop_quit(sv->loop);
        return G_SOURCE_CONTINUE;
    }
    g_autoptr(GList) kids = g_hash_table_get_values(sv->children);
    for (GList *l = kids; l; l = l->next)
        child_stop(l->data, TRUE, FALSE);
    return G_SOURCE_CONTINUE;
}

/* The first start after a host boot (the kernel's boot id differs from the one recorded in
 * run_dir, or none is recorded): each local-QEMU BMC gets its power-restore flag, so it
 * applies its power restore policy once (chassis.c). A supervisor restart finds the same
 * boot id and leaves the VMs alone. Proxmox VMs follow their own onboot flag. */
static void note_host_boot(const MbmcConfig *c)
{
    g_autofree char *id = NULL, *seen = NULL;
    g_autofree char *marker = g_build_filename(c->run_dir, "boot-id", NULL);
    if (!g_file_get_contents("/proc/sys/kernel/random/boot_id", &id, NULL, NULL))
        return;
    g_strstrip(id);
    if (g_file_get_contents(marker, &seen, NULL, NULL) && !strcmp(g_strstrip(seen), id))
        return;
    guint n = 0;
    for (guint i = 0; i < c->bmcs->len; i++) {
        const MbmcBmc *b = g_ptr_array_index(c->bmcs, i);
        if (b->backend != MBMC_BACKEND_KIND_QMP)
            continue;
        g_autofree char *run = mbmc_bmc_run_dir(c, b->vmid);
        g_autofree char *flag = mbmc_bmc_restore_flag(c, b->vmid);
        g_autoptr(GError) err = NULL;
        if (g_mkdir_with_parents(run, 0700) != 0 || !mbmc_write_file_atomic(flag, "", 0, 0600, &err))
            log_line(b->vmid, "cannot mark the host boot for the power restore policy: %s",
                     err ? err->message : g_strerror(errno));
        else
            n++;
    }
    g_autoptr(GError) err = NULL;
    g_autofree char *text = g_strdup_printf("%s\n", id);
    if (!mbmc_write_file_atomic(marker, text, strlen(text), 0644, &err))
        log_line(0, "cannot record the boot id: %s", err->message);
    log_line(0, "first start since the host booted: %u local-QEMU BMCs apply their power restore policy", n);
}

char *mbmc_supervisor_pidfile(const char *run_dir)
{
    return g_build_filename(run_dir, "multibmc.pid", NULL);
}

pid_t mbmc_supervisor_pid(const char *run_dir)
{
    g_autofree char *path = mbmc_supervisor_pidfile(run_dir);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    /* The supervisor holds a lock on its pid file: a stale file is not a live supervisor. */
    if (flock(fd, LOCK_SH | LOCK_NB) == 0) {
        close(fd);
        return 0;
    }
    char buf[32] = "";
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    return (pid_t)atol(buf);
}

static gboolean take_pidfile(Supervisor *sv, GError **error)
{
    if (g_mkdir_with_parents(sv->cfg->run_dir, 0755) != 0) {
        int e = errno;
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "cannot create %s: %s", sv->cfg->run_dir,
                    g_strerror(e));
        return FALSE;
    }
    g_autofree char *path = mbmc_supervisor_pidfile(sv->cfg->run_dir);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                    e == EWOULDBLOCK ? "another supervisor is already running for %s (see %s)"
                                     : "cannot lock %s", sv->cfg->run_dir, path);
        return FALSE;
    }
    g_autofree char *pid = g_strdup_printf("%ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0 || write(fd, pid, strlen(pid)) != (ssize_t)strlen(pid)) {
        int e = errno;
        close(fd);
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "cannot write %s: %s", path, g_strerror(e));
        return FALSE;
    }
    sv->pid_fd = fd;
    return TRUE;
}

int mbmc_supervise(const char *config_path, const char *self)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *path_copy = g_strdup(config_path), *self_copy = g_strdup(self);
    Supervisor sv = { .config_path = path_copy, .self = self_copy, .pid_fd = -1 };
    sv.cfg = load_locked(config_path, &err);
    if (!sv.cfg) {
        g_printerr("multibmc: %s\n", err->message);
        return 1;
    }
    /* SIGCHLD blocked before any thread exists (reaper.h), so that none of them takes it. */
    if (!mbmc_reaper_init(&err)) {
        g_printerr("multibmc: %s\n", err->message);
        mbmc_config_free(sv.cfg);
        return 1;
    }
    /* Signals are caught before anyone can find our pid: a SIGTERM that arrives while the
     * BMCs are being started is handled once the loop runs, not by the default action. */
    guint s1 = g_unix_signal_add(SIGTERM, on_term, &sv);
    guint s2 = g_unix_signal_add(SIGINT, on_term, &sv);
    guint s3 = g_unix_signal_add(SIGHUP, on_hup, &sv);
    if (!take_pidfile(&sv, &err)) {
        g_printerr("multibmc: %s\n", err->message);
        g_source_remove(s1);
        g_source_remove(s2);
        g_source_remove(s3);
        mbmc_config_free(sv.cfg);
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    mbmc_fdlimit_raise();   /* ~3 fds per BMC; systemd's soft limit 1024 is too few */
    guint64 need = 3 * (guint64)sv.cfg->bmcs->len + FD_RESERVE, have = mbmc_fdlimit_current();
    if (have && need > have)
        log_line(0, "warning: %u BMCs need about %" G_GUINT64_FORMAT " file descriptors, the limit "
                 "is %" G_GUINT64_FORMAT ": BMCs beyond it will fail to start (raise LimitNOFILE= "
                 "in the unit, or ulimit -Hn)", sv.cfg->bmcs->len, need, have);
    sv.children = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)child_free);
    sv.loop = g_main_loop_new(NULL, FALSE);
    kill_leftover_sims(sv.cfg);
    mbmc_bmc_net_reconcile(sv.cfg);
    note_host_boot(sv.cfg);
    log_line(0, "supervising %u BMCs on %s (%s mode)", sv.cfg->bmcs->len, sv.cfg->interface,
             mbmc_mode_name(sv.cfg->mode));
    pvepoll_follow(&sv);
    for (guint i = 0; i < sv.cfg->bmcs->len; i++)
        child_start(child_new(&sv, g_ptr_array_index(sv.cfg->bmcs, i)));
    sv.started = TRUE;
    mbmc_pve_poll_fleet_started(sv.pvepoll);
    g_main_loop_run(sv.loop);
    mbmc_pve_poll_free(sv.pvepoll, TRUE);
    g_source_remove(s1);
    g_source_remove(s2);
    g_source_remove(s3);
    g_autofree char *pidfile = mbmc_supervisor_pidfile(sv.cfg->run_dir);
    g_unlink(pidfile);
    close(sv.pid_fd);
    log_line(0, "stopped");
    g_hash_table_unref(sv.children);
    g_main_loop_unref(sv.loop);
    mbmc_config_free(sv.cfg);
    return 0;
}
