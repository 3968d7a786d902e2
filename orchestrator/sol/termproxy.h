/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The application protocol Proxmox's termproxy speaks inside the vncwebsocket:
 *   client first:   "<user>:<ticket>\n"
 *   server first:   "OK", then raw terminal bytes (qm terminal's banner line first)
 *   client data:    "0:<len>:<bytes>"   resize: "1:<cols>:<rows>:"   keepalive: "2"
 * Pure functions, no I/O: the bridge and the fuzzer use them. */
#ifndef MBMC_TERMPROXY_H
#define MBMC_TERMPROXY_H

#include <glib.h>

#define MBMC_TERMPROXY_KEEPALIVE "2"

/* The login line. */
GBytes *mbmc_termproxy_login(const char *user, const char *ticket);
/* One input frame carrying len bytes of keystrokes. */
GBytes *mbmc_termproxy_input(const guint8 *data, gsize len);

/* Output side: strips "OK" and the banner, passes terminal bytes on. */
typedef enum {
    MBMC_TP_AWAIT_OK,       /* nothing accepted yet */
    MBMC_TP_BANNER,         /* logged in, dropping qm terminal's first line */
    MBMC_TP_STREAM,         /* raw terminal bytes */
    MBMC_TP_REFUSED,        /* the server answered something else than OK */
    MBMC_TP_FAILED,         /* qm terminal refused (VM not running, no serial0, ...): the
                             * reason is in pending, without its line end */
} MbmcTermproxyState;

typedef struct {
    MbmcTermproxyState state;
    GString *pending;       /* bytes held while matching "OK" or the banner */
} MbmcTermproxyReader;

void mbmc_termproxy_reader_init(MbmcTermproxyReader *r);
void mbmc_termproxy_reader_clear(MbmcTermproxyReader *r);
/* Feed server bytes; terminal bytes for the serial client are appended to out. */
void mbmc_termproxy_reader_feed(MbmcTermproxyReader *r, const guint8 *data, gsize len,
                                GByteArray *out);

#endif
