# module/proxmox.mk: the Proxmox VE backend, its unit tests and the fake Proxmox API.
MODULE_SOURCES += module/backend_proxmox.c module/pve_http.c module/pve_api.c \
	module/pve_boot.c module/pve_upid.c module/pve_error.c module/pve_poll.c \
	module/pve_state_map.c module/pve_parse.c module/pve_table.c module/pve_table_source.c

noinst_PROGRAMS += tests/unit/test_pve_logic
tests_unit_test_pve_logic_SOURCES = tests/unit/test_pve_logic.c module/pve_boot.c \
	module/pve_upid.c module/pve_error.c module/pve_state_map.c module/pve_parse.c
tests_unit_test_pve_logic_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_pve_logic_LDADD = $(UNIT_LIBS)

include tests/fakepve/local.mk
