/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "rf_etag.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *s; s++) {
        h ^= (uint8_t)*s;
        h *= 0x100000001b3ull;
    }
    return h;
}

void rf_etag_stamp(struct json_object *res, char out[RF_ETAG_LEN])
{
    json_object_object_del(res, "@odata.etag");
    uint64_t h = fnv1a(json_object_to_json_string_ext(res, JSON_C_TO_STRING_PLAIN));
    snprintf(out, RF_ETAG_LEN, "\"%016" PRIx64 "\"", h);
    json_object_object_add(res, "@odata.etag", json_object_new_string(out));
}

bool rf_etag_match(const char *if_match, const char *etag)
{
    if (!if_match || !etag || !*etag)
        return false;
    size_t elen = strlen(etag);
    const char *p = if_match;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        const char *start = p;
        while (*p && *p != ',')
            p++;
        const char *end = p;
        while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        if (end - start == 1 && *start == '*')
            return true;
        /* A weak tag matches the strong one with the same opaque value (sushy sends back
         * what it got; some clients add W/). */
        if (end - start > 2 && start[0] == 'W' && start[1] == '/')
            start += 2;
        if ((size_t)(end - start) == elen && !memcmp(start, etag, elen))
            return true;
    }
    return false;
}
