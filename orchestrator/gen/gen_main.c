/* SPDX-License-Identifier: GPL-2.0-or-later */
/* multibmc-gen: render a BMC's lan.conf and bmc.emu.
 *
 * Standalone mode (init scripts, tests):
 *   multibmc-gen --name vm111 --addr 198.18.0.10 --out DIR --module-options "backend=qmp qmp=..."
 *                --user admin:admin:/path/pwfile [--user viewer:user:/path/pw2] ...
 * `lan print` shows the BMC's address, netmask, MAC and gateway: the lan_config_program is
 * `multibmc lan-info ADDR auto auto` (the multibmc next to this program, else the installed
 * one) unless --lan-config-program says otherwise ("" for none).
 */
#include "config.h"

#include <gio/gio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileutil.h"
#include "gen.h"

#ifndef MBMC_PKGLIBDIR
#define MBMC_PKGLIBDIR "/usr/local/lib/multibmc"
#endif
#ifndef MBMC_PKGDATADIR
#define MBMC_PKGDATADIR "/usr/local/share/multibmc"
#endif
#ifndef MBMC_SBINDIR
#define MBMC_SBINDIR "/usr/local/sbin"
#endif

/* The multibmc beside this program (a build tree, or the same install), else the installed one. */
static char *multibmc_path(void)
{
    g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
    if (self) {
        g_autofree char *dir = g_path_get_dirname(self);
        char *p = g_build_filename(dir, "multibmc", NULL);
        if (g_file_test(p, G_FILE_TEST_IS_EXECUTABLE))
            return p;
        g_free(p);
    }
    return g_strdup(MBMC_SBINDIR "/multibmc");
}

static gboolean parse_user(const char *arg, guint id, MbmcTemplateUser **out, GError **error)
{
    g_auto(GStrv) parts = g_strsplit(arg, ":", 3);
    if (g_strv_length(parts) != 3 || !parts[0][0]) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "--user %s: expected NAME:PRIV:PASSWORD_FILE", arg);
        return FALSE;
    }
    const char *priv = parts[1];
    if (strcmp(priv, "user") && strcmp(priv, "operator") && strcmp(priv, "admin")) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "--user %s: privilege must be user, operator or admin", arg);
        return FALSE;
    }
    g_autofree char *pw = mbmc_read_secret_file(parts[2], error);
    if (!pw)
        return FALSE;
    *out = mbmc_template_user_new(id, parts[0], pw, priv);
    memset(pw, 0, strlen(pw));
    return TRUE;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    g_autofree char *name = NULL, *addr = NULL, *out = NULL, *options = NULL, *module = NULL;
    g_autofree char *templates = NULL, *sol = NULL, *lanprog = NULL, *sol_file = NULL;
    g_auto(GStrv) users = NULL;
    gint port = 623, sol_history = 65536, console_port = 0, inband_port = 0;
    gboolean version = FALSE;
    GOptionEntry entries[] = {
        { "name", 0, 0, G_OPTION_ARG_STRING, &name, "ipmi_sim instance name", "NAME" },
        { "addr", 0, 0, G_OPTION_ARG_STRING, &addr, "IP address to listen on", "IP" },
        { "port", 0, 0, G_OPTION_ARG_INT, &port, "UDP port (623)", "PORT" },
        { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "output directory", "DIR" },
        { "module", 0, 0, G_OPTION_ARG_FILENAME, &module, "path of multibmc.so", "PATH" },
        { "module-options", 0, 0, G_OPTION_ARG_STRING, &options, "module options (key=value ...)", "OPTS" },
        { "user", 0, 0, G_OPTION_ARG_STRING_ARRAY, &users, "IPMI user (repeatable)", "NAME:PRIV:PASSWORD_FILE" },
        { "sol-device", 0, 0, G_OPTION_ARG_STRING, &sol, "SOL serial device, e.g. tcp:127.0.0.1:5000", "DEV" },
        { "sol-history", 0, 0, G_OPTION_ARG_INT, &sol_history, "SOL history bytes", "N" },
        { "sol-history-file", 0, 0, G_OPTION_ARG_FILENAME, &sol_file, "keep the SOL history in FILE across restarts and crashes", "FILE" },
        { "lan-config-program", 0, 0, G_OPTION_ARG_STRING, &lanprog,
          "program for lan print data (default: multibmc lan-info ADDR auto auto; \"\" for none)", "CMD" },
        { "inband-port", 0, 0, G_OPTION_ARG_INT, &inband_port,
          "127.0.0.1 TCP port for QEMU's ipmi-bmc-extern chardev (in-band KCS)", "PORT" },
        { "console-port", 0, 0, G_OPTION_ARG_INT, &console_port, "debug console port on 127.0.0.1", "PORT" },
        { "templates", 0, 0, G_OPTION_ARG_FILENAME, &templates, "templates directory", "DIR" },
        { "version", 0, 0, G_OPTION_ARG_NONE, &version, "print the version and exit", NULL },
        { NULL },
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("- render ipmi_sim lan.conf and bmc.emu for one BMC");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_autoptr(GError) error = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        fprintf(stderr, "multibmc-gen: %s\n", error->message);
        return 2;
    }
    if (version) {
        printf("multibmc-gen (multibmc) %s\n", PACKAGE_VERSION);
        return 0;
    }
    if (!name || !addr || !out || !options || !users) {
        fprintf(stderr, "multibmc-gen: --name, --addr, --out, --module-options and --user are required\n");
        return 2;
    }
    if (port < 1 || port > 65535 || sol_history < 1 || console_port < 0 || console_port > 65535 ||
        inband_port < 0 || inband_port > 65535) {
        fprintf(stderr, "multibmc-gen: port or history out of range\n");
        return 2;
    }
    MbmcGenSpec spec = {
        .name = g_strdup(name), .addr = g_strdup(addr), .port = (guint)port,
        .module_path = g_strdup(module ? module : MBMC_PKGLIBDIR "/multibmc.so"),
        .module_options = g_strdup(options),
        .users = g_ptr_array_new_with_free_func((GDestroyNotify)mbmc_template_user_free),
        .sol_device = g_strdup(sol), .sol_history = (guint)sol_history, .sol_history_file = g_strdup(sol_file),
        .lan_config_program = lanprog ? (*lanprog ? g_strdup(lanprog) : NULL) : NULL,
        .console_port = (guint)console_port, .inband_port = (guint)inband_port,
        .templates_dir = g_strdup(templates ? templates : MBMC_PKGDATADIR),
    };
    if (!lanprog) {
        g_autofree char *mb = multibmc_path();
        spec.lan_config_program = g_strdup_printf("%s lan-info %s auto auto", mb, addr);
    }
    int rc = 0;
    for (guint i = 0; users[i]; i++) {
        MbmcTemplateUser *u = NULL;
        if (i >= 62 || !parse_user(users[i], i + 2, &u, &error)) {
            fprintf(stderr, "multibmc-gen: %s\n", error ? error->message : "too many users");
            rc = 1;
            goto done;
        }
        g_ptr_array_add(spec.users, u);
    }
    gboolean changed = FALSE;
    if (!mbmc_gen_write(&spec, out, &changed, &error)) {
        fprintf(stderr, "multibmc-gen: %s\n", error->message);
        rc = 1;
    }
done:
    mbmc_gen_spec_clear(&spec);
    return rc;
}
