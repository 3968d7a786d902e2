/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Standard base64 (RFC 4648, with padding) decoding: Redfish's HTTP Basic credentials,
 * Proxmox's base64-encoded smbios1 fields. */
#ifndef MBMC_BASE64_H
#define MBMC_BASE64_H

#include <stddef.h>
#include <stdint.h>

/* Decode in[0..len) into out (at most cap bytes). Returns the decoded length, or -1 when in
 * is not padded base64 or does not fit. */
long mbmc_base64_decode(const char *in, size_t len, uint8_t *out, size_t cap);

#endif
