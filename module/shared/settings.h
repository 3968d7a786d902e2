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

/* Where a setting's config key lives; MODULE: no key, a module option only; SOLBRIDGE: no key,
 * a flag of multibmc-solbridge only. */
enum mbmc_setting_scope { MBMC_SCOPE_GLOBAL, MBMC_SCOPE_PROXMOX, MBMC_SCOPE_REDFISH, MBMC_SCOPE_BMC,
                          MBMC_SCOPE_MODULE, MBMC_SCOPE_SOLBRIDGE };

/* DEF of a setting whose config key must be given (settings.def's REQUIRED). */
#define MBMC_SETTING_REQUIRED (-0x7fffffffffffffffLL - 1)

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
    long long def;               /* INT/BOOL default, ENUM default word's index (0: absent has a
                                  * meaning DOC gives; MBMC_SETTING_REQUIRED) */
    enum mbmc_setting_scope scope;
    const char *key;             /* JSON key in its scope's object, or NULL */
    const char *flag;            /* multibmc init/add flag without "--", or NULL */
    const char *solflag;         /* multibmc-solbridge flag without "--", or NULL */
    const char *option;          /* module option name, or NULL */
    const char *arg;             /* a value's name in help texts ("FILE"), a BOOL flag's words */
    unsigned cmp;                /* MBMC_CMP_* */
    const char *unit;            /* INT: "milliseconds", ...; ENUM: "alias|macvlan" */
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

static inline bool mbmc_setting_required(const struct mbmc_setting *s) { return s->def == MBMC_SETTING_REQUIRED; }

/* Is n inside the setting's range? */
bool mbmc_setting_in_range(const struct mbmc_setting *s, long long n);
/* "milliseconds from 200 to 60000": what an INT takes, for every error message. */
void mbmc_setting_range_text(const struct mbmc_setting *s, char *buf, size_t len);
/* Parse decimal text into an INT setting's range; 0, or -1 (not a number or out of range). */
int mbmc_setting_parse_uint(const struct mbmc_setting *s, const char *text, unsigned *out);
/* A flag's or option's help line: DOC, and for an INT its range ("DOC; seconds from 5 to 86400"). */
void mbmc_setting_help(const struct mbmc_setting *s, char *buf, size_t len);

/* An ENUM's words (UNIT, '|' between them; a word's index is its value): how many; the word of
 * value into buf ("" when there is none); the value of word, or -1. */
int mbmc_setting_enum_count(const struct mbmc_setting *s);
void mbmc_setting_enum_word(const struct mbmc_setting *s, int value, char *buf, size_t len);
int mbmc_setting_enum_value(const struct mbmc_setting *s, const char *word);
/* The words for a message, each between quote and quote ("\"" or ""): "a", "b" or "c". */
void mbmc_setting_enum_text(const struct mbmc_setting *s, const char *quote, char *buf, size_t len);

/* The module option names, space-separated, for "unknown option" messages. */
void mbmc_settings_option_list(char *buf, size_t len);

#endif
