/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Starting an ipmi_sim cheaply: vfork + exec.
 *
 * GSubprocess forks (copying the supervisor's page tables: 2.9 ms per start with 200 BMCs,
 * growing with the supervisor's memory) and then waits, reading a pipe, for the child to be
 * scheduled and exec: 23 ms per BMC at load average 11 on 2 cores, measured, which made
 * the supervisor's start loop the whole start-up time of a fleet. vfork() shares the
 * memory instead of copying it and runs the child at once while the calling thread waits
 * for its exec (2.2 ms per start at load 6, measured; the other threads go on). A failed
 * exec shows as the child's output line "error: cannot execute ..." and exit status 127.
 *
 * The child, before exec: stdout and stderr to a pipe the supervisor reads, stdin kept,
 * PR_SET_PDEATHSIG(SIGTERM) (and exit if the supervisor is already gone), the fd limit it
 * was started with (fdlimit.h), default SIGPIPE and an empty signal mask, every other fd
 * closed. Nothing in it touches the heap: it runs in the supervisor's memory. */
#ifndef MBMC_SPAWN_H
#define MBMC_SPAWN_H

#include <glib.h>
#include <sys/types.h>

/* argv[0] is the program's path. *out_fd: the read end of the child's stdout+stderr. */
gboolean mbmc_spawn(const char *const *argv, const char *cwd, pid_t *pid, int *out_fd,
                    GError **error);

#endif
