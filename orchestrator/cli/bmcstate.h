/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a BMC is doing now, from the supervisor's and the module's status files. */
#ifndef MBMC_BMCSTATE_H
#define MBMC_BMCSTATE_H

#include <glib.h>

#include "mbmc_config.h"

typedef struct {
    const char *bmc;     /* running, backoff, stopped, not running */
    long pid;            /* ipmi_sim pid, 0 if none */
    gint64 uptime;       /* seconds, -1 if not running */
    guint restarts;
    char power[16];      /* on, off, unknown, - */
    char *error;         /* the running module's error, else the last exit's, or NULL */
    char *last_exit;     /* why the previous ipmi_sim ended (supervisor), or NULL */
    char *sol;           /* Proxmox serial bridge: attached / waiting...; NULL when none */
    char *media;         /* the virtual media image inserted now, or NULL */
} MbmcBmcState;

/* supervisor_pid: 0 when no supervisor runs (then every BMC is "not running"). */
void mbmc_bmc_state_read(const MbmcConfig *cfg, guint vmid, pid_t supervisor_pid, MbmcBmcState *st);
void mbmc_bmc_state_clear(MbmcBmcState *st);
char *mbmc_format_duration(gint64 secs);

#endif
