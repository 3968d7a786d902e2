/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proxmox user tickets for the serial console (pure parts, no I/O).
 *
 * Why: before qemu-server 8.4.7 / 9.1.7 (and on every PVE 7), termproxy checks the console
 * ticket by logging in with the caller's identity as user name, which an API token id
 * (user@realm!token) can never do: the console closes right after the login line. A real
 * user's ticket works on every version. So the bridge can log in as a configured console user
 * (POST /access/ticket, form username/password) and use that ticket for termproxy and
 * vncwebsocket only; everything else keeps using the API token.
 *
 * Ticket use: `Cookie: PVEAuthCookie=<ticket>` on every request, plus the header
 * `CSRFPreventionToken: <token>` on every non-GET. Tickets live 2 h; we log in again after
 * MBMC_PVE_TICKET_RENEW_SECS (or when Proxmox answers 401). */
#ifndef MBMC_PVETICKET_H
#define MBMC_PVETICKET_H

#include <glib.h>
#include <json-c/json.h>

/* When the console goes through the user ticket:
 *  AUTO   (default) the API token first; the user ticket once Proxmox closes a token's console
 *         right after the login (old PVE), when a console user is configured;
 *  TOKEN  the API token only;
 *  TICKET the user ticket always (needs a console user).
 * The values are the indexes of console_auth's words in settings.def, which read them. */
typedef enum { MBMC_CONSOLE_AUTH_AUTO, MBMC_CONSOLE_AUTH_TOKEN, MBMC_CONSOLE_AUTH_TICKET } MbmcConsoleAuth;

const char *mbmc_console_auth_name(MbmcConsoleAuth a);

/* user@realm as Proxmox's verify_username takes it: 3..64 characters, the user part without
 * white space, ':' or '/', the realm [A-Za-z][A-Za-z0-9.\-_]+. An API token id is refused
 * (tokens cannot log in). */
gboolean mbmc_pve_userid_check(const char *userid, GError **error);

/* "username=<userid>&password=<password>", form-urlencoded. Holds the password: free it with
 * mbmc_secret_free. */
char *mbmc_pve_ticket_form(const char *userid, const char *password);
/* Overwrite and free a string that held a secret. */
void mbmc_secret_free(char *s);

typedef struct {
    char *username;
    char *ticket;
    char *csrf;
} MbmcPveTicket;

/* The answer of POST /access/ticket ({"data":{"username","ticket","CSRFPreventionToken"}}).
 * Refuses a half login that still needs a second factor. */
gboolean mbmc_pve_ticket_parse(const char *body, gsize len, MbmcPveTicket *out, GError **error);
/* The same for the envelope's data, already unwrapped (mbmc_pve_reply_finish). */
gboolean mbmc_pve_ticket_from_data(json_object *data, MbmcPveTicket *out, GError **error);
void mbmc_pve_ticket_clear(MbmcPveTicket *t);

/* "PVEAuthCookie=<ticket, percent-encoded>" for the Cookie header. */
char *mbmc_pve_ticket_cookie(const char *ticket);

/* Tickets last 2 h (AccessControl.pm $ticket_lifetime); log in again well before. */
#define MBMC_PVE_TICKET_RENEW_SECS (90 * 60)
/* TRUE when a ticket obtained at obtained_us (monotonic) should be replaced at now_us. */
gboolean mbmc_pve_ticket_due(gint64 obtained_us, gint64 now_us);

#endif
