/* SPDX-License-Identifier: GPL-2.0-or-later */
/* multibmc: configure and supervise one IPMI BMC (ipmi_sim + multibmc.so) per VM. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const struct {
    const char *name;
    int (*fn)(MbmcCli *, int, char **);
    const char *help;
} commands[] = {
    { "init", mbmc_cli_init, "create the configuration (global settings)" },
    { "add", mbmc_cli_add, "add a BMC: add VMID IP/PREFIX (or IP PREFIX)" },
    { "del", mbmc_cli_del, "remove a BMC" },
    { "discover", mbmc_cli_discover, "add BMCs for the VMs of a Proxmox pool/tag/... or QMP sockets" },
    { "export", mbmc_cli_export, "node list for xCAT, HPCM, Ironic, Metal3, MAAS, Ansible, CSV" },
    { "list", mbmc_cli_list, "show settings and BMCs (secrets masked)" },
    { "show", mbmc_cli_show, "show one BMC" },
    { "status", mbmc_cli_status, "live state of every BMC" },
    { "run", mbmc_cli_run, "run the supervisor in the foreground (systemd)" },
    { "start", mbmc_cli_start, "start the supervisor in the background (sysV init)" },
    { "stop", mbmc_cli_stop, "stop the background supervisor" },
    { "reload", mbmc_cli_reload, "make a running supervisor re-read the configuration" },
    { "lan-info", mbmc_cli_lan_info, NULL },   /* ipmi_sim's lan_config_program */
};

static void usage(FILE *f)
{
    fprintf(f, "usage: multibmc [-c FILE] COMMAND [ARGS]   (default FILE %s)\n"
               "       multibmc --version\n\ncommands:\n",
            MBMC_DEFAULT_CONFIG);
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        if (commands[i].help)
            fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
    fprintf(f, "\n'multibmc COMMAND --help' shows the options of a command.\n");
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    MbmcCli cli = { .config = MBMC_DEFAULT_CONFIG };
    g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
    cli.self = self ? self : argv[0];
    int i = 1;
    while (i < argc && argv[i][0] == '-') {
        if ((!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config")) && i + 1 < argc) {
            cli.config = argv[i + 1];
            i += 2;
        } else if (g_str_has_prefix(argv[i], "--config=")) {
            cli.config = argv[i] + 9;
            i++;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--version")) {
            printf("multibmc %s\n", PACKAGE_VERSION);
            return 0;
        } else {
            fprintf(stderr, "multibmc: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return 2;
    }
    for (size_t c = 0; c < G_N_ELEMENTS(commands); c++)
        if (!strcmp(argv[i], commands[c].name))
            return commands[c].fn(&cli, argc - i, argv + i);
    fprintf(stderr, "multibmc: unknown command '%s'\n", argv[i]);
    usage(stderr);
    return 2;
}
