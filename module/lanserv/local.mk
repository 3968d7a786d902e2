# SPDX-License-Identifier: GPL-2.0-or-later
# module/lanserv/local.mk: sources and tests of this area (see Makefile.am)
# The lanserv protocol fixes, Serial-over-LAN ones included (lanserv_fix.c installs them after lanserv_guard.c).
MODULE_SOURCES += module/lanserv/lanserv_fix.c module/lanserv/lanserv_guard.c module/lanserv/cipher_table.c \
	module/lanserv/cipher_list.c module/lanserv/rmcpp_out.c module/lanserv/rakp_sha256.c module/lanserv/rakp_sha256_crypto.c \
	module/lanserv/session_priv.c module/lanserv/crash_guards.c module/lanserv/log_guard.c module/lanserv/conf_none.c \
	module/lanserv/lan_params_ro.c \
	module/lanserv/session_startup.c module/lanserv/login_lockout.c module/lanserv/lockout_table.c \
	module/lanserv/session_slots.c module/lanserv/cmd_privs.c module/lanserv/chained_cmds.c \
	module/lanserv/reply_fixes.c module/lanserv/lan_guid.c

check_PROGRAMS += tests/unit/test_cipher_table tests/unit/test_rakp_sha256 tests/unit/test_priv_limit
tests_unit_test_cipher_table_SOURCES = tests/unit/test_cipher_table.c module/lanserv/cipher_table.c
tests_unit_test_cipher_table_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rakp_sha256_SOURCES = tests/unit/test_rakp_sha256.c module/lanserv/rakp_sha256_crypto.c
tests_unit_test_rakp_sha256_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rakp_sha256_LDADD = $(UNIT_LIBS)
tests_unit_test_priv_limit_SOURCES = tests/unit/test_priv_limit.c
tests_unit_test_priv_limit_CFLAGS = $(UNIT_CFLAGS)
EXTRA_DIST += tests/unit/rakp_sha256_vectors.py
# The guard against the real lanserv library (its tables, changed in the test process only).
check_PROGRAMS += tests/unit/test_lanserv_guard
tests_unit_test_lanserv_guard_SOURCES = tests/unit/test_lanserv_guard.c module/lanserv/lanserv_guard.c
tests_unit_test_lanserv_guard_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_lanserv_guard_LDADD = -lIPMIlanserv -lOpenIPMIutils $(CRYPTO_LIBS)
# The log guard against the real libIPMIlanserv: its short-datagram log with a dirty stack.
check_PROGRAMS += tests/unit/test_log_guard
tests_unit_test_log_guard_SOURCES = tests/unit/test_log_guard.c module/lanserv/log_guard.c
tests_unit_test_log_guard_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_log_guard_LDADD = -lIPMIlanserv -lOpenIPMIutils $(CRYPTO_LIBS)
# The confidentiality "none" handler against the real libIPMIlanserv's packet path.
check_PROGRAMS += tests/unit/test_conf_none
tests_unit_test_conf_none_SOURCES = tests/unit/test_conf_none.c module/lanserv/conf_none.c \
	module/lanserv/lanserv_guard.c
tests_unit_test_conf_none_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_conf_none_LDADD = -lIPMIlanserv -lOpenIPMIutils $(CRYPTO_LIBS)
check_PROGRAMS += tests/unit/test_session_startup
tests_unit_test_session_startup_SOURCES = tests/unit/test_session_startup.c module/lanserv/session_startup.c
tests_unit_test_session_startup_CFLAGS = $(UNIT_CFLAGS)
# The 2.0.37 session-slot walk kept inside the array (pure part; the module, its log and the
# RMCP+ sender are linked only for the wrapper around it).
check_PROGRAMS += tests/unit/test_session_slots
tests_unit_test_session_slots_SOURCES = tests/unit/test_session_slots.c module/lanserv/session_slots.c \
	module/lanserv/rmcpp_out.c module/log.c
tests_unit_test_session_slots_CFLAGS = $(UNIT_CFLAGS)
check_PROGRAMS += tests/unit/test_login_lockout
tests_unit_test_login_lockout_SOURCES = tests/unit/test_login_lockout.c module/lanserv/login_lockout.c \
	module/lanserv/lockout_table.c module/login_guard.c $(UNIT_LOOP)
tests_unit_test_login_lockout_CFLAGS = $(UNIT_CFLAGS)
check_PROGRAMS += tests/unit/test_lockout_table
tests_unit_test_lockout_table_SOURCES = tests/unit/test_lockout_table.c module/lanserv/lockout_table.c
tests_unit_test_lockout_table_CFLAGS = $(UNIT_CFLAGS)

MODULE_SOURCES += module/lanserv/sol_activate.c module/lanserv/sol_seq.c module/lanserv/sol_inbound.c \
	module/lanserv/sol_internals.c module/lanserv/sol_outbound.c module/lanserv/sol_nack.c \
	module/lanserv/sol_takeover.c
# Read access to lanserv's SOL history ring (the console history's source, module/console/).
MODULE_SOURCES += module/lanserv/sol_history_ring.c

SOL_MODULE_SOURCES = module/lanserv/sol_activate.c module/lanserv/sol_seq.c module/lanserv/sol_inbound.c \
	module/lanserv/sol_internals.c module/lanserv/sol_outbound.c module/lanserv/sol_nack.c \
	module/lanserv/sol_takeover.c module/log.c
check_PROGRAMS += tests/unit/test_sol_activate
tests_unit_test_sol_activate_SOURCES = tests/unit/test_sol_activate.c $(SOL_MODULE_SOURCES) tests/unit/loop_poll.c
tests_unit_test_sol_activate_CFLAGS = $(UNIT_CFLAGS)

check_PROGRAMS += tests/unit/test_sol_seq
tests_unit_test_sol_seq_SOURCES = tests/unit/test_sol_seq.c module/lanserv/sol_seq.c
tests_unit_test_sol_seq_CFLAGS = $(UNIT_CFLAGS)

noinst_HEADERS += module/lanserv/cipher_list.h module/lanserv/cipher_table.h module/lanserv/crash_guards.h \
	module/lanserv/log_guard.h module/lanserv/conf_none.h \
	module/lanserv/lan_params_ro.h module/lanserv/lanserv_fix.h module/lanserv/lanserv_guard.h \
	module/lanserv/lanserv_session.h module/lanserv/lockout_table.h module/lanserv/login_lockout.h \
	module/lanserv/priv_limit.h module/lanserv/rakp_sha256.h module/lanserv/rakp_sha256_crypto.h \
	module/lanserv/rmcpp_out.h module/lanserv/session_priv.h module/lanserv/session_slots.h module/lanserv/session_startup.h \
	module/lanserv/sol_activate.h module/lanserv/sol_seq.h \
	module/lanserv/sol_inbound.h module/lanserv/sol_internals.h module/lanserv/sol_outbound.h \
	module/lanserv/sol_nack.h module/lanserv/sol_takeover.h module/lanserv/cmd_privs.h module/lanserv/chained_cmds.h \
	module/lanserv/reply_fixes.h module/lanserv/lan_guid.h module/lanserv/sol_history_ring.h
check_PROGRAMS += tests/unit/test_sol_nack
tests_unit_test_sol_nack_SOURCES = tests/unit/test_sol_nack.c module/lanserv/sol_nack.c
tests_unit_test_sol_nack_CFLAGS = $(UNIT_CFLAGS)

check_PROGRAMS += tests/unit/test_reply_fixes
tests_unit_test_reply_fixes_SOURCES = tests/unit/test_reply_fixes.c module/lanserv/reply_fixes.c module/lanserv/cmd_privs.c
tests_unit_test_reply_fixes_CFLAGS = $(UNIT_CFLAGS)
