/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "template.h"

#include <gio/gio.h>
#include <string.h>

gboolean mbmc_template_value_ok(const char *value)
{
    for (const char *p = value; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20 || c > 0x7e || strchr("\"'\\$#", c))
            return FALSE;
    }
    return TRUE;
}

static const char *lookup(GHashTable *vars, GHashTable *local, const char *name)
{
    const char *v = local ? g_hash_table_lookup(local, name) : NULL;
    return v ? v : g_hash_table_lookup(vars, name);
}

/* Substitute @VAR@ in one line. */
static gboolean expand(GString *out, const char *line, GHashTable *vars, GHashTable *local,
                       guint lineno, GError **error)
{
    const char *p = line;
    while (*p) {
        const char *at = strchr(p, '@');
        if (!at) {
            g_string_append(out, p);
            break;
        }
        g_string_append_len(out, p, at - p);
        const char *end = strchr(at + 1, '@');
        if (!end) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                        "template line %u: unterminated @VAR@", lineno);
            return FALSE;
        }
        g_autofree char *name = g_strndup(at + 1, end - at - 1);
        const char *v = lookup(vars, local, name);
        if (!v) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                        "template line %u: no value for @%s@", lineno, name);
            return FALSE;
        }
        g_string_append(out, v);
        p = end + 1;
    }
    g_string_append_c(out, '\n');
    return TRUE;
}

char *mbmc_template_render(const char *text, GHashTable *vars, GPtrArray *users, GError **error)
{
    g_autoptr(GString) out = g_string_new(NULL);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    guint n = g_strv_length(lines);
    if (n > 0 && lines[n - 1][0] == '\0')
        n--;   /* the text ends with a newline */
    for (guint i = 0; i < n; i++) {
        const char *line = lines[i];
        if (g_str_has_prefix(line, "@if ")) {
            const char *end = strchr(line + 4, '@');
            if (!end) {
                g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                            "template line %u: unterminated @if", i + 1);
                return NULL;
            }
            g_autofree char *name = g_strndup(line + 4, end - line - 4);
            const char *v = g_hash_table_lookup(vars, name);
            if (v && *v && !expand(out, end + 1, vars, NULL, i + 1, error))
                return NULL;
        } else if (g_str_has_prefix(line, "@each user@")) {
            for (guint u = 0; users && u < users->len; u++) {
                MbmcTemplateUser *user = g_ptr_array_index(users, u);
                g_autoptr(GHashTable) local = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
                g_hash_table_insert(local, "USER_ID", g_strdup_printf("%u", user->id));
                g_hash_table_insert(local, "USER_NAME", g_strdup(user->name));
                g_hash_table_insert(local, "USER_PASSWORD", g_strdup(user->password));
                g_hash_table_insert(local, "USER_PRIV", g_strdup(user->priv));
                if (!expand(out, line + strlen("@each user@"), vars, local, i + 1, error))
                    return NULL;
            }
        } else if (!expand(out, line, vars, NULL, i + 1, error)) {
            return NULL;
        }
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}
