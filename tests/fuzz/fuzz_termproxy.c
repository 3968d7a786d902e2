/* libFuzzer target: the termproxy output reader (what a Proxmox server sends the SOL bridge),
 * with the input split into websocket messages at fuzzer-chosen points. */
#include <stdint.h>

#include "termproxy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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
