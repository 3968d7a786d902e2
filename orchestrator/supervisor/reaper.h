/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Exits of the supervisor's children, from one SIGCHLD signalfd for all of them.
 *
 * GLib's child watch holds a pidfd per child: with the ipmi_sim's output pipe and the SOL
 * bridge's listener and connection that made four descriptors per BMC, and 5000 BMCs did
 * not fit a hard limit of 20000 (what this test machine has and root there cannot raise:
 * GLib aborted when a descriptor could not be made). One signalfd and waitpid(-1) cost one
 * descriptor in all. SIGCHLD is blocked in every thread (mbmc_reaper_init runs before any
 * thread starts, and threads inherit the mask); the spawner's children unblock it before
 * exec. */
#ifndef MBMC_REAPER_H
#define MBMC_REAPER_H

#include <glib.h>
#include <sys/types.h>

typedef void (*MbmcChildExited)(pid_t pid, int wait_status, gpointer data);

/* Before any thread is created. FALSE with error when no signalfd can be made. */
gboolean mbmc_reaper_init(GError **error);
/* cb once pid has exited and been reaped (on the main context). */
void mbmc_reaper_watch(pid_t pid, MbmcChildExited cb, gpointer data);
/* No callback for pid any more (its owner goes away first). */
void mbmc_reaper_forget(pid_t pid);

#endif
