# SPDX-License-Identifier: GPL-2.0-or-later
# orchestrator/: multibmc (CLI + supervisor) and multibmc-gen. GLib throughout.
# Headers are included by name; each folder of orchestrator/ is on the include path.
ORCH_INCLUDES = -I$(top_srcdir)/orchestrator/cli -I$(top_srcdir)/orchestrator/config -I$(top_srcdir)/orchestrator/gen \
	-I$(top_srcdir)/orchestrator/supervisor -I$(top_srcdir)/orchestrator/net -I$(top_srcdir)/orchestrator/sol \
	-I$(top_srcdir)/orchestrator/proxmox -I$(top_srcdir)/orchestrator/inventory -I$(top_srcdir)/orchestrator/discover \
	-I$(top_srcdir)/orchestrator/export
ORCH_CFLAGS = $(AM_CFLAGS) $(ORCH_INCLUDES) $(GLIB_CFLAGS) $(JSONC_CFLAGS) $(MNL_CFLAGS)
ORCH_COMMON = orchestrator/gen/template.c orchestrator/gen/gen.c orchestrator/config/fileutil.c
ORCH_CONFIG = orchestrator/config/config.c orchestrator/config/config_fields.c orchestrator/config/config_compare.c orchestrator/config/setting_flags.c orchestrator/net/netif.c orchestrator/proxmox/pveticket.c module/shared/pve_names.c module/shared/settings.c \
	$(PVE_CLIENT_SOURCES)
# discover and export: the pure parts (unit-tested) and the local-QEMU inventory
ORCH_DISCOVER_PURE = orchestrator/inventory/vminfo.c orchestrator/inventory/pve_vmparse.c \
	orchestrator/discover/vmselect.c orchestrator/discover/addrplan.c orchestrator/discover/discover_plan.c \
	orchestrator/export/export_node.c orchestrator/export/export_text.c orchestrator/export/export_format.c \
	orchestrator/export/fmt_xcat.c orchestrator/export/fmt_hpcm.c orchestrator/export/fmt_ironic.c \
	orchestrator/export/fmt_metal3.c orchestrator/export/fmt_maas.c orchestrator/export/fmt_ansible.c \
	orchestrator/export/fmt_csv.c module/qmp/qmp_facts.c
ORCH_DISCOVER = $(ORCH_DISCOVER_PURE) orchestrator/cli/cli_discover.c orchestrator/cli/cli_export.c \
	orchestrator/inventory/qmp_sync.c orchestrator/inventory/qmp_inventory.c module/qmp/qmp_boot.c

sbin_PROGRAMS += orchestrator/multibmc-gen
orchestrator_multibmc_gen_SOURCES = orchestrator/gen/gen_main.c $(ORCH_COMMON)
orchestrator_multibmc_gen_CFLAGS = $(ORCH_CFLAGS)
orchestrator_multibmc_gen_LDADD = $(GLIB_LIBS)

sbin_PROGRAMS += orchestrator/multibmc
orchestrator_multibmc_SOURCES = orchestrator/cli/multibmc.c orchestrator/cli/cli_config.c orchestrator/cli/cli_show.c \
	orchestrator/cli/cli_service.c orchestrator/supervisor/supervise.c orchestrator/net/bmc_net.c orchestrator/gen/bmcfiles.c \
	orchestrator/net/lan_info.c orchestrator/supervisor/user_slots.c orchestrator/supervisor/child_output.c \
	orchestrator/cli/bmcstate.c orchestrator/sol/bmc_sol.c orchestrator/supervisor/fdlimit.c orchestrator/supervisor/spawn.c \
	orchestrator/supervisor/reaper.c orchestrator/supervisor/reload_plan.c orchestrator/proxmox/pvepoll.c orchestrator/proxmox/pvelist.c orchestrator/proxmox/statetable.c \
	module/shared/pve_table.c module/shared/pve_error.c module/shared/pve_state_map.c module/shared/pve_facts.c \
	$(ORCH_CONFIG) $(ORCH_COMMON) $(ORCH_DISCOVER)
orchestrator_multibmc_CFLAGS = $(ORCH_CFLAGS)
orchestrator_multibmc_LDADD = $(GLIB_LIBS) $(JSONC_LIBS) $(MNL_LIBS)
if HAVE_SOUP
# Proxmox BMCs get their SOL through the in-process serial bridge.
orchestrator_multibmc_SOURCES += orchestrator/sol/solbridge.c orchestrator/sol/solbridge_state.c orchestrator/sol/termproxy.c orchestrator/proxmox/pveclient.c \
	orchestrator/proxmox/pvetls.c orchestrator/proxmox/pvefetch.c orchestrator/inventory/pve_inventory.c \
	orchestrator/proxmox/pvefacts.c
orchestrator_multibmc_CFLAGS += $(SOUP_CFLAGS) -DMBMC_HAVE_SOLBRIDGE=1
orchestrator_multibmc_LDADD += $(SOUP_LIBS)
endif
# Headers, one line per folder.
noinst_HEADERS += orchestrator/cli/cli.h orchestrator/cli/bmcstate.h
noinst_HEADERS += orchestrator/config/mbmc_config.h orchestrator/config/fileutil.h orchestrator/config/mbmc_json.h \
	orchestrator/config/config_compare.h orchestrator/config/config_fields.h \
	orchestrator/config/setting_flags.h
noinst_HEADERS += orchestrator/gen/gen.h orchestrator/gen/template.h orchestrator/gen/bmcfiles.h
noinst_HEADERS += orchestrator/net/netif.h orchestrator/net/bmc_net.h orchestrator/net/lan_info.h
noinst_HEADERS += orchestrator/proxmox/pveclient.h orchestrator/proxmox/pvetls.h orchestrator/proxmox/pvelist.h orchestrator/proxmox/pvepoll.h \
	orchestrator/proxmox/pveticket.h orchestrator/proxmox/statetable.h orchestrator/proxmox/pvefacts.h
noinst_HEADERS += orchestrator/sol/bmc_sol.h orchestrator/sol/solbridge.h orchestrator/sol/solbridge_state.h \
	orchestrator/sol/termproxy.h
noinst_HEADERS += orchestrator/supervisor/supervise.h orchestrator/supervisor/fdlimit.h orchestrator/supervisor/user_slots.h \
	orchestrator/supervisor/spawn.h orchestrator/supervisor/reaper.h orchestrator/supervisor/reload_plan.h \
	orchestrator/supervisor/child_output.h
noinst_HEADERS += orchestrator/proxmox/pvefetch.h
noinst_HEADERS += orchestrator/inventory/vminfo.h orchestrator/inventory/pve_vmparse.h \
	orchestrator/inventory/pve_inventory.h orchestrator/inventory/qmp_sync.h orchestrator/inventory/qmp_inventory.h
noinst_HEADERS += orchestrator/discover/vmselect.h orchestrator/discover/addrplan.h orchestrator/discover/discover_plan.h
noinst_HEADERS += orchestrator/export/export_node.h orchestrator/export/export_text.h orchestrator/export/export_format.h

check_PROGRAMS += tests/unit/test_config
tests_unit_test_config_SOURCES = tests/unit/test_config.c $(ORCH_CONFIG) $(ORCH_COMMON)
tests_unit_test_config_CFLAGS = $(ORCH_CFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_test_config_LDADD = $(GLIB_LIBS) $(JSONC_LIBS) $(MNL_LIBS)

# The config file's round trip over the saved shapes of the tests, every key, the examples.
check_PROGRAMS += tests/unit/test_config_roundtrip
tests_unit_test_config_roundtrip_SOURCES = tests/unit/test_config_roundtrip.c $(ORCH_CONFIG) $(ORCH_COMMON)
tests_unit_test_config_roundtrip_CFLAGS = $(ORCH_CFLAGS) -I$(top_srcdir)/tests/unit -DTOP_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_config_roundtrip_LDADD = $(GLIB_LIBS) $(JSONC_LIBS) $(MNL_LIBS)
EXTRA_DIST += tests/unit/configs/saved.jsonl tests/unit/configs/every-key.json

check_PROGRAMS += tests/unit/test_reload_plan
tests_unit_test_reload_plan_SOURCES = tests/unit/test_reload_plan.c orchestrator/supervisor/reload_plan.c \
	$(ORCH_CONFIG) $(ORCH_COMMON)
tests_unit_test_reload_plan_CFLAGS = $(ORCH_CFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_test_reload_plan_LDADD = $(GLIB_LIBS) $(JSONC_LIBS) $(MNL_LIBS)

check_PROGRAMS += tests/unit/test_child_output
tests_unit_test_child_output_SOURCES = tests/unit/test_child_output.c orchestrator/supervisor/child_output.c
tests_unit_test_child_output_CFLAGS = $(ORCH_CFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_test_child_output_LDADD = $(GLIB_LIBS)

# Proxmox serial bridge (SOL): a library part of the supervisor, and a standalone binary.
if HAVE_SOUP
SOLBRIDGE_SOURCES = orchestrator/sol/solbridge.c orchestrator/sol/solbridge_state.c orchestrator/sol/termproxy.c orchestrator/proxmox/pveclient.c orchestrator/config/fileutil.c \
	orchestrator/proxmox/pvetls.c orchestrator/proxmox/pveticket.c orchestrator/config/setting_flags.c module/shared/settings.c \
	$(PVE_CLIENT_SOURCES)
sbin_PROGRAMS += orchestrator/multibmc-solbridge
orchestrator_multibmc_solbridge_SOURCES = orchestrator/sol/solbridge_main.c $(SOLBRIDGE_SOURCES)
orchestrator_multibmc_solbridge_CFLAGS = $(ORCH_CFLAGS) $(SOUP_CFLAGS)
orchestrator_multibmc_solbridge_LDADD = $(SOUP_LIBS) $(GLIB_LIBS) $(JSONC_LIBS)
endif

check_PROGRAMS += tests/unit/test_lan_info
tests_unit_test_lan_info_SOURCES = tests/unit/test_lan_info.c orchestrator/net/lan_info.c orchestrator/supervisor/user_slots.c \
	orchestrator/config/fileutil.c
tests_unit_test_lan_info_CFLAGS = $(ORCH_CFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_test_lan_info_LDADD = $(GLIB_LIBS)

check_PROGRAMS += tests/unit/test_pveticket
tests_unit_test_pveticket_SOURCES = tests/unit/test_pveticket.c orchestrator/proxmox/pveticket.c module/shared/pve_json.c
tests_unit_test_pveticket_CFLAGS = $(ORCH_CFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_test_pveticket_LDADD = $(GLIB_LIBS) $(JSONC_LIBS)

check_PROGRAMS += tests/unit/test_termproxy
tests_unit_test_termproxy_SOURCES = tests/unit/test_termproxy.c orchestrator/sol/termproxy.c
tests_unit_test_termproxy_CFLAGS = $(ORCH_CFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_test_termproxy_LDADD = $(GLIB_LIBS)

check_PROGRAMS += tests/unit/test_solbridge_state
tests_unit_test_solbridge_state_SOURCES = tests/unit/test_solbridge_state.c orchestrator/sol/solbridge_state.c
tests_unit_test_solbridge_state_CFLAGS = $(ORCH_CFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_test_solbridge_state_LDADD = $(GLIB_LIBS)

# The drift test of the table of settings: parser, to_json, module options, the generator, the
# reload comparisons, the CLI (the built binary) and the man pages against settings.def.
check_PROGRAMS += tests/unit/test_settings
tests_unit_test_settings_SOURCES = tests/unit/test_settings.c orchestrator/gen/bmcfiles.c module/options.c \
	$(ORCH_CONFIG) $(ORCH_COMMON)
tests_unit_test_settings_CFLAGS = $(ORCH_CFLAGS) -I$(top_srcdir)/tests/unit -I$(top_srcdir)/module \
	-I$(top_srcdir)/module/lanserv -DTOP_SRCDIR='"$(abs_top_srcdir)"' -DTOP_BUILDDIR='"$(abs_top_builddir)"'
tests_unit_test_settings_LDADD = $(GLIB_LIBS) $(JSONC_LIBS) $(MNL_LIBS)
# It runs orchestrator/multibmc, which `all` builds (test-programs and check both need all
# first). No prerequisite on the binary here: `make -j test-programs` then built it twice at
# once, in all's sub-make and in this make, and one link saw the other's half-written object.

check_PROGRAMS += tests/unit/test_bmcfiles
tests_unit_test_bmcfiles_SOURCES = tests/unit/test_bmcfiles.c orchestrator/gen/bmcfiles.c $(ORCH_CONFIG) $(ORCH_COMMON)
tests_unit_test_bmcfiles_CFLAGS = $(ORCH_CFLAGS) -I$(top_srcdir)/tests/unit \
	-DTOP_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_bmcfiles_LDADD = $(GLIB_LIBS) $(JSONC_LIBS) $(MNL_LIBS)

check_PROGRAMS += tests/unit/test_discover
tests_unit_test_discover_SOURCES = tests/unit/test_discover.c $(ORCH_DISCOVER_PURE) orchestrator/gen/bmcfiles.c \
	$(ORCH_CONFIG) $(ORCH_COMMON)
tests_unit_test_discover_CFLAGS = $(ORCH_CFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_test_discover_LDADD = $(GLIB_LIBS) $(JSONC_LIBS) $(MNL_LIBS)

check_PROGRAMS += tests/unit/test_export
tests_unit_test_export_SOURCES = tests/unit/test_export.c $(ORCH_DISCOVER_PURE) orchestrator/gen/bmcfiles.c \
	$(ORCH_CONFIG) $(ORCH_COMMON)
tests_unit_test_export_CFLAGS = $(ORCH_CFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_test_export_LDADD = $(GLIB_LIBS) $(JSONC_LIBS) $(MNL_LIBS)

check_PROGRAMS += tests/unit/test_pve_table
tests_unit_test_pve_table_SOURCES = tests/unit/test_pve_table.c module/shared/pve_table.c module/shared/pve_state_map.c \
	orchestrator/proxmox/statetable.c orchestrator/proxmox/pvelist.c module/shared/pve_resources.c \
	module/shared/pve_json.c
tests_unit_test_pve_table_CFLAGS = $(ORCH_CFLAGS) -pthread -I$(top_srcdir)/tests/unit
tests_unit_test_pve_table_LDADD = $(GLIB_LIBS) $(JSONC_LIBS)
tests_unit_test_pve_table_LDFLAGS = -pthread
