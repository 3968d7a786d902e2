/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Serial-over-LAN bridge for a Proxmox VM: ipmi_sim's `sol "tcp:127.0.0.1:PORT"` connects to a
 * loopback port of the bridge; the bridge reaches the VM's serial0 through Proxmox's termproxy
 * and vncwebsocket (libsoup 3, GLib main loop), follows the VM across stop/start and
 * migration, and reconnects with backoff.
 *
 * The Proxmox serial socket takes one client at a time. Policies:
 *  - HOLD (default, like a real BMC): attached whenever the VM runs, so the SOL history keeps
 *    the boot log; meanwhile the Proxmox GUI's serial console (xterm.js) cannot attach and
 *    waits for the socket.
 *  - SHARE: attached only while someone types on SOL; after idle_secs without a keystroke the
 *    bridge lets go, and the GUI console works again. The first keystroke re-attaches (it is
 *    delivered once the console is open). Output while detached is not seen. */
#ifndef MBMC_SOLBRIDGE_H
#define MBMC_SOLBRIDGE_H

#include <gio/gio.h>

#include "pveticket.h"

/* The values are the indexes of sol_policy's words in settings.def. */
typedef enum { MBMC_SOL_HOLD, MBMC_SOL_SHARE } MbmcSolPolicy;

typedef struct {
    char *url;              /* https://host:8006 */
    char *token_file;       /* USER@REALM!TOKENID=SECRET, mode 0600 */
    char *ca_file;          /* trust only this CA */
    char *fingerprint;      /* or pin the server certificate's SHA-256 (hex, colons optional) */
    gboolean insecure;      /* explicit opt-out of TLS verification */
    guint vmid;
    char *serial;           /* serial0..serial3 */
    char *listen_addr;      /* 127.0.0.1 */
    guint16 listen_port;    /* 0: pick a free port */
    MbmcSolPolicy policy;
    guint idle_secs;        /* SHARE: let go after this long without input */
    guint keepalive_secs;   /* termproxy keepalive; 30 like the web UI */
    guint max_backoff_ms;   /* reconnect backoff cap */
    char *console_user;     /* user@realm for the ticket fallback, or NULL */
    char *console_password_file;   /* its password, mode 0600 */
    MbmcConsoleAuth console_auth;
    /* Optional: whether the VM runs and on which node, from the supervisor's shared poller
     * (pvepoll.h); FALSE when it does not know. With it the bridge asks Proxmox only to open
     * the console, not status/current every few seconds while the VM is stopped. */
    gboolean (*vm_state)(gpointer data, guint vmid, gboolean *running, char **node);
    gpointer vm_state_data;
} MbmcSolBridgeConfig;

typedef struct _MbmcSolBridge MbmcSolBridge;

/* Listens at once; attaches to Proxmox on the caller's GMainContext. */
MbmcSolBridge *mbmc_sol_bridge_new(const MbmcSolBridgeConfig *cfg, GError **error);
void mbmc_sol_bridge_free(MbmcSolBridge *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MbmcSolBridge, mbmc_sol_bridge_free)

guint16 mbmc_sol_bridge_port(const MbmcSolBridge *b);
gboolean mbmc_sol_bridge_attached(const MbmcSolBridge *b);
/* fn(data) runs when attached or last_error change (for `multibmc status`). */
void mbmc_sol_bridge_set_notify(MbmcSolBridge *b, void (*fn)(gpointer), gpointer data);
/* Last failure in words (NULL when fine), for `multibmc status`. */
const char *mbmc_sol_bridge_last_error(const MbmcSolBridge *b);

#endif
