/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: the conf-template renderer with arbitrary template text. */
#include <glib.h>
#include <stdint.h>

#include "template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = g_strndup((const char *)data, size);
    g_autoptr(GHashTable) vars = g_hash_table_new(g_str_hash, g_str_equal);
    g_hash_table_insert(vars, "NAME", "vm1");
    g_hash_table_insert(vars, "ADDR", "198.18.0.1");
    g_hash_table_insert(vars, "EMPTY", "");
    g_autoptr(GPtrArray) users = g_ptr_array_new();
    MbmcTemplateUser u = {.id = 2, .name = "admin", .password = "pw", .priv = "admin"};
    g_ptr_array_add(users, &u);
    GError *error = NULL;
    char *out = mbmc_template_render(text, vars, users, &error);
    if (!out && !error)
        __builtin_trap(); /* failure without a reason */
    g_free(out);
    g_clear_error(&error);
    return 0;
}
