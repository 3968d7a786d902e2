/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _GNU_SOURCE
/* clone (or vfork) + exec on spawner threads (see spawn.h). */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fdlimit.h"

/* Between clone/vfork and exec only system calls on the stack: the child borrows the
 * supervisor's memory (and the other threads, the shared poller, go on using it). Everything
 * else is prepared before, and the child never returns from child(). */
static void close_from(int lowfd)
{
#ifdef SYS_close_range
    if (syscall(SYS_close_range, lowfd, ~0U, 0) == 0)
        return;
#endif
    long max = sysconf(_SC_OPEN_MAX);
    for (int fd = lowfd; fd < max; fd++)
        close(fd);
}

static void put(const char *s)
{
    ssize_t r = write(1, s, strlen(s));
    (void)r;
}

static void child(const char *const *argv, const char *cwd, int out, pid_t parent,
                  const char *exec_failed)
{
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent)    /* the supervisor died before the line above */
        _exit(127);
    if (dup2(out, 1) < 0 || dup2(out, 2) < 0)
        _exit(127);
    close_from(3);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL);   /* the supervisor ignores it; ipmi_sim's module decides */
    mbmc_fdlimit_restore();
    if (cwd && chdir(cwd) != 0) {
        put("error: cannot enter the BMC's run directory\n");
        _exit(127);
    }
    execv(argv[0], (char *const *)argv);
    put(exec_failed);
    _exit(127);
}

/* ---- sharing the descriptor table until the child has its own small one
 *
 * vfork() copies the supervisor's descriptor table (about three per BMC: thousands) and the
 * child closes them all again: per start ~0.35 ms of CPU with 3000 descriptors, ~2 ms with
 * 15000 (measured), so a fleet's start grew with the square of its size. Instead the child
 * shares the table (CLONE_FILES) and its first act, close_range(CLOSE_RANGE_UNSHARE) above a
 * low slot, gives it a table of only the descriptors below: its stdin, stdout, stderr, a few
 * of the supervisor's first and the slot, where its spawner thread put the output pipe. Until
 * that call the child touches no descriptor: they are the supervisor's (Linux 5.9+; else
 * vfork as before). */

#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE (1U << 1)
#endif
#define CHILD_STACK (64 * 1024)

typedef struct {
    const char *const *argv;
    const char *cwd;
    int slot;
    pid_t parent;
    const char *exec_failed;
} ChildArgs;

static int child_unshared(void *data)
{
    const ChildArgs *a = data;
    /* The whole range above the slot: the kernel then copies only the table below it. */
    if (syscall(SYS_close_range, (unsigned)a->slot + 1, ~0U, CLOSE_RANGE_UNSHARE) != 0)
        _exit(127);
    child(a->argv, a->cwd, a->slot, a->parent, a->exec_failed);
    return 127;
}

/* close_range() and its CLOSE_RANGE_UNSHARE came with the same kernel (5.9): asking for the
 * call on an empty range, beyond any descriptor, tells. Never with the flag here: the
 * supervisor's threads share its table, and the flag would give this thread a copy of its
 * own (descriptors the others open would be unknown to it, and the reverse). */
static gboolean unshare_works(void)
{
#ifdef SYS_close_range
    return syscall(SYS_close_range, ~0U - 1, ~0U - 1, 0) == 0;
#else
    return FALSE;
#endif
}

/* What each spawner thread keeps: its slot (holding /dev/null between starts) and the stack
 * its children run on until exec. */
typedef struct {
    int slot;
    guint8 *stack;
} Spawner;

static int dev_null = -1;

/* Closes what is open of the pipe (-1: not made). */
static gboolean failed(GError **error, const char *what, int e, int p0, int p1)
{
    if (p0 >= 0)
        close(p0);
    if (p1 >= 0)
        close(p1);
    g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "cannot %s: %s", what, g_strerror(e));
    return FALSE;
}

static gboolean spawn_unshared(Spawner *sp, char *const *argv, const char *cwd, pid_t *pid,
                               int *out_fd, GError **error)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0)
        return failed(error, "make a pipe", errno, -1, -1);
    if (dup3(p[1], sp->slot, O_CLOEXEC) < 0)
        return failed(error, "make a pipe", errno, p[0], p[1]);
    close(p[1]);
    g_autofree char *exec_failed = g_strdup_printf("error: cannot execute %s\n", argv[0]);
    ChildArgs a = { (const char *const *)argv, cwd, sp->slot, getpid(), exec_failed };
    pid_t c = clone(child_unshared, sp->stack + CHILD_STACK,
                    CLONE_VM | CLONE_VFORK | CLONE_FILES | SIGCHLD, &a);
    int e = errno;
    /* Back to /dev/null: the child has its own copy of the pipe's write end by now (or none). */
    dup3(dev_null, sp->slot, O_CLOEXEC);
    if (c < 0)
        return failed(error, "fork", e, p[0], -1);
    *pid = c;
    *out_fd = p[0];
    return TRUE;
}

/* Without CLOSE_RANGE_UNSHARE: vfork, the child copies the whole table. */
static gboolean spawn_copied(char *const *argv, const char *cwd, pid_t *pid, int *out_fd,
                             GError **error)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0)
        return failed(error, "make a pipe", errno, -1, -1);
    g_autofree char *exec_failed = g_strdup_printf("error: cannot execute %s\n", argv[0]);
    pid_t parent = getpid();
    pid_t c = vfork();
    if (c < 0)
        return failed(error, "fork", errno, p[0], p[1]);
    if (c == 0)
        child((const char *const *)argv, cwd, p[1], parent, exec_failed);
    close(p[1]);
    *pid = c;
    *out_fd = p[0];
    return TRUE;
}

/* ---- the spawner threads */

#define SPAWNERS 4

typedef struct {
    char **argv;
    char *cwd;
    MbmcSpawned done;
    gpointer data;
    pid_t pid;
    int out_fd;
    GError *error;
} Job;

static GAsyncQueue *jobs;

static gboolean report(gpointer data)
{
    Job *j = data;
    j->done(j->data, j->pid, j->out_fd, j->error);
    g_strfreev(j->argv);
    g_free(j->cwd);
    g_clear_error(&j->error);
    g_free(j);
    return G_SOURCE_REMOVE;
}

static gpointer spawner(gpointer data)
{
    GMainContext *main_ctx = data;
    /* The lowest free descriptor: a slot low in the table (see spawn_unshared). */
    Spawner sp = { dev_null >= 0 ? fcntl(dev_null, F_DUPFD_CLOEXEC, 3) : -1, NULL };
    if (sp.slot >= 0)
        sp.stack = g_malloc(CHILD_STACK);
    for (;;) {
        Job *j = g_async_queue_pop(jobs);
        gboolean ok = sp.slot >= 0
            ? spawn_unshared(&sp, j->argv, j->cwd, &j->pid, &j->out_fd, &j->error)
            : spawn_copied(j->argv, j->cwd, &j->pid, &j->out_fd, &j->error);
        if (!ok)
            j->pid = 0;
        /* A source, not g_main_context_invoke: while nobody runs the main context (the
         * supervisor's first start loop), invoke would call report here, on this thread. */
        GSource *s = g_idle_source_new();
        g_source_set_callback(s, report, j, NULL);
        g_source_attach(s, main_ctx);
        g_source_unref(s);
    }
    return NULL;
}

void mbmc_spawn(const char *const *argv, const char *cwd, MbmcSpawned done, gpointer data)
{
    if (!jobs) {
        jobs = g_async_queue_new();
        if (unshare_works())
            dev_null = open("/dev/null", O_RDONLY | O_CLOEXEC);
        /* Never joined: they must outlive every child they started (PR_SET_PDEATHSIG). */
        for (int i = 0; i < SPAWNERS; i++)
            g_thread_unref(g_thread_new("spawner", spawner, g_main_context_default()));
    }
    Job *j = g_new0(Job, 1);
    j->argv = g_strdupv((char **)argv);
    j->cwd = g_strdup(cwd);
    j->done = done;
    j->data = data;
    j->out_fd = -1;
    g_async_queue_push(jobs, j);
}
