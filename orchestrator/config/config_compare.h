/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which parts of two configurations are the same: what a reload keeps running as it is. */
#ifndef MBMC_CONFIG_COMPARE_H
#define MBMC_CONFIG_COMPARE_H

#include "mbmc_config.h"

/* The Proxmox API and console settings a SOL bridge runs with (poll settings reach the BMCs
 * through their module options instead, so they are not compared here). */
gboolean mbmc_config_pve_equal(const MbmcConfig *a, const MbmcConfig *b);
/* How the addresses are held: mode, interface and run_dir. */
gboolean mbmc_config_net_equal(const MbmcConfig *a, const MbmcConfig *b);
/* The entry fields an ipmi_sim and its bridge run with. */
gboolean mbmc_bmc_equal(const MbmcBmc *a, const MbmcBmc *b);

#endif
