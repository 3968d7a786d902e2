# SPDX-License-Identifier: GPL-2.0-or-later
# module/sdr/local.mk: the SDR repository, the sensors and their tests (see Makefile.am)
MODULE_SOURCES += module/sdr/sdr.c module/sdr/sdr_records.c module/sdr/sdr_repo.c module/sdr/sensor_cmds.c

check_PROGRAMS += tests/unit/test_sdr
tests_unit_test_sdr_SOURCES = tests/unit/test_sdr.c module/sdr/sdr_records.c module/sdr/sdr_repo.c \
	module/sdr/sensor_cmds.c
tests_unit_test_sdr_CFLAGS = $(UNIT_CFLAGS)
noinst_HEADERS += module/sdr/sdr.h module/sdr/sdr_records.h module/sdr/sdr_repo.h module/sdr/sensor_cmds.h \
	module/sdr/sensors.h
