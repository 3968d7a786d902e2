# SPDX-License-Identifier: GPL-2.0-or-later
# module/sdr/local.mk: the SDR repository, the sensors and their tests (see Makefile.am)
MODULE_SOURCES += module/sdr/sdr.c module/sdr/sdr_records.c module/sdr/sdr_repo.c module/sdr/sensor_cmds.c

noinst_PROGRAMS += tests/unit/test_sdr
tests_unit_test_sdr_SOURCES = tests/unit/test_sdr.c module/sdr/sdr_records.c module/sdr/sdr_repo.c \
	module/sdr/sensor_cmds.c
tests_unit_test_sdr_CFLAGS = $(UNIT_CFLAGS)
