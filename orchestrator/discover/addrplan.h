/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where discover puts new BMCs: the next free address of a range (--range FIRST-LAST), or an
 * address computed from the VMID (--ip-base BASE --ip-offset vmid-100: BASE + VMID - 100).
 * Pure: the caller says which addresses are taken. Addresses are IPv4 in host byte order. */
#ifndef MBMC_ADDRPLAN_H
#define MBMC_ADDRPLAN_H

#include <glib.h>

typedef struct {
    gboolean by_rule;
    guint32 first, last;    /* range */
    guint32 base;           /* rule: base + vmid + offset */
    gint64 offset;
    char *text;             /* "198.18.1.1-198.18.1.200" or "198.18.1.0 + vmid-100", for messages */
    guint prefix;           /* prefix length of every new BMC address */
} MbmcAddrPolicy;

void mbmc_addr_policy_clear(MbmcAddrPolicy *p);

gboolean mbmc_ip4_parse(const char *s, guint32 *addr);
char *mbmc_ip4_string(guint32 addr);

/* --range "FIRST-LAST" */
gboolean mbmc_addr_range_parse(const char *s, MbmcAddrPolicy *p, GError **error);
/* --ip-base BASE --ip-offset "vmid", "vmid-N" or "vmid+N" */
gboolean mbmc_addr_rule_parse(const char *base, const char *offset, MbmcAddrPolicy *p, GError **error);

/* The rule's address of vmid; FALSE (and why) when it falls outside IPv4. */
gboolean mbmc_addr_rule_apply(const MbmcAddrPolicy *p, guint vmid, guint32 *addr, GError **error);

/* Whether addr can be a BMC address with that prefix: not unspecified, loopback, multicast or
 * reserved, and not the network or broadcast address of its subnet (prefixes up to /30). */
gboolean mbmc_addr_usable(guint32 addr, guint prefix, GError **error);

/* The range's next usable address from *cursor on that is not in taken (dotted strings);
 * advances *cursor past it. FALSE when the range has none left. */
gboolean mbmc_addr_range_next(const MbmcAddrPolicy *p, GHashTable *taken, guint64 *cursor, guint32 *addr);

#endif
