# SPDX-License-Identifier: GPL-2.0-or-later
# docs/local.mk: man pages (installed) and the documents the README links to.
#
# Each man page is built from docs/man/PAGE.in: docs/man/settings-man, a program compiled for the
# build machine (CC_FOR_BUILD) from docs/man/settings_man.c and the table of settings
# (module/shared/settings.def), writes its lists of config keys, flags and module options. The
# pages are not shipped built: a tarball carries the sources and the program, so the pages of
# any build list exactly the settings its code takes (`make distcheck` builds them from one).
man5_MANS = docs/man/multibmc.json.5
man8_MANS = docs/man/multibmc.8 docs/man/multibmc-gen.8 docs/man/multibmc-solbridge.8
SETTINGS_MAN = docs/man/settings-man
EXTRA_DIST += docs/man/settings_man.c docs/man/multibmc.json.5.in docs/man/multibmc.8.in docs/man/multibmc-gen.8.in \
	docs/man/multibmc-solbridge.8.in
CLEANFILES += $(man5_MANS) $(man8_MANS) $(SETTINGS_MAN)
EXTRA_DIST += docs/PERFORMANCE.md docs/architecture.md docs/hpcm.md docs/qmp-backend.md docs/security.md docs/xcat.md

SETTINGS_MAN_SRC = $(srcdir)/docs/man/settings_man.c $(srcdir)/module/shared/settings.c
$(SETTINGS_MAN): $(SETTINGS_MAN_SRC) $(srcdir)/module/shared/settings.h $(srcdir)/module/shared/settings.def
	@$(MKDIR_P) docs/man
	$(AM_V_CCLD)$(CC_FOR_BUILD) -std=gnu11 $(WARN_CFLAGS) $(CFLAGS_FOR_BUILD) $(CPPFLAGS_FOR_BUILD) \
	    -I$(srcdir)/module/shared $(LDFLAGS_FOR_BUILD) -o $@ $(SETTINGS_MAN_SRC)

# One rule per page (a pattern rule is GNU make only).
SETTINGS_MAN_RUN = $(AM_V_GEN)./$(SETTINGS_MAN) <$(srcdir)/$@.in >$@.tmp && mv $@.tmp $@
docs/man/multibmc.json.5: $(srcdir)/docs/man/multibmc.json.5.in $(SETTINGS_MAN)
	$(SETTINGS_MAN_RUN)
docs/man/multibmc.8: $(srcdir)/docs/man/multibmc.8.in $(SETTINGS_MAN)
	$(SETTINGS_MAN_RUN)
docs/man/multibmc-gen.8: $(srcdir)/docs/man/multibmc-gen.8.in $(SETTINGS_MAN)
	$(SETTINGS_MAN_RUN)
docs/man/multibmc-solbridge.8: $(srcdir)/docs/man/multibmc-solbridge.8.in $(SETTINGS_MAN)
	$(SETTINGS_MAN_RUN)
