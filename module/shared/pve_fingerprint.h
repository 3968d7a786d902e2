/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A pinned server certificate: its SHA-256 fingerprint as text (pure, no I/O). One reading for
 * every place that takes one (module option, multibmc.json, multibmc-solbridge --fingerprint),
 * so that what the config accepts the module accepts too. */
#ifndef MBMC_PVE_FINGERPRINT_H
#define MBMC_PVE_FINGERPRINT_H

#define PVE_FINGERPRINT_BYTES 32
/* "AB:CD:...": 32 bytes as Proxmox shows them, with the NUL */
#define PVE_FINGERPRINT_TEXT (PVE_FINGERPRINT_BYTES * 3)
/* What to write, for error messages. */
#define PVE_FINGERPRINT_HINT                                                                       \
    "a SHA-256 fingerprint of 64 hex digits, AB:CD:... as Proxmox shows it (colons optional)"

/* 0 and the digest in out, or -1: text is 32 hex bytes each followed by ':' but the last
 * (Proxmox's form), or 64 hex digits without colons; either case. */
int pve_fingerprint_parse(const char *text, unsigned char out[PVE_FINGERPRINT_BYTES]);
/* The digest in Proxmox's form, upper case with colons. */
void pve_fingerprint_format(const unsigned char fp[PVE_FINGERPRINT_BYTES],
                            char out[PVE_FINGERPRINT_TEXT]);

#endif
