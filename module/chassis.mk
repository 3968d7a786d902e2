# module/chassis.mk: sources and tests of this area (see Makefile.am)
MODULE_SOURCES += module/chassis.c
