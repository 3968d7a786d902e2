/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _GNU_SOURCE
/* vfork + exec on spawner threads (see spawn.h). */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fdlimit.h"

/* Between vfork and exec only system calls on the stack: the child borrows the supervisor's
 * memory (and the other threads, the shared poller, go on using it). Everything else is
 * prepared before vfork, and the child never returns from child(). */
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

static gboolean spawn_now(char *const *argv, const char *cwd, pid_t *pid, int *out_fd, GError **error)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) {
        int e = errno;
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "cannot make a pipe: %s", g_strerror(e));
        return FALSE;
    }
    g_autofree char *exec_failed = g_strdup_printf("error: cannot execute %s\n", argv[0]);
    pid_t parent = getpid();
    pid_t c = vfork();
    if (c < 0) {
        int e = errno;
        close(p[0]);
        close(p[1]);
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "cannot fork: %s", g_strerror(e));
        return FALSE;
    }
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
    for (;;) {
        Job *j = g_async_queue_pop(jobs);
        if (!spawn_now(j->argv, j->cwd, &j->pid, &j->out_fd, &j->error))
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
