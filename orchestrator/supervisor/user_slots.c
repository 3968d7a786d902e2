/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "user_slots.h"

#include <stdlib.h>
#include <string.h>

#include "fileutil.h"

#define USERS_FILE "users.mc20"      /* the BMC is MC 0x20 */

static gboolean is_slot_line(const char *line, const guint *slots, guint n)
{
    char *end;
    unsigned long v = strtoul(line, &end, 10);
    if (end == line || *end != '.')
        return FALSE;
    for (guint i = 0; i < n; i++)
        if (v == slots[i])
            return TRUE;
    return FALSE;
}

char *mbmc_user_slots_filter(const char *text, const guint *slots, guint n)
{
    GString *out = g_string_new(NULL);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    for (guint i = 0; lines[i]; i++) {
        if (!lines[i][0] && !lines[i + 1])
            break;                       /* the final newline */
        if (!is_slot_line(lines[i], slots, n))
            g_string_append_printf(out, "%s\n", lines[i]);
    }
    return g_string_free(out, FALSE);
}

gboolean mbmc_user_slots_reset(const char *state_dir, const char *name, const guint *slots, guint n,
                               gboolean *changed, GError **error)
{
    *changed = FALSE;
    g_autofree char *path = g_build_filename(state_dir, "ipmi_sim", name, USERS_FILE, NULL);
    g_autofree char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
        return TRUE;
    g_autofree char *kept = mbmc_user_slots_filter(text, slots, n);
    if (!strcmp(kept, text))
        return TRUE;
    if (!mbmc_write_file_atomic(path, kept, strlen(kept), 0600, error))
        return FALSE;
    *changed = TRUE;
    return TRUE;
}
