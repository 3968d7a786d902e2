/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "uuid.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int mbmc_uuid_parse(const char *text, uint8_t out[16])
{
    if (!text)
        return -1;
    while (isspace((unsigned char)*text))
        text++;
    uint8_t b[16];
    int n = 0;
    for (int i = 0; i < 36; i++) {
        char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return -1;
            continue;
        }
        int hi = hexval((unsigned char)c);
        if (hi < 0)
            return -1;              /* also the end of a short text: never read past it */
        int lo = hexval((unsigned char)text[i + 1]);
        if (lo < 0)
            return -1;
        b[n++] = (uint8_t)(hi << 4 | lo);
        i++;
    }
    for (const char *p = text + 36; *p; p++)
        if (!isspace((unsigned char)*p))
            return -1;
    memcpy(out, b, sizeof(b));
    return 0;
}

void mbmc_uuid_format(const uint8_t u[16], char out[37])
{
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
             u[13], u[14], u[15]);
}

void mbmc_uuid_to_ipmi(const uint8_t uuid[16], uint8_t out[16])
{
    uint8_t tmp[16];
    for (int i = 0; i < 16; i++)
        tmp[i] = uuid[15 - i];
    memcpy(out, tmp, sizeof(tmp));
}
