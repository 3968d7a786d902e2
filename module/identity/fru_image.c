/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fru_image.h"

#include <string.h>

#define FRU_FORMAT_VERSION 0x01
#define TL_ASCII 0xC0               /* type/length: 8-bit ASCII + Latin 1, length in bits 5:0 */
#define FIELD_MAX 63
#define END_OF_FIELDS 0xC1
#define LANGUAGE_ENGLISH 0x00

struct area {
    uint8_t *buf;
    size_t len, cap;
    int overflow;
};

static void put(struct area *a, uint8_t b)
{
    if (a->len < a->cap)
        a->buf[a->len++] = b;
    else
        a->overflow = 1;
}

static void put_field(struct area *a, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n > FIELD_MAX)
        n = FIELD_MAX;
    /* A one-byte ASCII field would read as the end marker C1h: pad it with a blank. */
    size_t pad = n == 1;
    put(a, (uint8_t)(TL_ASCII | (n + pad)));
    for (size_t i = 0; i < n; i++)
        put(a, (uint8_t)s[i]);
    if (pad)
        put(a, ' ');
}

static uint8_t zero_checksum(const uint8_t *p, size_t n)
{
    uint8_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum = (uint8_t)(sum + p[i]);
    return (uint8_t)-sum;
}

/* Close an area that started at 'start': end marker, pad to 8 with a checksum last, length. */
static void finish_area(struct area *a, size_t start)
{
    put(a, END_OF_FIELDS);
    while (!a->overflow && (a->len - start + 1) % 8)
        put(a, 0x00);
    put(a, 0x00);
    if (a->overflow)
        return;
    size_t n = a->len - start;
    a->buf[start + 1] = (uint8_t)(n / 8);
    a->buf[a->len - 1] = zero_checksum(a->buf + start, n - 1);
}

int mbmc_fru_build(const struct mbmc_fru_fields *f, uint8_t *out, size_t cap)
{
    struct area a = { .buf = out, .cap = cap };
    for (int i = 0; i < 8; i++)
        put(&a, 0);                 /* common header, filled below */

    size_t chassis = a.len;
    put(&a, FRU_FORMAT_VERSION);
    put(&a, 0);                     /* length, set by finish_area */
    put(&a, f->chassis_type);
    put_field(&a, f->chassis_part);
    put_field(&a, f->chassis_serial);
    finish_area(&a, chassis);

    size_t product = a.len;
    put(&a, FRU_FORMAT_VERSION);
    put(&a, 0);
    put(&a, LANGUAGE_ENGLISH);
    put_field(&a, f->manufacturer);
    put_field(&a, f->product_name);
    put_field(&a, f->product_part);
    put_field(&a, f->product_version);
    put_field(&a, f->product_serial);
    put_field(&a, f->asset_tag);
    put_field(&a, NULL);            /* FRU file ID */
    finish_area(&a, product);
    if (a.overflow)
        return -1;

    out[0] = FRU_FORMAT_VERSION;
    out[1] = 0;                     /* no internal use area */
    out[2] = (uint8_t)(chassis / 8);
    out[3] = 0;                     /* no board area */
    out[4] = (uint8_t)(product / 8);
    out[5] = 0;                     /* no multirecord area */
    out[6] = 0;
    out[7] = zero_checksum(out, 7);
    return (int)a.len;
}
