/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The drift test of the table of settings (module/shared/settings.def): every place a setting
 * lives must know it, and no place may know a setting the table does not. The config parser,
 * to_json, the module's option parser and the reload comparisons are driven from the table and
 * checked here by use; the CLIs (multibmc init/add, multibmc-solbridge) through the built
 * binaries' --help and errors; the man pages' lists are generated from the table (checked in
 * the built pages), and what is still written by hand in their sources (docs/man/\*.in: the
 * ranges, flags, options and keys the prose names) is read here. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "bmcfiles.h"
#include "mbmc_config.h"
#include "options.h"
#include "settings.h"
#include "unit.h"

/* A place that disagrees with the table: say which, and fail. */
#define DRIFT(...) do { fprintf(stderr, "  " __VA_ARGS__); fputc('\n', stderr); CHECK(0); } while (0)

/* A valid value of each config key (with the keys it needs beside it), as a JSON fragment for
 * its object. A new config key needs a line here: the round trip test says so. */
static const char *const samples[MBMC_SET_COUNT] = {
    [MBMC_SET_INTERFACE] = "\"interface\": \"bmc1\"",
    [MBMC_SET_MODE] = "\"mode\": \"macvlan\"",
    [MBMC_SET_USER] = "\"user\": \"root\"",
    [MBMC_SET_PASSWORD_FILE] = "\"password_file\": \"/etc/other.pw\"",
    [MBMC_SET_RUN_DIR] = "\"run_dir\": \"/run/mb2\"",
    [MBMC_SET_STATE_DIR] = "\"state_dir\": \"/var/lib/mb2\"",
    [MBMC_SET_MODULE] = "\"module\": \"/opt/multibmc.so\"",
    [MBMC_SET_TEMPLATES] = "\"templates\": \"/opt/templates\"",
    [MBMC_SET_IPMI_SIM] = "\"ipmi_sim\": \"/opt/ipmi_sim\"",
    [MBMC_SET_PVE_URL] = "\"url\": \"https://pve2:8006\"",
    [MBMC_SET_TOKEN_FILE] = "\"token_file\": \"/etc/token2\"",
    [MBMC_SET_CA_FILE] = "\"ca_file\": \"/etc/ca.pem\"",
    [MBMC_SET_FINGERPRINT] = "\"fingerprint\": \"AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"
                             "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89\"",
    [MBMC_SET_INSECURE] = "\"insecure\": true",
    [MBMC_SET_SOL_POLICY] = "\"sol_policy\": \"share\"",
    [MBMC_SET_SOL_IDLE_SECS] = "\"sol_idle_secs\": 60",
    [MBMC_SET_CONSOLE_USER] = "\"console_user\": \"con@pve\", \"console_password_file\": \"/etc/con.pw\"",
    [MBMC_SET_CONSOLE_PASSWORD_FILE] = "\"console_user\": \"con@pve\", \"console_password_file\": \"/etc/c2\"",
    [MBMC_SET_CONSOLE_AUTH] = "\"console_auth\": \"token\"",
    [MBMC_SET_SHARED_POLL] = "\"shared_poll\": false",
    [MBMC_SET_POLL_MS] = "\"poll_ms\": 700",
    [MBMC_SET_ISO_STORAGE] = "\"iso_storage\": \"isos\"",
    [MBMC_SET_MEDIA_RETENTION] = "\"media_retention\": 0",
    [MBMC_SET_REDFISH_ENABLED] = "\"enabled\": true",
    [MBMC_SET_REDFISH_PORT] = "\"port\": 8443",
    [MBMC_SET_REDFISH_CERT_FILE] = "\"cert_file\": \"/etc/rf.pem\", \"key_file\": \"/etc/rf.key\"",
    [MBMC_SET_REDFISH_KEY_FILE] = "\"cert_file\": \"/etc/rf.pem\", \"key_file\": \"/etc/rf2.key\"",
    [MBMC_SET_MEDIA_DIR] = "\"media_dir\": \"/srv/isos\"",
    [MBMC_SET_VMID] = "\"vmid\": 4711",
    [MBMC_SET_ADDRESS] = "\"address\": \"198.18.0.77\"",
    [MBMC_SET_PREFIX] = "\"prefix\": 16",
    [MBMC_SET_BACKEND] = "\"backend\": \"qmp\"",
    [MBMC_SET_QMP] = "\"qmp\": \"/run/q2.sock\"",
    [MBMC_SET_BMC_USER] = "\"user\": \"op\", \"password_file\": \"/etc/op.pw\"",
    [MBMC_SET_BMC_PASSWORD_FILE] = "\"password_file\": \"/etc/op2.pw\"",
    [MBMC_SET_SOL_DEVICE] = "\"sol_device\": \"tcp:127.0.0.1:5001\"",
    [MBMC_SET_DISCOVERED] = "\"discovered\": \"proxmox pool=hpc\"",
    [MBMC_SET_BMC_REDFISH] = "\"redfish\": false",
    [MBMC_SET_BMC_REDFISH_CERT_FILE] = "\"redfish_cert_file\": \"/etc/b.pem\", \"redfish_key_file\": \"/etc/b.key\"",
    [MBMC_SET_BMC_REDFISH_KEY_FILE] = "\"redfish_cert_file\": \"/etc/b.pem\", \"redfish_key_file\": \"/etc/b2.key\"",
    [MBMC_SET_CDROM] = "\"cdrom\": \"cd1\"",
    [MBMC_SET_INBAND_PORT] = "\"inband_port\": 9300",
};

/* A valid config with fragment added to the object of scope (later keys win in json-c). */
static char *config_with(enum mbmc_setting_scope scope, const char *fragment)
{
    const char *g = scope == MBMC_SCOPE_GLOBAL ? fragment : NULL;
    const char *p = scope == MBMC_SCOPE_PROXMOX ? fragment : NULL;
    const char *r = scope == MBMC_SCOPE_REDFISH ? fragment : NULL;
    const char *b = scope == MBMC_SCOPE_BMC ? fragment : NULL;
#define SEP(x) ((x) ? ", " : ""), ((x) ? (x) : "")
    return g_strdup_printf("{ \"interface\": \"bmc0\", \"password_file\": \"/etc/ipmi.pw\"%s%s,"
                           " \"proxmox\": { \"url\": \"https://pve:8006\", \"token_file\": \"/etc/token\"%s%s },"
                           " \"redfish\": { \"enabled\": false, \"port\": 443%s%s },"
                           " \"bmcs\": [ { \"vmid\": 100, \"address\": \"198.18.0.10\", \"prefix\": 24,"
                           " \"backend\": \"qmp\", \"qmp\": \"/run/q.sock\"%s%s } ] }",
                           SEP(g), SEP(p), SEP(r), SEP(b));
#undef SEP
}

static json_object *scope_of(json_object *root, enum mbmc_setting_scope scope)
{
    json_object *o = NULL;
    if (scope == MBMC_SCOPE_GLOBAL)
        return root;
    if (scope == MBMC_SCOPE_BMC) {
        json_object *arr;
        return json_object_object_get_ex(root, "bmcs", &arr) ? json_object_array_get_idx(arr, 0) : NULL;
    }
    json_object_object_get_ex(root, mbmc_scope_name(scope), &o);
    return o;
}

/* ---- the table itself */

static void table_is_sane(void)
{
    for (int i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        CHECK_EQ_INT(s->id, i);
        if (!s->key && !s->flag && !s->solflag && !s->option)
            DRIFT("setting %d has no place at all", i);
        CHECK(s->doc && *s->doc);
        CHECK(!s->key == (s->scope == MBMC_SCOPE_MODULE || s->scope == MBMC_SCOPE_SOLBRIDGE));
        if (s->scope == MBMC_SCOPE_SOLBRIDGE && (s->flag || s->option || !s->solflag))
            DRIFT("setting %d is multibmc-solbridge's only: a SOLFLAG and nothing else", i);
        if (mbmc_setting_required(s) && !s->key)
            DRIFT("setting %d: REQUIRED is for a config key", i);
        if (s->type == MBMC_SET_TYPE_INT) {
            CHECK(s->unit != NULL);
            CHECK(s->min <= s->max);
            CHECK(s->def == 0 || mbmc_setting_required(s) || mbmc_setting_in_range(s, s->def));
        }
        if (s->type == MBMC_SET_TYPE_ENUM) {
            /* Words with an index each, the default among them, each a word. */
            CHECK(s->unit && mbmc_setting_enum_count(s) >= 2);
            CHECK(s->def >= 0 && s->def < mbmc_setting_enum_count(s));
            CHECK(s->unit && !strpbrk(s->unit, " ,") && !strstr(s->unit, "||"));
            CHECK(s->arg == NULL);
        }
        if (s->type == MBMC_SET_TYPE_BOOL)
            CHECK(s->arg == NULL || (strchr(s->arg, '|') && s->def >= 0 && s->def <= 1));
        if ((s->flag || s->solflag || s->option) && s->type != MBMC_SET_TYPE_BOOL && s->type != MBMC_SET_TYPE_ENUM &&
            !s->arg)
            DRIFT("setting %d: a flag or option with a value needs ARG (its name in --help)", i);
        /* BMC entries are made with g_new0 (parse, add, discover): zero must be every default. */
        if (s->scope == MBMC_SCOPE_BMC && !mbmc_setting_required(s) &&
            !(s->type == MBMC_SET_TYPE_INT ? s->min > 0 : s->def == 0))
            DRIFT("bmcs[] key %s: its default is not what a zeroed MbmcBmc holds", s->key);
        for (int j = 0; j < i; j++) {
            const struct mbmc_setting *o = mbmc_setting(j);
            if (s->key && o->key && s->scope == o->scope && !strcmp(s->key, o->key))
                DRIFT("config key %s twice", s->key);
            if (s->flag && o->flag && !strcmp(s->flag, o->flag) &&
                (s->scope == MBMC_SCOPE_BMC) == (o->scope == MBMC_SCOPE_BMC))
                DRIFT("flag --%s twice for one command", s->flag);
            if (s->solflag && o->solflag && !strcmp(s->solflag, o->solflag))
                DRIFT("multibmc-solbridge flag --%s twice", s->solflag);
            /* One option behind two settings (global and per-BMC certificate): alike. */
            if (s->option && o->option && !strcmp(s->option, o->option) &&
                (s->type != o->type || s->min != o->min || s->max != o->max))
                DRIFT("option %s= has two kinds or ranges", s->option);
        }
    }
}

/* The module's defaults are the table's (other code reads the #defines). */
static void defaults_agree(void)
{
    CHECK_EQ_INT(mbmc_setting(MBMC_SET_POLL_MS)->def, MBMC_DEFAULT_POLL_MS);
    CHECK_EQ_INT(mbmc_setting(MBMC_SET_SEL_ENTRIES)->def, MBMC_DEFAULT_SEL_ENTRIES);
    CHECK_EQ_INT(mbmc_setting(MBMC_SET_MEDIA_RETENTION)->def, MBMC_DEFAULT_MEDIA_RETENTION);
    CHECK_EQ_INT(mbmc_setting(MBMC_SET_REDFISH_PORT)->def, MBMC_DEFAULT_REDFISH_PORT);
    CHECK_EQ_INT(mbmc_setting(MBMC_SET_LOCKOUT_FAILURES)->def, MBMC_LOCKOUT_DEFAULT_FAILURES);
    CHECK_EQ_INT(mbmc_setting(MBMC_SET_LOCKOUT_WINDOW)->def, MBMC_LOCKOUT_DEFAULT_WINDOW);
    CHECK_EQ_INT(mbmc_setting(MBMC_SET_LOCKOUT_SECONDS)->def, MBMC_LOCKOUT_DEFAULT_SECONDS);
    struct mbmc_options o;
    char err[512];
    CHECK_EQ_INT(mbmc_options_parse("backend=qmp qmp=/q", &o, err, sizeof(err)), 0);
    CHECK_EQ_INT(o.poll_ms, mbmc_setting(MBMC_SET_POLL_MS)->def);
    CHECK_EQ_INT(o.sel_entries, mbmc_setting(MBMC_SET_SEL_ENTRIES)->def);
    CHECK_EQ_INT(o.sol_stall_fix, mbmc_setting(MBMC_SET_SOL_STALL_FIX)->def);
    mbmc_options_free(&o);
    /* An ENUM's C values are its words' indexes: the names the code prints agree. */
    char word[64];
    for (int v = 0; v < 2; v++) {
        mbmc_setting_enum_word(mbmc_setting(MBMC_SET_MODE), v, word, sizeof(word));
        CHECK_EQ_STR(mbmc_mode_name((MbmcAddrMode)v), word);
        mbmc_setting_enum_word(mbmc_setting(MBMC_SET_BACKEND), v, word, sizeof(word));
        CHECK_EQ_STR(mbmc_backend_kind_name((MbmcBackendKind)v), word);
    }
    for (int v = 0; v < 3; v++) {
        mbmc_setting_enum_word(mbmc_setting(MBMC_SET_CONSOLE_AUTH), v, word, sizeof(word));
        CHECK_EQ_STR(mbmc_console_auth_name((MbmcConsoleAuth)v), word);
    }
    CHECK_EQ_INT(mbmc_setting_enum_count(mbmc_setting(MBMC_SET_SOL_POLICY)), 2);   /* sol_share: FALSE, TRUE */
}

/* ---- the config file: parser, to_json */

static void config_keys_round_trip(void)
{
    for (int i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        if (!s->key)
            continue;
        if (!samples[i]) {
            DRIFT("config key %s: add a sample value to test_settings.c", s->key);
            CHECK(0);
            continue;
        }
        g_autofree char *text = config_with(s->scope, samples[i]);
        g_autoptr(GError) err = NULL;
        MbmcConfig *c = mbmc_config_parse(text, "t.json", &err);
        if (!c) {
            fprintf(stderr, "  config key %s refused: %s\n", s->key, err->message);
            CHECK(0);
            continue;
        }
        /* to_json writes what the parser read: the sample's key with the sample's value. */
        g_autofree char *saved = mbmc_config_to_json(c);
        g_autofree char *frag = g_strdup_printf("{ %s }", samples[i]);
        json_object *want = json_tokener_parse(frag), *root = json_tokener_parse(saved), *got = NULL;
        json_object *obj = scope_of(root, s->scope);
        json_object *wv = NULL;
        json_object_object_get_ex(want, s->key, &wv);
        if (!obj || !json_object_object_get_ex(obj, s->key, &got) || !json_object_equal(wv, got)) {
            fprintf(stderr, "  config key %s does not survive a save: %s\n", s->key, saved);
            CHECK(0);
        }
        json_object_put(want);
        json_object_put(root);
        mbmc_config_free(c);
    }
}

/* The valid config with setting s at its sample value, or NULL (no key, no sample, refused). */
static MbmcConfig *sample_config(const struct mbmc_setting *s)
{
    if (!s->key || !samples[s->id])
        return NULL;
    g_autofree char *text = config_with(s->scope, samples[s->id]);
    return mbmc_config_parse(text, "t.json", NULL);
}

/* Every key to_json writes, in every object, is the table's (all samples applied one by one). */
static void saved_keys_known(void)
{
    for (int i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        MbmcConfig *c = sample_config(s);
        if (!c)
            continue;   /* config_keys_round_trip says why */
        g_autofree char *saved = mbmc_config_to_json(c);
        json_object *root = json_tokener_parse(saved);
        static const enum mbmc_setting_scope scopes[] = { MBMC_SCOPE_GLOBAL, MBMC_SCOPE_PROXMOX,
                                                          MBMC_SCOPE_REDFISH, MBMC_SCOPE_BMC };
        for (guint k = 0; k < G_N_ELEMENTS(scopes); k++) {
            json_object *obj = scope_of(root, scopes[k]);
            if (!obj)
                continue;
            json_object_object_foreach(obj, key, val) {
                (void)val;
                if (!mbmc_config_key_known(scopes[k], key))
                    DRIFT("to_json writes %s.%s, which the table does not know", mbmc_scope_name(scopes[k]), key);
            }
        }
        json_object_put(root);
        mbmc_config_free(c);
    }
}

static void config_refuses_unknown_keys(void)
{
    static const enum mbmc_setting_scope scopes[] = { MBMC_SCOPE_GLOBAL, MBMC_SCOPE_PROXMOX, MBMC_SCOPE_REDFISH,
                                                      MBMC_SCOPE_BMC };
    for (guint i = 0; i < G_N_ELEMENTS(scopes); i++) {
        g_autofree char *text = config_with(scopes[i], "\"poll-ms\": 1");
        g_autoptr(GError) err = NULL;
        MbmcConfig *c = mbmc_config_parse(text, "t.json", &err);
        CHECK(c == NULL && err && strstr(err->message, "unknown field \"poll-ms\""));
        /* and names the object it is in */
        CHECK(err && strstr(err->message, scopes[i] == MBMC_SCOPE_BMC ? "bmcs[0]" : mbmc_scope_name(scopes[i])));
        if (c)
            mbmc_config_free(c);
    }
}

static gboolean config_accepts(const struct mbmc_setting *s, long long n, char **msg)
{
    g_autofree char *frag = g_strdup_printf("\"%s\": %lld", s->key, n);
    g_autofree char *text = config_with(s->scope, frag);
    g_autoptr(GError) err = NULL;
    MbmcConfig *c = mbmc_config_parse(text, "t.json", &err);
    if (!c) {
        *msg = g_strdup(err->message);
        return FALSE;
    }
    mbmc_config_free(c);
    return TRUE;
}

/* Each integer key takes exactly its range, and says so when refused. */
static void config_ranges(void)
{
    for (int i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        if (!s->key || s->type != MBMC_SET_TYPE_INT)
            continue;
        g_autofree char *range = g_strdup_printf("from %lld to %lld", s->min, s->max);
        char *msg = NULL;
        if (!config_accepts(s, s->min, &msg) || !config_accepts(s, s->max, &msg)) {
            fprintf(stderr, "  %s: its range's end refused: %s\n", s->key, msg);
            CHECK(0);
        }
        g_clear_pointer(&msg, g_free);
        long long outside[] = { s->min - 1, s->max + 1 };
        for (guint k = 0; k < G_N_ELEMENTS(outside); k++) {
            if (outside[k] < 0 && s->min == 0)
                continue;       /* a negative number is no count of anything */
            if (config_accepts(s, outside[k], &msg)) {
                fprintf(stderr, "  %s: %lld accepted outside %s\n", s->key, outside[k], range);
                CHECK(0);
            } else if (!strstr(msg, s->key) || !strstr(msg, range)) {
                fprintf(stderr, "  %s: message lacks the key or '%s': %s\n", s->key, range, msg);
                CHECK(0);
            }
            g_clear_pointer(&msg, g_free);
        }
    }
}

/* ---- the module's options, and the option string the generator writes */

static int module_parse(const char *extra, char *err, size_t errlen)
{
    g_autofree char *opts = g_strdup_printf("backend=qmp qmp=/run/q.sock %s", extra);
    struct mbmc_options o;
    int rc = mbmc_options_parse(opts, &o, err, errlen);
    if (!rc)
        mbmc_options_free(&o);
    return rc;
}

static void module_takes_every_option(void)
{
    char err[1024];
    for (int i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        if (!s->option)
            continue;
        g_autofree char *kv = g_strdup_printf("%s=?", s->option);
        if (module_parse(kv, err, sizeof(err)) == 0)
            continue;
        if (strstr(err, "unknown option") || strstr(err, "not taken")) {
            fprintf(stderr, "  module option %s: %s\n", s->option, err);
            CHECK(0);
        }
    }
    CHECK_EQ_INT(module_parse("no-such-option=1", err, sizeof(err)), -1);
    CHECK(strstr(err, "unknown option 'no-such-option'") != NULL);
    for (int i = 0; i < MBMC_SET_COUNT; i++)   /* the message lists every option */
        if (mbmc_setting(i)->option)
            CHECK(strstr(err, mbmc_setting(i)->option) != NULL);
}

static void module_ranges(void)
{
    char err[1024];
    for (int i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        if (!s->option || s->type != MBMC_SET_TYPE_INT)
            continue;
        g_autofree char *range = g_strdup_printf("from %lld to %lld", s->min, s->max);
        long long inside[] = { s->min, s->max }, outside[] = { s->min - 1, s->max + 1 };
        for (guint k = 0; k < 2; k++) {
            g_autofree char *kv = g_strdup_printf("%s=%lld", s->option, inside[k]);
            if (module_parse(kv, err, sizeof(err))) {
                fprintf(stderr, "  module %s refused: %s\n", kv, err);
                CHECK(0);
            }
            if (outside[k] < 0)
                continue;
            g_autofree char *bad = g_strdup_printf("%s=%lld", s->option, outside[k]);
            if (!module_parse(bad, err, sizeof(err)) || !strstr(err, range)) {
                fprintf(stderr, "  module %s accepted or message lacks '%s': %s\n", bad, range, err);
                CHECK(0);
            }
        }
    }
}

/* Every key= the generator writes (all settings on) is a table option the module takes. */
static void generated_options_known(void)
{
    g_autofree char *text = g_strdup(
        "{ \"interface\": \"bmc0\", \"password_file\": \"/etc/ipmi.pw\", \"run_dir\": \"/run/m\","
        " \"state_dir\": \"/var/lib/m\","
        " \"proxmox\": { \"url\": \"https://pve:8006\", \"token_file\": \"/etc/token\", \"ca_file\": \"/etc/ca\","
        " \"poll_ms\": 700, \"iso_storage\": \"isos\", \"media_retention\": 60 },"
        " \"redfish\": { \"enabled\": true, \"port\": 8443, \"cert_file\": \"/etc/c\", \"key_file\": \"/etc/k\","
        " \"media_dir\": \"/srv\" },"
        " \"bmcs\": [ { \"vmid\": 100, \"address\": \"198.18.0.10\", \"prefix\": 24, \"cdrom\": \"ide2\" },"
        " { \"vmid\": 101, \"address\": \"198.18.0.11\", \"prefix\": 24, \"backend\": \"qmp\","
        " \"qmp\": \"/run/q\", \"redfish_cert_file\": \"/etc/b\", \"redfish_key_file\": \"/etc/bk\" } ] }");
    g_autoptr(GError) gerr = NULL;
    MbmcConfig *c = mbmc_config_parse(text, "t.json", &gerr);
    CHECK(c != NULL);
    if (!c)
        return;
    for (guint i = 0; i < c->bmcs->len; i++) {
        g_autofree char *opts = mbmc_bmc_module_options(c, g_ptr_array_index(c->bmcs, i));
        g_auto(GStrv) words = g_strsplit(opts, " ", -1);
        for (guint w = 0; words[w]; w++) {
            char *eq = strchr(words[w], '=');
            CHECK(eq != NULL);
            if (!eq)
                continue;
            *eq = '\0';
            if (!mbmc_setting_by_option(words[w]))
                fprintf(stderr, "  the generator writes %s=, which the table does not know\n", words[w]);
        }
        struct mbmc_options o;
        char err[1024];
        if (mbmc_options_parse(opts, &o, err, sizeof(err)))
            DRIFT("the module refuses the generated '%s': %s", opts, err);
        else
            mbmc_options_free(&o);
    }
    mbmc_config_free(c);
}

/* ---- the reload comparisons */

/* A setting with a CMP bit makes its comparison differ, and only that one. */
static void settings_equal_follows_cmp(void)
{
    static const unsigned cmps[] = { MBMC_CMP_PVE, MBMC_CMP_NET, MBMC_CMP_BMC };
    g_autofree char *base_text = config_with(MBMC_SCOPE_GLOBAL, NULL);
    MbmcConfig *base = mbmc_config_parse(base_text, "t.json", NULL);
    CHECK(base != NULL);
    if (!base)
        return;
    for (guint k = 0; k < G_N_ELEMENTS(cmps); k++)
        CHECK(mbmc_config_settings_equal(base, base, cmps[k]));
    for (int i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        MbmcConfig *c = sample_config(s);
        if (!c)
            continue;   /* config_keys_round_trip says why */
        for (guint k = 0; k < G_N_ELEMENTS(cmps); k++) {
            gboolean equal = s->scope == MBMC_SCOPE_BMC
                                 ? mbmc_bmc_settings_equal(g_ptr_array_index(base->bmcs, 0),
                                                           g_ptr_array_index(c->bmcs, 0), cmps[k])
                                 : mbmc_config_settings_equal(base, c, cmps[k]);
            /* The sample changes the setting (or, for backend, keeps it: qmp in both). */
            gboolean want = !(s->cmp & cmps[k]) || i == MBMC_SET_BACKEND;
            if (equal != want) {
                DRIFT("%s: comparison %#x says %s", s->key, cmps[k], equal ? "equal" : "differs");
                CHECK(0);
            }
        }
        mbmc_config_free(c);
    }
    mbmc_config_free(base);
}

/* ---- the CLIs (the built binaries) */

/* orchestrator/PROGRAM ARGS: its output and error output, or NULL when it is not built. */
static char *run_built(const char *program, const char *args, int *status)
{
    g_autofree char *bin = g_build_filename(TOP_BUILDDIR, "orchestrator", program, NULL);
    if (!g_file_test(bin, G_FILE_TEST_IS_EXECUTABLE))
        return NULL;
    g_autofree char *cmd = g_strdup_printf("%s %s", bin, args);
    char *out = NULL, *errout = NULL;
    g_autoptr(GError) e = NULL;
    if (!g_spawn_command_line_sync(cmd, &out, &errout, status, &e)) {
        DRIFT("cannot run %s: %s", cmd, e->message);
        return NULL;
    }
    char *all = g_strconcat(out, errout, NULL);
    g_free(out);
    g_free(errout);
    return all;
}

static char *run_multibmc(const char *args, int *status)
{
    char *out = run_built("multibmc", args, status);
    if (!out)
        DRIFT("orchestrator/multibmc %s did not run", args);
    return out;
}

/* init's and add's --help list the table's flags of their scope, and no setting besides. */
static void cli_flags_match(void)
{
    static const char *const not_settings[] = { "help", "config", "force", "inband", NULL };
    static const struct { const char *cmd; enum mbmc_setting_scope scope; } cmds[] = {
        { "init", MBMC_SCOPE_GLOBAL }, { "add", MBMC_SCOPE_BMC } };
    for (guint c = 0; c < G_N_ELEMENTS(cmds); c++) {
        int status;
        g_autofree char *args = g_strdup_printf("%s --help", cmds[c].cmd);
        g_autofree char *help = run_multibmc(args, &status);
        CHECK(help != NULL);
        if (!help)
            continue;
        for (int i = 0; i < MBMC_SET_COUNT; i++) {
            const struct mbmc_setting *s = mbmc_setting(i);
            if (!s->flag || mbmc_setting_by_flag(cmds[c].scope, s->flag) != s)
                continue;
            g_autofree char *needle = g_strdup_printf("--%s", s->flag);
            const char *at = strstr(help, needle);
            char after = at ? at[strlen(needle)] : 0;
            if (!at || (after != '=' && after != ' '))
                fprintf(stderr, "  multibmc %s lacks --%s\n", cmds[c].cmd, s->flag);
        }
        for (const char *p = strstr(help, "--"); p; p = strstr(p + 2, "--")) {
            size_t n = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz-");
            g_autofree char *flag = g_strndup(p + 2, n);
            gboolean known = mbmc_setting_by_flag(cmds[c].scope, flag) != NULL || g_str_has_prefix(flag, "help");
            for (guint k = 0; not_settings[k]; k++)
                known = known || !strcmp(flag, not_settings[k]);
            if (!known && n)
                DRIFT("multibmc %s has --%s, which the table does not know", cmds[c].cmd, flag);
        }
    }
}

/* An integer flag outside its range is refused with the table's words. */
static void cli_ranges(void)
{
    g_autofree char *dir = g_dir_make_tmp("mbmc-settings-XXXXXX", NULL);
    for (int i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        if (!s->flag || s->type != MBMC_SET_TYPE_INT)
            continue;
        gboolean add = s->scope == MBMC_SCOPE_BMC;
        g_autofree char *args = g_strdup_printf(add ? "add -c %s/c.json --qmp /q --%s %lld 100 198.18.0.9/24"
                                                    : "init -c %s/c.json --interface lo --%s %lld",
                                                dir, s->flag, s->max + 1);
        if (!add) {     /* should it succeed after all, no running supervisor hears of it */
            g_autofree char *with_run = g_strdup_printf("%s --run-dir %s/run", args, dir);
            g_free(args);
            args = g_steal_pointer(&with_run);
        }
        int status;
        g_autofree char *out = run_multibmc(args, &status);
        g_autofree char *range = g_strdup_printf("from %lld to %lld", s->min, s->max);
        if (!out || status == 0 || !strstr(out, range))
            DRIFT("multibmc %s: %s", args, out ? out : "(not run)");
    }
    g_autofree char *cfg = g_build_filename(dir, "c.json", NULL);
    g_autofree char *lock = g_build_filename(dir, "c.json.lock", NULL);
    g_unlink(cfg);
    g_unlink(lock);
    g_rmdir(dir);
}

/* ---- multibmc-solbridge (built with libsoup only) */

/* Its --help lists the table's SOLFLAGs and no other flag but --version; an integer flag
 * outside its range (or an ENUM flag with a wrong word) is refused with status 2 and the words
 * every program uses, before any file is read or any connection made. */
static void solbridge_flags_match(void)
{
    int status;
    g_autofree char *help = run_built("multibmc-solbridge", "--help", &status);
    if (!help) {
        fprintf(stderr, "  (no multibmc-solbridge: built without libsoup 3)\n");
        return;
    }
    for (int i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        if (!s->solflag)
            continue;
        g_autofree char *needle = g_strdup_printf("--%s", s->solflag);
        const char *at = strstr(help, needle);
        char after = at ? at[strlen(needle)] : 0;
        if (!at || (after != '=' && after != ' '))
            DRIFT("multibmc-solbridge lacks --%s", s->solflag);
    }
    for (const char *p = strstr(help, "--"); p; p = strstr(p + 2, "--")) {
        size_t n = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz-");
        g_autofree char *flag = g_strndup(p + 2, n);
        gboolean known = !n || g_str_has_prefix(flag, "help") || !strcmp(flag, "version");
        for (int i = 0; i < MBMC_SET_COUNT && !known; i++)
            known = mbmc_setting(i)->solflag && !strcmp(mbmc_setting(i)->solflag, flag);
        if (!known)
            DRIFT("multibmc-solbridge has --%s, which the table does not know", flag);
    }
    const char *base = "--vmid 100 --url https://198.18.0.1:8006 --token-file /nonexistent";
    for (int i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        if (!s->solflag || (s->type != MBMC_SET_TYPE_INT && s->type != MBMC_SET_TYPE_ENUM))
            continue;
        g_autofree char *args = s->type == MBMC_SET_TYPE_INT
                                    ? g_strdup_printf("%s --%s %lld", base, s->solflag, s->max + 1)
                                    : g_strdup_printf("%s --%s no-such-word", base, s->solflag);
        g_autofree char *out = run_built("multibmc-solbridge", args, &status);
        char want[160];
        if (s->type == MBMC_SET_TYPE_INT)
            snprintf(want, sizeof(want), "from %lld to %lld", s->min, s->max);
        else
            mbmc_setting_enum_text(s, "", want, sizeof(want));
        if (!out || !WIFEXITED(status) || WEXITSTATUS(status) != 2 || !strstr(out, want))
            DRIFT("multibmc-solbridge %s: status %d: %s", args, status, out ? out : "(not run)");
    }
}

/* ---- the man pages: the lists are generated (the built pages); the prose is read */

/* A page as built (TOP_BUILDDIR/docs/man/NAME) or its source (TOP_SRCDIR/docs/man/NAME.in). */
static char *read_page(const char *name, gboolean source)
{
    g_autofree char *file = source ? g_strconcat(name, ".in", NULL) : g_strdup(name);
    g_autofree char *path = g_build_filename(source ? TOP_SRCDIR : TOP_BUILDDIR, "docs", "man", file, NULL);
    char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
        DRIFT("cannot read %s (make builds the pages)", path);
    return text;
}

/* Does word occur in text with no letter, digit, _ or - right before or after it (a troff font
 * escape like \fB before it is fine)? */
static gboolean has_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
        gboolean start = p == text || !(g_ascii_isalnum(p[-1]) || p[-1] == '_' || p[-1] == '-') ||
                         (p - text >= 3 && p[-3] == '\\' && p[-2] == 'f');
        gboolean end = !(g_ascii_isalnum(p[n]) || p[n] == '_' || (p[n] == '\\' && p[n + 1] == '-'));
        if (start && end)
            return TRUE;
    }
    return FALSE;
}

/* Troff text without its dash escapes and font changes: "\-\-pve\-poll\-ms" reads --pve-poll-ms. */
static char *plain(const char *troff)
{
    GString *p = g_string_new(NULL);
    for (const char *c = troff; *c; c++) {
        if (c[0] == '\\' && c[1] == '-')
            continue;
        if (c[0] == '\\' && c[1] == 'f' && c[2]) {
            c += 2;
            continue;
        }
        if (c[0] == '\\' && c[1] == '&') {
            c++;
            continue;
        }
        g_string_append_c(p, *c);
    }
    return g_string_free(p, FALSE);
}

/* The generated lists: every key, flag and option of the table is in its built page. */
static void man_pages_list_every_setting(void)
{
    g_autofree char *json5_t = read_page("multibmc.json.5", FALSE);
    g_autofree char *man8_t = read_page("multibmc.8", FALSE);
    g_autofree char *gen8_t = read_page("multibmc-gen.8", FALSE);
    g_autofree char *sol8_t = read_page("multibmc-solbridge.8", FALSE);
    if (!json5_t || !man8_t || !gen8_t || !sol8_t)
        return;
    g_autofree char *json5 = plain(json5_t), *man8 = plain(man8_t), *gen8 = plain(gen8_t), *sol8 = plain(sol8_t);
    for (int i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        char range[96];
        mbmc_setting_range_text(s, range, sizeof(range));
        if (s->key) {   /* ".B poll_ms" then "(milliseconds from 200 to 60000) ..." */
            g_autofree char *entry = g_strdup_printf("\n.B %s\n(%s", s->key,
                                                     s->type == MBMC_SET_TYPE_INT ? range : "");
            if (!strstr(json5, entry))
                DRIFT("multibmc.json(5) lacks %s%s%s", s->key, s->type == MBMC_SET_TYPE_INT ? " with " : "",
                      s->type == MBMC_SET_TYPE_INT ? range : "");
        }
        if (s->flag) {
            g_autofree char *f = g_strdup_printf("--%s", s->flag);
            if (!has_word(man8, f))
                DRIFT("multibmc(8) lacks --%s", s->flag);
        }
        if (s->solflag) {
            g_autofree char *f = g_strdup_printf("--%s", s->solflag);
            if (!has_word(sol8, f))
                DRIFT("multibmc-solbridge(8) lacks --%s", s->solflag);
        }
        if (s->option) {
            g_autofree char *o = g_strdup_printf("\n%s=", s->option);
            if (!strstr(gen8, o))
                DRIFT("multibmc-gen(8) lacks the module option %s=", s->option);
        }
        if (s->type == MBMC_SET_TYPE_INT && (s->flag || s->option || s->solflag) && !strstr(man8, range) &&
            !strstr(gen8, range) && !strstr(sol8, range))
            DRIFT("no man page says %s's range, %s", s->key ? s->key : s->option ? s->option : s->solflag, range);
    }
}

/* The settings a man page source names with troff markup: a --flag, an option=, or a key in
 * bold (\fBkey\fP, .B key, .BR key ", " key). */
static void names_at(const char *at, GPtrArray *out)
{
    const char *p = at;
    if (p[0] == '-' && p[1] == '-') {
        size_t n = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz-");
        g_autofree char *flag = g_strndup(p + 2, n);
        for (int i = 0; i < MBMC_SET_COUNT; i++) {
            const struct mbmc_setting *s = mbmc_setting(i);
            if ((s->flag && !strcmp(s->flag, flag)) || (s->solflag && !strcmp(s->solflag, flag)))
                g_ptr_array_add(out, (gpointer)s);
        }
        return;
    }
    size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz_-");
    g_autofree char *word = g_strndup(p, n);
    gboolean option = p[n] == '=';
    for (int i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        if ((option && s->option && !strcmp(s->option, word)) || (!option && s->key && !strcmp(s->key, word)))
            g_ptr_array_add(out, (gpointer)s);
    }
}

/* Does a --flag or an option= start at p? */
static gboolean name_starts(const char *text, const char *p)
{
    if (p > text && (g_ascii_isalnum(p[-1]) || p[-1] == '_' || p[-1] == '-'))
        return FALSE;
    if (p[0] == '-' && p[1] == '-')
        return TRUE;
    size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz_-");
    return n > 0 && p[n] == '=';
}

/* Each range the prose of a page source writes ("5..86400", "1 to 999999999") is the range of
 * the setting named last before it, when that is an integer: prose ranges are hand-written. */
static void source_ranges_agree(const char *page, const char *troff)
{
    /* Bold words keep a mark in the plain text: \fBpoll_ms\fP and .B lines. */
    GString *marked = g_string_new(NULL);
    for (const char *c = troff; *c; c++) {
        if (c[0] == '\\' && c[1] == 'f' && c[2] == 'B') {
            g_string_append_c(marked, '\x01');
            c += 2;
        } else if ((c == troff || c[-1] == '\n') && (g_str_has_prefix(c, ".B ") || g_str_has_prefix(c, ".BR "))) {
            g_string_append_c(marked, '\x01');
            c += c[2] == ' ' ? 2 : 3;
        } else if (c[0] == '"' && c[1] == ',' && c[2] == ' ' && c[3] == '"' && c[4] == ' ') {
            g_string_append(marked, ", \x01");   /* .BR a ", " b */
            c += 4;
        } else {
            g_string_append_c(marked, *c);
        }
    }
    g_autofree char *text = plain(marked->str);
    g_string_free(marked, TRUE);
    for (const char *p = text; *p; p++) {
        long long a, b;
        int used = 0;
        if (!g_ascii_isdigit(*p) || (p > text && (g_ascii_isdigit(p[-1]) || p[-1] == '.')))
            continue;
        if (sscanf(p, "%lld..%lld%n", &a, &b, &used) != 2 && sscanf(p, "%lld to %lld%n", &a, &b, &used) != 2)
            continue;
        /* The last name before the range: a bold word, a --flag or an option=. */
        g_autoptr(GPtrArray) named = g_ptr_array_new();
        for (const char *q = p - 1; q >= text && named->len == 0; q--) {
            if (*q == '\x01')
                names_at(q + 1, named);
            else if (name_starts(text, q))
                names_at(q, named);
        }
        gboolean integer = FALSE, agrees = FALSE;
        for (guint k = 0; k < named->len; k++) {
            const struct mbmc_setting *s = g_ptr_array_index(named, k);
            integer = integer || s->type == MBMC_SET_TYPE_INT;
            agrees = agrees || (s->type == MBMC_SET_TYPE_INT && s->min == a && s->max == b);
        }
        if (integer && !agrees)
            DRIFT("%s.in: the range %.*s of %s is not the table's", page, used, p,
                  ((const struct mbmc_setting *)g_ptr_array_index(named, 0))->key
                      ? ((const struct mbmc_setting *)g_ptr_array_index(named, 0))->key
                      : "its setting");
        p += used - 1;
    }
}

/* Flags the prose of a page source names are the table's (of the program the page is about),
 * or the few that are no setting; an option= in multibmc-gen(8)'s prose is a module option. */
static void source_flags_known(const char *page, const char *text, const char *from, const char *to,
                               gboolean solbridge, const char *const *not_settings)
{
    const char *start = from ? strstr(text, from) : text;
    const char *end = start && to ? strstr(start, to) : NULL;
    if (!start || (to && !end)) {
        DRIFT("%s.in: no '%s' ... '%s' part", page, from, to);
        return;
    }
    if (!end)
        end = text + strlen(text);
    for (const char *p = strstr(start, "--"); p && p < end; p = strstr(p + 2, "--")) {
        size_t n = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz-");
        g_autofree char *flag = g_strndup(p + 2, n);
        gboolean known = n == 0;
        for (guint k = 0; not_settings[k] && !known; k++)
            known = !strcmp(flag, not_settings[k]);
        for (int i = 0; i < MBMC_SET_COUNT && !known; i++) {
            const struct mbmc_setting *s = mbmc_setting(i);
            known = solbridge ? s->solflag && !strcmp(s->solflag, flag) : s->flag && !strcmp(s->flag, flag);
        }
        if (!known)
            DRIFT("%s.in names --%s, which %s does not take", page, flag, solbridge ? "multibmc-solbridge" : "init/add");
    }
}

static void man_sources_agree(void)
{
    static const char *const pages[] = { "multibmc.json.5", "multibmc.8", "multibmc-gen.8", "multibmc-solbridge.8" };
    for (guint i = 0; i < G_N_ELEMENTS(pages); i++) {
        g_autofree char *troff = read_page(pages[i], TRUE);
        if (!troff)
            continue;
        source_ranges_agree(pages[i], troff);
        g_autofree char *text = plain(troff);
        if (!strcmp(pages[i], "multibmc.8")) {
            static const char *const cli[] = { "force", "inband", "config", "help", NULL };
            source_flags_known(pages[i], text, "\n.B init ", "\n.B del ", FALSE, cli);
        } else if (!strcmp(pages[i], "multibmc-solbridge.8")) {
            static const char *const sol[] = { "version", "help", NULL };
            source_flags_known(pages[i], text, NULL, NULL, TRUE, sol);
        } else if (!strcmp(pages[i], "multibmc-gen.8")) {
            /* option= words ("Rendered as the module options sol-history=FILE ..."; key=value is
             * the form) */
            for (const char *p = strchr(text, '='); p; p = strchr(p + 1, '=')) {
                const char *b = p;
                while (b > text && (g_ascii_islower(b[-1]) || b[-1] == '-'))
                    b--;
                g_autofree char *name = g_strndup(b, (gsize)(p - b));
                if (*name && strcmp(name, "key") && (b == text || g_ascii_isspace(b[-1]) || b[-1] == '(') &&
                    !mbmc_setting_by_option(name))
                    DRIFT("multibmc-gen.8.in names %s=, which the module does not take", name);
            }
        } else {
            /* The hand-written field lists: each .TP tag names keys of the table. */
            for (const char *p = strstr(text, "\n.TP\n"); p; p = strstr(p + 1, "\n.TP\n")) {
                const char *tag = p + 5;
                if (!g_str_has_prefix(tag, ".B ") && !g_str_has_prefix(tag, ".BR "))
                    continue;
                g_autofree char *line = g_strndup(tag, strcspn(tag, "\n"));
                g_auto(GStrv) words = g_strsplit_set(line + 3, " \",", -1);
                for (guint w = 0; words[w]; w++)
                    if (*words[w] && !mbmc_config_key_known(MBMC_SCOPE_GLOBAL, words[w]) &&
                        !mbmc_config_key_known(MBMC_SCOPE_BMC, words[w]))
                        DRIFT("multibmc.json.5.in describes \"%s\", which is no key of the table", words[w]);
            }
        }
    }
}

int main(void)
{
    RUN(table_is_sane);
    RUN(defaults_agree);
    RUN(config_keys_round_trip);
    RUN(saved_keys_known);
    RUN(config_refuses_unknown_keys);
    RUN(config_ranges);
    RUN(module_takes_every_option);
    RUN(module_ranges);
    RUN(generated_options_known);
    RUN(settings_equal_follows_cmp);
    RUN(cli_flags_match);
    RUN(cli_ranges);
    RUN(solbridge_flags_match);
    RUN(man_pages_list_every_setting);
    RUN(man_sources_agree);
    UNIT_EXIT();
}
