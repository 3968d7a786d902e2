/* SPDX-License-Identifier: GPL-2.0-or-later */
/* settings-man: a man page from its source (docs/man/NAME.in) with the lists of settings
 * written from the table (module/shared/settings.def), so that the pages list every config
 * key, flag and module option with the range the programs check. Run at build time:
 *
 *   settings-man <multibmc.8.in >multibmc.8
 *
 * A line "@SETTINGS LIST@" becomes LIST as troff .TP paragraphs; every other line is copied.
 * LIST is init or add (the multibmc flags), solbridge (multibmc-solbridge's flags), module
 * (the module options), or global, proxmox, redfish, bmcs (the config file's keys of that
 * object). An unknown LIST, or a page with no placeholder, is an error: the build stops. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "settings.h"

#define PLACEHOLDER "@SETTINGS "

/* Text as troff reads it literally: backslashes and dashes escaped (a dash in a name is no
 * hyphen to break at), no control character at the start of a line. */
static void put_text(const char *t)
{
    if (*t == '.' || *t == '\'')
        fputs("\\&", stdout);
    for (; *t; t++) {
        if (*t == '\\')
            fputs("\\e", stdout);
        else if (*t == '-')
            fputs("\\-", stdout);
        else
            putchar(*t);
    }
}

/* "on|off" as alternatives in bold: \fBon\fR|\fBoff\fR. */
static void put_words(const char *words)
{
    fputs("\\fB", stdout);
    for (const char *p = words; *p; p++) {
        if (*p == '|') {
            fputs("\\fR|\\fB", stdout);
            continue;
        }
        char one[2] = { *p, 0 };
        put_text(one);
    }
    fputs("\\fR", stdout);
}

/* What a flag or option takes: an ENUM's words, a BOOL's words or nothing, else ARG. */
static void put_value(const struct mbmc_setting *s, const char *bool_words)
{
    if (s->type == MBMC_SET_TYPE_ENUM)
        put_words(s->unit);
    else if (s->type == MBMC_SET_TYPE_BOOL && bool_words)
        put_words(bool_words);
    else if (s->arg && s->type != MBMC_SET_TYPE_BOOL) {
        fputs("\\fI", stdout);
        put_text(s->arg);
        fputs("\\fR", stdout);
    }
}

static void put_help(const struct mbmc_setting *s)
{
    char help[512];
    mbmc_setting_help(s, help, sizeof(help));
    put_text(help);
    puts(".");
}

static void flag_entry(const struct mbmc_setting *s, const char *flag)
{
    puts(".TP");
    fputs("\\fB\\-\\-", stdout);
    put_text(flag);
    fputs("\\fR", stdout);
    if (s->type != MBMC_SET_TYPE_BOOL || s->arg)
        putchar(' ');
    put_value(s, s->arg);
    putchar('\n');
    put_help(s);
}

static void option_entry(const struct mbmc_setting *s)
{
    puts(".TP");
    fputs("\\fB", stdout);
    put_text(s->option);
    fputs("=\\fR", stdout);
    put_value(s, "1|0");
    putchar('\n');
    put_help(s);
}

/* (seconds from 5 to 86400, required) DOC: a key's kind, then what it is for. */
static void key_entry(const struct mbmc_setting *s)
{
    char kind[256];
    switch (s->type) {
    case MBMC_SET_TYPE_STRING: snprintf(kind, sizeof(kind), "string"); break;
    case MBMC_SET_TYPE_PATH: snprintf(kind, sizeof(kind), "absolute path"); break;
    case MBMC_SET_TYPE_BOOL: snprintf(kind, sizeof(kind), "true or false"); break;
    case MBMC_SET_TYPE_INT: mbmc_setting_range_text(s, kind, sizeof(kind)); break;
    case MBMC_SET_TYPE_ENUM: mbmc_setting_enum_text(s, "\"", kind, sizeof(kind)); break;
    }
    puts(".TP");
    fputs(".B ", stdout);
    put_text(s->key);
    fputs("\n(", stdout);
    put_text(kind);
    fputs(mbmc_setting_required(s) ? ", required) " : ") ", stdout);
    put_text(s->doc);
    puts(".");
}

/* The first setting behind a module option (two share redfish-cert=, alike). */
static int first_with_option(const struct mbmc_setting *s)
{
    return s->option && mbmc_setting_by_option(s->option) == s;
}

static int put_list(const char *list)
{
    static const struct { const char *name; enum mbmc_setting_scope scope; } objects[] = {
        { "global", MBMC_SCOPE_GLOBAL }, { "proxmox", MBMC_SCOPE_PROXMOX },
        { "redfish", MBMC_SCOPE_REDFISH }, { "bmcs", MBMC_SCOPE_BMC },
    };
    int known = 0;
    for (int i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        if (!strcmp(list, "init") || !strcmp(list, "add")) {
            known = 1;
            if (s->flag && s->scope <= MBMC_SCOPE_BMC && (s->scope == MBMC_SCOPE_BMC) == !strcmp(list, "add"))
                flag_entry(s, s->flag);
        } else if (!strcmp(list, "solbridge")) {
            known = 1;
            if (s->solflag)
                flag_entry(s, s->solflag);
        } else if (!strcmp(list, "module")) {
            known = 1;
            if (first_with_option(s))
                option_entry(s);
        } else {
            for (size_t k = 0; k < sizeof(objects) / sizeof(objects[0]); k++) {
                if (strcmp(list, objects[k].name))
                    continue;
                known = 1;
                if (s->key && s->scope == objects[k].scope)
                    key_entry(s);
            }
        }
    }
    return known ? 0 : -1;
}

int main(void)
{
    char line[4096];
    int lists = 0;
    puts(".\\\" Generated by docs/man/settings_man.c from its .in file and module/shared/settings.def:");
    puts(".\\\" edit those, not this page.");
    while (fgets(line, sizeof(line), stdin)) {
        size_t n = strlen(line);
        if (strncmp(line, PLACEHOLDER, strlen(PLACEHOLDER))) {
            fputs(line, stdout);
            continue;
        }
        char *list = line + strlen(PLACEHOLDER);
        char *end = strchr(list, '@');
        if (!end || (end[1] != '\n' && end[1] != '\0')) {
            fprintf(stderr, "settings-man: malformed placeholder: %.*s\n", (int)n, line);
            return 1;
        }
        *end = '\0';
        if (put_list(list)) {
            fprintf(stderr, "settings-man: unknown list '%s' (init, add, solbridge, module, global, proxmox, "
                            "redfish, bmcs)\n", list);
            return 1;
        }
        lists++;
    }
    if (!lists) {
        fprintf(stderr, "settings-man: no @SETTINGS LIST@ line: is this a page source?\n");
        return 1;
    }
    return ferror(stdout) || fflush(stdout) ? 1 : 0;
}
