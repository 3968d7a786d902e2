/* SPDX-License-Identifier: GPL-2.0-or-later */
/* VM selection of multibmc discover (see vmselect.h). */
#include "vmselect.h"

#include <fnmatch.h>
#include <gio/gio.h>
#include <string.h>

#include "mbmc_config.h"

gboolean mbmc_vmid_range_parse(const char *s, guint *min, guint *max, GError **error)
{
    g_auto(GStrv) ends = g_strsplit(s ? s : "", "-", 3);
    guint n = g_strv_length(ends);
    if (n < 1 || n > 2 || !mbmc_parse_vmid(ends[0], min, NULL) ||
        !mbmc_parse_vmid(n == 2 ? ends[1] : ends[0], max, NULL) || *max < *min) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    "--vmid %s: give a VMID or a range FIRST-LAST (e.g. 1000-1099), FIRST <= LAST",
                    s ? s : "");
        return FALSE;
    }
    return TRUE;
}

static gboolean has_tag(const MbmcVmInfo *vm, const char *tag)
{
    for (guint i = 0; vm->tags[i]; i++)
        if (!g_ascii_strcasecmp(vm->tags[i], tag))
            return TRUE;
    return FALSE;
}

gboolean mbmc_vm_select_match(const MbmcVmSelect *sel, const MbmcVmInfo *vm)
{
    if (vm->is_template)
        return FALSE;
    if (sel->pool && g_strcmp0(sel->pool, vm->pool))
        return FALSE;
    for (guint i = 0; sel->tags && sel->tags[i]; i++)
        if (!has_tag(vm, sel->tags[i]))
            return FALSE;
    if (sel->name_glob && fnmatch(sel->name_glob, vm->name, 0) != 0)
        return FALSE;
    if (sel->node && g_strcmp0(sel->node, vm->node))
        return FALSE;
    if (sel->vmid_max && (vm->vmid < sel->vmid_min || vm->vmid > sel->vmid_max))
        return FALSE;
    return TRUE;
}

static gint cmp_tag(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char *mbmc_vm_select_key(const MbmcVmSelect *sel, const char *qmp_glob)
{
    GString *s = g_string_new(qmp_glob ? "qmp" : "proxmox");
    if (qmp_glob)
        g_string_append_printf(s, " glob=%s", qmp_glob);
    if (sel->pool)
        g_string_append_printf(s, " pool=%s", sel->pool);
    g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; sel->tags && sel->tags[i]; i++) {
        char *t = g_ascii_strdown(sel->tags[i], -1);
        if (!g_ptr_array_find_with_equal_func(tags, t, g_str_equal, NULL))
            g_ptr_array_add(tags, t);
        else
            g_free(t);
    }
    g_ptr_array_sort(tags, cmp_tag);
    for (guint i = 0; i < tags->len; i++)
        g_string_append_printf(s, "%s%s", i ? "," : " tag=", (char *)g_ptr_array_index(tags, i));
    if (sel->name_glob)
        g_string_append_printf(s, " name=%s", sel->name_glob);
    if (sel->node)
        g_string_append_printf(s, " node=%s", sel->node);
    if (sel->vmid_max)
        g_string_append_printf(s, " vmid=%u-%u", sel->vmid_min, sel->vmid_max);
    for (char *p = s->str; *p; p++)   /* one line, whatever the arguments held */
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return g_string_free(s, FALSE);
}
