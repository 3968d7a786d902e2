/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Redfish service of one BMC, without I/O: authenticates a request (Basic or X-Auth-Token
 * session, the per-source lockout), checks the role's privileges, routes it and answers from
 * the BMC's state, which it reads and changes only through struct rf_ops (redfish.c binds
 * those to the chassis layer and the backend; unit tests and the fuzzer to fakes). */
#ifndef MBMC_RF_SERVICE_H
#define MBMC_RF_SERVICE_H

#include <stddef.h>
#include <stdint.h>

#include "rf_http.h"
#include "rf_media.h"
#include "rf_resources.h"

struct rf_ops {
    void *ctx;
    /* The IPMI privilege (1..4) of the enabled user with this name and password, 0 when none
     * matches. cred_tag identifies the password, so a session ends when it changes. */
    unsigned (*login)(void *ctx, const char *user, const char *password, uint64_t *cred_tag);
    /* The current privilege and cred_tag of an account; 0 when it is gone or disabled. */
    unsigned (*account_priv)(void *ctx, const char *user, uint64_t *cred_tag);
    size_t (*accounts)(void *ctx, struct rf_account *out, size_t max);
    /* Whether src is locked out after failed logins (the lockout IPMI logins share). */
    bool (*locked_out)(void *ctx, const struct mbmc_src *src, unsigned *retry_s);
    void (*login_result)(void *ctx, const struct mbmc_src *src, const char *user, bool ok);
    /* A snapshot of the state (power, boot flags, media, ...). */
    void (*view)(void *ctx, struct rf_view *out);
    /* Queue a reset; returns an IPMI completion code (0 accepted, 0xC0 busy or backend
     * unreachable, 0xD5 not in this power state, 0xD4 backend lacks the right, ...). */
    uint8_t (*reset)(void *ctx, enum rf_reset_type type);
    /* Set System Boot Options parameter 5 as IPMI would; an IPMI completion code. */
    uint8_t (*set_boot)(void *ctx, const uint8_t flags[RF_BOOT_FLAGS_LEN]);
    /* Virtual media for user: MBMC_MEDIA_OK when accepted (the caller later completes the
     * request with rf_media_response() and the async handle), else the refusal with why. */
    enum mbmc_media_result (*insert_media)(void *ctx, const struct rf_insert *ins, void *async,
                                           const char *user, char *why, size_t why_len);
    enum mbmc_media_result (*eject_media)(void *ctx, void *async, const char *user, char *why,
                                          size_t why_len);
    uint64_t (*now_s)(void *ctx);               /* monotonic seconds */
    void (*random)(void *ctx, uint8_t *buf, size_t len);
    /* Record a change request and its outcome (HTTP status). */
    void (*audit)(void *ctx, const char *user, const struct mbmc_src *src, const char *what,
                  int status);
};

struct rf_service;

/* session_timeout: seconds (0: the default). */
struct rf_service *rf_service_new(const struct rf_ops *ops, unsigned session_timeout);
void rf_service_free(struct rf_service *svc);

/* Answer req into rsp (initialised by the caller). When rsp->pending is set, a virtual media
 * action was accepted with async as its handle: complete it with rf_media_response(). */
void rf_service_handle(struct rf_service *svc, const struct rf_request *req,
                       struct rf_response *rsp, void *async);

/* The response to a virtual media action's outcome (also for refusals). backend names the
 * backend in messages; image is the inserted image or NULL for eject. */
void rf_media_response(struct rf_response *rsp, enum mbmc_media_result r, const char *why,
                       const char *action, const char *image, const char *backend);

#endif
