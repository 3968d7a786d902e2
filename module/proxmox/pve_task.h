/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Following a Proxmox task to its end: a power action, a download, a volume removal all
 * answer with a UPID at once and do the work in a task. We poll the task's status on the
 * node named in the UPID (tasks stay there even when the VM migrates) until it stopped, and
 * ride out a few failed reads (a restarting pveproxy, a lost connection). */
#ifndef MBMC_PVE_TASK_H
#define MBMC_PVE_TASK_H

#include <stdbool.h>

#include "loop.h"
#include "pve_api.h"

struct pve_task;

struct pve_task_end {
    bool read_failed;       /* the status could not be read max_read_errors times in a row */
    enum pve_err err;       /* why it failed (PVE_OK: the task ended OK or with warnings) */
    long http;              /* read_failed: the last HTTP status (0: none) */
    const char *msg;        /* the task's exitstatus, or the last read error */
    const char *upid;
    const char *node;       /* where the task ran */
};

typedef void (*pve_task_cb)(void *ctx, const struct pve_task_end *end);

/* Follow upid: the first status read after poll_ms, then again while it runs, the interval
 * doubling up to max_poll_ms (a short task ends soon, a long one costs few requests); a
 * failed read is retried after retry_ms, up to max_read_errors in a row. cb runs once, on the
 * loop, and the follower is gone after it. NULL when upid is malformed or out of memory. */
struct pve_task *pve_task_follow(struct pve_api *api, struct mbmc_loop *loop, const char *upid,
                                 unsigned poll_ms, unsigned max_poll_ms, unsigned retry_ms,
                                 unsigned max_read_errors, pve_task_cb cb, void *ctx);
/* Stop following (the task itself goes on); cb does not run. NULL is fine. */
void pve_task_cancel(struct pve_task *t);

#endif
