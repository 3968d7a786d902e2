/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "setting_flags.h"

GOptionArg mbmc_setting_option_arg(const struct mbmc_setting *s)
{
    switch (s->type) {
    case MBMC_SET_TYPE_INT: return G_OPTION_ARG_INT;
    case MBMC_SET_TYPE_PATH: return G_OPTION_ARG_FILENAME;
    case MBMC_SET_TYPE_BOOL: return s->arg ? G_OPTION_ARG_STRING : G_OPTION_ARG_NONE;
    case MBMC_SET_TYPE_STRING:
    case MBMC_SET_TYPE_ENUM: break;
    }
    return G_OPTION_ARG_STRING;
}

/* The help line of a setting (DOC, an INT's range), kept for the process: GOption keeps the
 * pointer, and the entries are built once per command. */
static const char *help_line(const struct mbmc_setting *s)
{
    static char *lines[MBMC_SET_COUNT];
    if (!lines[s->id]) {
        char buf[512];
        mbmc_setting_help(s, buf, sizeof(buf));
        lines[s->id] = g_strdup(buf);
    }
    return lines[s->id];
}

/* What --help shows as the value: ARG, or an ENUM's words. */
static const char *arg_name(const struct mbmc_setting *s)
{
    return s->type == MBMC_SET_TYPE_ENUM ? s->unit : s->arg;
}

GOptionEntry mbmc_setting_entry(const struct mbmc_setting *s, const char *flag, gpointer value,
                                gboolean value_is_string)
{
    if (value_is_string != mbmc_setting_takes_string(s))
        g_error("flag --%s: the variable is %s, settings.def's TYPE takes %s", flag,
                value_is_string ? "a string" : "a number", value_is_string ? "a number" : "a string");
    GOptionEntry e = { flag, 0, 0, mbmc_setting_option_arg(s), value, help_line(s), arg_name(s) };
    return e;
}

gboolean mbmc_setting_flag_int(const struct mbmc_setting *s, const char *flag, gint value, GError **error)
{
    if (mbmc_setting_in_range(s, value))
        return TRUE;
    char range[96];
    mbmc_setting_range_text(s, range, sizeof(range));
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--%s %d: expected %s", flag, value, range);
    return FALSE;
}

gboolean mbmc_setting_flag_word(const struct mbmc_setting *s, const char *flag, const char *word, int *value,
                                GError **error)
{
    int v = mbmc_setting_enum_value(s, word);
    if (v >= 0) {
        *value = v;
        return TRUE;
    }
    char words[128];
    mbmc_setting_enum_text(s, "", words, sizeof(words));
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--%s %s: use %s", flag, word, words);
    return FALSE;
}
