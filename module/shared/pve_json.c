/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proxmox's JSON envelope and field access (see pve_json.h). */
#include "pve_json.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

const char *pve_json_str(struct json_object *o, const char *key)
{
    struct json_object *v;
    if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v))
        return "";
    const char *s = json_object_get_string(v);   /* NULL for a JSON null */
    return s ? s : "";
}

/* "PARAM: TEXT; PARAM: TEXT" from errors (pve-http-server's parameter check), else message;
 * control characters flattened: the text goes into one log line. */
static void body_says(struct json_object *root, char *why, size_t whylen)
{
    size_t pos = 0;
    why[0] = '\0';
    struct json_object *errors;
    if (json_object_is_type(root, json_type_object) &&
        json_object_object_get_ex(root, "errors", &errors) &&
        json_object_is_type(errors, json_type_object)) {
        json_object_object_foreach(errors, param, text) {
            const char *t = json_object_get_string(text);
            int n = snprintf(why + pos, whylen - pos, "%s%s: %s", pos ? "; " : "", param,
                             t ? t : "");
            if (n < 0 || (size_t)n >= whylen - pos)
                break;
            pos += (size_t)n;
        }
    }
    if (!why[0])
        snprintf(why, whylen, "%s", pve_json_str(root, "message"));
    for (char *p = why; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
    /* pveproxy ends messages with a newline; the flattening made it a trailing blank */
    for (size_t n = strlen(why); n && why[n - 1] == ' '; n--)
        why[n - 1] = '\0';
}

struct json_object *pve_envelope_unwrap(const char *body, size_t len, struct json_object **data,
                                        char *why, size_t whylen)
{
    struct json_object *root = NULL;
    *data = NULL;
    if (body && len && len <= INT_MAX) {
        json_tokener *tok = json_tokener_new();
        root = tok ? json_tokener_parse_ex(tok, body, (int)len) : NULL;
        json_tokener_free(tok);
    }
    char says[256];
    body_says(root, says, sizeof(says));
    if (!json_object_is_type(root, json_type_object) ||
        !json_object_object_get_ex(root, "data", data)) {
        json_object_put(root);
        *data = NULL;
        if (why && whylen)
            snprintf(why, whylen, "%s", says[0] ? says : PVE_ENVELOPE_MALFORMED);
        return NULL;
    }
    if (why && whylen)
        snprintf(why, whylen, "%s", says);
    return root;
}
