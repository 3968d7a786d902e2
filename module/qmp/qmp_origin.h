/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The VM's own boot order, remembered in the state dir: when ipmi_sim restarts while an
 * override is applied, the bootindex values QEMU shows are ours, not the VM's. The record
 * names the QEMU process (pid and start time), so a restarted QEMU is read afresh. */
#ifndef MBMC_QMP_ORIGIN_H
#define MBMC_QMP_ORIGIN_H

#include <stddef.h>
#include <sys/types.h>

#include "qmp_boot.h"

/* Start time of a process (clock ticks since boot, /proc/PID/stat field 22); 0 if unknown. */
unsigned long long qmp_origin_start_time(pid_t pid);
/* If file describes this QEMU, set d[].orig from it and return 0; else -1. */
int qmp_origin_load(const char *file, pid_t pid, unsigned long long start,
                    struct qmp_bootdev *d, size_t n);
/* Write d[].orig for this QEMU (0600, atomically). Returns 0 or errno. */
int qmp_origin_save(const char *file, pid_t pid, unsigned long long start,
                    const struct qmp_bootdev *d, size_t n);

#endif
