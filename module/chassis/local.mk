# SPDX-License-Identifier: GPL-2.0-or-later
# module/chassis/local.mk: sources and tests of this area (see Makefile.am)
MODULE_SOURCES += module/chassis/chassis.c module/chassis/chassis_logic.c

check_PROGRAMS += tests/unit/test_chassis_logic
tests_unit_test_chassis_logic_SOURCES = tests/unit/test_chassis_logic.c module/chassis/chassis_logic.c \
	module/chassis/power_control.c module/chassis/power_policy.c module/log.c
tests_unit_test_chassis_logic_CFLAGS = $(UNIT_CFLAGS)
noinst_HEADERS += module/chassis/chassis.h module/chassis/chassis_logic.h
MODULE_SOURCES += module/chassis/power_events.c
noinst_HEADERS += module/chassis/power_events.h

check_PROGRAMS += tests/unit/test_power_events
tests_unit_test_power_events_SOURCES = tests/unit/test_power_events.c module/chassis/power_events.c
tests_unit_test_power_events_CFLAGS = $(UNIT_CFLAGS)
MODULE_SOURCES += module/chassis/power_policy.c module/chassis/power_control.c
noinst_HEADERS += module/chassis/power_policy.h module/chassis/power_control.h

check_PROGRAMS += tests/unit/test_power_policy
tests_unit_test_power_policy_SOURCES = tests/unit/test_power_policy.c module/chassis/power_policy.c
tests_unit_test_power_policy_CFLAGS = $(UNIT_CFLAGS)
