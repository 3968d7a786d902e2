# SPDX-License-Identifier: GPL-2.0-or-later
# module/simabi/local.mk: the ipmi_sim ABI of both lanserv flavours (see Makefile.am)
MODULE_SOURCES += module/simabi/sim_abi.c module/simabi/sim_flavour.c
noinst_HEADERS += module/simabi/sim_abi.h module/simabi/sim_flavour.h

check_PROGRAMS += tests/unit/test_sim_flavour
tests_unit_test_sim_flavour_SOURCES = tests/unit/test_sim_flavour.c module/simabi/sim_flavour.c
tests_unit_test_sim_flavour_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_sim_flavour_LDADD = -lIPMIlanserv -lOpenIPMIutils $(CRYPTO_LIBS)
tests_unit_test_sim_flavour_LDFLAGS = -rdynamic
