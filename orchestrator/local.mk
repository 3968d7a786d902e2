# orchestrator/: multibmc (CLI + supervisor) and multibmc-gen. GLib throughout.
ORCH_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(JSONC_CFLAGS) $(MNL_CFLAGS)
ORCH_COMMON = orchestrator/template.c orchestrator/gen.c orchestrator/fileutil.c

sbin_PROGRAMS += orchestrator/multibmc-gen
orchestrator_multibmc_gen_SOURCES = orchestrator/gen_main.c $(ORCH_COMMON)
orchestrator_multibmc_gen_CFLAGS = $(ORCH_CFLAGS)
orchestrator_multibmc_gen_LDADD = $(GLIB_LIBS)

# Proxmox serial bridge (SOL): a library part of the supervisor, and a standalone binary.
if HAVE_SOUP
SOLBRIDGE_SOURCES = orchestrator/solbridge.c orchestrator/termproxy.c orchestrator/fileutil.c
sbin_PROGRAMS += orchestrator/multibmc-solbridge
orchestrator_multibmc_solbridge_SOURCES = orchestrator/solbridge_main.c $(SOLBRIDGE_SOURCES)
orchestrator_multibmc_solbridge_CFLAGS = $(ORCH_CFLAGS) $(SOUP_CFLAGS)
orchestrator_multibmc_solbridge_LDADD = $(SOUP_LIBS) $(GLIB_LIBS) $(JSONC_LIBS)
endif

noinst_PROGRAMS += tests/unit/test_termproxy
tests_unit_test_termproxy_SOURCES = tests/unit/test_termproxy.c orchestrator/termproxy.c
tests_unit_test_termproxy_CFLAGS = $(ORCH_CFLAGS) -I$(top_srcdir)/tests/unit -I$(top_srcdir)/orchestrator
tests_unit_test_termproxy_LDADD = $(GLIB_LIBS)
