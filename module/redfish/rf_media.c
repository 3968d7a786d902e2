/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "rf_media.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "rf_error.h"

/* printable ASCII without spaces: what an image URL or path may hold (QEMU gets it as is). */
static bool plain_text(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
            return false;
    return true;
}

/* http(s)://host[:port][/path]: a host, no credentials (they would show in Image, the status
 * file and logs). Returns the protocol ("HTTP"/"HTTPS") or NULL. */
static const char *url_protocol(const char *u, const char **why)
{
    const char *proto, *rest;
    if (!strncasecmp(u, "https://", 8)) {
        proto = "HTTPS";
        rest = u + 8;
    } else if (!strncasecmp(u, "http://", 7)) {
        proto = "HTTP";
        rest = u + 7;
    } else {
        *why = "the image must be an http:// or https:// URL (or file:///path under the BMC's "
               "media directory)";
        return NULL;
    }
    size_t host = strcspn(rest, "/?#");
    if (host == 0) {
        *why = "the URL has no host";
        return NULL;
    }
    if (memchr(rest, '@', host)) {
        *why = "user names and passwords in the URL are not supported (they would be shown in the "
               "Image property); make the image readable without them";
        return NULL;
    }
    return proto;
}

int rf_insert_parse(struct json_object *body, struct rf_insert *out, struct rf_response *rsp)
{
    static const char *const known[] = { "Image", "Inserted", "WriteProtected", "TransferMethod",
                                         "TransferProtocolType", "UserName", "Password", NULL };
    const char *act = RF_INSERT_ACTION;
    memset(out, 0, sizeof(*out));
    if (!body || !json_object_is_type(body, json_type_object)) {
        rf_error(rsp, 400, RF_MSG_ACTION_PARAMETER_MISSING, "#/Image", NULL, act, "Image");
        return -1;
    }
    int bad = 0;
    json_object_object_foreach(body, key, val) {
        bool ok = false;
        for (int i = 0; known[i]; i++)
            ok = ok || !strcmp(known[i], key);
        char ptr[128];
        snprintf(ptr, sizeof(ptr), "#/%s", key);
        if (!ok && strncmp(key, "@odata.", 7)) {
            rf_error(rsp, 400, RF_MSG_ACTION_PARAMETER_UNKNOWN, ptr, NULL, act, key);
            bad = -1;
        } else if ((!strcmp(key, "UserName") || !strcmp(key, "Password")) &&
                   !json_object_is_type(val, json_type_null)) {
            rf_error(rsp, 400, RF_MSG_ACTION_PARAMETER_NOT_SUPPORTED, ptr,
                     "This BMC reads images without credentials: make the image readable "
                     "without them.", key, act);
            bad = -1;
        }
    }
    struct json_object *v;
    /* Inserted and WriteProtected may only say what a CD-ROM drive does anyway. */
    static const char *const flags[] = { "Inserted", "WriteProtected" };
    for (int i = 0; i < 2; i++) {
        if (!json_object_object_get_ex(body, flags[i], &v) || json_object_is_type(v, json_type_null))
            continue;
        char ptr[64];
        snprintf(ptr, sizeof(ptr), "#/%s", flags[i]);
        const char *txt = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
        if (!json_object_is_type(v, json_type_boolean)) {
            rf_error(rsp, 400, RF_MSG_ACTION_PARAMETER_VALUE_TYPE_ERROR, ptr, NULL, txt, flags[i], act);
            bad = -1;
        } else if (!json_object_get_boolean(v)) {
            rf_error(rsp, 400, RF_MSG_ACTION_PARAMETER_VALUE_NOT_IN_LIST, ptr,
                     i == 0 ? "The image is always inserted (tray closed) by InsertMedia."
                            : "A CD-ROM image is always write protected.", txt, flags[i], act);
            bad = -1;
        }
    }
    if (json_object_object_get_ex(body, "TransferMethod", &v) && !json_object_is_type(v, json_type_null)) {
        const char *txt = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
        if (!json_object_is_type(v, json_type_string)) {
            rf_error(rsp, 400, RF_MSG_ACTION_PARAMETER_VALUE_TYPE_ERROR, "#/TransferMethod", NULL,
                     txt, "TransferMethod", act);
            bad = -1;
        } else if (strcmp(json_object_get_string(v), "Stream")) {
            rf_error(rsp, 400, RF_MSG_ACTION_PARAMETER_VALUE_NOT_IN_LIST, "#/TransferMethod",
                     "Only Stream is supported: the VM reads the image from its URL.",
                     json_object_get_string(v), "TransferMethod", act);
            bad = -1;
        }
    }
    if (!json_object_object_get_ex(body, "Image", &v) || json_object_is_type(v, json_type_null)) {
        rf_error(rsp, 400, RF_MSG_ACTION_PARAMETER_MISSING, "#/Image", NULL, act, "Image");
        return -1;
    }
    if (!json_object_is_type(v, json_type_string)) {
        rf_error(rsp, 400, RF_MSG_ACTION_PARAMETER_VALUE_TYPE_ERROR, "#/Image", NULL,
                 json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN), "Image", act);
        return -1;
    }
    const char *img = json_object_get_string(v);
    const char *why = NULL, *proto = NULL;
    if (strlen(img) >= sizeof(out->image) || !*img || !plain_text(img)) {
        why = "the image must be a URL of at most 1023 printable characters without spaces";
    } else if (!strncmp(img, "file://", 7) || img[0] == '/') {
        const char *path = img[0] == '/' ? img : img + 7;
        if (path[0] != '/')
            why = "a local image is file:///absolute/path";
        else {
            out->kind = RF_IMAGE_LOCAL;
            snprintf(out->path, sizeof(out->path), "%s", path);
        }
    } else {
        proto = url_protocol(img, &why);
        out->kind = RF_IMAGE_URL;
    }
    if (why) {
        rf_error(rsp, 400, RF_MSG_ACTION_PARAMETER_VALUE_FORMAT_ERROR, "#/Image", why, img, "Image", act);
        return -1;
    }
    snprintf(out->image, sizeof(out->image), "%s", img);
    if (json_object_object_get_ex(body, "TransferProtocolType", &v) &&
        !json_object_is_type(v, json_type_null)) {
        const char *want = out->kind == RF_IMAGE_LOCAL ? "OEM" : proto;
        const char *txt = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
        if (!json_object_is_type(v, json_type_string)) {
            rf_error(rsp, 400, RF_MSG_ACTION_PARAMETER_VALUE_TYPE_ERROR, "#/TransferProtocolType",
                     NULL, txt, "TransferProtocolType", act);
            bad = -1;
        } else if (strcasecmp(json_object_get_string(v), want)) {
            rf_error(rsp, 400, RF_MSG_ACTION_PARAMETER_VALUE_NOT_IN_LIST, "#/TransferProtocolType",
                     "HTTP and HTTPS are supported, matching the image URL's scheme (OEM for a "
                     "local file).", json_object_get_string(v), "TransferProtocolType", act);
            bad = -1;
        }
    }
    return bad;
}
