/* SPDX-License-Identifier: GPL-2.0-or-later */
/* BMC addresses for discovered VMs (see addrplan.h). */
#include "addrplan.h"

#include <arpa/inet.h>
#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#define RANGE_MAX 65536    /* a /16 of BMCs is plenty; a typo like 10.0.0.1-10.9.0.1 is not */

void mbmc_addr_policy_clear(MbmcAddrPolicy *p)
{
    g_free(p->text);
    memset(p, 0, sizeof(*p));
}

gboolean mbmc_ip4_parse(const char *s, guint32 *addr)
{
    struct in_addr a;
    if (!s || inet_pton(AF_INET, s, &a) != 1)
        return FALSE;
    *addr = ntohl(a.s_addr);
    return TRUE;
}

char *mbmc_ip4_string(guint32 addr)
{
    return g_strdup_printf("%u.%u.%u.%u", addr >> 24, (addr >> 16) & 0xff, (addr >> 8) & 0xff, addr & 0xff);
}

static gboolean bad(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static gboolean bad(GError **error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, msg);
    return FALSE;
}

gboolean mbmc_addr_range_parse(const char *s, MbmcAddrPolicy *p, GError **error)
{
    g_auto(GStrv) ends = g_strsplit(s ? s : "", "-", 3);
    guint32 first, last;
    if (g_strv_length(ends) != 2 || !mbmc_ip4_parse(ends[0], &first) || !mbmc_ip4_parse(ends[1], &last))
        return bad(error, "--range %s: give FIRST-LAST, two IPv4 addresses (e.g. 10.25.100.1-10.25.100.254)",
                   s ? s : "");
    if (last < first)
        return bad(error, "--range %s: the last address comes before the first", s);
    if ((guint64)last - first + 1 > RANGE_MAX)
        return bad(error, "--range %s holds %" G_GUINT64_FORMAT " addresses: at most %u", s,
                   (guint64)last - first + 1, RANGE_MAX);
    p->by_rule = FALSE;
    p->first = first;
    p->last = last;
    g_free(p->text);
    p->text = g_strdup(s);
    return TRUE;
}

gboolean mbmc_addr_rule_parse(const char *base, const char *offset, MbmcAddrPolicy *p, GError **error)
{
    guint32 b;
    if (!mbmc_ip4_parse(base, &b))
        return bad(error, "--ip-base %s is not an IPv4 address", base ? base : "");
    const char *o = offset ? offset : "";
    gint64 n = 0;
    if (!g_str_has_prefix(o, "vmid"))
        return bad(error, "--ip-offset %s: write vmid, vmid-N or vmid+N (e.g. vmid-100: VM 105 gets BASE+5)", o);
    const char *rest = o + 4;
    if (*rest) {
        char *end = NULL;
        if ((*rest != '-' && *rest != '+') || !g_ascii_isdigit(rest[1]))
            return bad(error, "--ip-offset %s: write vmid, vmid-N or vmid+N (e.g. vmid-100)", o);
        n = g_ascii_strtoll(rest + 1, &end, 10);
        if (*end || n > G_MAXUINT32)
            return bad(error, "--ip-offset %s: N must be a whole number below 2^32", o);
        if (*rest == '-')
            n = -n;
    }
    p->by_rule = TRUE;
    p->base = b;
    p->offset = n;
    g_free(p->text);
    p->text = g_strdup_printf("%s + %s", base, o);
    return TRUE;
}

gboolean mbmc_addr_rule_apply(const MbmcAddrPolicy *p, guint vmid, guint32 *addr, GError **error)
{
    gint64 a = (gint64)p->base + (gint64)vmid + p->offset;
    if ((gint64)vmid + p->offset < 0)
        return bad(error, "VM %u: %s gives an address below the base (VMID + offset is negative)", vmid, p->text);
    if (a > G_MAXUINT32)
        return bad(error, "VM %u: %s gives an address beyond 255.255.255.255", vmid, p->text);
    *addr = (guint32)a;
    return TRUE;
}

gboolean mbmc_addr_usable(guint32 addr, guint prefix, GError **error)
{
    g_autofree char *s = mbmc_ip4_string(addr);
    if (addr == 0 || (addr >> 24) == 127 || (addr >> 28) >= 14)
        return bad(error, "%s cannot be a BMC address (unspecified, loopback, multicast or reserved)", s);
    if (prefix >= 1 && prefix <= 30) {
        guint32 host = (guint32)((1ULL << (32 - prefix)) - 1);
        if ((addr & host) == 0)
            return bad(error, "%s is the network address of its /%u subnet", s, prefix);
        if ((addr & host) == host)
            return bad(error, "%s is the broadcast address of its /%u subnet", s, prefix);
    }
    return TRUE;
}

gboolean mbmc_addr_range_next(const MbmcAddrPolicy *p, GHashTable *taken, guint64 *cursor, guint32 *addr)
{
    if (*cursor < p->first)
        *cursor = p->first;
    for (; *cursor <= p->last; (*cursor)++) {
        guint32 a = (guint32)*cursor;
        g_autofree char *s = mbmc_ip4_string(a);
        if ((taken && g_hash_table_contains(taken, s)) || !mbmc_addr_usable(a, p->prefix, NULL))
            continue;
        *addr = a;
        (*cursor)++;
        return TRUE;
    }
    return FALSE;
}
