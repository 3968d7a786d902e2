/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: a whole Redfish request as a client could send it, to the service
 * (rf_service.c) behind a fake BMC. Input: "METHOD PATH[?query]\n", header lines
 * "Name: value\n" (Authorization, X-Auth-Token, If-Match), an empty line, the body. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lockout_table.h"
#include "rf_service.h"

static struct mbmc_lockout lockout;
static uint8_t boot[5];
static struct mbmc_media_state media = { .drive = 1 };
static uint64_t clock_s = 1000;
static unsigned random_n;

static unsigned login(void *c, const char *u, const char *p, uint64_t *tag)
{
    *tag = 7;
    if (!strcmp(u, "admin") && !strcmp(p, "password"))
        return 4;
    if (!strcmp(u, "viewer") && !strcmp(p, "viewpass"))
        return 2;
    return 0;
}
static unsigned account_priv(void *c, const char *u, uint64_t *tag)
{
    *tag = 7;
    return !strcmp(u, "admin") ? 4 : !strcmp(u, "viewer") ? 2 : 0;
}
static size_t accounts(void *c, struct rf_account *out, size_t max)
{
    if (max < 1)
        return 0;
    out[0] = (struct rf_account){ .id = 2, .name = "admin", .role = RF_ROLE_ADMIN, .enabled = true };
    return 1;
}
static bool locked_out(void *c, const struct mbmc_src *s, unsigned *retry)
{
    *retry = 1;
    return mbmc_lockout_blocked(&lockout, s, clock_s);
}
static void login_result(void *c, const struct mbmc_src *s, const char *u, bool ok)
{
    if (ok)
        mbmc_lockout_success(&lockout, s);
    else
        mbmc_lockout_fail(&lockout, s, clock_s);
}
static void view(void *c, struct rf_view *v)
{
    v->name = "fuzz";
    v->version = "0";
    v->backend = "qmp";
    v->service_uuid = "00000000-0000-0000-0000-000000000000";
    v->power = (int)(clock_s % 3) - 1;
    memcpy(v->boot, boot, 5);
    v->problem = clock_s % 2 ? "backend gone" : NULL;
    v->media_supported = true;
    v->media = media;
}
static uint8_t reset(void *c, enum rf_reset_type t) { return (uint8_t[]){ 0, 0xC0, 0xD5, 0xCC, 0xD4 }[t % 5]; }
static uint8_t set_boot(void *c, const uint8_t f[5])
{
    memcpy(boot, f, 5);
    return f[1] & 0x40 ? 0xCC : 0;
}
static enum mbmc_media_result insert(void *c, const struct rf_insert *ins, void *async,
                                     const char *user, char *why, size_t len)
{
    media.inserted = true;
    memcpy(media.image, ins->image, sizeof(media.image));
    return (enum mbmc_media_result)(strlen(ins->image) % 8);
}
static enum mbmc_media_result eject(void *c, void *async, const char *user, char *why, size_t len)
{
    media.inserted = false;
    media.image[0] = '\0';
    return MBMC_MEDIA_OK;
}
static uint64_t now_s(void *c) { return clock_s; }
static void rnd(void *c, uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++)
        buf[i] = (uint8_t)(random_n++ * 131u);
}

static const struct rf_ops ops = {
    .login = login, .account_priv = account_priv, .accounts = accounts, .locked_out = locked_out,
    .login_result = login_result, .view = view, .reset = reset, .set_boot = set_boot,
    .insert_media = insert, .eject_media = eject, .now_s = now_s, .random = rnd,
};

/* The next line of the input (NUL-terminated in place), or NULL at the end. */
static char *next_line(char **p, char *end)
{
    if (*p >= end)
        return NULL;
    char *s = *p, *nl = memchr(s, '\n', (size_t)(end - s));
    if (!nl)
        nl = end;
    *nl = '\0';
    *p = nl + 1;
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct rf_service *svc;
    if (!svc) {
        mbmc_lockout_init(&lockout, &(struct mbmc_lockout_cfg){ 5, 10, 30 });
        svc = rf_service_new(&ops, 0);
    }
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *p = buf, *end = buf + size;
    char *first = next_line(&p, end);
    struct rf_request req = { .method = RF_GET, .path = "/redfish/v1" };
    if (first) {
        char *sp = strchr(first, ' ');
        if (sp) {
            *sp = '\0';
            req.method = rf_method_parse(first);
            req.path = sp + 1;
            char *q = strchr(sp + 1, '?');
            if (q) {
                *q = '\0';
                req.has_query = true;
            }
        }
    }
    char *h;
    while ((h = next_line(&p, end)) && *h) {
        if (!strncmp(h, "Authorization: ", 15))
            req.authorization = h + 15;
        else if (!strncmp(h, "X-Auth-Token: ", 14))
            req.auth_token = h + 14;
        else if (!strncmp(h, "If-Match: ", 10))
            req.if_match = h + 10;
    }
    req.body = p < end ? p : "";
    req.body_len = p < end ? (size_t)(end - p) : 0;
    req.src.a[15] = (uint8_t)size;
    struct rf_response rsp;
    rf_response_init(&rsp);
    rf_service_handle(svc, &req, &rsp, (void *)1);
    if (rsp.pending) {
        rf_response_clear(&rsp);
        rf_media_response(&rsp, (enum mbmc_media_result)(size % 7), "why", RF_INSERT_ACTION,
                          "http://x/y", "qmp");
    }
    if (rsp.body)
        json_object_to_json_string(rsp.body);
    rf_response_clear(&rsp);
    clock_s += size % 5;
    free(buf);
    return 0;
}
