# module/proxmox.mk: sources and tests of this area (see Makefile.am)
MODULE_SOURCES += module/backend_proxmox.c
