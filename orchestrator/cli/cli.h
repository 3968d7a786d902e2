/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The `multibmc` subcommands. Each returns the process exit status. */
#ifndef MBMC_CLI_H
#define MBMC_CLI_H

#include <glib.h>

#include "mbmc_config.h"

/* The documented default (DESIGN.md), whatever the install prefix: the CLI, the systemd unit
 * and the init script must all read the same file. */
#define MBMC_DEFAULT_CONFIG "/etc/multibmc/multibmc.json"

typedef struct {
    const char *config;  /* -c FILE */
    const char *self;    /* absolute path of this binary */
} MbmcCli;

int mbmc_cli_init(MbmcCli *cli, int argc, char **argv);
int mbmc_cli_add(MbmcCli *cli, int argc, char **argv);
int mbmc_cli_del(MbmcCli *cli, int argc, char **argv);
int mbmc_cli_list(MbmcCli *cli, int argc, char **argv);
int mbmc_cli_show(MbmcCli *cli, int argc, char **argv);
int mbmc_cli_status(MbmcCli *cli, int argc, char **argv);
int mbmc_cli_run(MbmcCli *cli, int argc, char **argv);
int mbmc_cli_start(MbmcCli *cli, int argc, char **argv);
int mbmc_cli_stop(MbmcCli *cli, int argc, char **argv);
int mbmc_cli_reload(MbmcCli *cli, int argc, char **argv);
int mbmc_cli_lan_info(MbmcCli *cli, int argc, char **argv);
int mbmc_cli_discover(MbmcCli *cli, int argc, char **argv);
int mbmc_cli_export(MbmcCli *cli, int argc, char **argv);

/* Shared: parse a subcommand's options (adds -c), print errors as "multibmc CMD: ...". */
gboolean mbmc_cli_parse(MbmcCli *cli, const char *cmd, const char *args, GOptionEntry *entries,
                        int *argc, char ***argv);
int mbmc_cli_fail(const char *cmd, GError *error);
/* Ask a running supervisor to reload (SIGHUP). Returns its pid, or 0 when none runs. */
pid_t mbmc_cli_notify(const char *run_dir);
/* What `add` checks before a new BMC goes into c (held under the config lock): a backend it
 * can use, no duplicate VMID or address, an address in the interface's subnet that neither
 * the host nor another program (UDP 623) uses, and readable private secret files. */
gboolean mbmc_cli_check_new_bmc(const MbmcConfig *c, const MbmcBmc *b, GError **error);

#endif
