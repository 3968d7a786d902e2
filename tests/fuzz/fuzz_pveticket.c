/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: what Proxmox answers to the console user's login (POST /access/ticket),
 * and user ids as a config file may hold them. */
#include <gio/gio.h>
#include <stdint.h>
#include <string.h>

#include "pveticket.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    MbmcPveTicket t = { 0 };
    GError *e = NULL;
    if (mbmc_pve_ticket_parse((const char *)data, size, &t, &e)) {
        if (!t.username || !t.ticket || !t.csrf || !*t.ticket)
            __builtin_trap();   /* success means all three are there */
        char *cookie = mbmc_pve_ticket_cookie(t.ticket);
        if (strncmp(cookie, "PVEAuthCookie=", 14) || strpbrk(cookie + 14, ";, \r\n"))
            __builtin_trap();   /* the ticket cannot break out of its cookie */
        g_free(cookie);
    } else if (!e) {
        __builtin_trap();
    }
    g_clear_error(&e);
    mbmc_pve_ticket_clear(&t);
    char *id = g_strndup((const char *)data, size);
    if (mbmc_pve_userid_check(id, NULL) && (strchr(id, '!') || !strchr(id, '@')))
        __builtin_trap();
    char *form = mbmc_pve_ticket_form(id, id);
    if (strchr(form + 9, '&') != strstr(form, "&password="))
        __builtin_trap();       /* exactly two fields, whatever the password holds */
    mbmc_secret_free(form);
    g_free(id);
    return 0;
}
