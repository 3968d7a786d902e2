# SPDX-License-Identifier: GPL-2.0-or-later
# module/identity/local.mk: who the VM is (GUID, FRU 0, system info) and its tests (see Makefile.am)
MODULE_SOURCES += module/identity/identity.c module/identity/uuid.c module/identity/fru_image.c \
	module/identity/sysinfo.c

check_PROGRAMS += tests/unit/test_identity
tests_unit_test_identity_SOURCES = tests/unit/test_identity.c module/identity/uuid.c \
	module/identity/fru_image.c module/identity/sysinfo.c
tests_unit_test_identity_CFLAGS = $(UNIT_CFLAGS)
noinst_HEADERS += module/identity/fru_image.h module/identity/identity.h module/identity/sysinfo.h \
	module/identity/uuid.h module/identity/vm_identity.h
