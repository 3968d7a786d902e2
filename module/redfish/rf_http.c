/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "rf_http.h"

#include <string.h>

void rf_response_init(struct rf_response *rsp)
{
    memset(rsp, 0, sizeof(*rsp));
    rsp->status = 500;
}

void rf_response_clear(struct rf_response *rsp)
{
    if (rsp->body)
        json_object_put(rsp->body);
    rf_response_init(rsp);
}

void rf_respond(struct rf_response *rsp, int status, struct json_object *body)
{
    if (rsp->body)
        json_object_put(rsp->body);
    rsp->status = status;
    rsp->body = body;
}

static const char *const method_names[] = {
    [RF_GET] = "GET", [RF_HEAD] = "HEAD", [RF_POST] = "POST", [RF_PATCH] = "PATCH",
    [RF_PUT] = "PUT", [RF_DELETE] = "DELETE", [RF_OTHER] = "OTHER",
};

const char *rf_method_name(enum rf_method m)
{
    return (unsigned)m <= RF_OTHER ? method_names[m] : "OTHER";
}

enum rf_method rf_method_parse(const char *s)
{
    for (int m = RF_GET; s && m < RF_OTHER; m++)
        if (!strcmp(s, method_names[m]))
            return (enum rf_method)m;
    return RF_OTHER;
}
