/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "settings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMP_PVE MBMC_CMP_PVE
#define CMP_NET MBMC_CMP_NET
#define CMP_BMC MBMC_CMP_BMC

const struct mbmc_setting mbmc_settings[MBMC_SET_COUNT] = {
#define MBMC_SETTING(ID, TYPE, MIN, MAX, DEF, SCOPE, KEY, FLAG, OPTION, CMP, UNIT, DOC) \
    [MBMC_SET_##ID] = { MBMC_SET_##ID, MBMC_SET_TYPE_##TYPE, MIN, MAX, DEF, MBMC_SCOPE_##SCOPE, KEY, FLAG, \
                        OPTION, CMP, UNIT, DOC },
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
    case MBMC_SCOPE_MODULE: break;
    }
    return "module";
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
    return have != MBMC_SCOPE_MODULE && want != MBMC_SCOPE_MODULE;
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
