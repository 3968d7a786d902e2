/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Minimal unit-test helpers: TAP lines that tests/run counts. */
#ifndef MBMC_UNIT_H
#define MBMC_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_failed_count;
static int unit_case_failed;

#define CHECK(cond) do { if (!(cond)) { \
    fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
    unit_case_failed = 1; } } while (0)
#define CHECK_EQ_INT(a, b) do { long long _a = (long long)(a), _b = (long long)(b); if (_a != _b) { \
    fprintf(stderr, "  %s:%d: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__, #a, _a, #b, _b); \
    unit_case_failed = 1; } } while (0)
#define CHECK_EQ_STR(a, b) do { const char *_a = (a), *_b = (b); \
    if (!_a || !_b || strcmp(_a, _b)) { \
    fprintf(stderr, "  %s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a, \
            _a ? _a : "(null)", _b ? _b : "(null)"); unit_case_failed = 1; } } while (0)
#define CHECK_MEM(a, b, n) do { if (memcmp((a), (b), (n))) { \
    fprintf(stderr, "  %s:%d: memory %s differs from %s\n", __FILE__, __LINE__, #a, #b); \
    unit_case_failed = 1; } } while (0)

/* Run one test function and print "ok NAME" or "not ok NAME". */
#define RUN(fn) do { unit_case_failed = 0; fn(); \
    printf("%s %s\n", unit_case_failed ? "not ok" : "ok", #fn); \
    if (unit_case_failed) { unit_failed_count++; } \
    fflush(stdout); } while (0)

#define UNIT_EXIT() return unit_failed_count ? 1 : 0

#endif
