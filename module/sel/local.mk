# SPDX-License-Identifier: GPL-2.0-or-later
# module/sel/local.mk: the System Event Log and its tests (see Makefile.am)
MODULE_SOURCES += module/sel/sel.c module/sel/sel_store.c

check_PROGRAMS += tests/unit/test_sel_store
tests_unit_test_sel_store_SOURCES = tests/unit/test_sel_store.c module/sel/sel_store.c
tests_unit_test_sel_store_CFLAGS = $(UNIT_CFLAGS)
noinst_HEADERS += module/sel/sel.h module/sel/sel_store.h
