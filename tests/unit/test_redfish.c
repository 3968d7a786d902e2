/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Redfish service without HTTP: requests in, responses out, against a fake BMC. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockout_table.h"
#include "rf_auth.h"
#include "rf_error.h"
#include "rf_etag.h"
#include "rf_service.h"
#include "unit.h"

/* ---- a fake BMC behind struct rf_ops */

struct fake_user { const char *name, *pass; unsigned priv; };

static struct {
    struct fake_user users[4];
    uint64_t now;
    struct mbmc_lockout lockout;
    int power;
    uint8_t boot[5];
    uint8_t reset_cc, boot_cc;
    int last_reset;
    struct mbmc_media_state media;
    bool media_supported;
    enum mbmc_media_result media_result;
    char inserted[MBMC_MEDIA_IMAGE_MAX];
    char checksum[160];
    void *async;
    int audits;
} fb;

static void fake_reset_state(void)
{
    memset(&fb, 0, sizeof(fb));
    fb.users[0] = (struct fake_user){ "admin", "password", 4 };
    fb.users[1] = (struct fake_user){ "operator", "operpass", 3 };
    fb.users[2] = (struct fake_user){ "viewer", "viewpass", 2 };
    fb.users[3] = (struct fake_user){ "cb", "cbpass", 1 };
    fb.now = 1000;
    mbmc_lockout_init(&fb.lockout, &(struct mbmc_lockout_cfg){ 5, 10, 30 });
    fb.power = 0;
    fb.last_reset = -1;
    fb.media.drive = 1;
    fb.media_supported = true;
}

static uint64_t tag_of(const char *pass)
{
    uint64_t h = 1469598103934665603ull;
    for (; *pass; pass++)
        h = (h ^ (uint8_t)*pass) * 1099511628211ull;
    return h;
}

static unsigned f_login(void *ctx, const char *user, const char *pass, uint64_t *tag)
{
    for (int i = 0; i < 4; i++)
        if (!strcmp(fb.users[i].name, user) && !strcmp(fb.users[i].pass, pass)) {
            *tag = tag_of(pass);
            return fb.users[i].priv;
        }
    return 0;
}

static unsigned f_account_priv(void *ctx, const char *user, uint64_t *tag)
{
    for (int i = 0; i < 4; i++)
        if (!strcmp(fb.users[i].name, user)) {
            *tag = tag_of(fb.users[i].pass);
            return fb.users[i].priv;
        }
    return 0;
}

static size_t f_accounts(void *ctx, struct rf_account *out, size_t max)
{
    size_t n = 0;
    for (int i = 0; i < 4 && n < max; i++, n++) {
        out[n] = (struct rf_account){ .id = (unsigned)i + 2, .role = rf_role_from_ipmi(fb.users[i].priv),
                                      .enabled = true };
        snprintf(out[n].name, sizeof(out[n].name), "%s", fb.users[i].name);
    }
    return n;
}

static bool f_locked(void *ctx, const struct mbmc_src *src, unsigned *retry)
{
    /* The lockout table counts milliseconds; the fake clock, seconds. */
    *retry = mbmc_lockout_remaining(&fb.lockout, src, fb.now * 1000u);
    return mbmc_lockout_blocked(&fb.lockout, src, fb.now * 1000u);
}

static void f_login_result(void *ctx, const struct mbmc_src *src, const char *user, bool ok)
{
    if (ok)
        mbmc_lockout_success(&fb.lockout, src);
    else
        mbmc_lockout_fail(&fb.lockout, src, fb.now * 1000u);
}

static void f_view(void *ctx, struct rf_view *v)
{
    v->name = "vm42";
    v->version = "test";
    v->backend = "qmp";
    v->service_uuid = "11111111-2222-3333-4444-555555555555";
    v->system_uuid = NULL;
    v->power = fb.power;
    memcpy(v->boot, fb.boot, 5);
    v->media_supported = fb.media_supported;
    v->media = fb.media;
}

static uint8_t f_reset(void *ctx, enum rf_reset_type t)
{
    fb.last_reset = (int)t;
    return fb.reset_cc;
}

static uint8_t f_set_boot(void *ctx, const uint8_t flags[5])
{
    if (fb.boot_cc)
        return fb.boot_cc;
    memcpy(fb.boot, flags, 5);
    return 0;
}

static enum mbmc_media_result f_insert(void *ctx, const struct rf_insert *ins, void *async,
                                       const char *user, char *why, size_t len)
{
    snprintf(fb.checksum, sizeof(fb.checksum), "%s:%s", ins->checksum_algorithm, ins->checksum);
    if (fb.media_result == MBMC_MEDIA_OK) {
        snprintf(fb.inserted, sizeof(fb.inserted), "%s", ins->image);
        fb.async = async;
    } else {
        snprintf(why, len, "fake refusal");
    }
    return fb.media_result;
}

static enum mbmc_media_result f_eject(void *ctx, void *async, const char *user, char *why,
                                      size_t len)
{
    fb.async = async;
    return fb.media_result;
}

static uint64_t f_now(void *ctx) { return fb.now; }
static void f_random(void *ctx, uint8_t *buf, size_t len)
{
    static uint8_t n;
    for (size_t i = 0; i < len; i++)
        buf[i] = (uint8_t)(n++ * 37 + i);
}
static void f_audit(void *ctx, const char *user, const struct mbmc_src *src, const char *what,
                    int status)
{
    fb.audits++;
}

static const struct rf_ops fake_ops = {
    .login = f_login, .account_priv = f_account_priv, .accounts = f_accounts,
    .locked_out = f_locked, .login_result = f_login_result, .view = f_view, .reset = f_reset,
    .set_boot = f_set_boot, .insert_media = f_insert, .eject_media = f_eject, .now_s = f_now,
    .random = f_random, .audit = f_audit,
};

/* ---- request helpers */

static struct rf_service *svc;
static struct rf_response rsp = { .status = 500 };
static char auth_hdr[128];

static const char *basic(const char *user, const char *pass)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char raw[96];
    int n = snprintf(raw, sizeof(raw), "%s:%s", user, pass);
    char *o = auth_hdr + sprintf(auth_hdr, "Basic ");
    for (int i = 0; i < n; i += 3) {
        unsigned v = (unsigned)(uint8_t)raw[i] << 16 | (i + 1 < n ? (unsigned)(uint8_t)raw[i + 1] << 8 : 0) |
                     (i + 2 < n ? (uint8_t)raw[i + 2] : 0);
        *o++ = b64[v >> 18 & 63];
        *o++ = b64[v >> 12 & 63];
        *o++ = i + 1 < n ? b64[v >> 6 & 63] : '=';
        *o++ = i + 2 < n ? b64[v & 63] : '=';
    }
    *o = '\0';
    return auth_hdr;
}

struct req_opts { const char *auth, *token, *if_match, *body; bool query; uint8_t src_last; };

static int call(enum rf_method m, const char *path, struct req_opts o)
{
    rf_response_clear(&rsp);
    struct rf_request req = { .method = m, .path = path, .has_query = o.query,
                              .authorization = o.auth, .auth_token = o.token, .if_match = o.if_match,
                              .body = o.body ? o.body : "", .body_len = o.body ? strlen(o.body) : 0 };
    req.src.a[10] = req.src.a[11] = 0xff;
    req.src.a[12] = 198; req.src.a[13] = 18; req.src.a[15] = o.src_last ? o.src_last : 2;
    rf_service_handle(svc, &req, &rsp, (void *)0x1234);
    return rsp.status;
}

#define ADMIN (struct req_opts){ .auth = basic("admin", "password") }
#define VIEWER (struct req_opts){ .auth = basic("viewer", "viewpass") }

/* A string at a path in the response body ("Boot/BootSourceOverrideEnabled"). */
static const char *get(const char *where)
{
    static char buf[4096];
    struct json_object *o = rsp.body;
    char path[256];
    snprintf(path, sizeof(path), "%s", where);
    for (char *save = NULL, *k = strtok_r(path, "/", &save); k && o; k = strtok_r(NULL, "/", &save)) {
        struct json_object *n = NULL;
        if (json_object_is_type(o, json_type_array))
            n = json_object_array_get_idx(o, (size_t)atoi(k));
        else if (!json_object_object_get_ex(o, k, &n))
            n = NULL;
        o = n;
    }
    if (!o)
        return NULL;
    snprintf(buf, sizeof(buf), "%s", json_object_is_type(o, json_type_string)
                                       ? json_object_get_string(o)
                                       : json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
    return buf;
}

static bool msg_is(const char *name)
{
    const char *id = get("error/@Message.ExtendedInfo/0/MessageId");
    char want[96];
    snprintf(want, sizeof(want), RF_BASE_REGISTRY ".%s", name);
    return id && !strcmp(id, want);
}

static void setup(void)
{
    fake_reset_state();
    rf_service_free(svc);
    svc = rf_service_new(&fake_ops, 0);
    rf_response_clear(&rsp);
}

/* ---- tests */

static void service_root_is_public(void)
{
    setup();
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/", (struct req_opts){0}), 200);
    CHECK_EQ_STR(get("Links/Sessions/@odata.id"), "/redfish/v1/SessionService/Sessions");
    CHECK_EQ_STR(get("Systems/@odata.id"), "/redfish/v1/Systems");
    CHECK(get("@odata.etag") && !strcmp(get("@odata.etag"), rsp.etag));
    CHECK_EQ_INT(call(RF_GET, "/redfish", (struct req_opts){0}), 200);
    CHECK_EQ_STR(get("v1"), "/redfish/v1/");
    CHECK_EQ_INT(call(RF_POST, "/redfish/v1", (struct req_opts){0}), 405);
}

static void auth_required(void)
{
    setup();
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Systems/1", (struct req_opts){0}), 401);
    CHECK(msg_is("NoValidSession"));
    CHECK(rsp.authenticate);
    /* An unknown URL does not tell an anonymous client that it does not exist. */
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Nope", (struct req_opts){0}), 401);
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Nope", ADMIN), 404);
    CHECK(msg_is("InvalidURI"));
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Systems/1", (struct req_opts){ .auth = "Bearer x" }), 401);
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Systems/1", (struct req_opts){ .auth = basic("admin", "nope") }), 401);
    CHECK(msg_is("AccessDenied"));
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Systems/1", (struct req_opts){ .auth = basic("cb", "cbpass") }), 403);
}

static void lockout_after_failures(void)
{
    setup();
    for (int i = 0; i < 5; i++)
        CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Systems/1", (struct req_opts){ .auth = basic("admin", "bad") }), 401);
    /* Locked: even the right password is refused, with Retry-After; other sources are not. */
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Systems/1", ADMIN), 401);
    CHECK(rsp.retry_after > 0);
    CHECK(get("error/@Message.ExtendedInfo/0/Resolution") &&
          strstr(get("error/@Message.ExtendedInfo/0/Resolution"), "locked out"));
    CHECK_EQ_INT(call(RF_POST, "/redfish/v1/SessionService/Sessions",
                      (struct req_opts){ .body = "{\"UserName\":\"admin\",\"Password\":\"password\"}" }), 401);
    struct req_opts other = ADMIN;
    other.src_last = 3;
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Systems/1", other), 200);
    fb.now += 31;
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Systems/1", ADMIN), 200);
}

static void system_resource(void)
{
    setup();
    fb.power = 1;
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Systems/1", ADMIN), 200);
    CHECK_EQ_STR(get("PowerState"), "On");
    CHECK_EQ_STR(get("Id"), "1");
    CHECK_EQ_STR(get("Name"), "vm42");
    CHECK_EQ_STR(get("Boot/BootSourceOverrideEnabled"), "Disabled");
    CHECK_EQ_STR(get("Boot/BootSourceOverrideTarget@Redfish.AllowableValues"), "[\"None\",\"Pxe\",\"Hdd\",\"Cd\"]");
    CHECK_EQ_STR(get("Links/ManagedBy/0/@odata.id"), "/redfish/v1/Managers/1");
    struct json_object *a, *r, *vals;
    CHECK(json_object_object_get_ex(rsp.body, "Actions", &a) &&
          json_object_object_get_ex(a, "#ComputerSystem.Reset", &r) &&
          json_object_object_get_ex(r, "ResetType@Redfish.AllowableValues", &vals) &&
          json_object_array_length(vals) == RF_RESET_COUNT);
    CHECK(rsp.etag[0] == '"' && !strcmp(get("@odata.etag"), rsp.etag));
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Systems/1/ResetActionInfo", ADMIN), 200);
    CHECK_EQ_STR(get("Parameters/0/Name"), "ResetType");
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Systems/1", (struct req_opts){ .auth = ADMIN.auth, .query = true }), 501);
    CHECK(msg_is("QueryNotSupported"));
}

static void patch_boot(void)
{
    setup();
    CHECK_EQ_INT(call(RF_PATCH, "/redfish/v1/Systems/1", (struct req_opts){ .auth = ADMIN.auth,
        .body = "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\",\"BootSourceOverrideEnabled\":\"Continuous\","
                "\"BootSourceOverrideMode\":\"UEFI\"}}" }), 200);
    CHECK_EQ_INT(fb.boot[0], 0xe0);
    CHECK_EQ_INT(fb.boot[1], 0x04);
    CHECK_EQ_STR(get("Boot/BootSourceOverrideTarget"), "Pxe");
    /* Only a new target: Continuous stays (Ironic sends Enabled only when it changes). */
    CHECK_EQ_INT(call(RF_PATCH, "/redfish/v1/Systems/1", (struct req_opts){ .auth = ADMIN.auth,
        .body = "{\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\"}}" }), 200);
    CHECK_EQ_INT(fb.boot[0], 0xe0);
    CHECK_EQ_INT(fb.boot[1], 0x14);
    CHECK_EQ_INT(call(RF_PATCH, "/redfish/v1/Systems/1", (struct req_opts){ .auth = ADMIN.auth,
        .body = "{\"Boot\":{\"BootSourceOverrideEnabled\":\"Once\",\"BootSourceOverrideMode\":\"Legacy\"}}" }), 200);
    CHECK_EQ_INT(fb.boot[0], 0x80);
    CHECK_EQ_STR(get("Boot/BootSourceOverrideEnabled"), "Once");
    CHECK_EQ_INT(call(RF_PATCH, "/redfish/v1/Systems/1", (struct req_opts){ .auth = ADMIN.auth,
        .body = "{\"Boot\":{\"BootSourceOverrideTarget\":\"None\"}}" }), 200);
    CHECK_EQ_INT(fb.boot[0] & 0x80, 0);
    CHECK_EQ_STR(get("Boot/BootSourceOverrideEnabled"), "Disabled");
    CHECK_EQ_STR(get("Boot/BootSourceOverrideTarget"), "None");
    /* From Disabled, a target alone means the next boot. */
    CHECK_EQ_INT(call(RF_PATCH, "/redfish/v1/Systems/1", (struct req_opts){ .auth = ADMIN.auth,
        .body = "{\"Boot\":{\"BootSourceOverrideTarget\":\"Hdd\"}}" }), 200);
    CHECK_EQ_INT(fb.boot[0], 0x80);
    CHECK_EQ_INT(fb.boot[1], 0x08);
}

static void patch_errors(void)
{
    setup();
    uint8_t before[5];
    memcpy(before, fb.boot, 5);
    CHECK_EQ_INT(call(RF_PATCH, "/redfish/v1/Systems/1", (struct req_opts){ .auth = ADMIN.auth,
        .body = "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\"},\"AssetTagX\":\"a\"}" }), 400);
    CHECK(msg_is("PropertyUnknown"));
    CHECK_EQ_STR(get("error/@Message.ExtendedInfo/0/RelatedProperties/0"), "#/AssetTagX");
    CHECK_MEM(fb.boot, before, 5);      /* nothing applied */
    CHECK_EQ_INT(call(RF_PATCH, "/redfish/v1/Systems/1", (struct req_opts){ .auth = ADMIN.auth,
        .body = "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\",\"Bogus\":1}}" }), 400);
    CHECK(msg_is("PropertyUnknown"));
    CHECK_EQ_INT(call(RF_PATCH, "/redfish/v1/Systems/1", (struct req_opts){ .auth = ADMIN.auth,
        .body = "{\"PowerState\":\"On\"}" }), 400);
    CHECK(msg_is("PropertyNotWritable"));
    CHECK_EQ_INT(call(RF_PATCH, "/redfish/v1/Systems/1", (struct req_opts){ .auth = ADMIN.auth,
        .body = "{\"Boot\":{\"BootSourceOverrideTarget\":\"Floppy\"}}" }), 400);
    CHECK(msg_is("PropertyValueNotInList"));
    CHECK_EQ_INT(call(RF_PATCH, "/redfish/v1/Systems/1", (struct req_opts){ .auth = ADMIN.auth,
        .body = "{\"Boot\":{\"BootSourceOverrideEnabled\":true}}" }), 400);
    CHECK(msg_is("PropertyValueTypeError"));
    CHECK_EQ_INT(call(RF_PATCH, "/redfish/v1/Systems/1", (struct req_opts){ .auth = ADMIN.auth,
        .body = "{\"Boot\":{\"BootSourceOverrideEnabled\":\"Once\"}}" }), 400);
    CHECK(msg_is("PropertyMissing"));   /* no device was ever chosen */
    CHECK_EQ_INT(call(RF_PATCH, "/redfish/v1/Systems/1", (struct req_opts){ .auth = ADMIN.auth, .body = "{\"Boot\":" }), 400);
    CHECK(msg_is("MalformedJSON"));
    CHECK_EQ_INT(call(RF_PATCH, "/redfish/v1/Systems/1", (struct req_opts){ .auth = ADMIN.auth, .body = "{} x" }), 400);
    CHECK(msg_is("MalformedJSON"));
    CHECK_EQ_INT(call(RF_PATCH, "/redfish/v1/Systems/1", (struct req_opts){ .auth = ADMIN.auth, .body = "{}" }), 400);
    CHECK(msg_is("EmptyJSON"));
    CHECK_MEM(fb.boot, before, 5);
    /* The chassis layer refuses (e.g. no bootable CD-ROM): the client learns why. */
    fb.boot_cc = 0xCC;
    CHECK_EQ_INT(call(RF_PATCH, "/redfish/v1/Systems/1", (struct req_opts){ .auth = ADMIN.auth,
        .body = "{\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\"}}" }), 400);
    CHECK(msg_is("PropertyValueExternalConflict"));
    fb.boot_cc = 0xC0;
    CHECK_EQ_INT(call(RF_PATCH, "/redfish/v1/Systems/1", (struct req_opts){ .auth = ADMIN.auth,
        .body = "{\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\"}}" }), 503);
    CHECK(rsp.retry_after > 0);
}

static void patch_if_match(void)
{
    setup();
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Systems/1", ADMIN), 200);
    char etag[RF_ETAG_LEN];
    snprintf(etag, sizeof(etag), "%s", rsp.etag);
    const char *body = "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\"}}";
    CHECK_EQ_INT(call(RF_PATCH, "/redfish/v1/Systems/1", (struct req_opts){ .auth = ADMIN.auth,
        .if_match = "\"0000000000000000\"", .body = body }), 412);
    CHECK(msg_is("PreconditionFailed"));
    CHECK_EQ_INT(fb.boot[0], 0);
    CHECK_EQ_INT(call(RF_PATCH, "/redfish/v1/Systems/1", (struct req_opts){ .auth = ADMIN.auth,
        .if_match = etag, .body = body }), 200);
    CHECK(strcmp(rsp.etag, etag) != 0);     /* the resource changed */
    /* The old tag no longer matches. */
    CHECK_EQ_INT(call(RF_PATCH, "/redfish/v1/Systems/1", (struct req_opts){ .auth = ADMIN.auth,
        .if_match = etag, .body = body }), 412);
    CHECK(rf_etag_match("*", "\"ab\""));
    CHECK(rf_etag_match("\"x\", W/\"ab\"", "\"ab\""));
    CHECK(!rf_etag_match("\"abc\"", "\"ab\""));
    CHECK(!rf_etag_match("", "\"ab\""));
}

static void reset_action(void)
{
    setup();
    const char *p = "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset";
    CHECK_EQ_INT(call(RF_POST, p, (struct req_opts){ .auth = ADMIN.auth }), 400);
    CHECK(msg_is("ActionParameterMissing"));
    CHECK_EQ_INT(call(RF_POST, p, (struct req_opts){ .auth = ADMIN.auth, .body = "{\"ResetType\":\"Explode\"}" }), 400);
    CHECK(msg_is("ActionParameterValueNotInList"));
    CHECK_EQ_INT(call(RF_POST, p, (struct req_opts){ .auth = ADMIN.auth, .body = "{\"ResetType\":1}" }), 400);
    CHECK(msg_is("ActionParameterValueTypeError"));
    CHECK_EQ_INT(call(RF_POST, p, (struct req_opts){ .auth = ADMIN.auth, .body = "{\"ResetType\":\"On\",\"X\":1}" }), 400);
    CHECK(msg_is("ActionParameterUnknown"));
    CHECK_EQ_INT(fb.last_reset, -1);
    for (int t = 0; t < RF_RESET_COUNT; t++) {
        char body[64];
        snprintf(body, sizeof(body), "{\"ResetType\":\"%s\"}", rf_reset_names[t]);
        CHECK_EQ_INT(call(RF_POST, p, (struct req_opts){ .auth = ADMIN.auth, .body = body }), 204);
        CHECK_EQ_INT(fb.last_reset, t);
    }
    fb.reset_cc = 0xD5;
    CHECK_EQ_INT(call(RF_POST, p, (struct req_opts){ .auth = ADMIN.auth, .body = "{\"ResetType\":\"Nmi\"}" }), 409);
    CHECK(msg_is("ChassisPowerStateOnRequired"));
    fb.reset_cc = 0xC0;
    CHECK_EQ_INT(call(RF_POST, p, (struct req_opts){ .auth = ADMIN.auth, .body = "{\"ResetType\":\"On\"}" }), 503);
    CHECK(msg_is("ServiceTemporarilyUnavailable"));
    CHECK(rsp.retry_after > 0);
    CHECK_EQ_INT(call(RF_GET, p, ADMIN), 405);
    CHECK_EQ_STR(rsp.allow, "POST");
}

static void readonly_user(void)
{
    setup();
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Systems/1", VIEWER), 200);
    CHECK_EQ_INT(call(RF_POST, "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset",
                      (struct req_opts){ .auth = VIEWER.auth, .body = "{\"ResetType\":\"ForceOff\"}" }), 403);
    CHECK(msg_is("InsufficientPrivilege"));
    CHECK_EQ_INT(fb.last_reset, -1);
    CHECK_EQ_INT(call(RF_PATCH, "/redfish/v1/Systems/1", (struct req_opts){ .auth = VIEWER.auth,
        .body = "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\"}}" }), 403);
    CHECK_EQ_INT(fb.boot[0], 0);
    CHECK_EQ_INT(call(RF_POST, "/redfish/v1/Managers/1/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia",
                      (struct req_opts){ .auth = VIEWER.auth, .body = "{\"Image\":\"http://h/x.iso\"}" }), 403);
    /* An operator may. */
    CHECK_EQ_INT(call(RF_POST, "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset",
                      (struct req_opts){ .auth = basic("operator", "operpass"), .body = "{\"ResetType\":\"ForceOff\"}" }), 204);
}

static void sessions(void)
{
    setup();
    const char *p = "/redfish/v1/SessionService/Sessions";
    CHECK_EQ_INT(call(RF_POST, p, (struct req_opts){ .body = "{\"UserName\":\"viewer\",\"Password\":\"viewpass\"}" }), 201);
    char token[RF_TOKEN_LEN + 1], loc[128];
    snprintf(token, sizeof(token), "%s", rsp.token);
    snprintf(loc, sizeof(loc), "%s", rsp.location);
    CHECK_EQ_INT((int)strlen(token), RF_TOKEN_LEN);
    CHECK_EQ_STR(loc, "/redfish/v1/SessionService/Sessions/1");
    CHECK_EQ_STR(get("Id"), "1");
    CHECK_EQ_STR(get("Name"), "User Session");
    CHECK_EQ_STR(get("UserName"), "viewer");
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Systems/1", (struct req_opts){ .token = token }), 200);
    /* A second session (admin) is not visible to the viewer, and the viewer cannot end it. */
    CHECK_EQ_INT(call(RF_POST, p, (struct req_opts){ .body = "{\"UserName\":\"admin\",\"Password\":\"password\"}" }), 201);
    char admin_token[RF_TOKEN_LEN + 1];
    snprintf(admin_token, sizeof(admin_token), "%s", rsp.token);
    CHECK(strcmp(admin_token, token) != 0);
    CHECK_EQ_INT(call(RF_GET, p, (struct req_opts){ .token = token }), 200);
    CHECK_EQ_STR(get("Members@odata.count"), "1");
    CHECK_EQ_INT(call(RF_GET, p, (struct req_opts){ .token = admin_token }), 200);
    CHECK_EQ_STR(get("Members@odata.count"), "2");
    CHECK_EQ_INT(call(RF_DELETE, "/redfish/v1/SessionService/Sessions/2", (struct req_opts){ .token = token }), 403);
    CHECK_EQ_INT(call(RF_DELETE, loc, (struct req_opts){ .token = token }), 204);
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Systems/1", (struct req_opts){ .token = token }), 401);
    CHECK(msg_is("NoValidSession"));
    CHECK_EQ_INT(call(RF_DELETE, loc, (struct req_opts){ .token = admin_token }), 404);
    /* A password change (over IPMI) ends the sessions opened with the old one. */
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Systems/1", (struct req_opts){ .token = admin_token }), 200);
    fb.users[0].pass = "changed";
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Systems/1", (struct req_opts){ .token = admin_token }), 401);
    /* Idle sessions expire. */
    CHECK_EQ_INT(call(RF_POST, p, (struct req_opts){ .body = "{\"UserName\":\"viewer\",\"Password\":\"viewpass\"}" }), 201);
    snprintf(token, sizeof(token), "%s", rsp.token);
    fb.now += RF_SESSION_TIMEOUT_DEFAULT + 1;
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Systems/1", (struct req_opts){ .token = token }), 401);
    /* Login errors. */
    CHECK_EQ_INT(call(RF_POST, p, (struct req_opts){ .body = "{\"UserName\":\"viewer\"}" }), 400);
    CHECK(msg_is("CreateFailedMissingReqProperties"));
    CHECK_EQ_INT(call(RF_POST, p, (struct req_opts){ .body = "{\"UserName\":\"viewer\",\"Password\":\"x\"}" }), 401);
    CHECK(msg_is("AccessDenied"));
    CHECK_EQ_STR(rsp.token, "");
}

static void session_limit(void)
{
    setup();
    for (int i = 0; i < RF_SESSIONS_MAX; i++)
        CHECK_EQ_INT(call(RF_POST, "/redfish/v1/SessionService/Sessions",
                          (struct req_opts){ .body = "{\"UserName\":\"admin\",\"Password\":\"password\"}" }), 201);
    CHECK_EQ_INT(call(RF_POST, "/redfish/v1/SessionService/Sessions",
                      (struct req_opts){ .body = "{\"UserName\":\"admin\",\"Password\":\"password\"}" }), 503);
    CHECK(msg_is("SessionLimitExceeded"));
}

static void virtual_media(void)
{
    setup();
    const char *ins = "/redfish/v1/Managers/1/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia";
    const char *ej = "/redfish/v1/Managers/1/VirtualMedia/Cd/Actions/VirtualMedia.EjectMedia";
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Managers/1/VirtualMedia/Cd", ADMIN), 200);
    CHECK_EQ_STR(get("Inserted"), "false");
    CHECK_EQ_STR(get("MediaTypes"), "[\"CD\",\"DVD\"]");
    CHECK_EQ_STR(get("Status/State"), "Enabled");
    CHECK_EQ_INT(call(RF_POST, ins, (struct req_opts){ .auth = ADMIN.auth, .body = "{}" }), 400);
    CHECK(msg_is("ActionParameterMissing"));
    CHECK_EQ_STR(get("error/@Message.ExtendedInfo/0/RelatedProperties/0"), "#/Image");
    CHECK_EQ_INT(call(RF_POST, ins, (struct req_opts){ .auth = ADMIN.auth, .body = "{\"Image\":\"ftp://h/x.iso\"}" }), 400);
    CHECK(msg_is("ActionParameterValueFormatError"));
    CHECK_EQ_INT(call(RF_POST, ins, (struct req_opts){ .auth = ADMIN.auth, .body = "{\"Image\":\"http://u:p@h/x.iso\"}" }), 400);
    CHECK_EQ_INT(call(RF_POST, ins, (struct req_opts){ .auth = ADMIN.auth, .body = "{\"Image\":\"json:{}\"}" }), 400);
    CHECK_EQ_INT(call(RF_POST, ins, (struct req_opts){ .auth = ADMIN.auth,
        .body = "{\"Image\":\"http://h/x.iso\",\"WriteProtected\":false}" }), 400);
    CHECK(msg_is("ActionParameterValueNotInList"));
    CHECK_EQ_INT(call(RF_POST, ins, (struct req_opts){ .auth = ADMIN.auth,
        .body = "{\"Image\":\"http://h/x.iso\",\"TransferProtocolType\":\"NFS\"}" }), 400);
    CHECK_EQ_INT(call(RF_POST, ins, (struct req_opts){ .auth = ADMIN.auth,
        .body = "{\"Image\":\"http://h/x.iso\",\"UserName\":\"u\"}" }), 400);
    CHECK(msg_is("ActionParameterNotSupported"));
    CHECK_EQ_STR(fb.inserted, "");
    /* Accepted: the response waits for the backend. */
    CHECK_EQ_INT(call(RF_POST, ins, (struct req_opts){ .auth = ADMIN.auth,
        .body = "{\"Image\":\"http://198.18.0.2:8080/boot.iso\",\"TransferProtocolType\":\"HTTP\","
                "\"Inserted\":true,\"WriteProtected\":true}" }), 500);
    CHECK(rsp.pending);
    CHECK(fb.async == (void *)0x1234);
    CHECK_EQ_STR(fb.inserted, "http://198.18.0.2:8080/boot.iso");
    rf_response_clear(&rsp);
    rf_media_response(&rsp, MBMC_MEDIA_OK, NULL, RF_INSERT_ACTION, fb.inserted, "qmp");
    CHECK_EQ_INT(rsp.status, 204);
    fb.media.inserted = true;
    snprintf(fb.media.image, sizeof(fb.media.image), "%s", fb.inserted);
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Managers/1/VirtualMedia/Cd", ADMIN), 200);
    CHECK_EQ_STR(get("Inserted"), "true");
    CHECK_EQ_STR(get("Image"), "http://198.18.0.2:8080/boot.iso");
    CHECK_EQ_STR(get("ImageName"), "boot.iso");
    CHECK_EQ_STR(get("ConnectedVia"), "URI");
    CHECK_EQ_STR(get("TransferProtocolType"), "HTTP");
    /* The same image again is a retried request; another one must wait for an eject. */
    CHECK_EQ_INT(call(RF_POST, ins, (struct req_opts){ .auth = ADMIN.auth,
        .body = "{\"Image\":\"http://198.18.0.2:8080/boot.iso\"}" }), 204);
    CHECK_EQ_INT(call(RF_POST, ins, (struct req_opts){ .auth = ADMIN.auth,
        .body = "{\"Image\":\"http://198.18.0.2:8080/other.iso\"}" }), 409);
    CHECK(msg_is("ResourceInUse"));
    /* Eject: sushy posts no body at all. */
    fb.async = NULL;
    call(RF_POST, ej, (struct req_opts){ .auth = ADMIN.auth });
    CHECK(rsp.pending);
    CHECK(fb.async == (void *)0x1234);
    CHECK_EQ_INT(call(RF_POST, ej, (struct req_opts){ .auth = ADMIN.auth, .body = "{\"Foo\":1}" }), 400);
    fb.media.inserted = false;
    fb.media.image[0] = '\0';
    CHECK_EQ_INT(call(RF_POST, ej, (struct req_opts){ .auth = ADMIN.auth, .body = "{}" }), 204);
    CHECK_EQ_INT(call(RF_PATCH, "/redfish/v1/Managers/1/VirtualMedia/Cd", (struct req_opts){ .auth = ADMIN.auth, .body = "{}" }), 405);
}

static void media_refusals(void)
{
    setup();
    const char *ins = "/redfish/v1/Managers/1/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia";
    const char *body = "{\"Image\":\"http://h/x.iso\"}";
    fb.media_result = MBMC_MEDIA_NO_DRIVE;
    CHECK_EQ_INT(call(RF_POST, ins, (struct req_opts){ .auth = ADMIN.auth, .body = body }), 409);
    CHECK(msg_is("ResourceNotFound"));
    fb.media_result = MBMC_MEDIA_NOT_SUPPORTED;
    CHECK_EQ_INT(call(RF_POST, ins, (struct req_opts){ .auth = ADMIN.auth, .body = body }), 501);
    CHECK(msg_is("ActionNotSupported"));
    fb.media_result = MBMC_MEDIA_UNAVAILABLE;
    CHECK_EQ_INT(call(RF_POST, ins, (struct req_opts){ .auth = ADMIN.auth, .body = body }), 503);
    CHECK(rsp.retry_after > 0);
    fb.media_result = MBMC_MEDIA_BUSY;
    CHECK_EQ_INT(call(RF_POST, ins, (struct req_opts){ .auth = ADMIN.auth, .body = body }), 409);
    rf_response_clear(&rsp);
    rf_media_response(&rsp, MBMC_MEDIA_IMAGE_ERROR, "HTTP 404", RF_INSERT_ACTION, "http://h/x.iso", "qmp");
    CHECK_EQ_INT(rsp.status, 400);
    CHECK(msg_is("CouldNotEstablishConnection"));
    CHECK_EQ_STR(get("error/@Message.ExtendedInfo/0/Resolution"), "HTTP 404");
    fb.media.drive = 0;
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Managers/1/VirtualMedia/Cd", ADMIN), 200);
    CHECK_EQ_STR(get("Status/State"), "Absent");
}

/* The OEM checksum parameter: both parts, a known algorithm, the right number of hex digits. */
static void media_oem_checksum(void)
{
    setup();
    const char *ins = "/redfish/v1/Managers/1/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia";
    const char *sum = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";
    char body[512];
    snprintf(body, sizeof(body), "{\"Image\":\"http://h/x.iso\",\"Oem\":{\"Multibmc\":"
             "{\"Checksum\":\"%s\",\"ChecksumAlgorithm\":\"sha256\"}}}", sum);
    call(RF_POST, ins, (struct req_opts){ .auth = ADMIN.auth, .body = body });
    CHECK(rsp.pending);
    CHECK_EQ_STR(fb.checksum, "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    static const struct { const char *oem; const char *msg; } bad[] = {
        { "{\"Multibmc\":{\"Checksum\":\"abc\",\"ChecksumAlgorithm\":\"sha256\"}}", "ActionParameterValueFormatError" },
        { "{\"Multibmc\":{\"Checksum\":\"abc\",\"ChecksumAlgorithm\":\"crc32\"}}", "ActionParameterValueNotInList" },
        { "{\"Multibmc\":{\"Checksum\":\"900150983cd24fb0d6963f7d28e17f72\"}}", "ActionParameterMissing" },
        { "{\"Multibmc\":{\"Checksum\":5,\"ChecksumAlgorithm\":\"md5\"}}", "ActionParameterValueTypeError" },
        { "{\"Multibmc\":{\"Sum\":\"x\"}}", "ActionParameterUnknown" },
        { "{\"Contoso\":{\"Checksum\":\"x\"}}", "ActionParameterUnknown" },
        { "[1]", "ActionParameterValueTypeError" },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(body, sizeof(body), "{\"Image\":\"http://h/x.iso\",\"Oem\":%s}", bad[i].oem);
        fb.checksum[0] = '\0';
        CHECK_EQ_INT(call(RF_POST, ins, (struct req_opts){ .auth = ADMIN.auth, .body = body }), 400);
        CHECK(msg_is(bad[i].msg));
        CHECK_EQ_STR(fb.checksum, "");         /* nothing reached the backend */
    }
    /* md5 in upper case is fine too; no Oem means no checksum. */
    call(RF_POST, ins, (struct req_opts){ .auth = ADMIN.auth,
        .body = "{\"Image\":\"http://h/y.iso\",\"Oem\":{\"Multibmc\":{\"Checksum\":"
                "\"900150983CD24FB0D6963F7D28E17F72\",\"ChecksumAlgorithm\":\"md5\"}}}" });
    CHECK(rsp.pending);
    CHECK_EQ_STR(fb.checksum, "md5:900150983cd24fb0d6963f7d28e17f72");
    call(RF_POST, ins, (struct req_opts){ .auth = ADMIN.auth, .body = "{\"Image\":\"http://h/z.iso\"}" });
    CHECK(rsp.pending);
    CHECK_EQ_STR(fb.checksum, ":");
    rf_response_clear(&rsp);
    rf_media_response(&rsp, MBMC_MEDIA_IMAGE_INVALID, "checksum mismatch", RF_INSERT_ACTION, "http://h/x.iso", "proxmox");
    CHECK_EQ_INT(rsp.status, 400);
    CHECK(msg_is("ResourceAtUriInUnknownFormat"));
}

static void accounts_read_only(void)
{
    setup();
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/AccountService/Accounts", VIEWER), 200);
    CHECK_EQ_STR(get("Members@odata.count"), "4");
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/AccountService/Accounts/2", VIEWER), 200);
    CHECK_EQ_STR(get("UserName"), "admin");
    CHECK_EQ_STR(get("RoleId"), "Administrator");
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/AccountService/Accounts/4", VIEWER), 200);
    CHECK_EQ_STR(get("RoleId"), "ReadOnly");
    CHECK_EQ_INT(call(RF_POST, "/redfish/v1/AccountService/Accounts", (struct req_opts){ .auth = ADMIN.auth,
        .body = "{\"UserName\":\"x\",\"Password\":\"y\",\"RoleId\":\"Administrator\"}" }), 405);
    CHECK(msg_is("OperationNotAllowed"));
    CHECK_EQ_INT(call(RF_PATCH, "/redfish/v1/AccountService/Accounts/2", (struct req_opts){ .auth = ADMIN.auth,
        .body = "{\"Password\":\"y\"}" }), 405);
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/AccountService/Accounts/9", ADMIN), 404);
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/AccountService/Roles/Operator", ADMIN), 200);
    CHECK_EQ_STR(get("AssignedPrivileges"), "[\"Login\",\"ConfigureSelf\",\"ConfigureComponents\"]");
}

static void other_resources(void)
{
    setup();
    static const char *const paths[] = {
        "/redfish/v1/Systems", "/redfish/v1/Managers", "/redfish/v1/Managers/1",
        "/redfish/v1/Managers/1/VirtualMedia", "/redfish/v1/Chassis", "/redfish/v1/Chassis/1",
        "/redfish/v1/SessionService", "/redfish/v1/AccountService", "/redfish/v1/AccountService/Roles",
        "/redfish/v1/Managers/1/", NULL };
    for (int i = 0; paths[i]; i++) {
        CHECK_EQ_INT(call(RF_GET, paths[i], VIEWER), 200);
        CHECK(get("@odata.id") && get("@odata.type") && get("@odata.etag"));
    }
    CHECK_EQ_STR((call(RF_GET, "/redfish/v1/Managers/1", VIEWER), get("VirtualMedia/@odata.id")),
                 "/redfish/v1/Managers/1/VirtualMedia");
    CHECK_EQ_INT(call(RF_DELETE, "/redfish/v1/Chassis/1", ADMIN), 405);
    CHECK_EQ_STR(rsp.allow, "GET, HEAD");
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/Systems/1/x/y", ADMIN), 404);
    CHECK_EQ_INT(call(RF_GET, "/redfish/v1/SessionService/Sessions/../x", ADMIN), 404);
}

static void basic_decode(void)
{
    char u[17], p[21];
    CHECK_EQ_INT(rf_basic_decode("Basic YWRtaW46cGFzc3dvcmQ=", u, sizeof(u), p, sizeof(p)), 0);
    CHECK_EQ_STR(u, "admin");
    CHECK_EQ_STR(p, "password");
    CHECK_EQ_INT(rf_basic_decode("basic  YWRtaW46cGFzc3dvcmQ= ", u, sizeof(u), p, sizeof(p)), 0);
    CHECK_EQ_INT(rf_basic_decode("Basic YWRtaW46", u, sizeof(u), p, sizeof(p)), 0);      /* "admin:" */
    CHECK_EQ_STR(p, "");
    CHECK_EQ_INT(rf_basic_decode("Basic YWRtaW4=", u, sizeof(u), p, sizeof(p)), -1);     /* no colon */
    CHECK_EQ_INT(rf_basic_decode("Basic YWRt!W46", u, sizeof(u), p, sizeof(p)), -1);
    CHECK_EQ_INT(rf_basic_decode("Basic YQ=a", u, sizeof(u), p, sizeof(p)), -1);
    CHECK_EQ_INT(rf_basic_decode("Basic YWRtaW4AOng=", u, sizeof(u), p, sizeof(p)), -1); /* NUL */
    CHECK_EQ_INT(rf_basic_decode("Digest x", u, sizeof(u), p, sizeof(p)), -1);
    CHECK_EQ_INT(rf_basic_decode("Basic", u, sizeof(u), p, sizeof(p)), -1);
}

static void roles(void)
{
    CHECK_EQ_INT(rf_role_from_ipmi(4), RF_ROLE_ADMIN);
    CHECK_EQ_INT(rf_role_from_ipmi(3), RF_ROLE_OPERATOR);
    CHECK_EQ_INT(rf_role_from_ipmi(2), RF_ROLE_READONLY);
    CHECK_EQ_INT(rf_role_from_ipmi(1), RF_ROLE_NONE);
    CHECK_EQ_INT(rf_role_from_ipmi(15), RF_ROLE_NONE);
    CHECK(!rf_role_has(RF_ROLE_READONLY, RF_PRIV_CONFIGURE_COMPONENTS));
    CHECK(rf_role_has(RF_ROLE_OPERATOR, RF_PRIV_CONFIGURE_COMPONENTS));
    CHECK(!rf_role_has(RF_ROLE_OPERATOR, RF_PRIV_CONFIGURE_MANAGER));
}

int main(void)
{
    RUN(service_root_is_public);
    RUN(auth_required);
    RUN(lockout_after_failures);
    RUN(system_resource);
    RUN(patch_boot);
    RUN(patch_errors);
    RUN(patch_if_match);
    RUN(reset_action);
    RUN(readonly_user);
    RUN(sessions);
    RUN(session_limit);
    RUN(virtual_media);
    RUN(media_refusals);
    RUN(media_oem_checksum);
    RUN(accounts_read_only);
    RUN(other_resources);
    RUN(basic_decode);
    RUN(roles);
    rf_response_clear(&rsp);
    rf_service_free(svc);
    UNIT_EXIT();
}
