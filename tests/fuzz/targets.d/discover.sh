# SPDX-License-Identifier: GPL-2.0-or-later
# fuzz_discover: Proxmox answers into discover's VM records and through every export format.
srcs[discover]="orchestrator/inventory/vminfo.c orchestrator/inventory/pve_vmparse.c module/shared/pve_json.c module/shared/pve_resources.c module/shared/pve_token.c module/shared/pve_fingerprint.c orchestrator/discover/vmselect.c \
 orchestrator/export/export_node.c orchestrator/export/export_text.c orchestrator/export/export_format.c \
 orchestrator/export/fmt_xcat.c orchestrator/export/fmt_hpcm.c orchestrator/export/fmt_ironic.c \
 orchestrator/export/fmt_metal3.c orchestrator/export/fmt_maas.c orchestrator/export/fmt_ansible.c \
 orchestrator/export/fmt_csv.c orchestrator/config/config.c orchestrator/config/config_fields.c orchestrator/net/netif.c \
 orchestrator/proxmox/pveticket.c \
 orchestrator/gen/template.c orchestrator/gen/gen.c orchestrator/gen/bmcfiles.c orchestrator/config/fileutil.c \
 module/shared/pve_names.c module/shared/settings.c"
libs[discover]="$glib $jsonc $mnl"
