/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config_compare.h"

#include <string.h>

gboolean mbmc_config_pve_equal(const MbmcConfig *a, const MbmcConfig *b)
{
    return !g_strcmp0(a->pve_url, b->pve_url) && !g_strcmp0(a->token_file, b->token_file) &&
           !g_strcmp0(a->ca_file, b->ca_file) && !g_strcmp0(a->fingerprint, b->fingerprint) &&
           a->insecure == b->insecure && a->sol_share == b->sol_share &&
           a->sol_idle_secs == b->sol_idle_secs && !g_strcmp0(a->console_user, b->console_user) &&
           !g_strcmp0(a->console_password_file, b->console_password_file) &&
           a->console_auth == b->console_auth;
}

gboolean mbmc_config_net_equal(const MbmcConfig *a, const MbmcConfig *b)
{
    return a->mode == b->mode && !strcmp(a->interface, b->interface) &&
           !strcmp(a->run_dir, b->run_dir);
}

gboolean mbmc_bmc_equal(const MbmcBmc *a, const MbmcBmc *b)
{
    return a->vmid == b->vmid && !g_strcmp0(a->address, b->address) && a->prefix == b->prefix &&
           a->backend == b->backend && !g_strcmp0(a->qmp, b->qmp) && !g_strcmp0(a->user, b->user) &&
           !g_strcmp0(a->password_file, b->password_file) &&
           !g_strcmp0(a->sol_device, b->sol_device) && a->inband_port == b->inband_port;
}
