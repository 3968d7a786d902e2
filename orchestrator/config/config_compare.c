/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The reload's comparisons: which settings count is the table's CMP column
 * (module/shared/settings.def), compared as a save would write them. */
#include "config_compare.h"

#include "settings.h"

gboolean mbmc_config_pve_equal(const MbmcConfig *a, const MbmcConfig *b)
{
    return mbmc_config_settings_equal(a, b, MBMC_CMP_PVE);
}

gboolean mbmc_config_net_equal(const MbmcConfig *a, const MbmcConfig *b)
{
    return mbmc_config_settings_equal(a, b, MBMC_CMP_NET);
}

gboolean mbmc_bmc_equal(const MbmcBmc *a, const MbmcBmc *b)
{
    return mbmc_bmc_settings_equal(a, b, MBMC_CMP_BMC);
}
