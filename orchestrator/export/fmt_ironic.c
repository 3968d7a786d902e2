/* SPDX-License-Identifier: GPL-2.0-or-later */
/* OpenStack Ironic: the JSON that 'baremetal create FILE.json' takes ({"nodes": [...]}, each
 * node with its ports, python-ironicclient's create_resources schema). A BMC that speaks
 * Redfish gets the "redfish" hardware type (redfish_address https://ADDR[:PORT],
 * redfish_system_id, redfish_username, redfish_password only with secrets, redfish_verify_ca
 * the file to verify its certificate with, or false only with --redfish-insecure) and, where
 * it inserts virtual media (local QEMU; Proxmox with an ISO storage), the
 * redfish-virtual-media boot interface (elsewhere Ironic's default for the type, iPXE/PXE);
 * any other BMC, or every one with --protocol ipmi, the "ipmi" type (ipmi_address,
 * ipmi_port, ipmi_username, ipmi_password, IPMI 2.0, ADMINISTRATOR). The firmware goes into
 * the boot_mode capability (uefi or bios); each NIC becomes a port, the first one the PXE
 * port. extra.multibmc_vmid says which VM a node is. */
#include <json-c/json.h>
#include <string.h>

#include "export_format.h"
#include "mbmc_json.h"

static json_object *str(const char *s)
{
    return json_object_new_string(s);
}

static void redfish_driver(json_object *node, const MbmcExportNode *n)
{
    json_object *info = json_object_new_object();
    g_autofree char *url = g_strdup_printf("https://%s", n->redfish_host);
    json_object_object_add(info, "redfish_address", str(url));
    json_object_object_add(info, "redfish_system_id", str(MBMC_REDFISH_SYSTEM));
    json_object_object_add(info, "redfish_username", str(n->user));
    if (n->password)
        json_object_object_add(info, "redfish_password", str(n->password));
    json_object_object_add(info, "redfish_verify_ca",
                           n->redfish_ca ? str(n->redfish_ca) : json_object_new_boolean(FALSE));
    json_object_object_add(node, "driver", str("redfish"));
    json_object_object_add(node, "driver_info", info);
    if (n->virtual_media)
        json_object_object_add(node, "boot_interface", str("redfish-virtual-media"));
}

static void ipmi_driver(json_object *node, const MbmcExportNode *n)
{
    json_object *info = json_object_new_object();
    json_object_object_add(info, "ipmi_address", str(n->address));
    json_object_object_add(info, "ipmi_port", json_object_new_int(MBMC_IPMI_PORT));
    json_object_object_add(info, "ipmi_username", str(n->user));
    if (n->password)
        json_object_object_add(info, "ipmi_password", str(n->password));
    json_object_object_add(info, "ipmi_protocol_version", str("2.0"));
    json_object_object_add(info, "ipmi_priv_level", str("ADMINISTRATOR"));
    json_object_object_add(node, "driver", str("ipmi"));
    json_object_object_add(node, "driver_info", info);
}

gboolean mbmc_export_ironic(GString *out, GPtrArray *nodes, GError **error)
{
    (void)error;
    g_autoptr(json_object) root = json_object_new_object();
    json_object *list = json_object_new_array();
    for (guint i = 0; i < nodes->len; i++) {
        const MbmcExportNode *n = g_ptr_array_index(nodes, i);
        json_object *node = json_object_new_object(), *props = json_object_new_object();
        json_object *extra = json_object_new_object(), *ports = json_object_new_array();
        json_object_object_add(node, "name", str(n->hostname));
        if (!strcmp(n->manage, "redfish"))
            redfish_driver(node, n);
        else
            ipmi_driver(node, n);
        json_object_object_add(props, "cpu_arch", str("x86_64"));
        if (n->firmware != MBMC_FIRMWARE_UNKNOWN)
            json_object_object_add(props, "capabilities",
                                   str(n->firmware == MBMC_FIRMWARE_UEFI ? "boot_mode:uefi" : "boot_mode:bios"));
        json_object_object_add(node, "properties", props);
        json_object_object_add(extra, "multibmc_vmid", json_object_new_int64(n->vmid));
        if (*n->vm_name)
            json_object_object_add(extra, "vm_name", str(n->vm_name));
        json_object_object_add(node, "extra", extra);
        for (guint k = 0; k < n->nics->len; k++) {
            json_object *port = json_object_new_object();
            json_object_object_add(port, "address", str(mbmc_export_node_mac(n, k)));
            json_object_object_add(port, "pxe_enabled", json_object_new_boolean(k == 0));
            json_object_array_add(ports, port);
        }
        json_object_object_add(node, "ports", ports);
        json_object_array_add(list, node);
    }
    json_object_object_add(root, "nodes", list);
    g_string_append(out, json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                                  JSON_C_TO_STRING_NOSLASHESCAPE));
    g_string_append_c(out, '\n');
    return TRUE;
}
