# SPDX-License-Identifier: GPL-2.0-or-later
# scripts/local.mk: the service files (installed) and the project's scripts (tarball only).
systemdunitdir = $(systemdsystemunitdir)
initddir = $(sysconfdir)/init.d
systemdunit_DATA = scripts/multibmc.service
initd_SCRIPTS = scripts/init.d/multibmc
EXTRA_DIST += scripts/multibmc.service.in scripts/multibmc.init.in
CLEANFILES += scripts/multibmc.service scripts/init.d/multibmc

orch_subst = sed -e 's|@sbindir[@]|$(sbindir)|g' -e 's|@sysconfdir[@]|$(sysconfdir)|g'
scripts/multibmc.service: $(srcdir)/scripts/multibmc.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) scripts && $(orch_subst) $< >$@
scripts/init.d/multibmc: $(srcdir)/scripts/multibmc.init.in Makefile
	$(AM_V_GEN)$(MKDIR_P) scripts/init.d && $(orch_subst) $< >$@ && chmod +x $@

EXTRA_DIST += scripts/build scripts/run-tests scripts/install-deps scripts/check-dist scripts/demo \
	scripts/build-deb scripts/copy-sources scripts/debian-chroot
# The demo guest (scripts/build-guest) and the files it puts into the guest.
EXTRA_DIST += scripts/build-guest scripts/guest/init scripts/guest/sbin/powerbuttond \
	scripts/guest/etc/group scripts/guest/etc/hostname scripts/guest/etc/inittab scripts/guest/etc/issue \
	scripts/guest/etc/passwd scripts/guest/etc/profile scripts/guest/etc/rc.shutdown \
	scripts/guest/etc/rc.sysinit scripts/guest/etc/shadow
EXTRA_DIST += scripts/build-guest-iso
