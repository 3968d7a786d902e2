/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The export node (see export_node.h). */
#include "export_node.h"

#include <gio/gio.h>
#include <string.h>

#include "bmcfiles.h"
#include "netif.h"

GStrv mbmc_export_protocols(const MbmcConfig *cfg, const MbmcBmc *b)
{
    /* Every BMC speaks IPMI over LAN; Redfish is switched on globally or per BMC. */
    GStrv p = g_new0(char *, 3);
    p[0] = g_strdup("ipmi");
    if (mbmc_bmc_redfish_enabled(cfg, b))
        p[1] = g_strdup("redfish");
    return p;
}

MbmcExportNode *mbmc_export_node_new(const MbmcConfig *cfg, const MbmcBmc *b, const MbmcVmInfo *vm)
{
    MbmcExportNode *n = g_new0(MbmcExportNode, 1);
    n->vmid = b->vmid;
    n->vm_name = g_strdup(vm ? vm->name : "");
    n->address = g_strdup(b->address);
    n->prefix = b->prefix;
    if (cfg->mode == MBMC_MODE_MACVLAN) {
        uint8_t mac[6];
        mbmc_netif_vmid_mac(b->vmid, mac);
        n->bmc_mac = mbmc_netif_mac_string(mac);
    }
    n->protocols = mbmc_export_protocols(cfg, b);
    n->manage = "ipmi";
    if (mbmc_export_node_speaks(n, "redfish")) {
        n->manage = "redfish";
        n->redfish_port = mbmc_config_redfish_port(cfg);
        n->redfish_host = mbmc_redfish_authority(b->address, n->redfish_port);
        n->redfish_url = mbmc_bmc_redfish_url(cfg, b);
        n->redfish_cert = mbmc_bmc_redfish_cert(cfg, b);
        n->redfish_ca = g_strdup(n->redfish_cert);
        /* A local QEMU takes an image at once; a Proxmox VM once an ISO storage is set. */
        n->virtual_media = b->backend == MBMC_BACKEND_KIND_QMP || cfg->iso_storage;
    }
    n->user = g_strdup(b->user ? b->user : cfg->user);
    n->nics = g_ptr_array_new();
    for (guint i = 0; vm && i < vm->nics->len; i++)
        g_ptr_array_add(n->nics, g_ptr_array_index(vm->nics, i));
    n->firmware = vm ? vm->firmware : MBMC_FIRMWARE_UNKNOWN;
    return n;
}

void mbmc_export_node_free(MbmcExportNode *n)
{
    if (!n)
        return;
    g_free(n->hostname);
    g_free(n->vm_name);
    g_free(n->address);
    g_free(n->bmc_mac);
    g_strfreev(n->protocols);
    g_free(n->redfish_host);
    g_free(n->redfish_url);
    g_free(n->redfish_cert);
    g_free(n->redfish_fingerprint);
    g_free(n->redfish_ca);
    g_free(n->user);
    if (n->password)
        memset(n->password, 0, strlen(n->password));
    g_free(n->password);
    g_ptr_array_unref(n->nics);   /* the NICs belong to the VM records */
    g_free(n);
}

gboolean mbmc_export_node_choose(MbmcExportNode *n, const MbmcExportChoice *choice, GError **error)
{
    if (!g_strcmp0(choice->protocol, "redfish") && !mbmc_export_node_speaks(n, "redfish")) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                    "--protocol redfish: Redfish is off on BMC %u ('multibmc show %u'); leave --protocol out "
                    "to use Redfish where it is on and IPMI elsewhere", n->vmid, n->vmid);
        return FALSE;
    }
    if (choice->protocol)
        n->manage = !strcmp(choice->protocol, "redfish") ? "redfish" : "ipmi";
    if (n->redfish_port && (choice->redfish_ca || choice->redfish_insecure)) {
        g_free(n->redfish_ca);
        n->redfish_ca = g_strdup(choice->redfish_ca);   /* NULL: insecure */
    }
    return TRUE;
}

gboolean mbmc_export_node_speaks(const MbmcExportNode *n, const char *protocol)
{
    return g_strv_contains((const char *const *)n->protocols, protocol);
}

const char *mbmc_export_node_mac(const MbmcExportNode *n, guint i)
{
    return i < n->nics->len ? ((MbmcVmNic *)g_ptr_array_index(n->nics, i))->mac : NULL;
}

static char *label_of(const char *name)
{
    g_autofree char *first = g_ascii_strdown(name, (gssize)strcspn(name, "."));
    gsize len = strlen(first);
    gboolean ok = len >= 1 && len <= 63 && g_ascii_isalpha(first[0]) && first[len - 1] != '-';
    for (gsize i = 0; ok && i < len; i++)
        ok = g_ascii_isalnum(first[i]) || first[i] == '-';
    return ok ? g_steal_pointer(&first) : NULL;
}

void mbmc_export_hostnames(GPtrArray *nodes)
{
    g_autoptr(GHashTable) used = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < nodes->len; i++) {
        MbmcExportNode *n = g_ptr_array_index(nodes, i);
        g_free(n->hostname);
        n->hostname = label_of(n->vm_name);
        if (!n->hostname)
            n->hostname = g_strdup_printf("vm%u", n->vmid);
        if (g_hash_table_contains(used, n->hostname)) {
            char *longer = g_strdup_printf("%.50s-%u", n->hostname, n->vmid);
            g_free(n->hostname);
            n->hostname = longer;
        }
        g_hash_table_add(used, n->hostname);
    }
}
