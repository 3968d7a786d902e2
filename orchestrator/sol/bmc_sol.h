/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The supervisor's Serial-over-LAN bridges: a Proxmox BMC without its own sol_device gets an
 * in-process bridge (solbridge.c) on a loopback port, and its ipmi_sim's `sol` points there.
 * Without libsoup 3 at build time there are no bridges and such BMCs have no SOL. */
#ifndef MBMC_BMC_SOL_H
#define MBMC_BMC_SOL_H

#include <glib.h>

#include "mbmc_config.h"

typedef struct MbmcBmcSol MbmcBmcSol;

/* NULL with *error unset when this build has no bridge support. vm_state (may be NULL): the
 * shared poller's view of the VM (see MbmcSolBridgeConfig). */
MbmcBmcSol *mbmc_bmc_sol_start(const MbmcConfig *cfg, const MbmcBmc *b,
                              gboolean (*vm_state)(gpointer, guint, gboolean *, char **),
                              gpointer vm_state_data, GError **error);
void mbmc_bmc_sol_free(MbmcBmcSol *s);
/* "tcp:127.0.0.1:PORT", for ipmi_sim's sol line. */
char *mbmc_bmc_sol_device(const MbmcBmcSol *s);
/* fn(data) runs whenever the state below changes. */
void mbmc_bmc_sol_set_notify(MbmcBmcSol *s, void (*fn)(gpointer), gpointer data);
/* "attached", "waiting" or "waiting: <last error>". */
char *mbmc_bmc_sol_state(const MbmcBmcSol *s);

#endif
