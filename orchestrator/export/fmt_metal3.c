/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Metal3: per node a credentials Secret and a BareMetalHost (metal3.io/v1alpha1) in one YAML
 * stream: spec.bmc.address with credentialsName the Secret, bootMACAddress the first NIC,
 * bootMode UEFI or legacy (from the VM's firmware), online false (the host stays as it is
 * until Metal3 is told). The address's scheme picks the baremetal-operator's driver: a BMC
 * that speaks Redfish is "redfish-virtualmedia://ADDR[:PORT]/redfish/v1/Systems/1" where it
 * inserts virtual media (local QEMU; Proxmox with an ISO storage), else "redfish://..." (iPXE
 * boot); any other, or every one with --protocol ipmi, "ipmi://ADDR:623". Metal3 verifies a
 * Redfish BMC's certificate with its Ironic's CA bundle: a comment names the certificate to
 * add to it, and disableCertificateVerification is set only with --redfish-insecure. The
 * Secret holds the username, and the password only with secrets (base64 in data, as
 * Kubernetes stores them). */
#include <string.h>

#include "export_format.h"
#include "export_text.h"

static void b64(GString *out, const char *s)
{
    g_autofree char *e = g_base64_encode((const guchar *)s, strlen(s));
    g_string_append(out, e);
}

/* The BMC address as the baremetal-operator reads it (its scheme picks the driver). */
static char *bmc_address(const MbmcExportNode *n)
{
    if (strcmp(n->manage, "redfish"))
        return g_strdup_printf("ipmi://%s:%d", n->address, MBMC_IPMI_PORT);
    return g_strdup_printf("%s://%s" MBMC_REDFISH_SYSTEM, n->virtual_media ? "redfish-virtualmedia" : "redfish",
                           n->redfish_host);
}

/* Where Metal3 gets the trust for a Redfish BMC from. */
static void certificate(GString *out, const MbmcExportNode *n)
{
    if (strcmp(n->manage, "redfish"))
        return;
    if (!n->redfish_ca) {
        g_string_append(out, "    disableCertificateVerification: true\n");
        return;
    }
    /* A comment ends at a line break: a path with one is left out. */
    gboolean path_fits = n->redfish_cert && !strpbrk(n->redfish_cert, "\r\n");
    g_string_append_printf(out, "    # its certificate %s, %s%s: add it to the CA bundle Metal3's Ironic trusts\n",
                           path_fits ? n->redfish_cert : "('multibmc show')",
                           n->redfish_fingerprint ? "SHA-256 " : "made at the BMC's first start",
                           n->redfish_fingerprint ? n->redfish_fingerprint : "");
}

gboolean mbmc_export_metal3(GString *out, GPtrArray *nodes, GError **error)
{
    (void)error;
    for (guint i = 0; i < nodes->len; i++) {
        const MbmcExportNode *n = g_ptr_array_index(nodes, i);
        g_autofree char *secret = g_strdup_printf("%s-bmc-secret", n->hostname);
        g_autofree char *addr = bmc_address(n);
        g_string_append_printf(out, "---\n# VM %u\napiVersion: v1\nkind: Secret\nmetadata:\n  name: \"%s\"\n"
                                    "type: Opaque\ndata:\n  username: ", n->vmid, secret);
        b64(out, n->user);
        g_string_append_c(out, '\n');
        if (n->password) {
            g_string_append(out, "  password: ");
            b64(out, n->password);
            g_string_append_c(out, '\n');
        } else {
            g_string_append(out, "  # password: not exported (multibmc export --with-secrets)\n");
        }
        g_string_append_printf(out, "---\napiVersion: metal3.io/v1alpha1\nkind: BareMetalHost\nmetadata:\n"
                                    "  name: \"%s\"\n  labels:\n    multibmc/vmid: \"%u\"\nspec:\n  online: false\n",
                               n->hostname, n->vmid);
        if (n->nics->len) {
            g_string_append(out, "  bootMACAddress: ");
            mbmc_yaml_str(out, mbmc_export_node_mac(n, 0));
            g_string_append_c(out, '\n');
        }
        if (n->firmware != MBMC_FIRMWARE_UNKNOWN)
            g_string_append_printf(out, "  bootMode: %s\n", n->firmware == MBMC_FIRMWARE_UEFI ? "UEFI" : "legacy");
        g_string_append(out, "  bmc:\n    address: ");
        mbmc_yaml_str(out, addr);
        g_string_append_printf(out, "\n    credentialsName: \"%s\"\n", secret);
        certificate(out, n);
    }
    return TRUE;
}
