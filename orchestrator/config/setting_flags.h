/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A setting as a command-line flag (multibmc init/add, multibmc-solbridge): its GOptionEntry
 * and the checks of its value, from the table of settings (settings.def), so that every
 * program names, explains and bounds a setting alike. */
#ifndef MBMC_SETTING_FLAGS_H
#define MBMC_SETTING_FLAGS_H

#include <glib.h>

#include "settings.h"

/* The GOption kind s's TYPE takes: an INT a gint, a PATH a filename, a BOOL without ARG a
 * switch (gboolean), every other a string (a BOOL's words, an ENUM's word). */
GOptionArg mbmc_setting_option_arg(const struct mbmc_setting *s);
static inline gboolean mbmc_setting_takes_string(const struct mbmc_setting *s)
{
    GOptionArg a = mbmc_setting_option_arg(s);
    return a == G_OPTION_ARG_STRING || a == G_OPTION_ARG_FILENAME;
}

/* The entry of s under the name flag (its FLAG or SOLFLAG) with its help line and ARG. value
 * points to a char * when value_is_string, else to a gint or gboolean; a mismatch with the
 * table is a programming error and aborts. */
GOptionEntry mbmc_setting_entry(const struct mbmc_setting *s, const char *flag, gpointer value,
                                gboolean value_is_string);
/* A variable's kind, for the entry: TRUE for a char *. */
#define MBMC_IS_STRING_PTR(p) _Generic((p), char **: TRUE, default: FALSE)

/* An INT flag's value in its range, or G_OPTION_ERROR_BAD_VALUE: "--flag N: expected UNIT
 * from MIN to MAX". */
gboolean mbmc_setting_flag_int(const struct mbmc_setting *s, const char *flag, gint value, GError **error);
/* An ENUM flag's word into *value (its index), or "--flag WORD: use a, b or c". */
gboolean mbmc_setting_flag_word(const struct mbmc_setting *s, const char *flag, const char *word, int *value,
                                GError **error);

#endif
