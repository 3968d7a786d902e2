# SPDX-License-Identifier: GPL-2.0-or-later
# fuzz.sh target: the module's own SEL, SDR, sensor, system-info commands and identity parsers.
srcs[bmc_cmds]="module/sel/sel_store.c module/sdr/sdr_repo.c module/sdr/sdr_records.c module/sdr/sensor_cmds.c \
module/identity/sysinfo.c module/identity/fru_image.c module/identity/uuid.c module/lanserv/reply_fixes.c \
module/proxmox/pve_identity.c module/proxmox/pve_parse.c module/shared/pve_json.c module/shared/pve_resources.c module/shared/pve_state_map.c module/base64.c"
libs[bmc_cmds]="$jsonc"
