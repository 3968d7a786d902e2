/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lan_info.c (what lan print shows) and user_slots.c (whose password wins). */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "lan_info.h"
#include "unit.h"
#include "user_slots.h"

static const char *routes =
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
    "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"      /* via 192.0.2.1 */
    "bmc0\t00000000\t FE0012C6\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"   /* via 198.18.0.254 */
    "bmc0\t000012C6\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n";

static void gateway_in_subnet(void)
{
    char gw[16] = "";
    CHECK(mbmc_lan_route_gateway(routes, "198.18.0.10", "255.255.255.0", gw));
    CHECK_EQ_STR(gw, "198.18.0.254");
    CHECK(mbmc_lan_route_gateway(routes, "192.0.2.77", "255.255.255.0", gw));
    CHECK_EQ_STR(gw, "192.0.2.1");
    /* No default route in the BMC's subnet: no gateway (0.0.0.0 is what lan print shows). */
    CHECK(!mbmc_lan_route_gateway(routes, "10.1.1.1", "255.255.0.0", gw));
    CHECK(!mbmc_lan_route_gateway(NULL, "10.1.1.1", "255.255.0.0", gw));
    CHECK(!mbmc_lan_route_gateway(routes, "nonsense", "255.255.0.0", gw));
}

static void gateway_mac(void)
{
    const char *arp = "IP address       HW type     Flags       HW address            Mask     Device\n"
                      "198.18.0.254     0x1         0x2         02:fc:00:00:00:05     *        bmc0\n"
                      "198.18.0.9       0x1         0x0         00:00:00:00:00:00     *        bmc0\n";
    char mac[18] = "";
    CHECK(mbmc_lan_arp_mac(arp, "198.18.0.254", mac));
    CHECK_EQ_STR(mac, "02:fc:00:00:00:05");
    CHECK(!mbmc_lan_arp_mac(arp, "198.18.0.9", mac));       /* incomplete */
}

static void values(void)
{
    MbmcLanInfo li;
    mbmc_lan_info_resolve(&li, "203.0.113.9", "255.255.255.0", "02:4d:00:00:00:07");
    CHECK_EQ_STR(mbmc_lan_info_value(&li, "ip_addr"), "203.0.113.9");
    CHECK_EQ_STR(mbmc_lan_info_value(&li, "subnet_mask"), "255.255.255.0");
    CHECK_EQ_STR(mbmc_lan_info_value(&li, "mac_addr"), "02:4d:00:00:00:07");
    CHECK_EQ_STR(mbmc_lan_info_value(&li, "ip_addr_src"), "static");
    CHECK(mbmc_lan_info_value(&li, "vlan_id") == NULL);
    /* "auto" for an address no interface holds: nothing invented. */
    mbmc_lan_info_resolve(&li, "203.0.113.9", "auto", "auto");
    CHECK_EQ_STR(li.mask, "0.0.0.0");
    CHECK_EQ_STR(li.mac, "00:00:00:00:00:00");
    mbmc_lan_info_resolve(&li, "127.0.0.1", "auto", "auto");
    CHECK_EQ_STR(li.mask, "255.0.0.0");
}

static void user_slots(void)
{
    const char *text = "2.valid:i:1\n2.passwd:d:new\\00\n3.valid:i:1\n3.username:d:maas\n12.valid:i:1\n";
    const guint slots[] = { 2 };
    char *kept = mbmc_user_slots_filter(text, slots, 1);
    CHECK_EQ_STR(kept, "3.valid:i:1\n3.username:d:maas\n12.valid:i:1\n");
    g_free(kept);
    char tmpl[] = "/tmp/mbmc-unit-XXXXXX";
    char *dir = g_mkdtemp(tmpl);
    char *simdir = g_build_filename(dir, "ipmi_sim", "vm7", NULL);
    g_mkdir_with_parents(simdir, 0700);
    char *path = g_build_filename(simdir, "users.mc20", NULL);
    g_file_set_contents(path, text, -1, NULL);
    gboolean changed = FALSE;
    GError *err = NULL;
    CHECK(mbmc_user_slots_reset(dir, "vm7", slots, 1, &changed, &err));
    CHECK(changed);
    char *now = NULL;
    g_file_get_contents(path, &now, NULL, NULL);
    CHECK(now && !strstr(now, "2.passwd"));
    CHECK(mbmc_user_slots_reset(dir, "vm7", slots, 1, &changed, &err));
    CHECK(!changed);
    CHECK(mbmc_user_slots_reset(dir, "vm8", slots, 1, &changed, &err));     /* no file */
    CHECK(!changed);
    char *cmd = g_strdup_printf("rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    g_free(cmd);
    g_free(now);
    g_free(path);
    g_free(simdir);
}

int main(void)
{
    RUN(gateway_in_subnet);
    RUN(gateway_mac);
    RUN(values);
    RUN(user_slots);
    UNIT_EXIT();
}
