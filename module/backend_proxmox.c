/* PLACEHOLDER: being written (Proxmox backend). */
#include "backend.h"
const struct mbmc_backend_ops mbmc_backend_proxmox = { .name = "proxmox" };
