# module/fix.mk: sources and tests of this area (see Makefile.am)
# The lanserv 2.0.33 protocol fixes (lanserv_fix.c installs them after lanserv_guard.c).
MODULE_SOURCES += module/lanserv_fix.c module/lanserv_guard.c module/cipher_table.c \
	module/cipher_list.c module/rmcpp_out.c module/rakp_sha256.c module/rakp_sha256_crypto.c \
	module/session_priv.c module/crash_guards.c module/lan_params_ro.c \
	module/session_startup.c module/login_lockout.c module/lockout_table.c

noinst_PROGRAMS += tests/unit/test_cipher_table tests/unit/test_rakp_sha256 tests/unit/test_priv_limit
tests_unit_test_cipher_table_SOURCES = tests/unit/test_cipher_table.c module/cipher_table.c
tests_unit_test_cipher_table_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rakp_sha256_SOURCES = tests/unit/test_rakp_sha256.c module/rakp_sha256_crypto.c
tests_unit_test_rakp_sha256_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rakp_sha256_LDADD = $(UNIT_LIBS)
tests_unit_test_priv_limit_SOURCES = tests/unit/test_priv_limit.c
tests_unit_test_priv_limit_CFLAGS = $(UNIT_CFLAGS)
EXTRA_DIST += tests/unit/rakp_sha256_vectors.py
# The guard against the real lanserv library (its tables, changed in the test process only).
noinst_PROGRAMS += tests/unit/test_lanserv_guard
tests_unit_test_lanserv_guard_SOURCES = tests/unit/test_lanserv_guard.c module/lanserv_guard.c
tests_unit_test_lanserv_guard_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_lanserv_guard_LDADD = -lIPMIlanserv -lOpenIPMIutils $(CRYPTO_LIBS)
noinst_PROGRAMS += tests/unit/test_session_startup
tests_unit_test_session_startup_SOURCES = tests/unit/test_session_startup.c module/session_startup.c
tests_unit_test_session_startup_CFLAGS = $(UNIT_CFLAGS)
noinst_PROGRAMS += tests/unit/test_lockout_table
tests_unit_test_lockout_table_SOURCES = tests/unit/test_lockout_table.c module/lockout_table.c
tests_unit_test_lockout_table_CFLAGS = $(UNIT_CFLAGS)
