# SPDX-License-Identifier: GPL-2.0-or-later
# module/console/local.mk: the SOL console history (instance 2), kept across restarts (see Makefile.am)
MODULE_SOURCES += module/console/console_history.c module/console/history_file.c \
	module/console/history_buf.c module/console/sol_replay.c

check_PROGRAMS += tests/unit/test_console_history
tests_unit_test_console_history_SOURCES = tests/unit/test_console_history.c module/console/history_buf.c \
	module/console/history_file.c module/console/sol_replay.c module/file_atomic.c
tests_unit_test_console_history_CFLAGS = $(UNIT_CFLAGS)
noinst_HEADERS += module/console/console_history.h module/console/history_buf.h \
	module/console/history_file.h module/console/sol_replay.h
