/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which VMs discover takes: --pool, --tag (repeatable: every one must be set), --name GLOB,
 * --node, --vmid A-B; all given ones must match. Templates never match (they cannot run).
 * Tags compare without case, as PVE's tag handling does by default. Pure. */
#ifndef MBMC_VMSELECT_H
#define MBMC_VMSELECT_H

#include <glib.h>

#include "vminfo.h"

typedef struct {
    const char *pool;
    const char *const *tags;   /* NULL-terminated, or NULL */
    const char *name_glob;     /* fnmatch(3) pattern on the VM name */
    const char *node;
    guint vmid_min, vmid_max;  /* 0, 0: any */
} MbmcVmSelect;

/* "A-B" or "N" → an inclusive VMID range. */
gboolean mbmc_vmid_range_parse(const char *s, guint *min, guint *max, GError **error);

gboolean mbmc_vm_select_match(const MbmcVmSelect *sel, const MbmcVmInfo *vm);

/* The selection as one canonical line, recorded in the BMCs discover adds ("discovered" in
 * the config): "proxmox pool=compute tag=gpu,hpc vmid=1000-1099", "qmp glob=/run/vms/x name=cn*".
 * Tags are sorted and lower-case, so the same selection written differently is the same. */
char *mbmc_vm_select_key(const MbmcVmSelect *sel, const char *qmp_glob);

#endif
