/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Renders one BMC's ipmi_sim files (lan.conf, bmc.emu) from conf-templates/. */
#ifndef MBMC_GEN_H
#define MBMC_GEN_H

#include <glib.h>

#include "template.h"

typedef struct {
    char *name;               /* ipmi_sim instance name, e.g. "vm111" */
    char *addr;               /* IP the BMC listens on */
    guint port;               /* UDP port, 623 */
    char *module_path;        /* multibmc.so */
    char *module_options;     /* loadlib options string (no secrets: they live in files) */
    GPtrArray *users;         /* MbmcTemplateUser*, owned */
    char *sol_device;         /* "tcp:127.0.0.1:P" or NULL */
    guint sol_history;        /* bytes of console history (SOL instance 2) */
    char *sol_history_file;   /* the module keeps the history here (option sol-history=), or NULL */
    char *lan_config_program; /* prints IP/MAC/netmask for `lan print`, or NULL */
    guint console_port;       /* ipmi_sim debug console on 127.0.0.1, 0 = none */
    guint inband_port;        /* 127.0.0.1 port for QEMU's ipmi-bmc-extern (in-band KCS), 0 = none */
    char *templates_dir;
} MbmcGenSpec;

void mbmc_gen_spec_clear(MbmcGenSpec *spec);
void mbmc_template_user_free(MbmcTemplateUser *user);
MbmcTemplateUser *mbmc_template_user_new(guint id, const char *name, const char *password,
                                         const char *priv);

/* Write out_dir/lan.conf (0600) and out_dir/bmc.emu atomically, only when they change.
 * out_dir is created 0700. *changed tells whether anything was rewritten. */
gboolean mbmc_gen_write(const MbmcGenSpec *spec, const char *out_dir, gboolean *changed,
                        GError **error);

/* Stable RMCP+ GUID (32 hex digits) derived from the instance name. */
char *mbmc_gen_guid(const char *name);

#endif
