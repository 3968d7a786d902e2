/* SPDX-License-Identifier: GPL-2.0-or-later */
/* UUIDs as text and bytes, and the byte order IPMI wants.
 * A VM's SMBIOS UUID is the text dmidecode prints ("8c6f...-..."); RFC 4122 order is that
 * text's bytes left to right. IPMI's Get System/Device GUID sends every field least
 * significant byte first (IPMI 2.0 section 20.8, the node field too), which is the RFC
 * byte sequence reversed; ipmitool's "mc guid" and FreeIPMI decode it back to the text. */
#ifndef MBMC_UUID_H
#define MBMC_UUID_H

#include <stdint.h>

/* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (any case, surrounding blanks allowed) -> bytes.
 * Returns 0, or -1 when text is not a UUID. */
int mbmc_uuid_parse(const char *text, uint8_t out[16]);
/* Lower-case text form; out holds 37 bytes. */
void mbmc_uuid_format(const uint8_t uuid[16], char out[37]);
/* RFC 4122 order -> IPMI GUID order (and back: the mapping is its own inverse). */
void mbmc_uuid_to_ipmi(const uint8_t uuid[16], uint8_t out[16]);

#endif
