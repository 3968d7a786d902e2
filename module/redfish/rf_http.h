/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One Redfish request and its response as the pure service (rf_service.c) sees them: no HTTP
 * library types, so unit tests and the fuzzer drive the service directly. rf_server.c fills
 * the request from libmicrohttpd and sends the response. */
#ifndef MBMC_RF_HTTP_H
#define MBMC_RF_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "lockout_table.h"      /* struct mbmc_src: the client's address */

enum rf_method { RF_GET, RF_HEAD, RF_POST, RF_PATCH, RF_PUT, RF_DELETE, RF_OTHER };

struct rf_request {
    enum rf_method method;
    const char *path;               /* URL path, without the query string */
    bool has_query;                 /* a query string was given (none is supported) */
    const char *authorization;      /* headers; NULL when absent */
    const char *auth_token;         /* X-Auth-Token */
    const char *if_match;
    const char *body;               /* not NUL-terminated */
    size_t body_len;
    struct mbmc_src src;
};

#define RF_ETAG_LEN 24
#define RF_TOKEN_LEN 64             /* hex characters of a session token (256 bits) */

struct rf_response {
    int status;                     /* HTTP status */
    struct json_object *body;       /* owned; NULL: no body */
    char etag[RF_ETAG_LEN];         /* "quoted", or "" */
    char location[128];             /* Location header, or "" */
    char token[RF_TOKEN_LEN + 1];   /* X-Auth-Token of a new session, or "" */
    const char *allow;              /* Allow header (405), a static string, or NULL */
    bool authenticate;              /* add WWW-Authenticate: Basic */
    unsigned retry_after;           /* Retry-After seconds, 0: none */
    bool pending;                   /* the caller completes the response later (async action) */
};

void rf_response_init(struct rf_response *rsp);
void rf_response_clear(struct rf_response *rsp);
/* status with body (taken over; may be NULL). */
void rf_respond(struct rf_response *rsp, int status, struct json_object *body);

const char *rf_method_name(enum rf_method m);
enum rf_method rf_method_parse(const char *s);

#endif
