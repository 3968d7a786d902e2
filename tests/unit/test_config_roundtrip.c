/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The configuration file's round trip, driven by the table of settings (config_fields.c):
 *  - saved: tests/unit/configs/saved.jsonl holds, one per line, a configuration exactly as
 *    multibmc saved it (key order included) before the table drove the parser and to_json:
 *    one of each shape that the unit and integration tests wrote. Each must read back and
 *    save to the very same text (the line as json-c prints a saved file);
 *  - every key: tests/unit/configs/every-key.json sets every key of the table (with
 *    fingerprint; ca_file and insecure, the other two TLS choices, replace it in turn) and is
 *    saved byte for byte as it is;
 *  - every example: the fuzzing corpus and multibmc.json(5)'s EXAMPLE read, save, read again
 *    and save to the same bytes, and no key they set is lost (a key may only go when its value
 *    is its default). */
#include <glib.h>
#include <json-c/json.h>
#include <string.h>

#include "config_fields.h"
#include "mbmc_config.h"
#include "settings.h"
#include "unit.h"

static char *read_src(const char *rel)
{
    g_autofree char *path = g_build_filename(TOP_SRCDIR, rel, NULL);
    char *text = NULL;
    g_autoptr(GError) err = NULL;
    if (!g_file_get_contents(path, &text, NULL, &err)) {
        fprintf(stderr, "  %s\n", err->message);
        CHECK(0);
    }
    return text;
}

/* text read and saved: the saved text, or NULL with the reason on stderr. */
static char *save_of(const char *text, const char *what)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(MbmcConfig) c = mbmc_config_parse(text, what, &err);
    if (!c) {
        fprintf(stderr, "  %s refused: %s\n", what, err->message);
        return NULL;
    }
    return mbmc_config_to_json(c);
}

/* How multibmc prints a saved file (mbmc_config_to_json's flags). */
static char *printed(json_object *o)
{
    return g_strconcat(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                             JSON_C_TO_STRING_NOSLASHESCAPE),
                       "\n", NULL);
}

static void saved_files_stay_as_they_were(void)
{
    g_autofree char *all = read_src("tests/unit/configs/saved.jsonl");
    if (!all)
        return;
    g_auto(GStrv) lines = g_strsplit(all, "\n", -1);
    guint n = 0;
    for (guint i = 0; lines[i]; i++) {
        if (!*lines[i])
            continue;
        n++;
        json_object *want_obj = json_tokener_parse(lines[i]);
        CHECK(want_obj != NULL);
        if (!want_obj)
            continue;
        g_autofree char *want = printed(want_obj);
        json_object_put(want_obj);
        g_autofree char *what = g_strdup_printf("saved.jsonl:%u", i + 1);
        g_autofree char *got = save_of(want, what);
        if (!got || strcmp(got, want)) {
            fprintf(stderr, "  %s saves differently:\n--- was\n%s--- now\n%s", what, want, got ? got : "(refused)\n");
            CHECK(0);
        }
    }
    CHECK(n >= 60);   /* the corpus is there */
}

/* The every-key file, and the same with each other TLS choice in place of the fingerprint. */
static void every_key_saved_byte_for_byte(void)
{
    g_autofree char *text = read_src("tests/unit/configs/every-key.json");
    if (!text)
        return;
    /* It does set every key of the table. */
    json_object *root = json_tokener_parse(text);
    CHECK(root != NULL);
    for (int i = 0; root && i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        if (!s->key || s->id == MBMC_SET_CA_FILE || s->id == MBMC_SET_INSECURE)
            continue;
        json_object *obj = root, *v = NULL;
        if (s->scope == MBMC_SCOPE_BMC) {
            json_object *arr = NULL;
            json_object_object_get_ex(root, "bmcs", &arr);
            obj = arr ? json_object_array_get_idx(arr, 1) : NULL;   /* the qmp one: every key */
        } else if (s->scope != MBMC_SCOPE_GLOBAL) {
            json_object_object_get_ex(root, mbmc_scope_name(s->scope), &obj);
        }
        if (!obj || !json_object_object_get_ex(obj, s->key, &v)) {
            fprintf(stderr, "  every-key.json lacks %s\n", s->key);
            CHECK(0);
        }
    }
    json_object_put(root);
    static const char *const fp_line =
        "\"fingerprint\": \"AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:"
        "23:45:67:89\",\n";
    const char *at = strstr(text, fp_line);
    CHECK(at != NULL);
    if (!at)
        return;
    static const char *const tls[] = { NULL, "\"ca_file\": \"/etc/multibmc/pve-ca.pem\",\n",
                                       "\"insecure\": true,\n" };
    for (guint k = 0; k < G_N_ELEMENTS(tls); k++) {
        /* insecure goes after the fingerprint's place: to_json writes it after fingerprint. */
        g_autofree char *variant = !tls[k] ? g_strdup(text)
                                           : g_strdup_printf("%.*s%s%s", (int)(at - text), text, tls[k],
                                                             at + strlen(fp_line));
        g_autofree char *got = save_of(variant, "every-key.json");
        if (!got || strcmp(got, variant)) {
            fprintf(stderr, "  every-key.json (%s) saves differently:\n%s", tls[k] ? tls[k] : "fingerprint",
                    got ? got : "(refused)\n");
            CHECK(0);
        }
    }
}

/* Is v what an absent key of s reads as (so that a save may leave it out)? */
static gboolean is_default_value(const struct mbmc_setting *s, json_object *v)
{
    if (!v)
        return TRUE;
    switch (s->type) {
    case MBMC_SET_TYPE_BOOL: return s->id != MBMC_SET_BMC_REDFISH && json_object_get_boolean(v) == (s->def != 0);
    case MBMC_SET_TYPE_ENUM: return mbmc_setting_enum_value(s, json_object_get_string(v)) == s->def;
    default: return FALSE;
    }
}

/* Each key of in (an object of scope) is in out with the same value, or had its default. */
static void keys_kept(json_object *in, json_object *out, enum mbmc_setting_scope scope, const char *what)
{
    json_object_object_foreach(in, key, v) {
        const struct mbmc_setting *s = mbmc_setting_by_key(scope, key);
        if (!s)
            continue;   /* an object: compared by the caller */
        json_object *got = NULL;
        if (out && json_object_object_get_ex(out, key, &got) ? !json_object_equal(v, got) : !is_default_value(s, v)) {
            fprintf(stderr, "  %s: %s.%s is %s after a save, was %s\n", what, mbmc_scope_name(scope), key,
                    got ? json_object_to_json_string(got) : "gone", json_object_to_json_string(v));
            CHECK(0);
        }
    }
}

static json_object *bmc_by_vmid(json_object *root, int64_t vmid)
{
    json_object *arr = NULL, *v = NULL;
    json_object_object_get_ex(root, "bmcs", &arr);
    for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
        json_object *b = json_object_array_get_idx(arr, i);
        if (json_object_object_get_ex(b, "vmid", &v) && json_object_get_int64(v) == vmid)
            return b;
    }
    return NULL;
}

/* text read and saved twice gives the same bytes, and keeps every key it set. */
static void round_trip(const char *text, const char *what)
{
    g_autofree char *once = save_of(text, what);
    CHECK(once != NULL);
    if (!once)
        return;
    g_autofree char *twice = save_of(once, what);
    if (!twice || strcmp(once, twice)) {
        fprintf(stderr, "  %s: a second save differs:\n%s---\n%s", what, once, twice ? twice : "(refused)\n");
        CHECK(0);
    }
    json_object *in = json_tokener_parse(text), *out = json_tokener_parse(once);
    CHECK(in && out);
    if (in && out) {
        keys_kept(in, out, MBMC_SCOPE_GLOBAL, what);
        static const enum mbmc_setting_scope objects[] = { MBMC_SCOPE_PROXMOX, MBMC_SCOPE_REDFISH };
        for (guint k = 0; k < G_N_ELEMENTS(objects); k++) {
            json_object *a = NULL, *b = NULL;
            json_object_object_get_ex(in, mbmc_scope_name(objects[k]), &a);
            json_object_object_get_ex(out, mbmc_scope_name(objects[k]), &b);
            if (a)
                keys_kept(a, b, objects[k], what);
        }
        json_object *arr = NULL, *v = NULL;
        json_object_object_get_ex(in, "bmcs", &arr);
        for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
            json_object *b = json_object_array_get_idx(arr, i);
            json_object_object_get_ex(b, "vmid", &v);
            keys_kept(b, bmc_by_vmid(out, json_object_get_int64(v)), MBMC_SCOPE_BMC, what);
        }
    }
    json_object_put(in);
    json_object_put(out);
}

/* The EXAMPLE of multibmc.json(5), as a reader copies it from the page (troff escapes undone). */
static char *man_example(void)
{
    g_autofree char *page = read_src("docs/man/multibmc.json.5.in");
    const char *start = page ? strstr(page, ".SH EXAMPLE\n.nf\n") : NULL;
    const char *end = start ? strstr(start, "\n.fi") : NULL;
    CHECK(start && end);
    if (!start || !end)
        return NULL;
    start += strlen(".SH EXAMPLE\n.nf\n");
    GString *json = g_string_new(NULL);
    for (const char *c = start; c < end; c++) {
        if (c[0] == '\\' && c[1] == '-')
            continue;
        g_string_append_c(json, *c);
    }
    return g_string_free(json, FALSE);
}

static void examples_round_trip(void)
{
    g_autofree char *dir = g_build_filename(TOP_SRCDIR, "tests", "fuzz", "corpus", "config", NULL);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    CHECK(d != NULL);
    guint n = 0;
    for (const char *name; d && (name = g_dir_read_name(d));) {
        g_autofree char *rel = g_build_filename("tests", "fuzz", "corpus", "config", name, NULL);
        g_autofree char *text = read_src(rel);
        if (text)
            round_trip(text, rel);
        n++;
    }
    CHECK(n >= 2);
    g_autofree char *example = man_example();
    if (example)
        round_trip(example, "multibmc.json(5) EXAMPLE");
    g_autofree char *every = read_src("tests/unit/configs/every-key.json");
    if (every)
        round_trip(every, "every-key.json");
    /* A hand-written file with defaults spelled out: they may go, nothing else. */
    round_trip("{ \"interface\": \"bmc0\", \"mode\": \"alias\", \"password_file\": \"/p\", \"proxmox\": { \"url\": "
               "\"https://pve:8006\", \"token_file\": \"/t\", \"insecure\": false, \"shared_poll\": true, "
               "\"sol_policy\": \"hold\", \"console_auth\": \"auto\" }, \"redfish\": { \"enabled\": false }, "
               "\"bmcs\": [ { \"vmid\": 7, \"address\": \"198.18.0.7\", \"prefix\": 24, \"backend\": \"qmp\", "
               "\"qmp\": \"/q\", \"sol_device\": null } ] }",
               "defaults spelled out");
}

int main(void)
{
    RUN(saved_files_stay_as_they_were);
    RUN(every_key_saved_byte_for_byte);
    RUN(examples_round_trip);
    UNIT_EXIT();
}
