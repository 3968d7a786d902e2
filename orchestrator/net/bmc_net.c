/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "bmc_net.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "bmcfiles.h"
#include "fileutil.h"
#include "netif.h"

static char *record_path(const char *bmc_run_dir)
{
    return g_build_filename(bmc_run_dir, "netif", NULL);
}

gboolean mbmc_bmc_net_up(const MbmcConfig *c, const MbmcBmc *b, uint8_t mac[6], GError **error)
{
    int parent = mbmc_netif_index(c->interface);
    if (!parent) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                    "interface %s does not exist (fix \"interface\" with multibmc init)", c->interface);
        return FALSE;
    }
    g_autofree char *run = mbmc_bmc_run_dir(c, b->vmid);
    if (g_mkdir_with_parents(run, 0700) != 0) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot create %s", run);
        return FALSE;
    }
    g_autofree char *rec = record_path(run);
    g_autofree char *link = mbmc_netif_macvlan_name(b->vmid);
    /* Write the record first: a crash between the two leaves a record without an address,
     * which is harmless, never an address without a record. */
    g_autofree char *text = c->mode == MBMC_MODE_MACVLAN
        ? g_strdup_printf("mode=macvlan\nlink=%s\naddress=%s\nprefix=%u\n", link, b->address, b->prefix)
        : g_strdup_printf("mode=alias\ninterface=%s\naddress=%s\nprefix=%u\n", c->interface, b->address, b->prefix);
    gboolean changed;
    if (!mbmc_write_runtime_file_if_changed(rec, text, 0600, &changed, error))
        return FALSE;
    if (c->mode == MBMC_MODE_MACVLAN) {
        uint8_t want[6];
        int ifindex = 0;
        mbmc_netif_vmid_mac(b->vmid, want);
        if (!mbmc_netif_macvlan_ensure(parent, link, want, &ifindex, error) ||
            !mbmc_netif_addr_add(ifindex, b->address, b->prefix, error) ||
            !mbmc_netif_source_route(ifindex, b->address, b->prefix, b->vmid, error))
            return FALSE;
        memcpy(mac, want, 6);
        return TRUE;
    }
    return mbmc_netif_addr_add(parent, b->address, b->prefix, error) && mbmc_netif_mac(parent, mac, error);
}

static char *record_get(char **lines, const char *key)
{
    gsize n = strlen(key);
    for (guint i = 0; lines[i]; i++)
        if (!strncmp(lines[i], key, n) && lines[i][n] == '=')
            return lines[i] + n + 1;
    return NULL;
}

gboolean mbmc_bmc_net_down(const char *bmc_run_dir, GError **error)
{
    g_autofree char *rec = record_path(bmc_run_dir);
    g_autofree char *text = NULL;
    if (!g_file_get_contents(rec, &text, NULL, NULL))
        return TRUE;
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    const char *mode = record_get(lines, "mode");
    gboolean ok;
    if (mode && !strcmp(mode, "macvlan")) {
        const char *link = record_get(lines, "link");
        guint vmid;
        ok = !link || !g_str_has_prefix(link, "mbmc") || mbmc_netif_link_del(link, error);
        if (ok && link && mbmc_parse_vmid(link + 4, &vmid, NULL))
            mbmc_netif_source_route_del(vmid);
    } else {
        const char *ifname = record_get(lines, "interface"), *addr = record_get(lines, "address");
        const char *prefix = record_get(lines, "prefix");
        int idx = mbmc_netif_index(ifname);
        ok = !idx || !addr || !prefix || mbmc_netif_addr_del(idx, addr, (guint)atoi(prefix), error);
    }
    if (ok)
        g_unlink(rec);
    return ok;
}

void mbmc_bmc_net_reconcile(const MbmcConfig *c)
{
    g_autoptr(GDir) dir = g_dir_open(c->run_dir, 0, NULL);
    const char *name;
    while (dir && (name = g_dir_read_name(dir))) {
        guint vmid;
        if (!mbmc_parse_vmid(name, &vmid, NULL))
            continue;
        g_autofree char *run = g_build_filename(c->run_dir, name, NULL);
        const MbmcBmc *b = mbmc_config_find(c, vmid);
        g_autofree char *rec = record_path(run);
        g_autofree char *text = NULL;
        gboolean stale = !b;
        if (b && g_file_get_contents(rec, &text, NULL, NULL)) {
            /* Configured, but made in another shape (mode, address): undo it, start fresh. */
            g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
            const char *mode = record_get(lines, "mode"), *addr = record_get(lines, "address");
            const char *ifn = record_get(lines, "interface"), *prefix = record_get(lines, "prefix");
            stale = !mode || strcmp(mode, mbmc_mode_name(c->mode)) || !addr || strcmp(addr, b->address) ||
                    !prefix || (guint)atoi(prefix) != b->prefix ||
                    (c->mode == MBMC_MODE_ALIAS && (!ifn || strcmp(ifn, c->interface)));
        }
        if (!stale)
            continue;
        g_autoptr(GError) err = NULL;
        if (!mbmc_bmc_net_down(run, &err))
            g_printerr("multibmc: reconcile BMC %s: %s\n", name, err->message);
        else
            g_printerr("multibmc: reconcile: removed the leftover address of BMC %s\n", name);
    }
    if (c->mode != MBMC_MODE_MACVLAN)
        return;
    int parent = mbmc_netif_index(c->interface);
    g_autoptr(GArray) links = mbmc_netif_links(NULL);
    for (guint i = 0; parent && links && i < links->len; i++) {
        MbmcLink *l = &g_array_index(links, MbmcLink, i);
        guint vmid;
        if (strcmp(l->kind, "macvlan") || l->parent != parent || !g_str_has_prefix(l->name, "mbmc") ||
            !mbmc_parse_vmid(l->name + 4, &vmid, NULL) || mbmc_config_find(c, vmid))
            continue;
        g_autoptr(GError) err = NULL;
        mbmc_netif_source_route_del(vmid);
        if (mbmc_netif_link_del(l->name, &err))
            g_printerr("multibmc: reconcile: removed leftover macvlan %s\n", l->name);
        else
            g_printerr("multibmc: reconcile: %s\n", err->message);
    }
}
