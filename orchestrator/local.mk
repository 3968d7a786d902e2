# orchestrator/: multibmc (CLI + supervisor) and multibmc-gen. GLib throughout.
ORCH_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(JSONC_CFLAGS) $(MNL_CFLAGS)
ORCH_COMMON = orchestrator/template.c orchestrator/gen.c orchestrator/fileutil.c

sbin_PROGRAMS += orchestrator/multibmc-gen
orchestrator_multibmc_gen_SOURCES = orchestrator/gen_main.c $(ORCH_COMMON)
orchestrator_multibmc_gen_CFLAGS = $(ORCH_CFLAGS)
orchestrator_multibmc_gen_LDADD = $(GLIB_LIBS)
