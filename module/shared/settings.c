/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "settings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMP_PVE MBMC_CMP_PVE
#define CMP_NET MBMC_CMP_NET
#define CMP_BMC MBMC_CMP_BMC
#define REQUIRED MBMC_SETTING_REQUIRED

/* FIELD is the orchestrator's (orchestrator/config/config_fields.c). */
const struct mbmc_setting mbmc_settings[MBMC_SET_COUNT] = {
#define MBMC_SETTING(ID, TYPE, MIN, MAX, DEF, SCOPE, KEY, FIELD, FLAG, SOLFLAG, OPTION, ARG, CMP, UNIT, DOC) \
    [MBMC_SET_##ID] = { MBMC_SET_##ID, MBMC_SET_TYPE_##TYPE, MIN, MAX, DEF, MBMC_SCOPE_##SCOPE, KEY, FLAG, \
                        SOLFLAG, OPTION, ARG, CMP, UNIT, DOC },
#include "settings.def"
#undef MBMC_SETTING
};

const char *mbmc_scope_name(enum mbmc_setting_scope scope)
{
    switch (scope) {
    case MBMC_SCOPE_GLOBAL: return "";
    case MBMC_SCOPE_PROXMOX: return "proxmox";
    case MBMC_SCOPE_REDFISH: return "redfish";
    case MBMC_SCOPE_BMC: return "bmcs";
    case MBMC_SCOPE_MODULE: return "module";
    case MBMC_SCOPE_SOLBRIDGE: break;
    }
    return "solbridge";
}

const struct mbmc_setting *mbmc_setting_by_key(enum mbmc_setting_scope scope, const char *key)
{
    for (size_t i = 0; i < MBMC_SET_COUNT; i++)
        if (mbmc_settings[i].scope == scope && mbmc_settings[i].key && !strcmp(mbmc_settings[i].key, key))
            return &mbmc_settings[i];
    return NULL;
}

/* init's flags are the global, proxmox and redfish settings; add's the BMC's. */
static bool flag_scope_matches(enum mbmc_setting_scope want, enum mbmc_setting_scope have)
{
    if (want == MBMC_SCOPE_BMC || have == MBMC_SCOPE_BMC)
        return want == have;
    return have <= MBMC_SCOPE_REDFISH && want <= MBMC_SCOPE_REDFISH;
}

const struct mbmc_setting *mbmc_setting_by_flag(enum mbmc_setting_scope scope, const char *flag)
{
    for (size_t i = 0; i < MBMC_SET_COUNT; i++)
        if (mbmc_settings[i].flag && flag_scope_matches(scope, mbmc_settings[i].scope) &&
            !strcmp(mbmc_settings[i].flag, flag))
            return &mbmc_settings[i];
    return NULL;
}

const struct mbmc_setting *mbmc_setting_by_option(const char *option)
{
    for (size_t i = 0; i < MBMC_SET_COUNT; i++)
        if (mbmc_settings[i].option && !strcmp(mbmc_settings[i].option, option))
            return &mbmc_settings[i];
    return NULL;
}

bool mbmc_setting_in_range(const struct mbmc_setting *s, long long n)
{
    return n >= s->min && n <= s->max;
}

void mbmc_setting_range_text(const struct mbmc_setting *s, char *buf, size_t len)
{
    snprintf(buf, len, "%s from %lld to %lld", s->unit ? s->unit : "a number", s->min, s->max);
}

int mbmc_setting_parse_uint(const struct mbmc_setting *s, const char *text, unsigned *out)
{
    char *end;
    if (!*text || *text == '-' || *text == '+')
        return -1;
    errno = 0;
    unsigned long long n = strtoull(text, &end, 10);
    if (errno || *end || n > (unsigned long long)s->max || !mbmc_setting_in_range(s, (long long)n))
        return -1;
    *out = (unsigned)n;
    return 0;
}

void mbmc_setting_help(const struct mbmc_setting *s, char *buf, size_t len)
{
    char range[96];
    mbmc_setting_range_text(s, range, sizeof(range));
    snprintf(buf, len, s->type == MBMC_SET_TYPE_INT ? "%s; %s" : "%s", s->doc, range);
}

/* The n-th word of an ENUM: its start and length in UNIT, or NULL. */
static const char *enum_word(const struct mbmc_setting *s, int n, size_t *len)
{
    const char *w = s->type == MBMC_SET_TYPE_ENUM ? s->unit : NULL;
    for (int i = 0; w && n >= 0; i++) {
        *len = strcspn(w, "|");
        if (i == n)
            return w;
        w = w[*len] ? w + *len + 1 : NULL;
    }
    return NULL;
}

int mbmc_setting_enum_count(const struct mbmc_setting *s)
{
    size_t len;
    int n = 0;
    while (enum_word(s, n, &len))
        n++;
    return n;
}

void mbmc_setting_enum_word(const struct mbmc_setting *s, int value, char *buf, size_t len)
{
    size_t n = 0;
    const char *w = enum_word(s, value, &n);
    snprintf(buf, len, "%.*s", w ? (int)n : 0, w ? w : "");
}

int mbmc_setting_enum_value(const struct mbmc_setting *s, const char *word)
{
    size_t n;
    const char *w;
    for (int i = 0; (w = enum_word(s, i, &n)); i++)
        if (strlen(word) == n && !strncmp(w, word, n))
            return i;
    return -1;
}

void mbmc_setting_enum_text(const struct mbmc_setting *s, const char *quote, char *buf, size_t len)
{
    int count = mbmc_setting_enum_count(s);
    size_t used = 0, n;
    if (len)
        buf[0] = '\0';
    for (int i = 0; i < count && used < len; i++) {
        const char *w = enum_word(s, i, &n);
        int k = snprintf(buf + used, len - used, "%s%s%.*s%s", i == 0 ? "" : i == count - 1 ? " or " : ", ", quote,
                         (int)n, w, quote);
        if (k < 0)
            break;
        used += (size_t)k;
    }
}

void mbmc_settings_option_list(char *buf, size_t len)
{
    size_t used = 0;
    if (len)
        buf[0] = '\0';
    for (size_t i = 0; i < MBMC_SET_COUNT && used < len; i++) {
        const char *o = mbmc_settings[i].option;
        if (!o || mbmc_setting_by_option(o) != &mbmc_settings[i])
            continue;   /* a second setting behind the same option */
        int n = snprintf(buf + used, len - used, "%s%s", used ? " " : "", o);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}
