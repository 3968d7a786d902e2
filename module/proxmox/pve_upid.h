/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proxmox task ids (UPID): the node that runs a task is inside its id. */
#ifndef MBMC_PVE_UPID_H
#define MBMC_PVE_UPID_H

#include <stddef.h>

/* UPID:<node>:<pid8>:<pstart8-9>:<start8>:<type>:<id>:<user>:
 * Copies node and type out. Returns 0, or -1 when upid is malformed. */
int pve_upid_parse(const char *upid, char *node, size_t nodelen, char *type, size_t typelen);

/* Percent-encode for a URL path segment (UPIDs hold ':', '!', '@'). Returns 0 or -1. */
int pve_url_escape(const char *in, char *out, size_t outlen);

#endif
