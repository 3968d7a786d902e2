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

/* Digest length in hex per algorithm (what Proxmox's download-url accepts). */
static const struct { const char *name; size_t hex; } algorithms[] = {
    { "md5", 32 }, { "sha1", 40 }, { "sha224", 56 }, { "sha256", 64 }, { "sha384", 96 },
    { "sha512", 128 },
};

/* Oem.Multibmc.{Checksum,ChecksumAlgorithm}. Returns 0 or -1 with 400 errors added. */
static int parse_oem(struct json_object *oem, struct rf_insert *out, struct rf_response *rsp)
{
    const char *act = RF_INSERT_ACTION;
    const char *txt = json_object_to_json_string_ext(oem, JSON_C_TO_STRING_PLAIN);
    if (json_object_is_type(oem, json_type_null))
        return 0;
    if (!json_object_is_type(oem, json_type_object)) {
        rf_error(rsp, 400, RF_MSG_ACTION_PARAMETER_VALUE_TYPE_ERROR, "#/Oem", NULL, txt, "Oem", act);
        return -1;
    }
    int bad = 0;
    struct json_object *mine = NULL;
    json_object_object_foreach(oem, vendor, val) {
        char ptr[128];
        snprintf(ptr, sizeof(ptr), "#/Oem/%.100s", vendor);
        if (!strcmp(vendor, "Multibmc") && json_object_is_type(val, json_type_object)) {
            mine = val;
        } else if (!strcmp(vendor, "Multibmc")) {
            rf_error(rsp, 400, RF_MSG_ACTION_PARAMETER_VALUE_TYPE_ERROR, ptr, NULL,
                     json_object_to_json_string_ext(val, JSON_C_TO_STRING_PLAIN), "Oem/Multibmc", act);
            bad = -1;
        } else {
            rf_error(rsp, 400, RF_MSG_ACTION_PARAMETER_UNKNOWN, ptr, "This BMC knows only the OEM "
                     "parameters Oem/Multibmc/Checksum and Oem/Multibmc/ChecksumAlgorithm.", act, ptr + 2);
            bad = -1;
        }
    }
    if (!mine)
        return bad;
    struct json_object *sum = NULL, *alg = NULL;
    json_object_object_foreach(mine, key, param) {
        char ptr[128];
        snprintf(ptr, sizeof(ptr), "#/Oem/Multibmc/%.90s", key);
        if (!strcmp(key, "Checksum") || !strcmp(key, "ChecksumAlgorithm")) {
            if (!json_object_is_type(param, json_type_string)) {
                rf_error(rsp, 400, RF_MSG_ACTION_PARAMETER_VALUE_TYPE_ERROR, ptr, NULL,
                         json_object_to_json_string_ext(param, JSON_C_TO_STRING_PLAIN), ptr + 2, act);
                bad = -1;
            } else if (!strcmp(key, "Checksum")) {
                sum = param;
            } else {
                alg = param;
            }
        } else {
            rf_error(rsp, 400, RF_MSG_ACTION_PARAMETER_UNKNOWN, ptr, NULL, act, ptr + 2);
            bad = -1;
        }
    }
    if (bad)
        return bad;
    if (!sum != !alg) {
        rf_error(rsp, 400, RF_MSG_ACTION_PARAMETER_MISSING,
                 sum ? "#/Oem/Multibmc/ChecksumAlgorithm" : "#/Oem/Multibmc/Checksum",
                 "Checksum and ChecksumAlgorithm go together.", act,
                 sum ? "Oem/Multibmc/ChecksumAlgorithm" : "Oem/Multibmc/Checksum");
        return -1;
    }
    if (!sum)
        return 0;
    const char *a = json_object_get_string(alg), *h = json_object_get_string(sum);
    size_t want = 0;
    for (size_t i = 0; i < sizeof(algorithms) / sizeof(algorithms[0]); i++)
        if (!strcmp(a, algorithms[i].name))
            want = algorithms[i].hex;
    if (!want) {
        rf_error(rsp, 400, RF_MSG_ACTION_PARAMETER_VALUE_NOT_IN_LIST, "#/Oem/Multibmc/ChecksumAlgorithm",
                 "Use md5, sha1, sha224, sha256, sha384 or sha512.", a,
                 "Oem/Multibmc/ChecksumAlgorithm", act);
        return -1;
    }
    if (strlen(h) != want || strspn(h, "0123456789abcdefABCDEF") != want) {
        char why[96];
        snprintf(why, sizeof(why), "A %s checksum is %zu hexadecimal digits.", a, want);
        rf_error(rsp, 400, RF_MSG_ACTION_PARAMETER_VALUE_FORMAT_ERROR, "#/Oem/Multibmc/Checksum",
                 why, h, "Oem/Multibmc/Checksum", act);
        return -1;
    }
    for (size_t i = 0; i <= want; i++)
        out->checksum[i] = (char)(h[i] >= 'A' && h[i] <= 'F' ? h[i] - 'A' + 'a' : h[i]);
    snprintf(out->checksum_algorithm, sizeof(out->checksum_algorithm), "%s", a);
    return 0;
}

int rf_insert_parse(struct json_object *body, struct rf_insert *out, struct rf_response *rsp)
{
    static const char *const known[] = { "Image", "Inserted", "WriteProtected", "TransferMethod",
                                         "TransferProtocolType", "UserName", "Password", "Oem",
                                         NULL };
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
    if (json_object_object_get_ex(body, "Oem", &v) && parse_oem(v, out, rsp))
        bad = -1;
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
