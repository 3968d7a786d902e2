# SPDX-License-Identifier: GPL-2.0-or-later
# orchestrator/: multibmc (CLI + supervisor) and multibmc-gen. GLib throughout.
# Headers are included by name; each folder of orchestrator/ is on the include path.
ORCH_INCLUDES = -I$(top_srcdir)/orchestrator/cli -I$(top_srcdir)/orchestrator/config -I$(top_srcdir)/orchestrator/gen \
	-I$(top_srcdir)/orchestrator/supervisor -I$(top_srcdir)/orchestrator/net -I$(top_srcdir)/orchestrator/sol \
	-I$(top_srcdir)/orchestrator/proxmox
ORCH_CFLAGS = $(AM_CFLAGS) $(ORCH_INCLUDES) $(GLIB_CFLAGS) $(JSONC_CFLAGS) $(MNL_CFLAGS)
ORCH_COMMON = orchestrator/gen/template.c orchestrator/gen/gen.c orchestrator/config/fileutil.c
ORCH_CONFIG = orchestrator/config/config.c orchestrator/net/netif.c orchestrator/proxmox/pveticket.c

sbin_PROGRAMS += orchestrator/multibmc-gen
orchestrator_multibmc_gen_SOURCES = orchestrator/gen/gen_main.c $(ORCH_COMMON)
orchestrator_multibmc_gen_CFLAGS = $(ORCH_CFLAGS)
orchestrator_multibmc_gen_LDADD = $(GLIB_LIBS)

sbin_PROGRAMS += orchestrator/multibmc
orchestrator_multibmc_SOURCES = orchestrator/cli/multibmc.c orchestrator/cli/cli_config.c orchestrator/cli/cli_show.c \
	orchestrator/cli/cli_service.c orchestrator/supervisor/supervise.c orchestrator/net/bmc_net.c orchestrator/gen/bmcfiles.c \
	orchestrator/net/lan_info.c orchestrator/supervisor/user_slots.c \
	orchestrator/cli/bmcstate.c orchestrator/sol/bmc_sol.c orchestrator/supervisor/fdlimit.c orchestrator/proxmox/pvepoll.c orchestrator/proxmox/pvelist.c orchestrator/proxmox/statetable.c \
	module/shared/pve_table.c module/shared/pve_error.c module/shared/pve_state_map.c $(ORCH_CONFIG) $(ORCH_COMMON)
orchestrator_multibmc_CFLAGS = $(ORCH_CFLAGS)
orchestrator_multibmc_LDADD = $(GLIB_LIBS) $(JSONC_LIBS) $(MNL_LIBS)
if HAVE_SOUP
# Proxmox BMCs get their SOL through the in-process serial bridge.
orchestrator_multibmc_SOURCES += orchestrator/sol/solbridge.c orchestrator/sol/termproxy.c orchestrator/proxmox/pveclient.c
orchestrator_multibmc_CFLAGS += $(SOUP_CFLAGS) -DMBMC_HAVE_SOLBRIDGE=1
orchestrator_multibmc_LDADD += $(SOUP_LIBS)
endif
EXTRA_DIST += orchestrator/sol/bmc_sol.h orchestrator/cli/cli.h orchestrator/config/mbmc_config.h orchestrator/net/netif.h orchestrator/net/bmc_net.h \
	orchestrator/supervisor/supervise.h orchestrator/gen/bmcfiles.h orchestrator/cli/bmcstate.h orchestrator/proxmox/pveticket.h orchestrator/supervisor/fdlimit.h \
	orchestrator/proxmox/pvepoll.h orchestrator/proxmox/statetable.h orchestrator/proxmox/pveclient.h orchestrator/proxmox/pvelist.h \
	orchestrator/net/lan_info.h orchestrator/supervisor/user_slots.h

noinst_PROGRAMS += tests/unit/test_config
tests_unit_test_config_SOURCES = tests/unit/test_config.c $(ORCH_CONFIG) $(ORCH_COMMON)
tests_unit_test_config_CFLAGS = $(ORCH_CFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_test_config_LDADD = $(GLIB_LIBS) $(JSONC_LIBS) $(MNL_LIBS)

# Proxmox serial bridge (SOL): a library part of the supervisor, and a standalone binary.
if HAVE_SOUP
SOLBRIDGE_SOURCES = orchestrator/sol/solbridge.c orchestrator/sol/termproxy.c orchestrator/proxmox/pveclient.c orchestrator/config/fileutil.c \
	orchestrator/proxmox/pveticket.c
sbin_PROGRAMS += orchestrator/multibmc-solbridge
orchestrator_multibmc_solbridge_SOURCES = orchestrator/sol/solbridge_main.c $(SOLBRIDGE_SOURCES)
orchestrator_multibmc_solbridge_CFLAGS = $(ORCH_CFLAGS) $(SOUP_CFLAGS)
orchestrator_multibmc_solbridge_LDADD = $(SOUP_LIBS) $(GLIB_LIBS) $(JSONC_LIBS)
endif

noinst_PROGRAMS += tests/unit/test_lan_info
tests_unit_test_lan_info_SOURCES = tests/unit/test_lan_info.c orchestrator/net/lan_info.c orchestrator/supervisor/user_slots.c \
	orchestrator/config/fileutil.c
tests_unit_test_lan_info_CFLAGS = $(ORCH_CFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_test_lan_info_LDADD = $(GLIB_LIBS)

noinst_PROGRAMS += tests/unit/test_pveticket
tests_unit_test_pveticket_SOURCES = tests/unit/test_pveticket.c orchestrator/proxmox/pveticket.c
tests_unit_test_pveticket_CFLAGS = $(ORCH_CFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_test_pveticket_LDADD = $(GLIB_LIBS) $(JSONC_LIBS)

noinst_PROGRAMS += tests/unit/test_termproxy
tests_unit_test_termproxy_SOURCES = tests/unit/test_termproxy.c orchestrator/sol/termproxy.c
tests_unit_test_termproxy_CFLAGS = $(ORCH_CFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_test_termproxy_LDADD = $(GLIB_LIBS)

# ---- service files, templates' consumers, man pages (make install)
systemdunitdir = $(prefix)/lib/systemd/system
initddir = $(sysconfdir)/init.d
systemdunit_DATA = scripts/multibmc.service
initd_SCRIPTS = scripts/init.d/multibmc
dist_man5_MANS = docs/man/multibmc.json.5
dist_man8_MANS = docs/man/multibmc.8 docs/man/multibmc-gen.8
EXTRA_DIST += scripts/multibmc.service.in scripts/multibmc.init.in
CLEANFILES += scripts/multibmc.service scripts/init.d/multibmc

orch_subst = sed -e 's|@sbindir[@]|$(sbindir)|g' -e 's|@sysconfdir[@]|$(sysconfdir)|g'
scripts/multibmc.service: $(srcdir)/scripts/multibmc.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) scripts && $(orch_subst) $< >$@
scripts/init.d/multibmc: $(srcdir)/scripts/multibmc.init.in Makefile
	$(AM_V_GEN)$(MKDIR_P) scripts/init.d && $(orch_subst) $< >$@ && chmod +x $@

noinst_PROGRAMS += tests/unit/test_bmcfiles
tests_unit_test_bmcfiles_SOURCES = tests/unit/test_bmcfiles.c orchestrator/gen/bmcfiles.c $(ORCH_CONFIG) $(ORCH_COMMON)
tests_unit_test_bmcfiles_CFLAGS = $(ORCH_CFLAGS) -I$(top_srcdir)/tests/unit \
	-DTOP_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_bmcfiles_LDADD = $(GLIB_LIBS) $(JSONC_LIBS) $(MNL_LIBS)

noinst_PROGRAMS += tests/unit/test_pve_table
tests_unit_test_pve_table_SOURCES = tests/unit/test_pve_table.c module/shared/pve_table.c module/shared/pve_state_map.c \
	orchestrator/proxmox/statetable.c orchestrator/proxmox/pvelist.c
tests_unit_test_pve_table_CFLAGS = $(ORCH_CFLAGS) -pthread -I$(top_srcdir)/tests/unit
tests_unit_test_pve_table_LDADD = $(GLIB_LIBS) $(JSONC_LIBS)
tests_unit_test_pve_table_LDFLAGS = -pthread
