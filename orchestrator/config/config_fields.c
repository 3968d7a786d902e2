/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config_fields.h"

#include <stddef.h>
#include <string.h>

#include "settings.h"

/* ---- settings.def's FIELD column: where each setting lives in the model */

#define OFFSET_GLOBAL(f) offsetof(MbmcConfig, f)
#define OFFSET_PROXMOX(f) offsetof(MbmcConfig, f)
#define OFFSET_REDFISH(f) offsetof(MbmcConfig, f)
#define OFFSET_BMC(f) offsetof(MbmcBmc, f)
#define OFFSET_MODULE(f) 0
#define OFFSET_SOLBRIDGE(f) 0

static const size_t field_offset[MBMC_SET_COUNT] = {
#define MBMC_SETTING(ID, TYPE, MIN, MAX, DEF, SCOPE, KEY, FIELD, ...) [MBMC_SET_##ID] = OFFSET_##SCOPE(FIELD),
#include "settings.def"
#undef MBMC_SETTING
};

/* The member's C type must be what the handlers of its TYPE read and write: a wrong FIELD (a
 * string key on a guint member) fails the build here, not a config load. BOOL and ENUM
 * members are int-sized: gboolean, MbmcSwitch, the enums whose values are the words' indexes. */
#define MEMBER_GLOBAL(f) (((MbmcConfig *)0)->f)
#define MEMBER_PROXMOX(f) (((MbmcConfig *)0)->f)
#define MEMBER_REDFISH(f) (((MbmcConfig *)0)->f)
#define MEMBER_BMC(f) (((MbmcBmc *)0)->f)
#define KIND_OK_STRING(m) __builtin_types_compatible_p(__typeof__(m), char *)
#define KIND_OK_PATH(m) KIND_OK_STRING(m)
#define KIND_OK_INT(m) (__builtin_types_compatible_p(__typeof__(m), guint) || \
                        __builtin_types_compatible_p(__typeof__(m), gint))
#define KIND_OK_BOOL(m) (sizeof(m) == sizeof(int))
#define KIND_OK_ENUM(m) (sizeof(m) == sizeof(int))
#define CHECK_GLOBAL(TYPE, f) _Static_assert(KIND_OK_##TYPE(MEMBER_GLOBAL(f)), "settings.def: " #f " is no " #TYPE);
#define CHECK_PROXMOX(TYPE, f) CHECK_GLOBAL(TYPE, f)
#define CHECK_REDFISH(TYPE, f) CHECK_GLOBAL(TYPE, f)
#define CHECK_BMC(TYPE, f) _Static_assert(KIND_OK_##TYPE(MEMBER_BMC(f)), "settings.def: " #f " is no " #TYPE);
#define CHECK_MODULE(TYPE, f)
#define CHECK_SOLBRIDGE(TYPE, f)
#define MBMC_SETTING(ID, TYPE, MIN, MAX, DEF, SCOPE, KEY, FIELD, ...) CHECK_##SCOPE(TYPE, FIELD)
#include "settings.def"
#undef MBMC_SETTING

gboolean mbmc_field_in(const struct mbmc_setting *s, MbmcFieldsOf of)
{
    if (!s->key)
        return FALSE;
    return (of == MBMC_FIELDS_BMC) == (s->scope == MBMC_SCOPE_BMC);
}

static void *member(const struct mbmc_setting *s, const void *obj)
{
    return (char *)obj + field_offset[s->id];
}

/* ---- the few settings that are not their TYPE's plain case */

/* Saved even at their default: the two choices a reader of the file looks for first (how the
 * addresses are held, which backend a BMC has), and whether Redfish is on once the file has a
 * redfish object at all. Every other setting is saved only when it is not its default. */
static gboolean saved_always(const struct mbmc_setting *s)
{
    return s->id == MBMC_SET_MODE || s->id == MBMC_SET_BACKEND || s->id == MBMC_SET_REDFISH_ENABLED;
}

/* A BMC's redfish has three states (MbmcSwitch): absent follows redfish.enabled. */
static gboolean is_switch(const struct mbmc_setting *s)
{
    return s->id == MBMC_SET_BMC_REDFISH;
}

/* What an absent INT key leaves in its member: 0 where the range starts above it, else -1
 * (media_retention 0 is a value). A required key has no absent value. */
static gint int_absent(const struct mbmc_setting *s)
{
    return s->min > 0 ? 0 : -1;
}

/* ---- messages */

/* A refused configuration: the message, and FALSE. */
#define invalid(error, ...) (g_set_error(error, MBMC_CONFIG_ERROR, MBMC_CONFIG_ERROR_INVALID, __VA_ARGS__), FALSE)

char *mbmc_field_name(const struct mbmc_setting *s)
{
    return s->scope == MBMC_SCOPE_GLOBAL || s->scope == MBMC_SCOPE_BMC
               ? g_strdup(s->key)
               : g_strconcat(mbmc_scope_name(s->scope), ".", s->key, NULL);
}

/* The one message for an integer outside its range: key, value, what it takes. */
static gboolean out_of_range(GError **error, const char *where, const struct mbmc_setting *s, const char *value)
{
    char range[96];
    mbmc_setting_range_text(s, range, sizeof(range));
    g_autofree char *key = mbmc_field_name(s);
    return invalid(error, "%s%s\"%s\" is %s: expected %s", where ? where : "", where ? ": " : "", key, value,
                   range);
}

/* ---- reading one key, by TYPE */

static gboolean read_string(json_object *v, const struct mbmc_setting *s, void *m, const char *where,
                            GError **error)
{
    if (!json_object_is_type(v, json_type_string))
        return invalid(error, "%s: \"%s\" must be a string", where, s->key);
    char **p = m;
    g_free(*p);
    *p = g_strdup(json_object_get_string(v));
    return TRUE;
}

static gboolean read_int(json_object *v, const struct mbmc_setting *s, void *m, const char *top, GError **error)
{
    gint64 n = json_object_get_int64(v);
    if (!json_object_is_type(v, json_type_int) || !mbmc_setting_in_range(s, n))
        return out_of_range(error, top, s, json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
    *(gint *)m = (gint)n;
    return TRUE;
}

static gboolean read_bool(json_object *v, const struct mbmc_setting *s, void *m, const char *where, GError **error)
{
    if (!json_object_is_type(v, json_type_boolean))
        return invalid(error, "%s: \"%s\" must be true or false", where, s->key);
    if (is_switch(s))
        *(MbmcSwitch *)m = json_object_get_boolean(v) ? MBMC_SWITCH_ON : MBMC_SWITCH_OFF;
    else
        *(gboolean *)m = json_object_get_boolean(v);
    return TRUE;
}

static gboolean read_enum(json_object *v, const struct mbmc_setting *s, void *m, const char *where, GError **error)
{
    if (!json_object_is_type(v, json_type_string))
        return invalid(error, "%s: \"%s\" must be a string", where, s->key);
    const char *word = json_object_get_string(v);
    int value = mbmc_setting_enum_value(s, word);
    if (value < 0) {
        char words[128];
        mbmc_setting_enum_text(s, "\"", words, sizeof(words));
        return invalid(error, "%s: \"%s\" is \"%s\": use %s", where, s->key, word, words);
    }
    *(int *)m = value;
    return TRUE;
}

/* A JSON null reads as absent where the value is text (and for the per-BMC switch, whose
 * absence has a meaning); a null number or boolean is refused as the wrong kind. */
static gboolean null_is_absent(const struct mbmc_setting *s)
{
    return s->type == MBMC_SET_TYPE_STRING || s->type == MBMC_SET_TYPE_PATH || s->type == MBMC_SET_TYPE_ENUM ||
           is_switch(s);
}

gboolean mbmc_fields_read(json_object *o, enum mbmc_setting_scope scope, void *obj, const char *where,
                          const char *top, GError **error)
{
    for (guint i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        if (s->scope != scope || !s->key)
            continue;
        json_object *v = NULL;
        if (!json_object_object_get_ex(o, s->key, &v) || (!v && null_is_absent(s))) {
            if (mbmc_setting_required(s))
                return invalid(error, "%s: \"%s\" is missing", where, s->key);
            continue;
        }
        void *m = member(s, obj);
        gboolean ok = TRUE;
        switch (s->type) {
        case MBMC_SET_TYPE_STRING:
        case MBMC_SET_TYPE_PATH: ok = read_string(v, s, m, where, error); break;
        case MBMC_SET_TYPE_INT: ok = read_int(v, s, m, top, error); break;
        case MBMC_SET_TYPE_BOOL: ok = read_bool(v, s, m, where, error); break;
        case MBMC_SET_TYPE_ENUM: ok = read_enum(v, s, m, where, error); break;
        }
        if (!ok)
            return FALSE;
    }
    return TRUE;
}

/* ---- writing, defaults */

gboolean mbmc_field_is_default(const struct mbmc_setting *s, const void *obj)
{
    const void *m = member(s, obj);
    switch (s->type) {
    case MBMC_SET_TYPE_STRING:
    case MBMC_SET_TYPE_PATH: return *(char *const *)m == NULL;
    case MBMC_SET_TYPE_INT: return !mbmc_setting_required(s) && *(const gint *)m == int_absent(s);
    case MBMC_SET_TYPE_BOOL:
        if (is_switch(s))
            return *(const MbmcSwitch *)m == MBMC_SWITCH_DEFAULT;
        return !*(const gboolean *)m == !s->def;
    case MBMC_SET_TYPE_ENUM: return *(const int *)m == s->def;
    }
    return TRUE;
}

void mbmc_field_write(json_object *o, const struct mbmc_setting *s, const void *obj)
{
    if (mbmc_field_is_default(s, obj) && !saved_always(s))
        return;
    const void *m = member(s, obj);
    json_object *v = NULL;
    switch (s->type) {
    case MBMC_SET_TYPE_STRING:
    case MBMC_SET_TYPE_PATH:
        if (*(char *const *)m)
            v = json_object_new_string(*(char *const *)m);
        break;
    case MBMC_SET_TYPE_INT: v = json_object_new_int64(*(const gint *)m); break;
    case MBMC_SET_TYPE_BOOL:
        v = json_object_new_boolean(is_switch(s) ? *(const MbmcSwitch *)m == MBMC_SWITCH_ON : *(const gboolean *)m);
        break;
    case MBMC_SET_TYPE_ENUM: {
        char word[64];
        mbmc_setting_enum_word(s, *(const int *)m, word, sizeof(word));
        v = json_object_new_string(word);
        break;
    }
    }
    if (v)
        json_object_object_add(o, s->key, v);
}

void mbmc_fields_init(void *obj, MbmcFieldsOf of)
{
    for (guint i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        if (!mbmc_field_in(s, of) || is_switch(s))
            continue;
        void *m = member(s, obj);
        if (s->type == MBMC_SET_TYPE_INT && !mbmc_setting_required(s))
            *(gint *)m = int_absent(s);
        else if (s->type == MBMC_SET_TYPE_BOOL)
            *(gboolean *)m = s->def != 0;
        else if (s->type == MBMC_SET_TYPE_ENUM)
            *(int *)m = (int)s->def;
    }
}

static gboolean is_text(const struct mbmc_setting *s)
{
    return s->type == MBMC_SET_TYPE_STRING || s->type == MBMC_SET_TYPE_PATH;
}

void mbmc_fields_free(void *obj, MbmcFieldsOf of)
{
    for (guint i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        if (mbmc_field_in(s, of) && is_text(s))
            g_clear_pointer((char **)member(s, obj), g_free);
    }
}

void mbmc_fields_copy(void *dst, const void *src, MbmcFieldsOf of)
{
    for (guint i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        if (mbmc_field_in(s, of) && is_text(s))
            *(char **)member(s, dst) = g_strdup(*(char *const *)member(s, src));
    }
}

/* ---- checks of a model (from a file or the CLI) */

gboolean mbmc_fields_check_ranges(const void *obj, MbmcFieldsOf of, const char *where, GError **error)
{
    for (guint i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        if (!mbmc_field_in(s, of) || s->type != MBMC_SET_TYPE_INT || mbmc_field_is_default(s, obj))
            continue;
        gint n = *(const gint *)member(s, obj);
        if (!mbmc_setting_in_range(s, n)) {
            g_autofree char *value = g_strdup_printf("%d", n);
            return out_of_range(error, where, s, value);
        }
    }
    return TRUE;
}

gboolean mbmc_fields_check_paths(const MbmcConfig *c, GError **error)
{
    for (guint i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        if (!mbmc_field_in(s, MBMC_FIELDS_CONFIG) || s->type != MBMC_SET_TYPE_PATH)
            continue;
        const char *path = *(char *const *)member(s, c);
        g_autofree char *name = mbmc_field_name(s);
        if (path && !g_path_is_absolute(path))
            return invalid(error, "\"%s\" must be an absolute path (got '%s')", name, path);
        /* Paths travel in ipmi_sim's space-separated module options and quoted lan.conf lines. */
        if (path && strpbrk(path, " \t\n\"'\\$#"))
            return invalid(error, "\"%s\" must not contain spaces, quotes, backslashes, $ or #: '%s'", name, path);
    }
    return TRUE;
}
