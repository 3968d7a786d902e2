# SPDX-License-Identifier: GPL-2.0-or-later
# module/qmp/local.mk: the local-QEMU backend (QMP) and its tests (see Makefile.am)
MODULE_SOURCES += module/qmp/backend_qmp.c module/qmp/qmp_conn.c module/qmp/qmp_lines.c module/qmp/qmp_boot.c module/qmp/qmp_origin.c \
	module/qmp/qmp_facts.c module/qmp/qmp_media.c

QMP_UNIT_SOURCES = module/qmp/backend_qmp.c module/qmp/qmp_conn.c module/qmp/qmp_lines.c module/qmp/qmp_boot.c module/qmp/qmp_origin.c \
	module/qmp/qmp_facts.c module/qmp/qmp_media.c module/identity/uuid.c module/file_atomic.c $(UNIT_LOOP) \
	module/chassis/power_policy.c module/chassis/power_control.c

check_PROGRAMS += tests/unit/test_qmp_lines
tests_unit_test_qmp_lines_SOURCES = tests/unit/test_qmp_lines.c $(QMP_UNIT_SOURCES)
tests_unit_test_qmp_lines_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_qmp_lines_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test_qmp_qemu
tests_unit_test_qmp_qemu_SOURCES = tests/unit/test_qmp_qemu.c tests/unit/qemu_vm.c $(QMP_UNIT_SOURCES)
tests_unit_test_qmp_qemu_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_qmp_qemu_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test_qmp_facts
tests_unit_test_qmp_facts_SOURCES = tests/unit/test_qmp_facts.c module/qmp/qmp_facts.c
tests_unit_test_qmp_facts_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_qmp_facts_LDADD = $(UNIT_LIBS)
noinst_HEADERS += module/qmp/qmp_boot.h module/qmp/qmp_conn.h module/qmp/qmp_lines.h module/qmp/qmp_origin.h \
	module/qmp/qmp_facts.h module/qmp/qmp_media.h
