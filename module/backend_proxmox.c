/* PLACEHOLDER (being replaced by the Proxmox backend work). */
#include <stdio.h>
#include "backend.h"
static struct mbmc_backend *p_open(struct mbmc_loop *l, const struct mbmc_options *o,
                                   const struct mbmc_backend_events *ev, char *err, size_t n)
{ snprintf(err, n, "the Proxmox backend is not built yet"); return NULL; }
const struct mbmc_backend_ops mbmc_backend_proxmox = { .name = "proxmox", .open = p_open };
