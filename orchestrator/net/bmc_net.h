/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One BMC's network presence (an alias address or a macvlan link with its address), with a
 * record in run-dir/<vmid>/netif so that a later run removes exactly what an earlier one made,
 * even after a crash. */
#ifndef MBMC_BMC_NET_H
#define MBMC_BMC_NET_H

#include <glib.h>
#include <stdint.h>

#include "mbmc_config.h"

/* Add the BMC's address (and link); *mac gets what the BMC's peers see. */
gboolean mbmc_bmc_net_up(const MbmcConfig *cfg, const MbmcBmc *b, uint8_t mac[6], GError **error);
/* Undo what run_dir/<vmid>/netif records (no-op without a record). */
gboolean mbmc_bmc_net_down(const char *bmc_run_dir, GError **error);
/* At start: undo records of BMCs no longer configured, and in macvlan mode remove our
 * links (mbmc<N> macvlans on the interface) that no configured BMC owns. */
void mbmc_bmc_net_reconcile(const MbmcConfig *cfg);

#endif
