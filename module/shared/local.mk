# SPDX-License-Identifier: GPL-2.0-or-later
# module/shared/local.mk: Proxmox pieces both the module and the supervisor link
# (their sources are listed by module/proxmox/local.mk and orchestrator/local.mk).
noinst_HEADERS += module/shared/pve_error.h module/shared/pve_state_map.h module/shared/pve_table.h \
	module/shared/pve_names.h module/shared/pve_facts.h
