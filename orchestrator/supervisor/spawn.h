/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Starting ipmi_sims cheaply and several at a time: clone + exec on spawner threads.
 *
 * GSubprocess forks (copying the supervisor's page tables: 2.9 ms per start with 200 BMCs,
 * growing with the supervisor's memory) and then waits, reading a pipe, for the child to be
 * scheduled and exec: 23 ms per BMC at load average 11 on 2 cores, measured, which made
 * the supervisor's start loop the whole start-up time of a fleet. vfork() shares the memory
 * instead of copying it; the thread that calls it waits for the child's exec (and only that
 * thread): a few spawner threads start that many children at once while the main loop goes
 * on. The child shares the descriptor table too until its first system call gives it a table
 * of only the few low descriptors it keeps (CLONE_FILES + close_range(CLOSE_RANGE_UNSHARE),
 * Linux 5.9+): copying the supervisor's thousands of descriptors for every child made a
 * fleet's start grow with the square of its size (spawn.c; plain vfork on older kernels).
 * A failed exec shows as the child's output line "error: cannot execute ..." and exit
 * status 127.
 *
 * The child, before exec: stdout and stderr to a pipe the supervisor reads, stdin kept,
 * PR_SET_PDEATHSIG(SIGTERM) (and exit if the supervisor is already gone), the fd limit it
 * was started with (fdlimit.h), default SIGPIPE and an empty signal mask, every other fd
 * closed. Nothing in it touches the heap: it runs in the supervisor's memory.
 * PR_SET_PDEATHSIG fires when the *thread* that forked the child ends, so the spawner
 * threads live until the supervisor ends. */
#ifndef MBMC_SPAWN_H
#define MBMC_SPAWN_H

#include <glib.h>
#include <sys/types.h>

/* On the main context, once the child runs (pid, the read end of its stdout+stderr) or
 * could not be made (error set, pid 0). */
typedef void (*MbmcSpawned)(gpointer data, pid_t pid, int out_fd, const GError *error);

/* argv[0] is the program's path; argv and cwd are copied. done runs later, never inside. */
void mbmc_spawn(const char *const *argv, const char *cwd, MbmcSpawned done, gpointer data);

#endif
