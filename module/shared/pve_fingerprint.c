/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Certificate fingerprints as text (see pve_fingerprint.h). */
#include "pve_fingerprint.h"

#include <stdio.h>
#include <string.h>

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int pve_fingerprint_parse(const char *text, unsigned char out[PVE_FINGERPRINT_BYTES])
{
    if (!text)
        return -1;
    size_t len = strlen(text);
    int colons = len == PVE_FINGERPRINT_TEXT - 1;
    if (!colons && len != PVE_FINGERPRINT_BYTES * 2)
        return -1;
    for (int i = 0; i < PVE_FINGERPRINT_BYTES; i++) {
        const char *p = text + i * (colons ? 3 : 2);
        int hi = hex_digit(p[0]), lo = hex_digit(p[1]);
        if (hi < 0 || lo < 0 || (colons && i < PVE_FINGERPRINT_BYTES - 1 && p[2] != ':'))
            return -1;
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return 0;
}

void pve_fingerprint_format(const unsigned char fp[PVE_FINGERPRINT_BYTES],
                            char out[PVE_FINGERPRINT_TEXT])
{
    for (int i = 0; i < PVE_FINGERPRINT_BYTES; i++)
        snprintf(out + i * 3, 4, "%02X%s", fp[i], i < PVE_FINGERPRINT_BYTES - 1 ? ":" : "");
}
