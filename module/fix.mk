# module/fix.mk: sources and tests of this area (see Makefile.am)
MODULE_SOURCES += module/lanserv_fix.c
