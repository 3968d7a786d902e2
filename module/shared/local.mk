# SPDX-License-Identifier: GPL-2.0-or-later
# module/shared/local.mk: Proxmox pieces both the module and the orchestrator link (their
# sources are listed by module/proxmox/local.mk and orchestrator/local.mk).
noinst_HEADERS += module/shared/pve_error.h module/shared/pve_state_map.h module/shared/pve_table.h \
	module/shared/pve_names.h module/shared/pve_facts.h
# The table of settings (settings.def) both programs read: module/options.c, orchestrator/config.
noinst_HEADERS += module/shared/settings.h
EXTRA_DIST += module/shared/settings.def
# The Proxmox client's pure parts: token text, certificate fingerprint, the JSON envelope,
# /cluster/resources rows (plain C + json-c).
PVE_CLIENT_SOURCES = module/shared/pve_token.c module/shared/pve_fingerprint.c module/shared/pve_json.c \
	module/shared/pve_resources.c
noinst_HEADERS += module/shared/pve_token.h module/shared/pve_fingerprint.h module/shared/pve_json.h \
	module/shared/pve_resources.h

check_PROGRAMS += tests/unit/test_pve_shared
tests_unit_test_pve_shared_SOURCES = tests/unit/test_pve_shared.c $(PVE_CLIENT_SOURCES)
tests_unit_test_pve_shared_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_pve_shared_LDADD = $(UNIT_LIBS)
