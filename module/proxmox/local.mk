# SPDX-License-Identifier: GPL-2.0-or-later
# module/proxmox/local.mk: the Proxmox VE backend, its unit tests and the fake Proxmox API.
MODULE_SOURCES += module/proxmox/backend_proxmox.c module/proxmox/pve_http.c module/proxmox/pve_curl.c module/proxmox/pve_api.c \
	module/proxmox/pve_boot.c module/proxmox/pve_upid.c module/shared/pve_error.c module/proxmox/pve_poll.c \
	module/shared/pve_state_map.c module/proxmox/pve_parse.c module/shared/pve_facts.c module/shared/pve_table.c \
	module/proxmox/pve_table_source.c \
	module/proxmox/pve_task.c module/proxmox/pve_media.c module/proxmox/pve_media_probe.c \
	module/proxmox/pve_media_removal.c module/proxmox/pve_media_logic.c \
	module/proxmox/pve_identity.c module/proxmox/pve_vmconfig.c $(PVE_CLIENT_SOURCES)
noinst_HEADERS += module/proxmox/pve_api.h module/proxmox/pve_boot.h module/proxmox/pve_http.h module/proxmox/pve_parse.h \
	module/proxmox/pve_state.h module/proxmox/pve_upid.h module/proxmox/pve_identity.h module/proxmox/pve_vmconfig.h \
	module/proxmox/pve_curl.h

check_PROGRAMS += tests/unit/test_pve_logic
tests_unit_test_pve_logic_SOURCES = tests/unit/test_pve_logic.c module/proxmox/pve_boot.c \
	module/proxmox/pve_upid.c module/shared/pve_error.c module/shared/pve_state_map.c module/proxmox/pve_parse.c \
	module/shared/pve_facts.c module/proxmox/pve_media_logic.c module/shared/pve_names.c \
	module/proxmox/pve_identity.c module/identity/uuid.c module/base64.c $(PVE_CLIENT_SOURCES)
tests_unit_test_pve_logic_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_pve_logic_LDADD = $(UNIT_LIBS)

include tests/fakepve/local.mk
noinst_HEADERS += module/proxmox/pve_media.h module/proxmox/pve_media_logic.h module/proxmox/pve_media_priv.h \
	module/proxmox/pve_task.h
