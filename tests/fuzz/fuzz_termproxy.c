/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: the termproxy output reader (what a Proxmox server sends the SOL bridge:
 * "OK", qm terminal's banner or its error line, terminal bytes), with the input split into
 * websocket messages at fuzzer-chosen points; and the input framing, whose "0:<len>:" header
 * must always announce exactly the bytes that follow. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "termproxy.h"

static void check_input_frame(const uint8_t *data, size_t size)
{
    GBytes *f = mbmc_termproxy_input(data, size);
    gsize flen;
    const char *fb = g_bytes_get_data(f, &flen);
    char head[32];
    int hl = snprintf(head, sizeof(head), "0:%zu:", size);
    if (flen != (gsize)hl + size || memcmp(fb, head, hl) || (size && memcmp(fb + hl, data, size)))
        __builtin_trap();
    g_bytes_unref(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_input_frame(data, size);
    MbmcTermproxyReader r;
    mbmc_termproxy_reader_init(&r);
    GByteArray *out = g_byte_array_new();
    size_t fed = 0;
    while (size) {
        size_t n = 1 + data[0] % 64;   /* message length from the first byte */
        data++, size--;
        if (n > size)
            n = size;
        mbmc_termproxy_reader_feed(&r, data, n, out);
        data += n, size -= n, fed += n;
    }
    if (out->len > fed)
        __builtin_trap(); /* the reader never invents bytes */
    g_byte_array_unref(out);
    mbmc_termproxy_reader_clear(&r);
    return 0;
}
