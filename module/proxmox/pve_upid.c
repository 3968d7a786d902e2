/* SPDX-License-Identifier: GPL-2.0-or-later */
/* UPID parsing (format from pve-common's UPID.pm) and URL escaping. */
#include "pve_upid.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int hex_field(const char *s, size_t len, size_t min, size_t max)
{
    if (len < min || len > max)
        return -1;
    for (size_t i = 0; i < len; i++)
        if (!isxdigit((unsigned char)s[i]))
            return -1;
    return 0;
}

static int node_ok(const char *s, size_t len)
{
    if (len == 0 || !isalnum((unsigned char)s[0]) || !isalnum((unsigned char)s[len - 1]))
        return -1;
    for (size_t i = 0; i < len; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '-')
            return -1;
    return 0;
}

static int plain_field(const char *s, size_t len, size_t min)
{
    if (len < min)
        return -1;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '/' || isspace((unsigned char)s[i]))
            return -1;
    return 0;
}

int pve_upid_parse(const char *upid, char *node, size_t nodelen, char *type, size_t typelen)
{
    if (!upid || strncmp(upid, "UPID:", 5))
        return -1;
    const char *f[7];
    size_t len[7];
    const char *p = upid + 5;
    for (int i = 0; i < 7; i++) {
        const char *c = strchr(p, ':');
        if (!c)
            return -1;
        f[i] = p;
        len[i] = (size_t)(c - p);
        p = c + 1;
    }
    if (*p)     /* exactly one trailing colon */
        return -1;
    if (node_ok(f[0], len[0]) || hex_field(f[1], len[1], 8, 8) || hex_field(f[2], len[2], 8, 9) ||
        hex_field(f[3], len[3], 8, 8) || plain_field(f[4], len[4], 1) ||
        plain_field(f[5], len[5], 0) || plain_field(f[6], len[6], 1))
        return -1;
    if (len[0] >= nodelen || len[4] >= typelen)
        return -1;
    snprintf(node, nodelen, "%.*s", (int)len[0], f[0]);
    snprintf(type, typelen, "%.*s", (int)len[4], f[4]);
    return 0;
}

int pve_url_escape(const char *in, char *out, size_t outlen)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (const unsigned char *c = (const unsigned char *)in; *c; c++) {
        int plain = isalnum(*c) || *c == '-' || *c == '_' || *c == '.' || *c == '~';
        if (o + (plain ? 1 : 3) >= outlen)
            return -1;
        if (plain) {
            out[o++] = (char)*c;
        } else {
            out[o++] = '%';
            out[o++] = hex[*c >> 4];
            out[o++] = hex[*c & 15];
        }
    }
    if (o >= outlen)
        return -1;
    out[o] = '\0';
    return 0;
}
