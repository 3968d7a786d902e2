/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See rf_service.h. One function per resource; the table at the end routes paths to them. */
#include "rf_service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipmi_cc.h"
#include "rf_error.h"
#include "rf_etag.h"

#define MAX_ACCOUNTS 64
#define RETRY_BACKEND_S 10          /* Retry-After when the VM's backend is unreachable */
#define ALLOW_GET "GET, HEAD"

struct rf_service {
    struct rf_ops ops;
    struct rf_sessions sessions;
};

/* Everything a handler needs about the request at hand. */
struct call {
    struct rf_service *svc;
    const struct rf_request *req;
    struct rf_response *rsp;
    void *async;
    const char *tail;               /* the {id} of Sessions/{id}, Accounts/{id}, Roles/{id} */
    char user[RF_USER_MAX + 1];     /* authenticated user ("" for public resources) */
    enum rf_role role;
    struct rf_session *session;     /* the session used, or NULL (Basic) */
};

struct rf_service *rf_service_new(const struct rf_ops *ops, unsigned session_timeout)
{
    struct rf_service *svc = calloc(1, sizeof(*svc));
    if (!svc)
        return NULL;
    svc->ops = *ops;
    rf_sessions_init(&svc->sessions, session_timeout);
    return svc;
}

void rf_service_free(struct rf_service *svc)
{
    free(svc);
}

/* ---- helpers */

static void view(struct call *c, struct rf_view *v)
{
    memset(v, 0, sizeof(*v));
    c->svc->ops.view(c->svc->ops.ctx, v);
    v->session_timeout = c->svc->sessions.timeout;
}

/* 200 with res, stamped with its ETag. */
static void send_resource(struct call *c, struct json_object *res)
{
    rf_etag_stamp(res, c->rsp->etag);
    rf_respond(c->rsp, 200, res);
}

static bool allowed(struct call *c, enum rf_priv p)
{
    if (rf_role_has(c->role, p))
        return true;
    rf_error(c->rsp, 403, RF_MSG_INSUFFICIENT_PRIVILEGE, NULL,
             c->role == RF_ROLE_READONLY
                 ? "This account has the IPMI USER privilege (Redfish ReadOnly): it may read, not "
                   "change. Use an OPERATOR or ADMINISTRATOR account."
                 : NULL);
    return false;
}

static void method_not_allowed(struct call *c, const char *allow, const char *resolution)
{
    rf_error(c->rsp, 405, RF_MSG_OPERATION_NOT_ALLOWED, NULL, resolution);
    c->rsp->allow = allow;
}

static bool is_read(const struct call *c)
{
    return c->req->method == RF_GET || c->req->method == RF_HEAD;
}

/* The request body as a JSON object. empty_ok: no body at all is NULL without an error. */
static int parse_body(struct call *c, struct json_object **out, bool empty_ok)
{
    *out = NULL;
    const char *b = c->req->body;
    size_t n = c->req->body_len;
    size_t i = 0;
    while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
        i++;
    if (i == n) {
        if (empty_ok)
            return 0;
        rf_error(c->rsp, 400, RF_MSG_EMPTY_JSON, NULL, NULL);
        return -1;
    }
    struct json_tokener *tok = json_tokener_new_ex(32);
    if (!tok) {
        rf_error(c->rsp, 500, RF_MSG_INTERNAL_ERROR, NULL, NULL);
        return -1;
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    struct json_object *o = n > 0x7fffffff ? NULL : json_tokener_parse_ex(tok, b, (int)n);
    size_t used = o ? json_tokener_get_parse_end(tok) : 0;
    json_tokener_free(tok);
    while (o && used < n && (b[used] == ' ' || b[used] == '\t' || b[used] == '\r' || b[used] == '\n'))
        used++;
    if (!o || used != n || !json_object_is_type(o, json_type_object)) {
        json_object_put(o);
        rf_error(c->rsp, 400, RF_MSG_MALFORMED_JSON, NULL, NULL);
        return -1;
    }
    *out = o;
    return 0;
}

static void audit(struct call *c, const char *what)
{
    if (c->svc->ops.audit)
        c->svc->ops.audit(c->svc->ops.ctx, c->user, &c->req->src, what, c->rsp->status);
}

/* The start of every action: POST, a role that may change things, a JSON object body (or
 * none), and no parameters but those in params (NULL: the caller checks them). Returns 0
 * with *body (may be NULL) to go on, -1 when the response is already set. */
static int action_begin(struct call *c, const char *act, const char *const *params,
                        struct json_object **body)
{
    *body = NULL;
    if (c->req->method != RF_POST) {
        method_not_allowed(c, "POST", NULL);
        return -1;
    }
    if (!allowed(c, RF_PRIV_CONFIGURE_COMPONENTS) || parse_body(c, body, true))
        return -1;
    if (!*body || !params)
        return 0;
    json_object_object_foreach(*body, key, val) {
        (void)val;
        bool known = !strncmp(key, "@odata.", 7);
        for (int i = 0; params[i] && !known; i++)
            known = !strcmp(params[i], key);
        if (!known) {
            char ptr[128];
            snprintf(ptr, sizeof(ptr), "#/%s", key);
            rf_error(c->rsp, 400, RF_MSG_ACTION_PARAMETER_UNKNOWN, ptr, NULL, act, key);
        }
    }
    if (!c->rsp->body)
        return 0;
    json_object_put(*body);
    *body = NULL;
    return -1;
}

/* An IPMI completion code from the chassis layer as an HTTP error (cc != 0). */
static void cc_error(struct call *c, uint8_t cc, const char *what)
{
    char why[256];
    switch (cc) {
    case IPMI_NODE_BUSY_CC: {
        char secs[8];
        snprintf(secs, sizeof(secs), "%d", RETRY_BACKEND_S);
        struct rf_view v;
        view(c, &v);
        snprintf(why, sizeof(why), "The VM's %s backend is busy or unreachable%s%s. Retry later.",
                 v.backend, v.problem ? ": " : "", v.problem ? v.problem : "");
        rf_error(c->rsp, 503, RF_MSG_SERVICE_TEMPORARILY_UNAVAILABLE, NULL, why, secs);
        c->rsp->retry_after = RETRY_BACKEND_S;
        break;
    }
    case IPMI_INSUFFICIENT_PRIVILEGE_CC:
        snprintf(why, sizeof(why), "The BMC's own access to the VM lacks the right to %s (see "
                 "the BMC log, e.g. the Proxmox token's privileges).", what);
        rf_error(c->rsp, 500, RF_MSG_OPERATION_FAILED, NULL, why);
        break;
    default:
        snprintf(why, sizeof(why), "The VM refused to %s (IPMI completion code 0x%02X; see the BMC "
                 "log).", what, cc);
        rf_error(c->rsp, 500, RF_MSG_OPERATION_FAILED, NULL, why);
        break;
    }
}

/* ---- authentication */

static bool authenticate_session(struct call *c)
{
    struct rf_service *svc = c->svc;
    uint64_t now = svc->ops.now_s(svc->ops.ctx);
    struct rf_session *s = rf_session_by_token(&svc->sessions, c->req->auth_token, now);
    if (!s) {
        rf_error(c->rsp, 401, RF_MSG_NO_VALID_SESSION, NULL,
                 "The session token is unknown or expired: create a new session.");
        return false;
    }
    uint64_t tag = 0;
    unsigned priv = svc->ops.account_priv(svc->ops.ctx, s->user, &tag);
    if (!priv || tag != s->cred_tag) {
        /* The account was removed, disabled or got a new password since the login. */
        rf_session_delete(s);
        rf_error(c->rsp, 401, RF_MSG_NO_VALID_SESSION, NULL,
                 "The session ended: its account changed. Log in again.");
        return false;
    }
    snprintf(c->user, sizeof(c->user), "%s", s->user);
    c->role = rf_role_from_ipmi(priv);
    c->session = s;
    return true;
}

/* Check a user name and password (Basic or a session login), with the lockout. Returns the
 * role, or RF_ROLE_NONE with the error in rsp. */
static enum rf_role check_login(struct call *c, const char *user, const char *pass, uint64_t *tag)
{
    struct rf_service *svc = c->svc;
    unsigned retry = 0;
    if (svc->ops.locked_out(svc->ops.ctx, &c->req->src, &retry)) {
        char why[160];
        snprintf(why, sizeof(why), "Too many failed logins from this address: it is locked out "
                 "for %u more seconds (IPMI and Redfish logins count together).", retry);
        rf_error(c->rsp, 401, RF_MSG_ACCESS_DENIED, NULL, why, c->req->path);
        c->rsp->retry_after = retry ? retry : 1;
        return RF_ROLE_NONE;
    }
    unsigned priv = svc->ops.login(svc->ops.ctx, user, pass, tag);
    svc->ops.login_result(svc->ops.ctx, &c->req->src, user, priv != 0);
    if (!priv) {
        rf_error(c->rsp, 401, RF_MSG_ACCESS_DENIED, NULL,
                 "Wrong user name or password (the BMC's IPMI users log in here).", c->req->path);
        c->rsp->authenticate = true;
        return RF_ROLE_NONE;
    }
    enum rf_role role = rf_role_from_ipmi(priv);
    if (role == RF_ROLE_NONE)
        rf_error(c->rsp, 403, RF_MSG_INSUFFICIENT_PRIVILEGE, NULL,
                 "This account has the IPMI CALLBACK privilege, which gives no Redfish access.");
    return role;
}

static bool authenticate(struct call *c)
{
    if (c->req->auth_token)
        return authenticate_session(c);
    if (!c->req->authorization) {
        rf_error(c->rsp, 401, RF_MSG_NO_VALID_SESSION, NULL,
                 "Authenticate with HTTP Basic (the BMC's IPMI user) or an X-Auth-Token from "
                 "POST " RF_SESSIONS ".");
        c->rsp->authenticate = true;
        return false;
    }
    char user[64], pass[64];
    if (rf_basic_decode(c->req->authorization, user, sizeof(user), pass, sizeof(pass))) {
        rf_error(c->rsp, 401, RF_MSG_NO_VALID_SESSION, NULL,
                 "The Authorization header is not valid HTTP Basic.");
        c->rsp->authenticate = true;
        return false;
    }
    uint64_t tag;
    c->role = check_login(c, user, pass, &tag);
    memset(pass, 0, sizeof(pass));
    if (c->role == RF_ROLE_NONE)
        return false;
    snprintf(c->user, sizeof(c->user), "%.16s", user);
    return true;
}

/* ---- service root and public documents */

static void h_version(struct call *c) { rf_respond(c->rsp, 200, rf_render_version()); }
static void h_odata(struct call *c) { rf_respond(c->rsp, 200, rf_render_odata()); }

static void h_root(struct call *c)
{
    struct rf_view v;
    view(c, &v);
    send_resource(c, rf_render_service_root(&v));
}

static void h_collection(struct call *c, const char *type, const char *id, const char *name,
                         const char *member)
{
    const char *m[] = { member };
    send_resource(c, rf_render_collection(type, id, name, m, 1));
}

static void h_systems(struct call *c)
{
    h_collection(c, "#ComputerSystemCollection.ComputerSystemCollection", RF_ROOT "/Systems",
                 "Computer System Collection", RF_SYSTEM);
}

static void h_managers(struct call *c)
{
    h_collection(c, "#ManagerCollection.ManagerCollection", RF_ROOT "/Managers",
                 "Manager Collection", RF_MANAGER);
}

static void h_chassis_collection(struct call *c)
{
    h_collection(c, "#ChassisCollection.ChassisCollection", RF_ROOT "/Chassis",
                 "Chassis Collection", RF_CHASSIS);
}

static void h_vmedia_collection(struct call *c)
{
    h_collection(c, "#VirtualMediaCollection.VirtualMediaCollection", RF_VMEDIA,
                 "Virtual Media Collection", RF_VMEDIA_CD);
}

/* ---- the system: GET, PATCH Boot, Reset */

static void patch_system(struct call *c)
{
    if (!allowed(c, RF_PRIV_CONFIGURE_COMPONENTS))
        return;
    struct rf_view v;
    view(c, &v);
    struct json_object *cur = rf_render_system(&v);
    char etag[RF_ETAG_LEN];
    rf_etag_stamp(cur, etag);
    struct json_object *body = NULL;
    if (c->req->if_match && !rf_etag_match(c->req->if_match, etag)) {
        rf_error(c->rsp, 412, RF_MSG_PRECONDITION_FAILED, NULL, NULL);
    } else if (parse_body(c, &body, false) == 0) {
        uint8_t flags[RF_BOOT_FLAGS_LEN];
        memcpy(flags, v.boot, sizeof(flags));
        bool any = false;
        json_object_object_foreach(body, key, val) {
            char ptr[128];
            snprintf(ptr, sizeof(ptr), "#/%s", key);
            if (!strcmp(key, "Boot")) {
                any = true;
                rf_boot_patch(v.boot, val, flags, c->rsp);
            } else if (!strncmp(key, "@odata.", 7)) {
                continue;       /* annotations of the representation, not properties */
            } else if (json_object_object_get_ex(cur, key, NULL)) {
                rf_error(c->rsp, 400, RF_MSG_PROPERTY_NOT_WRITABLE, ptr, NULL, key);
            } else {
                rf_error(c->rsp, 400, RF_MSG_PROPERTY_UNKNOWN, ptr, NULL, key);
            }
        }
        if (!c->rsp->body && !any)
            rf_error(c->rsp, 400, RF_MSG_EMPTY_JSON, NULL, NULL);
        if (!c->rsp->body) {
            uint8_t cc = c->svc->ops.set_boot(c->svc->ops.ctx, flags);
            if (cc == IPMI_INVALID_DATA_FIELD_CC) {
                struct rf_boot want;
                rf_boot_from_flags(flags, &want);
                rf_error(c->rsp, 400, RF_MSG_PROPERTY_VALUE_EXTERNAL_CONFLICT,
                         "#/Boot/BootSourceOverrideTarget",
                         "The VM has no bootable device of this kind (see the BMC log).",
                         "Boot/BootSourceOverrideTarget", want.target);
            } else if (cc) {
                cc_error(c, cc, "change the boot order");
            } else {
                view(c, &v);
                send_resource(c, rf_render_system(&v));
            }
        }
        char what[160];
        struct rf_boot b;
        rf_boot_from_flags(flags, &b);
        snprintf(what, sizeof(what), "PATCH Systems/1 Boot: %s %s %s", b.enabled, b.target, b.mode);
        audit(c, what);
    }
    json_object_put(body);
    json_object_put(cur);
}

static void h_system(struct call *c)
{
    if (c->req->method == RF_PATCH) {
        patch_system(c);
    } else if (is_read(c)) {
        struct rf_view v;
        view(c, &v);
        send_resource(c, rf_render_system(&v));
    } else {
        method_not_allowed(c, "GET, HEAD, PATCH", NULL);
    }
}

static void h_reset_info(struct call *c) { send_resource(c, rf_render_reset_info()); }

static void h_reset(struct call *c)
{
    static const char *const act = "ComputerSystem.Reset";
    static const char *const params[] = { "ResetType", NULL };
    struct json_object *body, *t = NULL;
    if (action_begin(c, act, params, &body))
        return;
    int type = -1;
    if (!body || !json_object_object_get_ex(body, "ResetType", &t)) {
        rf_error(c->rsp, 400, RF_MSG_ACTION_PARAMETER_MISSING, "#/ResetType", NULL, act, "ResetType");
    } else if (!json_object_is_type(t, json_type_string)) {
        rf_error(c->rsp, 400, RF_MSG_ACTION_PARAMETER_VALUE_TYPE_ERROR, "#/ResetType", NULL,
                 json_object_to_json_string_ext(t, JSON_C_TO_STRING_PLAIN), "ResetType", act);
    } else if ((type = rf_reset_parse(json_object_get_string(t))) < 0) {
        rf_error(c->rsp, 400, RF_MSG_ACTION_PARAMETER_VALUE_NOT_IN_LIST, "#/ResetType", NULL,
                 json_object_get_string(t), "ResetType", act);
    }
    if (!c->rsp->body) {
        uint8_t cc = c->svc->ops.reset(c->svc->ops.ctx, (enum rf_reset_type)type);
        if (cc == 0)
            rf_respond(c->rsp, 204, NULL);
        else if (cc == IPMI_NOT_SUPPORTED_IN_PRESENT_STATE_CC)
            rf_error(c->rsp, 409, RF_MSG_CHASSIS_POWER_STATE_ON_REQUIRED, NULL,
                     "The system is off: power it on first (ResetType On).", "1");
        else
            cc_error(c, cc, "change the power state");
    }
    if (type >= 0) {
        char what[96];
        snprintf(what, sizeof(what), "Reset %s", rf_reset_names[type]);
        audit(c, what);
    }
    json_object_put(body);
}

/* ---- manager and virtual media */

static void h_manager(struct call *c)
{
    struct rf_view v;
    view(c, &v);
    send_resource(c, rf_render_manager(&v));
}

static void h_vmedia_cd(struct call *c)
{
    if (!is_read(c)) {
        method_not_allowed(c, ALLOW_GET, "Use the actions VirtualMedia.InsertMedia and "
                                         "VirtualMedia.EjectMedia.");
        return;
    }
    struct rf_view v;
    view(c, &v);
    send_resource(c, rf_render_vmedia_cd(&v));
}

void rf_media_response(struct rf_response *rsp, enum mbmc_media_result r, const char *why,
                       const char *action, const char *image, const char *backend)
{
    char buf[512];
    switch (r) {
    case MBMC_MEDIA_OK:
        rf_respond(rsp, 204, NULL);
        break;
    case MBMC_MEDIA_NOT_SUPPORTED:
        snprintf(buf, sizeof(buf), "Virtual media is not supported by the %s backend yet.", backend);
        rf_error(rsp, 501, RF_MSG_ACTION_NOT_SUPPORTED, NULL, why ? why : buf, action);
        break;
    case MBMC_MEDIA_NO_DRIVE:
        rf_error(rsp, 409, RF_MSG_RESOURCE_NOT_FOUND, NULL, why, "CD-ROM drive", "Cd");
        break;
    case MBMC_MEDIA_UNAVAILABLE:
        snprintf(buf, sizeof(buf), "%d", RETRY_BACKEND_S);
        rf_error(rsp, 503, RF_MSG_SERVICE_TEMPORARILY_UNAVAILABLE, NULL, why, buf);
        rsp->retry_after = RETRY_BACKEND_S;
        break;
    case MBMC_MEDIA_BUSY:
        rf_error(rsp, 409, RF_MSG_RESOURCE_IN_USE, NULL,
                 why ? why : "Another insert or eject is still running: retry when it ended.");
        break;
    case MBMC_MEDIA_IMAGE_ERROR:
        if (image && (!strncmp(image, "http://", 7) || !strncmp(image, "https://", 8)))
            rf_error(rsp, 400, RF_MSG_COULD_NOT_ESTABLISH_CONNECTION, "#/Image", why, image);
        else
            rf_error(rsp, 400, RF_MSG_RESOURCE_MISSING_AT_URI, "#/Image", why, image ? image : "");
        break;
    case MBMC_MEDIA_IMAGE_INVALID:
        rf_error(rsp, 400, RF_MSG_RESOURCE_AT_URI_IN_UNKNOWN_FORMAT, "#/Image", why, image ? image : "");
        break;
    default:
        rf_error(rsp, 500, RF_MSG_OPERATION_FAILED, NULL, why);
        break;
    }
}

static void h_insert(struct call *c)
{
    struct json_object *body;
    struct rf_insert ins;
    if (action_begin(c, RF_INSERT_ACTION, NULL, &body))
        return;
    if (rf_insert_parse(body, &ins, c->rsp)) {
        json_object_put(body);
        return;
    }
    json_object_put(body);
    struct rf_view v;
    view(c, &v);
    char why[512] = "";
    if (v.media.inserted && v.media.image[0]) {
        if (!strcmp(v.media.image, ins.image))
            rf_respond(c->rsp, 204, NULL);      /* already there: a retried request */
        else
            rf_error(c->rsp, 409, RF_MSG_RESOURCE_IN_USE, NULL,
                     "Another image is inserted: eject it first (VirtualMedia.EjectMedia).");
    } else {
        enum mbmc_media_result r = c->svc->ops.insert_media(c->svc->ops.ctx, &ins, c->async, c->user,
                                                            why, sizeof(why));
        if (r == MBMC_MEDIA_OK)
            c->rsp->pending = true;
        else
            rf_media_response(c->rsp, r, why[0] ? why : NULL, RF_INSERT_ACTION, ins.image, v.backend);
    }
    char what[MBMC_MEDIA_IMAGE_MAX + 32];
    snprintf(what, sizeof(what), "InsertMedia %s", ins.image);
    if (!c->rsp->pending)
        audit(c, what);
}

static void h_eject(struct call *c)
{
    static const char *const act = "VirtualMedia.EjectMedia";
    static const char *const params[] = { NULL };
    struct json_object *body;
    if (action_begin(c, act, params, &body))
        return;
    json_object_put(body);
    struct rf_view v;
    view(c, &v);
    char why[512] = "";
    if (v.media_supported && v.media.drive > 0 && !v.media.inserted && !v.media.busy) {
        rf_respond(c->rsp, 204, NULL);          /* nothing inserted: nothing to do */
    } else {
        enum mbmc_media_result r = c->svc->ops.eject_media(c->svc->ops.ctx, c->async, c->user, why,
                                                           sizeof(why));
        if (r == MBMC_MEDIA_OK)
            c->rsp->pending = true;
        else
            rf_media_response(c->rsp, r, why[0] ? why : NULL, act, NULL, v.backend);
    }
    if (!c->rsp->pending)
        audit(c, "EjectMedia");
}

/* ---- chassis */

static void h_chassis(struct call *c)
{
    struct rf_view v;
    view(c, &v);
    send_resource(c, rf_render_chassis(&v));
}

/* ---- sessions */

static void h_session_service(struct call *c)
{
    struct rf_view v;
    view(c, &v);
    send_resource(c, rf_render_session_service(&v));
}

static void create_session(struct call *c)
{
    struct json_object *body = NULL, *u = NULL, *p = NULL;
    if (parse_body(c, &body, false))
        return;
    json_object_object_foreach(body, key, val) {
        (void)val;
        if (strcmp(key, "UserName") && strcmp(key, "Password") && strncmp(key, "@odata.", 7)) {
            char ptr[128];
            snprintf(ptr, sizeof(ptr), "#/%s", key);
            rf_error(c->rsp, 400, RF_MSG_PROPERTY_UNKNOWN, ptr, NULL, key);
        }
    }
    static const char *const need[] = { "UserName", "Password" };
    struct json_object **slots[] = { &u, &p };
    for (int i = 0; i < 2; i++) {
        char ptr[32];
        snprintf(ptr, sizeof(ptr), "#/%s", need[i]);
        if (!json_object_object_get_ex(body, need[i], slots[i]))
            rf_error(c->rsp, 400, RF_MSG_CREATE_FAILED_MISSING_REQ_PROPERTIES, ptr, NULL, need[i]);
        else if (!json_object_is_type(*slots[i], json_type_string))
            rf_error(c->rsp, 400, RF_MSG_PROPERTY_VALUE_TYPE_ERROR, ptr, NULL,
                     i ? "(hidden)" : json_object_to_json_string_ext(*slots[i], JSON_C_TO_STRING_PLAIN),
                     need[i]);
    }
    if (c->rsp->body) {
        json_object_put(body);
        return;
    }
    const char *user = json_object_get_string(u);
    uint64_t tag = 0;
    c->role = strlen(user) > RF_USER_MAX ? RF_ROLE_NONE : RF_ROLE_READONLY;
    if (c->role != RF_ROLE_NONE)
        c->role = check_login(c, user, json_object_get_string(p), &tag);
    else
        check_login(c, "", "", &tag);           /* counts as a failed login, like a wrong name */
    if (c->role != RF_ROLE_NONE) {
        struct rf_service *svc = c->svc;
        uint8_t rnd[RF_TOKEN_LEN / 2];
        svc->ops.random(svc->ops.ctx, rnd, sizeof(rnd));
        struct rf_session *s = rf_session_create(&svc->sessions, user, tag, rnd,
                                                 svc->ops.now_s(svc->ops.ctx));
        memset(rnd, 0, sizeof(rnd));
        if (!s) {
            rf_error(c->rsp, 503, RF_MSG_SESSION_LIMIT_EXCEEDED, NULL, NULL);
        } else {
            struct json_object *res = rf_render_session(s);
            rf_etag_stamp(res, c->rsp->etag);
            rf_respond(c->rsp, 201, res);
            snprintf(c->rsp->location, sizeof(c->rsp->location), RF_SESSIONS "/%u", s->id);
            memcpy(c->rsp->token, s->token, sizeof(c->rsp->token));
        }
        snprintf(c->user, sizeof(c->user), "%.16s", user);
        audit(c, "session created");
    }
    json_object_put(body);
}

static void h_sessions(struct call *c)
{
    if (c->req->method == RF_POST) {
        create_session(c);
        return;
    }
    if (!is_read(c)) {
        method_not_allowed(c, "GET, HEAD, POST", NULL);
        return;
    }
    /* Administrators see every session, others their own. */
    struct rf_sessions *t = &c->svc->sessions;
    rf_sessions_expire(t, c->svc->ops.now_s(c->svc->ops.ctx));
    char paths[RF_SESSIONS_MAX][64];
    const char *members[RF_SESSIONS_MAX];
    unsigned n = 0;
    bool all = rf_role_has(c->role, RF_PRIV_CONFIGURE_MANAGER);
    for (unsigned i = 0; i < RF_SESSIONS_MAX; i++) {
        if (!t->s[i].used || (!all && strcmp(t->s[i].user, c->user)))
            continue;
        snprintf(paths[n], sizeof(paths[n]), RF_SESSIONS "/%u", t->s[i].id);
        members[n] = paths[n];
        n++;
    }
    send_resource(c, rf_render_collection("#SessionCollection.SessionCollection", RF_SESSIONS,
                                          "Session Collection", members, n));
}

static void h_session(struct call *c)
{
    struct rf_sessions *t = &c->svc->sessions;
    struct rf_session *s = rf_session_by_id(t, c->tail, c->svc->ops.now_s(c->svc->ops.ctx));
    if (!s) {
        rf_error(c->rsp, 404, RF_MSG_RESOURCE_NOT_FOUND, NULL, NULL, "Session", c->tail);
        return;
    }
    bool own = !strcmp(s->user, c->user);
    if (c->req->method == RF_DELETE) {
        if (!allowed(c, own ? RF_PRIV_CONFIGURE_SELF : RF_PRIV_CONFIGURE_MANAGER))
            return;
        if (s == c->session)
            c->session = NULL;
        rf_session_delete(s);
        rf_respond(c->rsp, 204, NULL);
        audit(c, "session deleted");
    } else if (is_read(c)) {
        if (own || allowed(c, RF_PRIV_CONFIGURE_MANAGER))
            send_resource(c, rf_render_session(s));
    } else {
        method_not_allowed(c, "GET, HEAD, DELETE", NULL);
    }
}

/* ---- accounts (read-only) */

#define ACCOUNTS_READ_ONLY "The accounts are the BMC's IPMI users: change them over IPMI " \
                           "(ipmitool user ...) or in the multibmc configuration."

static void h_account_service(struct call *c)
{
    if (!is_read(c)) {
        method_not_allowed(c, ALLOW_GET, ACCOUNTS_READ_ONLY);
        return;
    }
    send_resource(c, rf_render_account_service());
}

static size_t accounts(struct call *c, struct rf_account *out)
{
    return c->svc->ops.accounts(c->svc->ops.ctx, out, MAX_ACCOUNTS);
}

static void h_accounts(struct call *c)
{
    if (!is_read(c)) {
        method_not_allowed(c, ALLOW_GET, ACCOUNTS_READ_ONLY);
        return;
    }
    struct rf_account a[MAX_ACCOUNTS];
    size_t n = accounts(c, a);
    char paths[MAX_ACCOUNTS][64];
    const char *members[MAX_ACCOUNTS];
    for (size_t i = 0; i < n; i++) {
        snprintf(paths[i], sizeof(paths[i]), RF_ACCOUNTS "/%u", a[i].id);
        members[i] = paths[i];
    }
    send_resource(c, rf_render_collection("#ManagerAccountCollection.ManagerAccountCollection",
                                          RF_ACCOUNTS, "Accounts Collection", members, (unsigned)n));
}

static void h_account(struct call *c)
{
    struct rf_account a[MAX_ACCOUNTS];
    size_t n = accounts(c, a);
    for (size_t i = 0; i < n; i++) {
        char id[16];
        snprintf(id, sizeof(id), "%u", a[i].id);
        if (strcmp(id, c->tail))
            continue;
        if (is_read(c))
            send_resource(c, rf_render_account(&a[i]));
        else
            method_not_allowed(c, ALLOW_GET, ACCOUNTS_READ_ONLY);
        return;
    }
    rf_error(c->rsp, 404, RF_MSG_RESOURCE_NOT_FOUND, NULL, NULL, "ManagerAccount", c->tail);
}

static void h_roles(struct call *c)
{
    const char *m[] = { RF_ROLES "/Administrator", RF_ROLES "/Operator", RF_ROLES "/ReadOnly" };
    send_resource(c, rf_render_collection("#RoleCollection.RoleCollection", RF_ROLES,
                                          "Roles Collection", m, 3));
}

static void h_role(struct call *c)
{
    for (enum rf_role r = RF_ROLE_READONLY; r <= RF_ROLE_ADMIN; r++) {
        if (!strcmp(rf_role_id(r), c->tail)) {
            send_resource(c, rf_render_role(r));
            return;
        }
    }
    rf_error(c->rsp, 404, RF_MSG_RESOURCE_NOT_FOUND, NULL, NULL, "Role", c->tail);
}

/* ---- routing */

enum { PUBLIC = 1, READ_ONLY = 2, PREFIX = 4, PUBLIC_POST = 8 };

struct route {
    const char *path;
    void (*handler)(struct call *c);
    unsigned flags;     /* READ_ONLY: only GET/HEAD reach the handler; PREFIX: path/{id} */
};

static const struct route routes[] = {
    { "/redfish", h_version, PUBLIC | READ_ONLY },
    { RF_ROOT, h_root, PUBLIC | READ_ONLY },
    { RF_ROOT "/odata", h_odata, PUBLIC | READ_ONLY },
    { RF_ROOT "/Systems", h_systems, READ_ONLY },
    { RF_SYSTEM, h_system, 0 },
    { RF_SYSTEM "/ResetActionInfo", h_reset_info, READ_ONLY },
    { RF_SYSTEM "/Actions/ComputerSystem.Reset", h_reset, 0 },
    { RF_ROOT "/Managers", h_managers, READ_ONLY },
    { RF_MANAGER, h_manager, READ_ONLY },
    { RF_VMEDIA, h_vmedia_collection, READ_ONLY },
    { RF_VMEDIA_CD, h_vmedia_cd, 0 },
    { RF_VMEDIA_CD "/Actions/VirtualMedia.InsertMedia", h_insert, 0 },
    { RF_VMEDIA_CD "/Actions/VirtualMedia.EjectMedia", h_eject, 0 },
    { RF_ROOT "/Chassis", h_chassis_collection, READ_ONLY },
    { RF_CHASSIS, h_chassis, READ_ONLY },
    { RF_ROOT "/SessionService", h_session_service, READ_ONLY },
    { RF_SESSIONS, h_sessions, PUBLIC_POST },
    { RF_SESSIONS, h_session, PREFIX },
    { RF_ROOT "/AccountService", h_account_service, 0 },
    { RF_ACCOUNTS, h_accounts, 0 },
    { RF_ACCOUNTS, h_account, PREFIX },
    { RF_ROLES, h_roles, READ_ONLY },
    { RF_ROLES, h_role, PREFIX | READ_ONLY },
};

/* The route for path (trailing slashes ignored); *tail gets the {id} of a PREFIX route. */
static const struct route *find_route(const char *path, char *tail, size_t tail_len)
{
    char p[256];
    size_t n = strlen(path);
    if (n >= sizeof(p))
        return NULL;
    memcpy(p, path, n + 1);
    while (n > 1 && p[n - 1] == '/')
        p[--n] = '\0';
    for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
        const struct route *r = &routes[i];
        size_t len = strlen(r->path);
        if (!(r->flags & PREFIX)) {
            if (!strcmp(p, r->path))
                return r;
        } else if (!strncmp(p, r->path, len) && p[len] == '/' && p[len + 1] &&
                   !strchr(p + len + 1, '/') && strlen(p + len + 1) < tail_len) {
            snprintf(tail, tail_len, "%s", p + len + 1);
            return r;
        }
    }
    return NULL;
}

void rf_service_handle(struct rf_service *svc, const struct rf_request *req,
                       struct rf_response *rsp, void *async)
{
    char tail[64] = "";
    struct call c = { .svc = svc, .req = req, .rsp = rsp, .async = async, .tail = tail };
    const struct route *r = req->path ? find_route(req->path, tail, sizeof(tail)) : NULL;
    bool public = r && ((r->flags & PUBLIC) || ((r->flags & PUBLIC_POST) && req->method == RF_POST));
    if (!public && !authenticate(&c))
        return;
    if (!r) {
        rf_error(rsp, 404, RF_MSG_INVALID_URI, NULL, NULL, req->path ? req->path : "");
        return;
    }
    if (req->has_query) {
        rf_error(rsp, 501, RF_MSG_QUERY_NOT_SUPPORTED, NULL, NULL);
        return;
    }
    if (!public && !rf_role_has(c.role, RF_PRIV_LOGIN)) {
        allowed(&c, RF_PRIV_LOGIN);
        return;
    }
    if ((r->flags & READ_ONLY) && !is_read(&c)) {
        method_not_allowed(&c, ALLOW_GET, NULL);
        return;
    }
    r->handler(&c);
}
