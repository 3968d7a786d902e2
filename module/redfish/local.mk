# SPDX-License-Identifier: GPL-2.0-or-later
# module/redfish/local.mk: the Redfish service (HTTPS beside IPMI in the same BMC process).
# rf_*.c without server/cert are pure (unit-tested, fuzzed); rf_server.c and rf_cert.c do the
# I/O (libmicrohttpd, GnuTLS: dlopen()ed by rf_libs.c when Redfish starts, not linked);
# redfish.c binds the service to the BMC.
REDFISH_PURE = module/redfish/rf_http.c module/redfish/rf_error.c module/redfish/rf_etag.c \
	module/redfish/rf_session.c module/redfish/rf_auth.c module/redfish/rf_boot.c \
	module/redfish/rf_media.c module/redfish/rf_resources.c module/redfish/rf_service.c
MODULE_SOURCES += $(REDFISH_PURE) module/redfish/rf_cert.c module/redfish/rf_server.c \
	module/redfish/rf_libs.c module/redfish/redfish.c module/login_guard.c

check_PROGRAMS += tests/unit/test_redfish
tests_unit_test_redfish_SOURCES = tests/unit/test_redfish.c $(REDFISH_PURE) module/lanserv/lockout_table.c \
	module/base64.c
tests_unit_test_redfish_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_redfish_LDADD = $(UNIT_LIBS)
noinst_HEADERS += module/redfish/redfish.h module/redfish/rf_auth.h module/redfish/rf_boot.h \
	module/redfish/rf_cert.h module/redfish/rf_error.h module/redfish/rf_etag.h module/redfish/rf_http.h \
	module/redfish/rf_libs.h module/redfish/rf_media.h module/redfish/rf_resources.h module/redfish/rf_server.h \
	module/redfish/rf_service.h module/redfish/rf_session.h module/login_guard.h
