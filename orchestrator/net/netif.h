/* SPDX-License-Identifier: GPL-2.0-or-later */
/* BMC addresses through rtnetlink (libmnl): IPv4 aliases and macvlan links. */
#ifndef MBMC_NETIF_H
#define MBMC_NETIF_H

#include <glib.h>
#include <stdint.h>

typedef struct {
    char address[16];  /* dotted IPv4 */
    guint prefix;
} MbmcIfAddr;

typedef struct {
    char name[16];
    int ifindex;
    int parent;        /* IFLA_LINK, 0 when none */
    char kind[16];     /* "macvlan", "veth", ... or "" */
    uint8_t mac[6];
} MbmcLink;

/* 0 when the interface does not exist. */
int mbmc_netif_index(const char *name);
/* IPv4 addresses of one interface (MbmcIfAddr), ifindex 0 = all interfaces. */
GArray *mbmc_netif_addresses(int ifindex, GError **error);
GArray *mbmc_netif_links(GError **error);   /* MbmcLink */
gboolean mbmc_netif_mac(int ifindex, uint8_t mac[6], GError **error);

/* Adding an address that is already there, or removing one that is not, succeeds. */
gboolean mbmc_netif_addr_add(int ifindex, const char *address, guint prefix, GError **error);
gboolean mbmc_netif_addr_del(int ifindex, const char *address, guint prefix, GError **error);

/* A macvlan (bridge mode) on parent with the given MAC, brought up. An existing link with
 * that name is reused when it is a macvlan on the same parent with that MAC, else replaced. */
gboolean mbmc_netif_macvlan_ensure(int parent, const char *name, const uint8_t mac[6], int *ifindex,
                                   GError **error);
gboolean mbmc_netif_link_del(const char *name, GError **error);

/* Macvlan mode: replies from address leave through its own link (ifindex), not through
 * whichever interface holds the first route to the subnet. A rule "from address lookup
 * table T" (T derived from the VMID, priority MBMC_RULE_PREF) and a subnet route in T. */
#define MBMC_RULE_PREF 9623
guint32 mbmc_netif_vmid_table(guint vmid);
gboolean mbmc_netif_source_route(int ifindex, const char *address, guint prefix, guint vmid, GError **error);
void mbmc_netif_source_route_del(guint vmid);

/* Stable locally administered unicast MAC for a VMID: 02:4d:<vmid as 4 bytes>. */
void mbmc_netif_vmid_mac(guint vmid, uint8_t mac[6]);
char *mbmc_netif_mac_string(const uint8_t mac[6]);
/* Name of the macvlan link of a VMID: "mbmc<vmid>". */
char *mbmc_netif_macvlan_name(guint vmid);
/* Whether address/prefix lies in the network of net/netprefix. */
gboolean mbmc_netif_in_subnet(const char *address, const char *net, guint netprefix);
char *mbmc_netif_netmask(guint prefix);

#endif
