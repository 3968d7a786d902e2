/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The table of settings (settings.def), in plain C for the module and the orchestrator:
 * look a setting up by config key, CLI flag or module option, check an integer against its
 * one range, and say what a setting takes in the same words everywhere. */
#ifndef MBMC_SETTINGS_H
#define MBMC_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

enum mbmc_setting_type { MBMC_SET_TYPE_BOOL, MBMC_SET_TYPE_INT, MBMC_SET_TYPE_STRING, MBMC_SET_TYPE_PATH,
                         MBMC_SET_TYPE_ENUM };

/* Where a setting's config key lives; MODULE: no key, a module option only. */
enum mbmc_setting_scope { MBMC_SCOPE_GLOBAL, MBMC_SCOPE_PROXMOX, MBMC_SCOPE_REDFISH, MBMC_SCOPE_BMC,
                          MBMC_SCOPE_MODULE };

/* Reload comparisons that read a setting (settings.def's CMP column). */
enum { MBMC_CMP_PVE = 1u << 0, MBMC_CMP_NET = 1u << 1, MBMC_CMP_BMC = 1u << 2 };

enum mbmc_setting_id {
#define MBMC_SETTING(ID, ...) MBMC_SET_##ID,
#include "settings.def"
#undef MBMC_SETTING
    MBMC_SET_COUNT
};

struct mbmc_setting {
    enum mbmc_setting_id id;
    enum mbmc_setting_type type;
    long long min, max;          /* INT: the one range */
    long long def;               /* INT/BOOL default (0: absent has a meaning DOC gives) */
    enum mbmc_setting_scope scope;
    const char *key;             /* JSON key in its scope's object, or NULL */
    const char *flag;            /* multibmc init/add flag without "--", or NULL */
    const char *option;          /* module option name, or NULL */
    unsigned cmp;                /* MBMC_CMP_* */
    const char *unit;            /* INT: "milliseconds", ... */
    const char *doc;
};

extern const struct mbmc_setting mbmc_settings[MBMC_SET_COUNT];

static inline const struct mbmc_setting *mbmc_setting(enum mbmc_setting_id id) { return &mbmc_settings[id]; }

/* NULL when unknown. A module option may serve two settings (the global and the per-BMC
 * Redfish certificate): the first in the table answers; the drift test keeps them alike. */
const struct mbmc_setting *mbmc_setting_by_key(enum mbmc_setting_scope scope, const char *key);
const struct mbmc_setting *mbmc_setting_by_flag(enum mbmc_setting_scope scope, const char *flag);
const struct mbmc_setting *mbmc_setting_by_option(const char *option);

/* The JSON object name of a scope ("" for the top level, "proxmox", "redfish", "bmcs"). */
const char *mbmc_scope_name(enum mbmc_setting_scope scope);

/* Is n inside the setting's range? */
bool mbmc_setting_in_range(const struct mbmc_setting *s, long long n);
/* "milliseconds from 200 to 60000": what an INT takes, for every error message. */
void mbmc_setting_range_text(const struct mbmc_setting *s, char *buf, size_t len);
/* Parse decimal text into an INT setting's range; 0, or -1 (not a number or out of range). */
int mbmc_setting_parse_uint(const struct mbmc_setting *s, const char *text, unsigned *out);
/* The module option names, space-separated, for "unknown option" messages. */
void mbmc_settings_option_list(char *buf, size_t len);

#endif
