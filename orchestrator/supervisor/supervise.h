/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `multibmc run`: one ipmi_sim per BMC, restarted with backoff, reloaded on SIGHUP. */
#ifndef MBMC_SUPERVISE_H
#define MBMC_SUPERVISE_H

#include <glib.h>

/* Runs until SIGTERM/SIGINT. Returns the process exit status. */
int mbmc_supervise(const char *config_path, const char *self);

/* The supervisor's pid file in run_dir, and the pid of a live supervisor (0 if none). */
char *mbmc_supervisor_pidfile(const char *run_dir);
pid_t mbmc_supervisor_pid(const char *run_dir);

#endif
