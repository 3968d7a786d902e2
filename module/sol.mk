# module/sol.mk: Serial-over-LAN fixes (see Makefile.am)
MODULE_SOURCES += module/sol_payload.c module/sol_seq.c

noinst_PROGRAMS += tests/unit/test_sol_payload
tests_unit_test_sol_payload_SOURCES = tests/unit/test_sol_payload.c module/sol_payload.c module/sol_seq.c module/log.c
tests_unit_test_sol_payload_CFLAGS = $(UNIT_CFLAGS)

noinst_PROGRAMS += tests/unit/test_sol_seq
tests_unit_test_sol_seq_SOURCES = tests/unit/test_sol_seq.c module/sol_seq.c
tests_unit_test_sol_seq_CFLAGS = $(UNIT_CFLAGS)
