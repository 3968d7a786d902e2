/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See redfish.h. */
#include "redfish.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <OpenIPMI/ipmi_err.h>

#include "chassis.h"
#include "config.h"
#include "log.h"
#include "login_guard.h"
#include "mbmc.h"
#include "rf_libs.h"
#include "rf_server.h"
#include "rf_service.h"
#include "uuid.h"

/* A GracefulRestart powers on again once the guest shut down, if it does within this. */
#define GRACEFUL_RESTART_WAIT_MS (300 * 1000)

struct mbmc_redfish {
    struct mbmc_bmc *bmc;
    const struct rf_libs *L;            /* GnuTLS and libmicrohttpd (rf_libs.h) */
    struct rf_service *svc;
    struct rf_server *server;
    struct rf_cert cert;
    char service_uuid[37];
    char system_uuid[37];               /* the VM's SMBIOS UUID as text, for op_view */
    struct mbmc_timer *restart_timer;   /* GracefulRestart: waiting for the power-off */
    bool restart_pending;
    unsigned restart_controls;          /* mbmc_chassis_controls() after its power button */
    struct media_op *ops;               /* virtual media requests the backend still runs */
};

/* An InsertMedia/EjectMedia the backend runs; answered when it reports back. */
struct media_op {
    struct mbmc_redfish *rf;
    struct rf_async *async;             /* NULL once the server answered it otherwise */
    bool insert;
    char user[RF_USER_MAX + 1];
    struct mbmc_src src;
    char image[MBMC_MEDIA_IMAGE_MAX];
    struct media_op *next;
};

/* ---- the BMC's IPMI users */

static user_t *users(struct mbmc_bmc *bmc)
{
    return bmc->sys->mc_get_users ? bmc->sys->mc_get_users(bmc->mc) : NULL;
}

/* The user's name as a C string ("" for the anonymous user 1 and unused slots). */
static void user_name(const user_t *u, char out[RF_USER_MAX + 1])
{
    size_t n = strnlen((const char *)u->username, sizeof(u->username));
    memcpy(out, u->username, n);
    out[n] = '\0';
}

static user_t *find_user(struct mbmc_bmc *bmc, const char *name)
{
    user_t *u = users(bmc);
    char n[RF_USER_MAX + 1];
    for (unsigned i = 1; u && *name && i <= MAX_USERS; i++) {
        user_name(&u[i], n);
        if (u[i].valid && !strcmp(n, name))
            return &u[i];
    }
    return NULL;
}

/* Identifies a password without keeping it: sessions end when it changes. */
static uint64_t cred_tag(const user_t *u)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < sizeof(u->pw); i++)
        h = (h ^ u->pw[i]) * 0x100000001b3ull;
    return h;
}

static unsigned op_login(void *ctx, const char *name, const char *password, uint64_t *tag)
{
    struct mbmc_redfish *rf = ctx;
    user_t *u = find_user(rf->bmc, name);
    uint8_t want[20] = { 0 };
    size_t len = strlen(password);
    if (len > sizeof(want))
        len = sizeof(want) + 1;         /* never equal: IPMI 2.0 passwords have 20 bytes */
    else
        memcpy(want, password, len);
    unsigned char diff = len > sizeof(want);
    const uint8_t *have = u ? u->pw : want;
    for (size_t i = 0; i < sizeof(want); i++)       /* constant time */
        diff |= (unsigned char)(have[i] ^ want[i]);
    memset(want, 0, sizeof(want));
    if (!u || diff)
        return 0;
    *tag = cred_tag(u);
    return u->privilege;
}

static unsigned op_account_priv(void *ctx, const char *name, uint64_t *tag)
{
    struct mbmc_redfish *rf = ctx;
    user_t *u = find_user(rf->bmc, name);
    if (!u)
        return 0;
    *tag = cred_tag(u);
    return u->privilege;
}

static size_t op_accounts(void *ctx, struct rf_account *out, size_t max)
{
    struct mbmc_redfish *rf = ctx;
    user_t *u = users(rf->bmc);
    size_t n = 0;
    for (unsigned i = 1; u && i <= MAX_USERS && n < max; i++) {
        char name[RF_USER_MAX + 1];
        user_name(&u[i], name);
        if (!name[0])
            continue;
        out[n] = (struct rf_account){ .id = i, .role = rf_role_from_ipmi(u[i].privilege),
                                      .enabled = u[i].valid };
        memcpy(out[n].name, name, sizeof(name));
        n++;
    }
    return n;
}

static bool op_locked_out(void *ctx, const struct mbmc_src *src, unsigned *retry_s)
{
    (void)ctx;
    return mbmc_login_guard_blocked(src, retry_s);
}

static void op_login_result(void *ctx, const struct mbmc_src *src, const char *user, bool ok)
{
    (void)ctx;
    if (ok) {
        mbmc_login_guard_succeeded(src);
        return;
    }
    /* The address only: a user name field sometimes holds a password typed in the wrong box. */
    (void)user;
    char a[64];
    mbmc_log(MBMC_LOG_INFO, "redfish: failed login from %s", mbmc_src_str(src, a, sizeof(a)));
    mbmc_login_guard_failed(src, "Redfish");
}

/* ---- state and actions, through the chassis layer */

static void op_view(void *ctx, struct rf_view *v)
{
    struct mbmc_redfish *rf = ctx;
    struct mbmc_bmc *bmc = rf->bmc;
    v->name = bmc->sys->name ? bmc->sys->name : "bmc";
    v->version = PACKAGE_VERSION;
    v->backend = bmc->ops ? bmc->ops->name : "none";
    v->service_uuid = rf->service_uuid;
    const struct mbmc_vm_identity *id = bmc->be && bmc->ops->identity ? bmc->ops->identity(bmc->be) : NULL;
    if (id && id->uuid_known) {
        mbmc_uuid_format(id->uuid, rf->system_uuid);
        v->system_uuid = rf->system_uuid;
    } else {
        v->system_uuid = NULL;
    }
    v->power = bmc->be ? (bmc->ops->power_is_on(bmc->be) ? 1 : 0) : -1;
    mbmc_chassis_boot_flags(bmc, v->boot);
    v->problem = bmc->last_error[0] ? bmc->last_error : NULL;
    v->media_supported = bmc->be && bmc->ops->media_state && bmc->ops->insert_media;
    v->media.drive = -1;
    if (v->media_supported) {
        bmc->ops->media_state(bmc->be, &v->media);
        v->media_supported = v->media.drive != MBMC_MEDIA_OFF;
        /* A local image shows as the file:// URI a client gives (and may give again). */
        if (v->media.image[0] == '/') {
            char uri[MBMC_MEDIA_IMAGE_MAX];
            snprintf(uri, sizeof(uri), "file://%.*s", (int)(sizeof(uri) - 8), v->media.image);
            memcpy(v->media.image, uri, sizeof(uri));
        }
    }
}

static void restart_expired(void *data)
{
    struct mbmc_redfish *rf = data;
    if (!rf->restart_pending)
        return;
    rf->restart_pending = false;
    mbmc_log(MBMC_LOG_WARN, "redfish: GracefulRestart abandoned: the guest did not power off "
             "within %d s of the ACPI power button", GRACEFUL_RESTART_WAIT_MS / 1000);
}

static uint8_t op_reset(void *ctx, enum rf_reset_type type)
{
    struct mbmc_redfish *rf = ctx;
    struct mbmc_bmc *bmc = rf->bmc;
    bool on = bmc->be && bmc->ops->power_is_on(bmc->be);
    enum mbmc_chassis_op op;
    switch (type) {
    case RF_RESET_ON: case RF_RESET_FORCE_ON: op = MBMC_OP_ON; break;
    case RF_RESET_FORCE_OFF: op = MBMC_OP_OFF; break;
    case RF_RESET_GRACEFUL_SHUTDOWN: case RF_RESET_GRACEFUL_RESTART: op = MBMC_OP_SOFT; break;
    case RF_RESET_FORCE_RESTART: op = MBMC_OP_RESET; break;
    case RF_RESET_NMI: op = MBMC_OP_DIAG; break;
    case RF_RESET_POWER_CYCLE: op = MBMC_OP_CYCLE; break;
    case RF_RESET_PUSH_POWER_BUTTON: op = on ? MBMC_OP_SOFT : MBMC_OP_ON; break;
    default: return IPMI_INVALID_DATA_FIELD_CC;
    }
    /* Any other power action ends a GracefulRestart that still waits. */
    rf->restart_pending = false;
    mbmc_timer_stop(rf->restart_timer);
    uint8_t cc = mbmc_chassis_power(bmc, op, MBMC_ORIGIN_REDFISH);
    if (cc == 0 && type == RF_RESET_GRACEFUL_RESTART) {
        rf->restart_pending = true;
        rf->restart_controls = mbmc_chassis_controls(bmc);
        mbmc_timer_start(rf->restart_timer, GRACEFUL_RESTART_WAIT_MS);
    }
    return cc;
}

void mbmc_redfish_on_power_changed(struct mbmc_bmc *bmc, bool on)
{
    struct mbmc_redfish *rf = bmc->redfish;
    if (!rf || on || !rf->restart_pending)
        return;
    rf->restart_pending = false;
    mbmc_timer_stop(rf->restart_timer);
    if (mbmc_chassis_controls(bmc) != rf->restart_controls) {
        /* Someone powered it off (IPMI power off, ...) meanwhile: that wins. */
        mbmc_log(MBMC_LOG_INFO, "redfish: GracefulRestart dropped: another power action came first");
        return;
    }
    mbmc_log(MBMC_LOG_INFO, "redfish: GracefulRestart: the guest shut down, powering on");
    uint8_t cc = mbmc_chassis_power(bmc, MBMC_OP_ON, MBMC_ORIGIN_REDFISH);
    if (cc)
        mbmc_log(MBMC_LOG_WARN, "redfish: GracefulRestart: power on refused (cc 0x%02x)", cc);
}

static uint8_t op_set_boot(void *ctx, const uint8_t flags[RF_BOOT_FLAGS_LEN])
{
    struct mbmc_redfish *rf = ctx;
    return mbmc_chassis_set_boot_flags(rf->bmc, flags, MBMC_ORIGIN_REDFISH);
}

/* ---- virtual media */

static void media_done(void *data, enum mbmc_media_result r, const char *msg)
{
    struct media_op *m = data;
    struct mbmc_redfish *rf = m->rf;
    for (struct media_op **p = &rf->ops; *p; p = &(*p)->next)
        if (*p == m) {
            *p = m->next;
            break;
        }
    char a[64];
    mbmc_log(r ? MBMC_LOG_WARN : MBMC_LOG_INFO, "redfish: %s@%s %s %s: %s%s%s", m->user,
             mbmc_src_str(&m->src, a, sizeof(a)), m->insert ? "InsertMedia" : "EjectMedia",
             m->image, r ? "failed" : "done", msg ? ": " : "", msg ? msg : "");
    if (m->async) {
        struct rf_response rsp;
        rf_response_init(&rsp);
        rf_media_response(&rsp, r, msg, m->insert ? RF_INSERT_ACTION : "VirtualMedia.EjectMedia",
                          m->image, rf->bmc->ops->name);
        rf_server_complete(m->async, &rsp);
    }
    free(m);
    mbmc_bmc_publish_status(rf->bmc);
}

/* A local image: an existing regular file below media-dir (symbolic links resolved). */
static int local_image(struct mbmc_redfish *rf, const char *path, char *out, char *why, size_t len)
{
    const char *dir = rf->bmc->opts.media_dir;
    char real_dir[PATH_MAX], real[PATH_MAX];
    struct stat st;
    if (!dir) {
        snprintf(why, len, "Local images are disabled on this BMC (no media directory configured); "
                 "give an http:// or https:// URL.");
        return -1;
    }
    if (!realpath(dir, real_dir) || !realpath(path, real) || stat(real, &st) || !S_ISREG(st.st_mode) ||
        access(real, R_OK)) {
        snprintf(why, len, "%s is not a readable file.", path);
        return -1;
    }
    size_t n = strlen(real_dir);
    if (strncmp(real, real_dir, n) || real[n] != '/') {
        snprintf(why, len, "%s is outside the BMC's media directory %s.", path, dir);
        return -1;
    }
    if (strlen(real) >= MBMC_MEDIA_IMAGE_MAX) {
        snprintf(why, len, "The path of %s is too long.", path);
        return -1;
    }
    memcpy(out, real, strlen(real) + 1);
    return 0;
}

static struct media_op *media_op_new(struct mbmc_redfish *rf, void *async, bool insert,
                                     const char *image, const char *user)
{
    struct media_op *m = calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    m->rf = rf;
    snprintf(m->user, sizeof(m->user), "%.16s", user);
    m->async = async;
    m->insert = insert;
    snprintf(m->image, sizeof(m->image), "%s", image ? image : "");
    return m;
}

static enum mbmc_media_result start_media(struct mbmc_redfish *rf, struct media_op *m,
                                          const struct mbmc_media_insert *req, char *why, size_t len)
{
    struct mbmc_bmc *bmc = rf->bmc;
    enum mbmc_media_result r;
    struct mbmc_media_state st = { .drive = -1 };
    if (bmc->be && bmc->ops->media_state)
        bmc->ops->media_state(bmc->be, &st);
    if (!bmc->be || !bmc->ops->insert_media || !bmc->ops->eject_media)
        r = MBMC_MEDIA_NOT_SUPPORTED;
    else if (m->insert)
        r = bmc->ops->insert_media(bmc->be, req, media_done, m);
    else
        r = bmc->ops->eject_media(bmc->be, media_done, m);
    if (r != MBMC_MEDIA_OK) {
        if (r == MBMC_MEDIA_NO_DRIVE)
            snprintf(why, len, "The VM has no CD-ROM drive for virtual media%s%s%s.",
                     bmc->opts.cdrom ? " (a QEMU device with id '" : "",
                     bmc->opts.cdrom ? bmc->opts.cdrom : "", bmc->opts.cdrom ? "', e.g. -device "
                     "ide-cd,id=cd0)" : "");
        else if (r == MBMC_MEDIA_UNAVAILABLE)
            snprintf(why, len, "The VM's %s backend is unreachable%s%s. Retry later.", bmc->ops->name,
                     bmc->last_error[0] ? ": " : "", bmc->last_error);
        else if (r == MBMC_MEDIA_NOT_SUPPORTED && st.drive == MBMC_MEDIA_OFF)
            snprintf(why, len, "Virtual media is off on this BMC: a Proxmox BMC downloads images into "
                     "an ISO storage, and none is configured (multibmc init --iso-storage NAME, "
                     "module option iso-storage=).");
        else if (r == MBMC_MEDIA_NOT_SUPPORTED && req && req->checksum)
            snprintf(why, len, "The %s backend streams the image into the VM and cannot verify a "
                     "checksum first: leave out Oem/Multibmc/Checksum.", bmc->ops->name);
        free(m);
        return r;
    }
    m->next = rf->ops;
    rf->ops = m;
    return r;
}

static enum mbmc_media_result op_insert(void *ctx, const struct rf_insert *ins, void *async,
                                        const char *user, char *why, size_t len)
{
    struct mbmc_redfish *rf = ctx;
    char path[MBMC_MEDIA_IMAGE_MAX];
    if (ins->kind == RF_IMAGE_LOCAL && local_image(rf, ins->path, path, why, len))
        return MBMC_MEDIA_IMAGE_ERROR;
    struct media_op *m = media_op_new(rf, async, true, ins->image, user);
    if (!m)
        return MBMC_MEDIA_FAILED;
    struct mbmc_media_insert req = {
        .image = ins->kind == RF_IMAGE_LOCAL ? path : ins->image,
        .checksum = ins->checksum[0] ? ins->checksum : NULL,
        .checksum_algorithm = ins->checksum[0] ? ins->checksum_algorithm : NULL,
    };
    return start_media(rf, m, &req, why, len);
}

static enum mbmc_media_result op_eject(void *ctx, void *async, const char *user, char *why,
                                       size_t len)
{
    struct mbmc_redfish *rf = ctx;
    struct media_op *m = media_op_new(rf, async, false, NULL, user);
    if (!m)
        return MBMC_MEDIA_FAILED;
    return start_media(rf, m, NULL, why, len);
}

/* ---- the rest of rf_ops */

static uint64_t op_now(void *ctx)
{
    struct mbmc_redfish *rf = ctx;
    return mbmc_loop_now_ms(rf->bmc->loop) / 1000;
}

static void op_random(void *ctx, uint8_t *buf, size_t len)
{
    struct mbmc_redfish *rf = ctx;
    if (rf->L->gnutls_rnd(GNUTLS_RND_KEY, buf, len) < 0)
        abort();            /* no session tokens without a working random generator */
}

static void op_audit(void *ctx, const char *user, const struct mbmc_src *src, const char *what,
                     int status)
{
    (void)ctx;
    char a[64];
    mbmc_log(status < 400 ? MBMC_LOG_INFO : MBMC_LOG_WARN, "redfish: %s@%s %s -> %d", user,
             mbmc_src_str(src, a, sizeof(a)), what, status);
}

/* Remember where a media action came from (for the log when it completes). */
static void note_requester(struct mbmc_redfish *rf, const struct rf_request *req, void *async)
{
    for (struct media_op *m = rf->ops; m; m = m->next)
        if (m->async == async)
            m->src = req->src;
}

static void handle(void *data, const struct rf_request *req, struct rf_response *rsp,
                   struct rf_async *async)
{
    struct mbmc_redfish *rf = data;
    rf_service_handle(rf->svc, req, rsp, async);
    if (rsp->pending)
        note_requester(rf, req, async);
    char a[64];
    mbmc_log(MBMC_LOG_DEBUG, "redfish: %s %s %s from %s -> %d%s", rf_method_name(req->method),
             req->path, req->auth_token ? "(token)" : req->authorization ? "(basic)" : "",
             mbmc_src_str(&req->src, a, sizeof(a)), rsp->status, rsp->pending ? " (pending)" : "");
}

/* A stable UUID for this BMC's service (a name-based UUID of its instance name). */
static void service_uuid(const struct rf_libs *L, const char *name, char out[37])
{
    unsigned char h[32];
    char seed[256];
    int n = snprintf(seed, sizeof(seed), "multibmc-redfish-service:%s", name ? name : "");
    if (L->gnutls_hash_fast(GNUTLS_DIG_SHA256, seed, (size_t)n, h) < 0)
        memset(h, 0, sizeof(h));
    h[6] = (unsigned char)((h[6] & 0x0f) | 0x50);
    h[8] = (unsigned char)((h[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11], h[12],
             h[13], h[14], h[15]);
}

int mbmc_redfish_init(struct mbmc_bmc *bmc, char *err, size_t errlen)
{
    const struct mbmc_options *o = &bmc->opts;
    if (!o->redfish_addr)
        return 0;
    const struct rf_libs *L = rf_libs_load(err, errlen);
    if (!L)
        return -1;
    struct mbmc_redfish *rf = calloc(1, sizeof(*rf));
    if (!rf) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    bmc->redfish = rf;
    rf->bmc = bmc;
    rf->L = L;
    service_uuid(L, bmc->sys->name, rf->service_uuid);
    static const struct rf_ops ops_template = {
        .login = op_login, .account_priv = op_account_priv, .accounts = op_accounts,
        .locked_out = op_locked_out, .login_result = op_login_result, .view = op_view,
        .reset = op_reset, .set_boot = op_set_boot, .insert_media = op_insert,
        .eject_media = op_eject, .now_s = op_now, .random = op_random, .audit = op_audit,
    };
    struct rf_ops ops = ops_template;
    ops.ctx = rf;
    rf->svc = rf_service_new(&ops, 0);
    rf->restart_timer = mbmc_timer_new(bmc->loop, restart_expired, rf);
    if (!rf->svc || !rf->restart_timer) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (rf_cert_load(o->redfish_cert, o->redfish_key, o->state_dir, o->redfish_addr, &rf->cert,
                     err, errlen))
        return -1;
    rf->server = rf_server_new(bmc->loop, o->redfish_addr, o->redfish_port, &rf->cert, handle, rf,
                               err, errlen);
    if (!rf->server)
        return -1;
    mbmc_log(MBMC_LOG_INFO, "Redfish on https://%s%s%s:%u/redfish/v1 (certificate %s, SHA-256 %s)",
             strchr(o->redfish_addr, ':') ? "[" : "", o->redfish_addr,
             strchr(o->redfish_addr, ':') ? "]" : "", o->redfish_port, rf->cert.source,
             rf->cert.fingerprint);
    return 0;
}

void mbmc_redfish_cleanup(struct mbmc_bmc *bmc)
{
    struct mbmc_redfish *rf = bmc->redfish;
    if (!rf)
        return;
    /* Requests the backend still runs are answered by the server below; their late
     * completions then find nobody to answer. */
    for (struct media_op *m = rf->ops; m; m = m->next)
        m->async = NULL;
    rf_server_free(rf->server);
    rf_service_free(rf->svc);
    mbmc_timer_free(rf->restart_timer);
    rf_cert_clear(&rf->cert);
    /* media_op entries still pending belong to the backend's callbacks: the backend is closed
     * before this (mod.c), which completes them. */
    free(rf);
    bmc->redfish = NULL;
}
