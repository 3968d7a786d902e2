/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The supervisor holds about three descriptors per Proxmox BMC (ipmi_sim's output pipe, the
 * SOL bridge's listener and its connection from ipmi_sim; child exits come from one signalfd
 * for all, reaper.c). systemd starts services with a soft limit of 1024 and a much higher
 * hard limit, which leaves room for ~300 BMCs: the soft limit is raised to the hard one at
 * start. Each ipmi_sim gets the original limit back, as OpenIPMI's select()-based loop
 * expects. */
#include "fdlimit.h"

#include <glib.h>
#include <stdbool.h>
#include <sys/resource.h>

static struct rlimit original;
static bool raised;

void mbmc_fdlimit_raise(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= rl.rlim_max)
        return;
    original = rl;
    rl.rlim_cur = rl.rlim_max;
    raised = setrlimit(RLIMIT_NOFILE, &rl) == 0;
}

guint64 mbmc_fdlimit_current(void)
{
    struct rlimit rl;
    return getrlimit(RLIMIT_NOFILE, &rl) == 0 ? (guint64)rl.rlim_cur : 0;
}

void mbmc_fdlimit_restore(void)
{
    if (raised)
        setrlimit(RLIMIT_NOFILE, &original);
}
