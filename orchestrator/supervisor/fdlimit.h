/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MBMC_FDLIMIT_H
#define MBMC_FDLIMIT_H

#include <glib.h>

/* The supervisor's file descriptor budget (see fdlimit.c). */
void mbmc_fdlimit_raise(void);
/* The soft limit now (0 unknown). */
guint64 mbmc_fdlimit_current(void);
/* In a child between fork and exec (async-signal-safe): the limit it was started with. */
void mbmc_fdlimit_restore(void);

#endif
