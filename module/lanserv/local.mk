# SPDX-License-Identifier: GPL-2.0-or-later
# module/lanserv/local.mk: sources and tests of this area (see Makefile.am)
# The lanserv 2.0.33 protocol fixes, Serial-over-LAN ones included (lanserv_fix.c installs them after lanserv_guard.c).
MODULE_SOURCES += module/lanserv/lanserv_fix.c module/lanserv/lanserv_guard.c module/lanserv/cipher_table.c \
	module/lanserv/cipher_list.c module/lanserv/rmcpp_out.c module/lanserv/rakp_sha256.c module/lanserv/rakp_sha256_crypto.c \
	module/lanserv/session_priv.c module/lanserv/crash_guards.c module/lanserv/lan_params_ro.c \
	module/lanserv/session_startup.c module/lanserv/login_lockout.c module/lanserv/lockout_table.c

noinst_PROGRAMS += tests/unit/test_cipher_table tests/unit/test_rakp_sha256 tests/unit/test_priv_limit
tests_unit_test_cipher_table_SOURCES = tests/unit/test_cipher_table.c module/lanserv/cipher_table.c
tests_unit_test_cipher_table_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rakp_sha256_SOURCES = tests/unit/test_rakp_sha256.c module/lanserv/rakp_sha256_crypto.c
tests_unit_test_rakp_sha256_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rakp_sha256_LDADD = $(UNIT_LIBS)
tests_unit_test_priv_limit_SOURCES = tests/unit/test_priv_limit.c
tests_unit_test_priv_limit_CFLAGS = $(UNIT_CFLAGS)
EXTRA_DIST += tests/unit/rakp_sha256_vectors.py
# The guard against the real lanserv library (its tables, changed in the test process only).
noinst_PROGRAMS += tests/unit/test_lanserv_guard
tests_unit_test_lanserv_guard_SOURCES = tests/unit/test_lanserv_guard.c module/lanserv/lanserv_guard.c
tests_unit_test_lanserv_guard_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_lanserv_guard_LDADD = -lIPMIlanserv -lOpenIPMIutils $(CRYPTO_LIBS)
noinst_PROGRAMS += tests/unit/test_session_startup
tests_unit_test_session_startup_SOURCES = tests/unit/test_session_startup.c module/lanserv/session_startup.c
tests_unit_test_session_startup_CFLAGS = $(UNIT_CFLAGS)
noinst_PROGRAMS += tests/unit/test_login_lockout
tests_unit_test_login_lockout_SOURCES = tests/unit/test_login_lockout.c module/lanserv/login_lockout.c \
	module/lanserv/lockout_table.c $(UNIT_LOOP)
tests_unit_test_login_lockout_CFLAGS = $(UNIT_CFLAGS)
noinst_PROGRAMS += tests/unit/test_lockout_table
tests_unit_test_lockout_table_SOURCES = tests/unit/test_lockout_table.c module/lanserv/lockout_table.c
tests_unit_test_lockout_table_CFLAGS = $(UNIT_CFLAGS)

MODULE_SOURCES += module/lanserv/sol_activate.c module/lanserv/sol_seq.c
# Read access to lanserv's SOL history ring (the console history's source, module/console/).
MODULE_SOURCES += module/lanserv/sol_history_ring.c

noinst_PROGRAMS += tests/unit/test_sol_activate
tests_unit_test_sol_activate_SOURCES = tests/unit/test_sol_activate.c module/lanserv/sol_activate.c module/lanserv/sol_seq.c module/log.c
tests_unit_test_sol_activate_CFLAGS = $(UNIT_CFLAGS)

noinst_PROGRAMS += tests/unit/test_sol_seq
tests_unit_test_sol_seq_SOURCES = tests/unit/test_sol_seq.c module/lanserv/sol_seq.c
tests_unit_test_sol_seq_CFLAGS = $(UNIT_CFLAGS)
