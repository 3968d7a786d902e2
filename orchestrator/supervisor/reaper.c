/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One SIGCHLD signalfd for every child (see reaper.h). */
#include "reaper.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
    MbmcChildExited cb;
    gpointer data;
} Watch;

static GHashTable *watches;     /* pid -> Watch* */
static GHashTable *unclaimed;   /* pid -> wait status: reaped before anyone watched it */
static int sfd = -1;

static gboolean on_sigchld(gint fd, GIOCondition cond, gpointer data)
{
    (void)cond;
    (void)data;
    struct signalfd_siginfo si;
    while (read(fd, &si, sizeof(si)) == sizeof(si))
        ;   /* signals merge: the count says nothing, waitpid says everything */
    for (;;) {
        int status;
        pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid <= 0)
            break;
        Watch *w = g_hash_table_lookup(watches, GINT_TO_POINTER(pid));
        if (!w) {
            /* Exited before its spawner's answer reached the main loop: kept for watch(). */
            g_hash_table_replace(unclaimed, GINT_TO_POINTER(pid), GINT_TO_POINTER(status));
            continue;
        }
        MbmcChildExited cb = w->cb;
        gpointer cbdata = w->data;
        g_hash_table_remove(watches, GINT_TO_POINTER(pid));
        cb(pid, status, cbdata);
    }
    return G_SOURCE_CONTINUE;
}

gboolean mbmc_reaper_init(GError **error)
{
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    pthread_sigmask(SIG_BLOCK, &chld, NULL);
    sfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
    if (sfd < 0) {
        int e = errno;
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "cannot make a signalfd for SIGCHLD: %s",
                    g_strerror(e));
        return FALSE;
    }
    watches = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    unclaimed = g_hash_table_new(g_direct_hash, g_direct_equal);
    g_unix_fd_add(sfd, G_IO_IN, on_sigchld, NULL);
    return TRUE;
}

typedef struct {
    pid_t pid;
    int status;
    Watch w;
} Late;

static gboolean deliver_late(gpointer data)
{
    Late *l = data;
    l->w.cb(l->pid, l->status, l->w.data);
    g_free(l);
    return G_SOURCE_REMOVE;
}

void mbmc_reaper_watch(pid_t pid, MbmcChildExited cb, gpointer data)
{
    gpointer status;
    if (g_hash_table_lookup_extended(unclaimed, GINT_TO_POINTER(pid), NULL, &status)) {
        g_hash_table_remove(unclaimed, GINT_TO_POINTER(pid));
        Late *l = g_new0(Late, 1);
        *l = (Late){ .pid = pid, .status = GPOINTER_TO_INT(status), .w = { cb, data } };
        g_idle_add(deliver_late, l);    /* later, as any exit: never inside watch() */
        return;
    }
    Watch *w = g_new0(Watch, 1);
    w->cb = cb;
    w->data = data;
    g_hash_table_replace(watches, GINT_TO_POINTER(pid), w);
}

void mbmc_reaper_forget(pid_t pid)
{
    if (watches)
        g_hash_table_remove(watches, GINT_TO_POINTER(pid));
    if (unclaimed)
        g_hash_table_remove(unclaimed, GINT_TO_POINTER(pid));
}
