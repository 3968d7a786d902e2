/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "lan_info.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#define RTF_UP_GATEWAY 0x3          /* RTF_UP | RTF_GATEWAY */
#define ARP_COMPLETE 0x2            /* ATF_COM */

static gboolean in_subnet(guint32 a, guint32 net, guint32 mask)
{
    return (a & mask) == (net & mask);
}

gboolean mbmc_lan_route_gateway(const char *route_text, const char *ip, const char *mask, char gw[16])
{
    struct in_addr a, m;
    if (!route_text || inet_pton(AF_INET, ip, &a) != 1 || inet_pton(AF_INET, mask, &m) != 1)
        return FALSE;
    g_auto(GStrv) lines = g_strsplit(route_text, "\n", -1);
    for (guint i = 1; lines[i]; i++) {          /* line 0 is the header */
        char ifname[32];
        unsigned dest, gateway, flags, rmask;
        if (sscanf(lines[i], "%31s %x %x %x %*d %*d %*d %x", ifname, &dest, &gateway, &flags, &rmask) != 5)
            continue;
        /* /proc/net/route prints addresses as the in-memory (network order) word. */
        if (dest != 0 || rmask != 0 || (flags & RTF_UP_GATEWAY) != RTF_UP_GATEWAY)
            continue;
        if (!in_subnet(gateway, a.s_addr, m.s_addr))
            continue;
        struct in_addr g = { .s_addr = gateway };
        inet_ntop(AF_INET, &g, gw, 16);
        return TRUE;
    }
    return FALSE;
}

gboolean mbmc_lan_arp_mac(const char *arp_text, const char *ip, char mac[18])
{
    if (!arp_text)
        return FALSE;
    g_auto(GStrv) lines = g_strsplit(arp_text, "\n", -1);
    for (guint i = 1; lines[i]; i++) {
        char addr[64], hw[64];
        unsigned type, flags;
        if (sscanf(lines[i], "%63s %x %x %63s", addr, &type, &flags, hw) != 4)
            continue;
        if (!strcmp(addr, ip) && (flags & ARP_COMPLETE) && strlen(hw) == 17) {
            g_strlcpy(mac, hw, 18);
            return TRUE;
        }
    }
    return FALSE;
}

/* The interface holding ip: its netmask and MAC. */
static void from_interface(MbmcLanInfo *li, gboolean want_mask, gboolean want_mac)
{
    struct ifaddrs *ifs = NULL, *f;
    struct in_addr a;
    if (inet_pton(AF_INET, li->ip, &a) != 1 || getifaddrs(&ifs) != 0)
        return;
    for (f = ifs; f; f = f->ifa_next) {
        if (!f->ifa_addr || f->ifa_addr->sa_family != AF_INET)
            continue;
        if (((struct sockaddr_in *)f->ifa_addr)->sin_addr.s_addr != a.s_addr)
            continue;
        if (want_mask && f->ifa_netmask)
            inet_ntop(AF_INET, &((struct sockaddr_in *)f->ifa_netmask)->sin_addr, li->mask, sizeof(li->mask));
        if (want_mac) {
            g_autofree char *path = g_strdup_printf("/sys/class/net/%s/address", f->ifa_name);
            g_autofree char *text = NULL;
            if (g_file_get_contents(path, &text, NULL, NULL))
                g_strlcpy(li->mac, g_strstrip(text), sizeof(li->mac));
        }
        break;
    }
    freeifaddrs(ifs);
}

void mbmc_lan_info_resolve(MbmcLanInfo *li, const char *ip, const char *mask, const char *mac)
{
    memset(li, 0, sizeof(*li));
    g_strlcpy(li->ip, ip, sizeof(li->ip));
    g_strlcpy(li->mask, strcmp(mask, "auto") ? mask : "0.0.0.0", sizeof(li->mask));
    g_strlcpy(li->mac, strcmp(mac, "auto") ? mac : "00:00:00:00:00:00", sizeof(li->mac));
    if (!strcmp(mask, "auto") || !strcmp(mac, "auto"))
        from_interface(li, !strcmp(mask, "auto"), !strcmp(mac, "auto"));
    g_strlcpy(li->gw_ip, "0.0.0.0", sizeof(li->gw_ip));
    g_strlcpy(li->gw_mac, "00:00:00:00:00:00", sizeof(li->gw_mac));
    g_autofree char *routes = NULL, *arp = NULL;
    g_file_get_contents("/proc/net/route", &routes, NULL, NULL);
    if (mbmc_lan_route_gateway(routes, li->ip, li->mask, li->gw_ip)) {
        g_file_get_contents("/proc/net/arp", &arp, NULL, NULL);
        mbmc_lan_arp_mac(arp, li->gw_ip, li->gw_mac);
    }
}

const char *mbmc_lan_info_value(const MbmcLanInfo *li, const char *p)
{
    if (!strcmp(p, "ip_addr")) return li->ip;
    if (!strcmp(p, "subnet_mask")) return li->mask;
    if (!strcmp(p, "mac_addr")) return li->mac;
    if (!strcmp(p, "ip_addr_src")) return "static";
    if (!strcmp(p, "default_gw_ip_addr")) return li->gw_ip;
    if (!strcmp(p, "default_gw_mac_addr")) return li->gw_mac;
    if (!strcmp(p, "backup_gw_ip_addr")) return "0.0.0.0";
    if (!strcmp(p, "backup_gw_mac_addr")) return "00:00:00:00:00:00";
    return NULL;
}
