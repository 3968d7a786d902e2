/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "netif.h"

#include <arpa/inet.h>
#include <errno.h>
#include <gio/gio.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Fixed size: MNL_SOCKET_BUFFER_SIZE is a runtime value (a VLA). */
#define NL_BUF 16384

static gboolean nl_fail(GError **error, int e, const char *what)
{
    g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "%s: %s", what, g_strerror(e));
    return FALSE;
}

typedef int (*row_cb)(const struct nlmsghdr *nlh, void *data);

/* Send one request and read until the ACK (or the end of a dump). Returns 0 or errno. */
static int nl_talk(struct nlmsghdr *nlh, row_cb cb, void *data)
{
    struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);
    if (!nl)
        return errno;
    int rc = 0;
    if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
        rc = errno;
        goto out;
    }
    unsigned portid = mnl_socket_get_portid(nl);
    nlh->nlmsg_seq = (unsigned)time(NULL) ^ (unsigned)getpid();
    if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
        rc = errno;
        goto out;
    }
    char buf[NL_BUF];
    for (;;) {
        ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
        if (n < 0) {
            rc = errno;
            break;
        }
        int r = mnl_cb_run(buf, (size_t)n, nlh->nlmsg_seq, portid, (mnl_cb_t)cb, data);
        if (r == MNL_CB_ERROR) {
            rc = errno;
            break;
        }
        if (r == MNL_CB_STOP)
            break;
    }
out:
    mnl_socket_close(nl);
    return rc;
}

int mbmc_netif_index(const char *name)
{
    return name ? (int)if_nametoindex(name) : 0;
}

/* ---- addresses */

struct addr_dump { int ifindex; GArray *out; };

static int addr_row(const struct nlmsghdr *nlh, void *data)
{
    struct addr_dump *d = data;
    const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
    if (ifa->ifa_family != AF_INET || (d->ifindex && (int)ifa->ifa_index != d->ifindex))
        return MNL_CB_OK;
    struct nlattr *attr;
    mnl_attr_for_each(attr, nlh, sizeof(*ifa)) {
        if (mnl_attr_get_type(attr) == IFA_LOCAL && mnl_attr_get_payload_len(attr) == 4) {
            MbmcIfAddr a = { .prefix = ifa->ifa_prefixlen };
            inet_ntop(AF_INET, mnl_attr_get_payload(attr), a.address, sizeof(a.address));
            g_array_append_val(d->out, a);
        }
    }
    return MNL_CB_OK;
}

GArray *mbmc_netif_addresses(int ifindex, GError **error)
{
    char buf[NL_BUF];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_GETADDR;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
    ifa->ifa_family = AF_INET;
    struct addr_dump d = { ifindex, g_array_new(FALSE, TRUE, sizeof(MbmcIfAddr)) };
    int rc = nl_talk(nlh, addr_row, &d);
    if (rc) {
        g_array_unref(d.out);
        nl_fail(error, rc, "cannot list addresses");
        return NULL;
    }
    return d.out;
}

static gboolean addr_change(int type, int ifindex, const char *address, guint prefix, GError **error)
{
    struct in_addr a;
    if (inet_pton(AF_INET, address, &a) != 1) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "bad IPv4 address %s", address);
        return FALSE;
    }
    char buf[NL_BUF];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = (uint16_t)type;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (type == RTM_NEWADDR ? NLM_F_CREATE | NLM_F_EXCL : 0);
    struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
    ifa->ifa_family = AF_INET;
    ifa->ifa_prefixlen = (uint8_t)prefix;
    ifa->ifa_index = (unsigned)ifindex;
    ifa->ifa_scope = RT_SCOPE_UNIVERSE;
    mnl_attr_put(nlh, IFA_LOCAL, 4, &a);
    mnl_attr_put(nlh, IFA_ADDRESS, 4, &a);
    if (type == RTM_NEWADDR && prefix < 31) {
        guint32 mask = prefix ? htonl(~0u << (32 - prefix)) : 0;
        struct in_addr bc = { .s_addr = a.s_addr | ~mask };
        mnl_attr_put(nlh, IFA_BROADCAST, 4, &bc);
    }
    int rc = nl_talk(nlh, NULL, NULL);
    if (type == RTM_NEWADDR && rc == EEXIST)
        rc = 0;
    if (type == RTM_DELADDR && (rc == EADDRNOTAVAIL || rc == ENODEV))
        rc = 0;
    if (rc) {
        g_autofree char *what = g_strdup_printf("cannot %s address %s/%u", type == RTM_NEWADDR ? "add" : "remove",
                                                address, prefix);
        return nl_fail(error, rc, what);
    }
    return TRUE;
}

gboolean mbmc_netif_addr_add(int ifindex, const char *address, guint prefix, GError **error)
{
    return addr_change(RTM_NEWADDR, ifindex, address, prefix, error);
}

gboolean mbmc_netif_addr_del(int ifindex, const char *address, guint prefix, GError **error)
{
    return addr_change(RTM_DELADDR, ifindex, address, prefix, error);
}

/* ---- links */

static int linkinfo_kind(const struct nlattr *info, char *kind, size_t len)
{
    struct nlattr *a;
    mnl_attr_for_each_nested(a, info) {
        if (mnl_attr_get_type(a) == IFLA_INFO_KIND)
            g_strlcpy(kind, mnl_attr_get_str(a), len);
    }
    return 0;
}

static int link_row(const struct nlmsghdr *nlh, void *data)
{
    GArray *out = data;
    const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
    MbmcLink l = { .ifindex = ifi->ifi_index };
    struct nlattr *attr;
    mnl_attr_for_each(attr, nlh, sizeof(*ifi)) {
        switch (mnl_attr_get_type(attr)) {
        case IFLA_IFNAME: g_strlcpy(l.name, mnl_attr_get_str(attr), sizeof(l.name)); break;
        case IFLA_LINK: l.parent = (int)mnl_attr_get_u32(attr); break;
        case IFLA_ADDRESS:
            if (mnl_attr_get_payload_len(attr) == 6)
                memcpy(l.mac, mnl_attr_get_payload(attr), 6);
            break;
        case IFLA_LINKINFO: linkinfo_kind(attr, l.kind, sizeof(l.kind)); break;
        }
    }
    g_array_append_val(out, l);
    return MNL_CB_OK;
}

GArray *mbmc_netif_links(GError **error)
{
    char buf[NL_BUF];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_GETLINK;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
    ifi->ifi_family = AF_UNSPEC;
    GArray *out = g_array_new(FALSE, TRUE, sizeof(MbmcLink));
    int rc = nl_talk(nlh, link_row, out);
    if (rc) {
        g_array_unref(out);
        nl_fail(error, rc, "cannot list network links");
        return NULL;
    }
    return out;
}

gboolean mbmc_netif_mac(int ifindex, uint8_t mac[6], GError **error)
{
    g_autoptr(GArray) links = mbmc_netif_links(error);
    if (!links)
        return FALSE;
    for (guint i = 0; i < links->len; i++) {
        MbmcLink *l = &g_array_index(links, MbmcLink, i);
        if (l->ifindex == ifindex) {
            memcpy(mac, l->mac, 6);
            return TRUE;
        }
    }
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "interface %d is gone", ifindex);
    return FALSE;
}

static gboolean link_up(int ifindex, GError **error)
{
    char buf[NL_BUF];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_NEWLINK;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
    ifi->ifi_index = ifindex;
    ifi->ifi_flags = IFF_UP;
    ifi->ifi_change = IFF_UP;
    int rc = nl_talk(nlh, NULL, NULL);
    return rc ? nl_fail(error, rc, "cannot bring the macvlan link up") : TRUE;
}

gboolean mbmc_netif_link_del(const char *name, GError **error)
{
    char buf[NL_BUF];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_DELLINK;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
    ifi->ifi_family = AF_UNSPEC;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
    int rc = nl_talk(nlh, NULL, NULL);
    if (rc == ENODEV)
        rc = 0;
    if (rc) {
        g_autofree char *what = g_strdup_printf("cannot remove link %s", name);
        return nl_fail(error, rc, what);
    }
    return TRUE;
}

gboolean mbmc_netif_macvlan_ensure(int parent, const char *name, const uint8_t mac[6], int *ifindex,
                                   GError **error)
{
    g_autoptr(GArray) links = mbmc_netif_links(error);
    if (!links)
        return FALSE;
    for (guint i = 0; i < links->len; i++) {
        MbmcLink *l = &g_array_index(links, MbmcLink, i);
        if (strcmp(l->name, name))
            continue;
        if (!strcmp(l->kind, "macvlan") && l->parent == parent && !memcmp(l->mac, mac, 6)) {
            *ifindex = l->ifindex;
            return link_up(l->ifindex, error);
        }
        if (!mbmc_netif_link_del(name, error))   /* stale or foreign shape: rebuild it */
            return FALSE;
    }
    char buf[NL_BUF];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_NEWLINK;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
    struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_flags = IFF_UP;
    ifi->ifi_change = IFF_UP;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
    mnl_attr_put_u32(nlh, IFLA_LINK, (uint32_t)parent);
    mnl_attr_put(nlh, IFLA_ADDRESS, 6, mac);
    struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
    mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "macvlan");
    struct nlattr *idata = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
    mnl_attr_put_u32(nlh, IFLA_MACVLAN_MODE, MACVLAN_MODE_BRIDGE);
    mnl_attr_nest_end(nlh, idata);
    mnl_attr_nest_end(nlh, info);
    int rc = nl_talk(nlh, NULL, NULL);
    if (rc) {
        g_autofree char *what = g_strdup_printf("cannot create macvlan %s", name);
        return nl_fail(error, rc, what);
    }
    *ifindex = mbmc_netif_index(name);
    if (!*ifindex)
        return nl_fail(error, ENODEV, "macvlan vanished after creation");
    return link_up(*ifindex, error);
}

/* ---- pure helpers */

void mbmc_netif_vmid_mac(guint vmid, uint8_t mac[6])
{
    mac[0] = 0x02;   /* locally administered, unicast */
    mac[1] = 0x4d;   /* 'M' */
    mac[2] = (uint8_t)(vmid >> 24);
    mac[3] = (uint8_t)(vmid >> 16);
    mac[4] = (uint8_t)(vmid >> 8);
    mac[5] = (uint8_t)vmid;
}

char *mbmc_netif_mac_string(const uint8_t m[6])
{
    return g_strdup_printf("%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

char *mbmc_netif_macvlan_name(guint vmid)
{
    return g_strdup_printf("mbmc%u", vmid);
}

gboolean mbmc_netif_in_subnet(const char *address, const char *net, guint netprefix)
{
    struct in_addr a, n;
    if (inet_pton(AF_INET, address, &a) != 1 || inet_pton(AF_INET, net, &n) != 1 || netprefix > 32)
        return FALSE;
    guint32 mask = netprefix ? ~0u << (32 - netprefix) : 0;
    return (ntohl(a.s_addr) & mask) == (ntohl(n.s_addr) & mask);
}

char *mbmc_netif_netmask(guint prefix)
{
    guint32 mask = prefix ? ~0u << (32 - prefix) : 0;
    struct in_addr a = { .s_addr = htonl(mask) };
    char buf[16];
    inet_ntop(AF_INET, &a, buf, sizeof(buf));
    return g_strdup(buf);
}

/* ---- policy routing: a macvlan BMC answers through its own link */

static int fib_rule_msg(int type, const char *src, guint32 table, guint32 pref)
{
    char buf[NL_BUF];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = (uint16_t)type;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (type == RTM_NEWRULE ? NLM_F_CREATE | NLM_F_EXCL : 0);
    struct fib_rule_hdr *fr = mnl_nlmsg_put_extra_header(nlh, sizeof(*fr));
    fr->family = AF_INET;
    fr->action = FR_ACT_TO_TBL;
    fr->table = RT_TABLE_UNSPEC;
    if (src) {
        struct in_addr a;
        if (inet_pton(AF_INET, src, &a) != 1)
            return EINVAL;
        fr->src_len = 32;
        mnl_attr_put(nlh, FRA_SRC, 4, &a);
    }
    mnl_attr_put_u32(nlh, FRA_TABLE, table);
    mnl_attr_put_u32(nlh, FRA_PRIORITY, pref);
    return nl_talk(nlh, NULL, NULL);
}

static int route_msg(const char *net, guint prefix, int ifindex, const char *src, guint32 table)
{
    struct in_addr n, s;
    if (inet_pton(AF_INET, net, &n) != 1 || inet_pton(AF_INET, src, &s) != 1)
        return EINVAL;
    guint32 mask = prefix ? htonl(~0u << (32 - prefix)) : 0;
    n.s_addr &= mask;
    char buf[NL_BUF];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_NEWROUTE;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE;
    struct rtmsg *rt = mnl_nlmsg_put_extra_header(nlh, sizeof(*rt));
    rt->rtm_family = AF_INET;
    rt->rtm_dst_len = (uint8_t)prefix;
    rt->rtm_table = RT_TABLE_UNSPEC;
    rt->rtm_protocol = RTPROT_STATIC;
    rt->rtm_scope = RT_SCOPE_LINK;
    rt->rtm_type = RTN_UNICAST;
    mnl_attr_put(nlh, RTA_DST, 4, &n);
    mnl_attr_put(nlh, RTA_PREFSRC, 4, &s);
    mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)ifindex);
    mnl_attr_put_u32(nlh, RTA_TABLE, table);
    return nl_talk(nlh, NULL, NULL);
}

guint32 mbmc_netif_vmid_table(guint vmid)
{
    return 0x40000000u + vmid;   /* never 253..255 (default, main, local) */
}

gboolean mbmc_netif_source_route(int ifindex, const char *address, guint prefix, guint vmid, GError **error)
{
    guint32 table = mbmc_netif_vmid_table(vmid);
    int rc = route_msg(address, prefix, ifindex, address, table);
    if (!rc) {
        rc = fib_rule_msg(RTM_NEWRULE, address, table, MBMC_RULE_PREF);
        if (rc == EEXIST)
            rc = 0;
    }
    if (rc) {
        g_autofree char *what = g_strdup_printf("cannot route replies of %s through its macvlan", address);
        return nl_fail(error, rc, what);
    }
    return TRUE;
}

void mbmc_netif_source_route_del(guint vmid)
{
    /* Every rule of that table (there is one, but a crash may have left more); the routes
     * in the table went with the link. */
    for (int i = 0; i < 16 && fib_rule_msg(RTM_DELRULE, NULL, mbmc_netif_vmid_table(vmid), MBMC_RULE_PREF) == 0; i++)
        ;
}
