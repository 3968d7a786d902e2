/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "gen.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "fileutil.h"

MbmcTemplateUser *mbmc_template_user_new(guint id, const char *name, const char *password,
                                         const char *priv)
{
    MbmcTemplateUser *u = g_new0(MbmcTemplateUser, 1);
    u->id = id;
    u->name = g_strdup(name);
    u->password = g_strdup(password);
    u->priv = g_strdup(priv);
    return u;
}

void mbmc_template_user_free(MbmcTemplateUser *u)
{
    if (!u)
        return;
    g_free(u->name);
    if (u->password)
        memset(u->password, 0, strlen(u->password));
    g_free(u->password);
    g_free(u->priv);
    g_free(u);
}

void mbmc_gen_spec_clear(MbmcGenSpec *s)
{
    g_free(s->name);
    g_free(s->addr);
    g_free(s->module_path);
    g_free(s->module_options);
    if (s->users)
        g_ptr_array_unref(s->users);
    g_free(s->sol_device);
    g_free(s->sol_history_file);
    g_free(s->lan_config_program);
    g_free(s->templates_dir);
    memset(s, 0, sizeof(*s));
}

char *mbmc_gen_guid(const char *name)
{
    g_autofree char *seed = g_strconcat("multibmc:", name, NULL);
    g_autofree char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, seed, -1);
    return g_strndup(sum, 32);
}

static gboolean check_value(const char *what, const char *v, GError **error)
{
    if (v && !mbmc_template_value_ok(v)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    "%s contains a character ipmi_sim's config cannot hold (quotes, backslash, "
                    "$, # or control characters)", what);
        return FALSE;
    }
    return TRUE;
}

static char *render_file(const MbmcGenSpec *s, const char *file, GHashTable *vars, GError **error)
{
    g_autofree char *path = g_build_filename(s->templates_dir, file, NULL);
    g_autofree char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, error))
        return NULL;
    return mbmc_template_render(text, vars, s->users, error);
}

gboolean mbmc_gen_write(const MbmcGenSpec *s, const char *out_dir, gboolean *changed,
                        GError **error)
{
    *changed = FALSE;
    if (!s->name || !s->addr || !s->module_path || !s->templates_dir) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    "name, address, module path and templates directory are required");
        return FALSE;
    }
    if (!check_value("the BMC name", s->name, error) || !check_value("the address", s->addr, error) ||
        !check_value("the module path", s->module_path, error) ||
        !check_value("the module options", s->module_options, error) ||
        !check_value("the SOL device", s->sol_device, error) ||
        !check_value("the SOL history file", s->sol_history_file, error))
        return FALSE;
    if (s->sol_history_file && (s->sol_history_file[0] != '/' ||
                                strpbrk(s->sol_history_file, " \t\n"))) {
        /* It travels as a module option: absolute (ipmi_sim's working directory is not ours),
         * and options are split at white space. */
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    "the SOL history file must be an absolute path without spaces: %s",
                    s->sol_history_file);
        return FALSE;
    }
    for (guint i = 0; s->users && i < s->users->len; i++) {
        MbmcTemplateUser *u = g_ptr_array_index(s->users, i);
        if (!u->name[0] || strlen(u->name) > 16 || !check_value("a user name", u->name, error)) {
            if (error && !*error)
                g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                            "IPMI user name '%s' must be 1 to 16 characters", u->name);
            return FALSE;
        }
        if (strlen(u->password) > 20 || !check_value("a password", u->password, error)) {
            if (error && !*error)
                g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                            "the password of IPMI user '%s' is longer than 20 characters (IPMI 2.0 limit)",
                            u->name);
            return FALSE;
        }
    }

    g_autoptr(GHashTable) vars = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
    g_hash_table_insert(vars, "NAME", g_strdup(s->name));
    g_hash_table_insert(vars, "ADDR", g_strdup(s->addr));
    g_hash_table_insert(vars, "PORT", g_strdup_printf("%u", s->port ? s->port : 623));
    g_hash_table_insert(vars, "GUID", mbmc_gen_guid(s->name));
    g_hash_table_insert(vars, "MODULE", g_strdup(s->module_path));
    /* The console history file is the module's (module/console/): it writes it while the
     * console prints and reads it at start. lanserv's backupfile= would only save at a clean
     * exit and never loads correctly. */
    guint history = s->sol_history ? s->sol_history : 65536;
    const char *opts = s->module_options ? s->module_options : "";
    g_hash_table_insert(vars, "MODULE_OPTIONS",
                        s->sol_device && s->sol_history_file
                            ? g_strdup_printf("%s%ssol-history=%s sol-history-size=%u", opts,
                                              *opts ? " " : "", s->sol_history_file, history)
                            : g_strdup(opts));
    g_hash_table_insert(vars, "SOL_DEVICE", g_strdup(s->sol_device ? s->sol_device : ""));
    g_hash_table_insert(vars, "SOL_HISTORY", g_strdup_printf("%u", history));
    g_hash_table_insert(vars, "LAN_CONFIG_PROGRAM", g_strdup(s->lan_config_program ? s->lan_config_program : ""));
    g_hash_table_insert(vars, "CONSOLE_PORT", s->console_port ? g_strdup_printf("%u", s->console_port) : g_strdup(""));
    g_hash_table_insert(vars, "INBAND_PORT", s->inband_port ? g_strdup_printf("%u", s->inband_port) : g_strdup(""));
    g_hash_table_insert(vars, "MANUFACTURER_ID", g_strdup("0"));
    g_hash_table_insert(vars, "PRODUCT_ID", g_strdup("0x4d42"));

    g_autofree char *lan = render_file(s, "lan.conf.in", vars, error);
    if (!lan)
        return FALSE;
    g_autofree char *emu = render_file(s, "bmc.emu.in", vars, error);
    if (!emu)
        return FALSE;
    if (g_mkdir_with_parents(out_dir, 0700) != 0) {
        int e = errno;
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "cannot create %s: %s", out_dir,
                    g_strerror(e));
        return FALSE;
    }
    g_autofree char *lan_path = g_build_filename(out_dir, "lan.conf", NULL);
    g_autofree char *emu_path = g_build_filename(out_dir, "bmc.emu", NULL);
    gboolean c1 = FALSE, c2 = FALSE;
    if (!mbmc_write_runtime_file_if_changed(lan_path, lan, 0600, &c1, error) ||
        !mbmc_write_runtime_file_if_changed(emu_path, emu, 0600, &c2, error))
        return FALSE;
    *changed = c1 || c2;
    return TRUE;
}
