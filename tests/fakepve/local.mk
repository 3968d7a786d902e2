# SPDX-License-Identifier: GPL-2.0-or-later
# tests/fakepve: the fake Proxmox VE API (HTTPS on loopback) used by tests/integration/pve_*.sh.
# Plain OpenSSL rather than libmicrohttpd: see the comment at the top of fakepve.c.
EXTRA_PROGRAMS += tests/fakepve/fakepve
TEST_HELPERS += tests/fakepve/fakepve$(EXEEXT)
tests_fakepve_fakepve_SOURCES = tests/fakepve/fakepve.c tests/fakepve/fake_model.c \
	tests/fakepve/fake_api.c tests/fakepve/fake_auth.c tests/fakepve/fake_ctl.c tests/fakepve/fake.h \
	tests/fakepve/fake_console.c tests/fakepve/fake_console.h tests/fakepve/fake_storage.c tests/fakepve/fake_resources.c \
	tests/fakepve/fake_cost.c tests/fakepve/fake_cost.h
tests_fakepve_fakepve_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS) $(CRYPTO_CFLAGS) $(CURL_CFLAGS) -pthread
tests_fakepve_fakepve_LDADD = $(JSONC_LIBS) -lssl $(CRYPTO_LIBS) $(CURL_LIBS)
tests_fakepve_fakepve_LDFLAGS = -pthread
