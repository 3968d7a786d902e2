/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Quoting for the export formats (see export_text.h). */
#include "export_text.h"

#include <string.h>

#include "vminfo.h"

void mbmc_yaml_str(GString *out, const char *s)
{
    g_string_append_c(out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_printf(out, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf(out, "\\x%02x", *p);
        else
            g_string_append_c(out, (char)*p);
    }
    g_string_append_c(out, '"');
}

void mbmc_shell_word(GString *out, const char *s)
{
    gboolean safe = *s != '\0';
    for (const char *p = s; safe && *p; p++)
        safe = g_ascii_isalnum(*p) || strchr("_.:=/@%+,-", *p);
    if (safe) {
        g_string_append(out, s);
        return;
    }
    g_autofree char *q = g_shell_quote(s);
    g_string_append(out, q);
}

void mbmc_csv_field(GString *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        g_string_append(out, s);
        return;
    }
    g_string_append_c(out, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            g_string_append_c(out, '"');
        g_string_append_c(out, *p);
    }
    g_string_append_c(out, '"');
}

char *mbmc_join_macs(GPtrArray *nics, const char *sep)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < nics->len; i++)
        g_string_append_printf(s, "%s%s", i ? sep : "", ((MbmcVmNic *)g_ptr_array_index(nics, i))->mac);
    return g_string_free(s, FALSE);
}
