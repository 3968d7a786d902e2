/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proxmox serial bridge: loopback TCP (ipmi_sim's SOL) <-> termproxy websocket (serial0).
 * See solbridge.h for the policies. Everything runs on the thread-default GMainContext. */
#include "solbridge.h"

#include <errno.h>
#include <json-c/json.h>
#include <libsoup/soup.h>
#include <string.h>

#include "fileutil.h"
#include "mbmc_json.h"
#include "pve_json.h"
#include "pve_resources.h"
#include "pveclient.h"
#include "settings.h"
#include "solbridge_state.h"
#include "termproxy.h"

#define LOG_DOMAIN_PREFIX "solbridge"
#define PENDING_INPUT_MAX 4096
#define READ_CHUNK 4096
/* How often to look again while the VM is stopped (a start is seen within this). */
#define STOPPED_POLL_MS 2000
/* The VM has no serial port: only a config change (and a restart of the VM) brings one.
 * Retried after this ±25 %. */
#define NO_PORT_POLL_MS 60000

struct _MbmcSolBridge {
    MbmcSolBridgeConfig cfg;
    MbmcPveClient *api;             /* session, token, TLS policy */
    SoupSession *session;           /* the client's */
    GCancellable *cancel;           /* in-flight HTTP/websocket work */

    GSocketService *service;
    guint16 port;
    GSocket *client;                /* ipmi_sim's connection */
    GSource *client_source;
    GByteArray *to_client;          /* output not yet written to ipmi_sim */

    MbmcSolBridgeState state;      /* only set_state() changes it */
    char *node;
    char *login_user, *ticket;
    guint vnc_port;
    gboolean use_ticket;            /* termproxy + vncwebsocket as the console user (pveticket.h) */
    gboolean ticket_logged;         /* said once that the console user's login works */
    MbmcPveTicket pve;              /* that user's ticket, when logged in */
    gint64 pve_at;                  /* monotonic time of that login */
    SoupMessage *upgrade_msg;       /* the vncwebsocket request in flight (its status on failure) */
    SoupWebsocketConnection *ws;
    gulong ws_message_id, ws_closed_id, ws_error_id;
    MbmcTermproxyReader reader;
    GByteArray *pending_input;      /* keystrokes typed before the console was open */

    guint retry_id, keepalive_id, idle_id;
    guint backoff_ms;
    char *last_error;
    void (*notify)(gpointer);
    gpointer notify_data;
};

static void changed(MbmcSolBridge *b)
{
    if (b->notify)
        b->notify(b->notify_data);
}

/* Every change of b->state goes through here: the step is checked against the table in
 * solbridge_state.c and logged (G_MESSAGES_DEBUG=all), with the line that made it; entering or
 * leaving ATTACHED tells the supervisor (`multibmc status`). */
#define set_state(b, to) set_state_at((b), (to), __LINE__)
static void set_state_at(MbmcSolBridge *b, MbmcSolBridgeState to, int line)
{
    MbmcSolBridgeState from = b->state;
    if (from == to)
        return;
    if (mbmc_sol_bridge_transition_ok(from, to))
        g_debug(LOG_DOMAIN_PREFIX "[%u]: %s -> %s (solbridge.c:%d)", b->cfg.vmid,
                mbmc_sol_bridge_state_name(from), mbmc_sol_bridge_state_name(to), line);
    else   /* a bug: say so, but keep going as before the table existed */
        g_warning(LOG_DOMAIN_PREFIX "[%u]: unexpected state change %s -> %s (solbridge.c:%d)",
                  b->cfg.vmid, mbmc_sol_bridge_state_name(from), mbmc_sol_bridge_state_name(to),
                  line);
    b->state = to;
    if (from == MBMC_SOLB_ATTACHED || to == MBMC_SOLB_ATTACHED)
        changed(b);
}

static void bridge_connect(MbmcSolBridge *b);
static void request_termproxy(MbmcSolBridge *b);
static void client_drop(MbmcSolBridge *b);
static void client_want_write(MbmcSolBridge *b, gboolean on);

/* One log line per distinct cause; cleared when the console attaches. */
static void note_error(MbmcSolBridge *b, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void note_error(MbmcSolBridge *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    gboolean news = g_strcmp0(msg, b->last_error) != 0;
    if (news)
        g_warning(LOG_DOMAIN_PREFIX "[%u]: %s", b->cfg.vmid, msg);
    g_free(b->last_error);
    b->last_error = g_steal_pointer(&msg);
    if (news)
        changed(b);
}


/* ---- websocket side ---- */

static void ws_teardown(MbmcSolBridge *b)
{
    g_clear_handle_id(&b->keepalive_id, g_source_remove);
    g_clear_object(&b->upgrade_msg);
    if (b->ws) {
        g_signal_handler_disconnect(b->ws, b->ws_message_id);
        g_signal_handler_disconnect(b->ws, b->ws_closed_id);
        g_signal_handler_disconnect(b->ws, b->ws_error_id);
        if (soup_websocket_connection_get_state(b->ws) == SOUP_WEBSOCKET_STATE_OPEN)
            soup_websocket_connection_close(b->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
        g_clear_object(&b->ws);
    }
    mbmc_termproxy_reader_clear(&b->reader);
    g_clear_pointer(&b->login_user, g_free);
    g_clear_pointer(&b->ticket, g_free);
}

static gboolean retry_cb(gpointer data)
{
    MbmcSolBridge *b = data;
    b->retry_id = 0;
    bridge_connect(b);
    return G_SOURCE_REMOVE;
}

/* Give up the current attempt or session; try again after delay_ms (0: the growing backoff)
 * when the policy wants a console. */
static void bridge_retry(MbmcSolBridge *b, gboolean forget_node, guint delay_ms)
{
    g_cancellable_cancel(b->cancel);
    g_clear_object(&b->cancel);
    ws_teardown(b);
    set_state(b, MBMC_SOLB_IDLE);
    if (forget_node)  /* the VM may have migrated: look it up again */
        g_clear_pointer(&b->node, g_free);
    gboolean wanted = b->cfg.policy == MBMC_SOL_HOLD || b->pending_input->len > 0;
    if (wanted && !b->retry_id) {
        if (!delay_ms) {
            delay_ms = b->backoff_ms;
            b->backoff_ms = MIN(b->backoff_ms * 2, b->cfg.max_backoff_ms);
        }
        b->retry_id = g_timeout_add(delay_ms, retry_cb, b);
    }
}

static void bridge_fail(MbmcSolBridge *b, gboolean forget_node)
{
    bridge_retry(b, forget_node, 0);
}

static void ws_send_input(MbmcSolBridge *b, const guint8 *data, gsize len)
{
    g_autoptr(GBytes) frame = mbmc_termproxy_input(data, len);
    soup_websocket_connection_send_message(b->ws, SOUP_WEBSOCKET_DATA_BINARY, frame);
}

static gboolean keepalive_cb(gpointer data)
{
    MbmcSolBridge *b = data;
    if (b->ws && soup_websocket_connection_get_state(b->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text(b->ws, MBMC_TERMPROXY_KEEPALIVE);
    return G_SOURCE_CONTINUE;
}

static gboolean idle_cb(gpointer data)
{
    MbmcSolBridge *b = data;
    b->idle_id = 0;
    if (b->state == MBMC_SOLB_ATTACHED) {
        g_message(LOG_DOMAIN_PREFIX "[%u]: no SOL input for %u s, releasing the serial console",
                  b->cfg.vmid, b->cfg.idle_secs);
        ws_teardown(b);
        set_state(b, MBMC_SOLB_IDLE);
    }
    return G_SOURCE_REMOVE;
}

static void share_touch(MbmcSolBridge *b)
{
    if (b->cfg.policy != MBMC_SOL_SHARE)
        return;
    g_clear_handle_id(&b->idle_id, g_source_remove);
    b->idle_id = g_timeout_add_seconds(b->cfg.idle_secs, idle_cb, b);
}

static void to_client(MbmcSolBridge *b, const guint8 *data, gsize len)
{
    if (!b->client || !len)
        return;  /* no SOL listener: like a serial port nobody reads */
    if (b->to_client->len + len > 1024 * 1024) {
        /* ipmi_sim stopped reading: drop the oldest output rather than grow without bound. */
        g_byte_array_set_size(b->to_client, 0);
    }
    g_byte_array_append(b->to_client, data, len);
    client_want_write(b, TRUE);
}

static void ws_message(SoupWebsocketConnection *ws, gint type, GBytes *message, gpointer data)
{
    (void)ws; (void)type;
    MbmcSolBridge *b = data;
    gsize len;
    const guint8 *p = g_bytes_get_data(message, &len);
    g_autoptr(GByteArray) out = g_byte_array_new();
    mbmc_termproxy_reader_feed(&b->reader, p, len, out);
    if (b->reader.state == MBMC_TP_REFUSED) {
        note_error(b, "termproxy refused the login for VM %u (old Proxmox without API-token "
                   "console support?)", b->cfg.vmid);
        bridge_fail(b, FALSE);
        return;
    }
    if (b->reader.state == MBMC_TP_FAILED) {
        /* qm terminal's complaint (VM stopped meanwhile, no serial0 socket, moved away). */
        const char *why = b->reader.pending->str;
        note_error(b, "Proxmox serial console of VM %u: %s", b->cfg.vmid, why);
        gboolean stopped = g_str_has_suffix(why, " not running");
        /* qm terminal's complaints about the VM's config: look again rarely, on the same node
         * (with the growing backoff, a fleet without serial ports cost 4 API calls and 2 TLS
         * handshakes per BMC every 10 s: 57 % of a core in the supervisor for 100 BMCs). */
        gboolean no_port = strstr(why, "is not configured") || strstr(why, "unable to find a serial interface") ||
                           strstr(why, "wrong serial type");
        if (no_port)   /* spread out: a fleet's bridges all fail at start, together */
            bridge_retry(b, FALSE, NO_PORT_POLL_MS * 3 / 4 + (guint)g_random_int_range(0, NO_PORT_POLL_MS / 2));
        else
            bridge_retry(b, TRUE, stopped ? STOPPED_POLL_MS : 0);
        return;
    }
    /* Attached once the banner is behind us: only then are the bytes the guest's. */
    if (b->state == MBMC_SOLB_LOGIN && b->reader.state == MBMC_TP_STREAM) {
        b->backoff_ms = 500;
        if (b->last_error)
            g_message(LOG_DOMAIN_PREFIX "[%u]: serial console attached on node %s", b->cfg.vmid,
                      b->node);
        g_clear_pointer(&b->last_error, g_free);
        set_state(b, MBMC_SOLB_ATTACHED);
        if (b->pending_input->len) {
            ws_send_input(b, b->pending_input->data, b->pending_input->len);
            g_byte_array_set_size(b->pending_input, 0);
        }
        share_touch(b);
    }
    to_client(b, out->data, out->len);
}

/* Closed right after our login line, without "OK": termproxy refused the login. */
static void login_refused(MbmcSolBridge *b)
{
    if (b->use_ticket) {
        note_error(b, "Proxmox closed the serial console of VM %u right after the ticket login of "
                   "%s: does that user have VM.Console on /vms/%u?", b->cfg.vmid,
                   b->cfg.console_user, b->cfg.vmid);
        bridge_fail(b, TRUE);
        return;
    }
    if (b->cfg.console_user && b->cfg.console_auth == MBMC_CONSOLE_AUTH_AUTO) {
        /* Old Proxmox: from now on this bridge reaches the console with the user's ticket. */
        g_message(LOG_DOMAIN_PREFIX "[%u]: Proxmox closed the serial console right after the "
                  "API-token login: this Proxmox VE does not accept API tokens for consoles; "
                  "using console user %s's ticket from now on", b->cfg.vmid, b->cfg.console_user);
        b->use_ticket = TRUE;
        bridge_retry(b, FALSE, 100);
        return;
    }
    note_error(b, "Proxmox closed the serial console of VM %u right after the login: this "
               "Proxmox VE does not accept API tokens for consoles (needs qemu-server >= 8.4.7 "
               "or >= 9.1.7 with the matching libpve-access-control and termproxy); %s",
               b->cfg.vmid, b->cfg.console_user
                   ? "console_auth is \"token\": set it to \"auto\" or \"ticket\" to use the console user"
                   : "configure a console user for the ticket fallback: multibmc init --force "
                     "--interface IF --console-user USER@REALM --console-password-file F");
    bridge_fail(b, TRUE);
}

static void ws_closed(SoupWebsocketConnection *ws, gpointer data)
{
    (void)ws;
    MbmcSolBridge *b = data;
    if (b->state == MBMC_SOLB_LOGIN && b->reader.state == MBMC_TP_AWAIT_OK) {
        login_refused(b);
        return;
    }
    /* The VM stopped, migrated or termproxy went away: reconnect (HOLD) later. */
    bridge_fail(b, TRUE);
}

static void ws_error(SoupWebsocketConnection *ws, GError *error, gpointer data)
{
    (void)ws;
    MbmcSolBridge *b = data;
    /* Mostly the close handshake racing a server that already hung up; "closed" follows and
     * says what matters. */
    g_debug(LOG_DOMAIN_PREFIX "[%u]: console websocket: %s", b->cfg.vmid, error->message);
}

static void ws_connected(GObject *src, GAsyncResult *res, gpointer data)
{
    g_autoptr(GError) error = NULL;
    SoupWebsocketConnection *ws = soup_session_websocket_connect_finish(SOUP_SESSION(src), res,
                                                                        &error);
    if (!ws) {
        if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            return;
        MbmcSolBridge *b = data;
        if (b->use_ticket && b->upgrade_msg &&
            soup_message_get_status(b->upgrade_msg) == SOUP_STATUS_UNAUTHORIZED)
            mbmc_pve_ticket_clear(&b->pve);   /* expired or revoked: log in again */
        note_error(b, "console websocket to %s failed: %s", b->cfg.url,
                   mbmc_pve_client_why(b->api, error));
        bridge_fail(b, TRUE);
        return;
    }
    MbmcSolBridge *b = data;
    g_clear_object(&b->upgrade_msg);
    b->ws = ws;
    b->ws_message_id = g_signal_connect(ws, "message", G_CALLBACK(ws_message), b);
    b->ws_closed_id = g_signal_connect(ws, "closed", G_CALLBACK(ws_closed), b);
    b->ws_error_id = g_signal_connect(ws, "error", G_CALLBACK(ws_error), b);
    mbmc_termproxy_reader_init(&b->reader);
    set_state(b, MBMC_SOLB_LOGIN);
    g_autoptr(GBytes) login = mbmc_termproxy_login(b->login_user, b->ticket);
    soup_websocket_connection_send_message(ws, SOUP_WEBSOCKET_DATA_BINARY, login);
    b->keepalive_id = g_timeout_add_seconds(b->cfg.keepalive_secs, keepalive_cb, b);
}

/* ---- REST side ---- */

typedef enum { AUTH_TOKEN, AUTH_TICKET, AUTH_NONE } AuthKind;

/* A request on the one soup session (same TLS trust and pin for every kind of auth). */
static SoupMessage *api_request(MbmcSolBridge *b, const char *method, const char *path, AuthKind auth)
{
    SoupMessage *msg = mbmc_pve_client_message(b->api, method, path);
    if (!msg)
        return NULL;
    SoupMessageHeaders *h = soup_message_get_request_headers(msg);
    if (auth != AUTH_TOKEN)
        soup_message_headers_remove(h, "Authorization");
    if (auth == AUTH_TICKET) {
        g_autofree char *cookie = mbmc_pve_ticket_cookie(b->pve.ticket);
        soup_message_headers_replace(h, "Cookie", cookie);
        /* pveproxy checks this on every non-GET made with a ticket (not with tokens). */
        if (strcmp(method, "GET") != 0)
            soup_message_headers_replace(h, "CSRFPreventionToken", b->pve.csrf);
    }
    return msg;
}

static SoupMessage *api_message(MbmcSolBridge *b, const char *method, const char *path)
{
    return api_request(b, method, path, AUTH_TOKEN);
}

/* termproxy and vncwebsocket: the ticket must belong to the same identity in both. */
static SoupMessage *console_message(MbmcSolBridge *b, const char *method, const char *path)
{
    return api_request(b, method, path, b->use_ticket ? AUTH_TICKET : AUTH_TOKEN);
}

/* One line for a call that failed: which call, and what Proxmox or the network said. */
static void note_failed(MbmcSolBridge *b, const char *what, const GError *error)
{
    if (g_error_matches(error, MBMC_PVE_REPLY_ERROR, MBMC_PVE_REPLY_UNREACHABLE) ||
        g_error_matches(error, MBMC_PVE_REPLY_ERROR, MBMC_PVE_REPLY_TLS))
        note_error(b, "cannot reach %s (%s): %s", b->cfg.url, what, error->message);
    else
        note_error(b, "%s: %s", what, error->message);
}

/* Every REST call of the bridge: make the request, run it (cancelled with the attempt), check
 * the reply here once; fn gets the data. A failed call is said once and retried later, unless
 * fn handles failures itself. */
typedef void (*ReplyFn)(MbmcSolBridge *b, const MbmcPveReply *r);

typedef struct {
    MbmcSolBridge *b;          /* not touched when the call was cancelled: it may be gone */
    const char *what;          /* the call, for messages: "status/current" */
    ReplyFn fn;
    gboolean sees_failures;
} RestCall;

static void rest_done(GObject *src, GAsyncResult *res, gpointer data)
{
    g_autofree RestCall *call = data;
    g_auto(MbmcPveReply) r = { 0 };
    if (!mbmc_pve_reply_finish(src, res, &r))
        return;
    MbmcSolBridge *b = call->b;
    if (b->use_ticket && r.status == SOUP_STATUS_UNAUTHORIZED)
        mbmc_pve_ticket_clear(&b->pve);   /* expired or revoked: log in again */
    if (r.data || call->sees_failures) {
        call->fn(b, &r);
        return;
    }
    note_failed(b, call->what, r.error);
    bridge_fail(b, TRUE);
}

static void rest_call(MbmcSolBridge *b, SoupMessage *msg, const char *what, ReplyFn fn,
                      gboolean sees_failures)
{
    RestCall *call = g_new(RestCall, 1);
    *call = (RestCall){ .b = b, .what = what, .fn = fn, .sees_failures = sees_failures };
    soup_session_send_and_read_async(b->session, msg, G_PRIORITY_DEFAULT, b->cancel, rest_done, call);
}

static void termproxy_done(MbmcSolBridge *b, const MbmcPveReply *r)
{
    json_object *d = r->data, *user, *ticket, *port;
    if (!json_object_object_get_ex(d, "user", &user) || !json_object_object_get_ex(d, "ticket", &ticket) ||
        !json_object_object_get_ex(d, "port", &port)) {
        note_error(b, "termproxy: answer without user/ticket/port");
        bridge_fail(b, TRUE);
        return;
    }
    b->login_user = g_strdup(json_object_get_string(user));
    b->ticket = g_strdup(json_object_get_string(ticket));
    b->vnc_port = json_object_get_int(port);

    g_autofree char *enc = g_uri_escape_string(b->ticket, NULL, FALSE);
    g_autofree char *path = g_strdup_printf("/nodes/%s/qemu/%u/vncwebsocket?port=%u&vncticket=%s",
                                            b->node, b->cfg.vmid, b->vnc_port, enc);
    g_autoptr(SoupMessage) ws_msg = console_message(b, "GET", path);
    const char *protocols[] = {"binary", NULL};
    g_set_object(&b->upgrade_msg, ws_msg);
    set_state(b, MBMC_SOLB_UPGRADING);
    soup_session_websocket_connect_async(b->session, ws_msg, NULL, (char **)protocols,
                                         G_PRIORITY_DEFAULT, b->cancel, ws_connected, b);
}

static void ticket_done(MbmcSolBridge *b, const MbmcPveReply *r)
{
    if (r->status == SOUP_STATUS_UNAUTHORIZED) {
        /* Proxmox says only "authentication failure", whatever the cause. */
        note_error(b, "Proxmox refused the console login of %s: %s (check the password in %s; the "
                   "user must exist, be enabled and have no two-factor authentication)",
                   b->cfg.console_user, r->reason,
                   b->cfg.console_password_file);
        bridge_fail(b, FALSE);
        return;
    }
    g_autoptr(GError) error = NULL;
    if (!r->data) {
        note_failed(b, "console login", r->error);
        bridge_fail(b, FALSE);
        return;
    }
    if (!mbmc_pve_ticket_from_data(r->data, &b->pve, &error)) {
        note_error(b, "console login of %s: %s", b->cfg.console_user, error->message);
        bridge_fail(b, FALSE);
        return;
    }
    b->pve_at = g_get_monotonic_time();
    if (!b->ticket_logged)
        g_message(LOG_DOMAIN_PREFIX "[%u]: logged in to Proxmox as console user %s", b->cfg.vmid,
                  b->pve.username);
    b->ticket_logged = TRUE;
    request_termproxy(b);
}

/* POST /access/ticket as the console user; the password is read now and wiped at once. */
static void ticket_login(MbmcSolBridge *b)
{
    g_autoptr(GError) error = NULL;
    char *pw = mbmc_read_secret_file(b->cfg.console_password_file, &error);
    if (!pw || !*pw) {
        note_error(b, "console password: %s", pw ? "the file is empty" : error->message);
        mbmc_secret_free(pw);
        bridge_fail(b, FALSE);
        return;
    }
    char *form = mbmc_pve_ticket_form(b->cfg.console_user, pw);
    mbmc_secret_free(pw);
    g_autoptr(GBytes) body = g_bytes_new_with_free_func(form, strlen(form),
                                                        (GDestroyNotify)mbmc_secret_free, form);
    /* No token here: /access/ticket refuses API tokens. */
    g_autoptr(SoupMessage) msg = api_request(b, "POST", "/access/ticket", AUTH_NONE);
    soup_message_set_request_body_from_bytes(msg, "application/x-www-form-urlencoded", body);
    mbmc_pve_ticket_clear(&b->pve);
    set_state(b, MBMC_SOLB_TICKET);
    rest_call(b, msg, "console login", ticket_done, TRUE);
}

static void request_termproxy(MbmcSolBridge *b)
{
    if (b->use_ticket && (!b->pve.ticket || mbmc_pve_ticket_due(b->pve_at, g_get_monotonic_time()))) {
        ticket_login(b);
        return;
    }
    g_autofree char *path = g_strdup_printf("/nodes/%s/qemu/%u/termproxy", b->node, b->cfg.vmid);
    g_autoptr(SoupMessage) msg = console_message(b, "POST", path);
    g_autofree char *form = g_strdup_printf("serial=%s", b->cfg.serial);
    g_autoptr(GBytes) body = g_bytes_new(form, strlen(form));
    soup_message_set_request_body_from_bytes(msg, "application/x-www-form-urlencoded", body);
    set_state(b, MBMC_SOLB_TERMPROXY);
    rest_call(b, msg, "termproxy", termproxy_done, FALSE);
}

static void status_done(MbmcSolBridge *b, const MbmcPveReply *r)
{
    if (strcmp(pve_json_str(r->data, "status"), "running")) {
        /* No serial line to attach to; look again soon, quietly. */
        note_error(b, "VM %u is not running; its console attaches when it starts", b->cfg.vmid);
        bridge_retry(b, FALSE, STOPPED_POLL_MS);
    } else {
        request_termproxy(b);
    }
}

/* The shared poller's view, when it has a fresh one: FALSE otherwise. Takes its node. */
static gboolean shared_state(MbmcSolBridge *b, gboolean *running)
{
    g_autofree char *node = NULL;
    if (!b->cfg.vm_state || !b->cfg.vm_state(b->cfg.vm_state_data, b->cfg.vmid, running, &node))
        return FALSE;
    if (node && g_strcmp0(node, b->node)) {
        g_free(b->node);
        b->node = g_steal_pointer(&node);
    }
    return b->node != NULL;
}

static void check_running(MbmcSolBridge *b)
{
    gboolean running;
    if (shared_state(b, &running)) {
        set_state(b, MBMC_SOLB_CHECKING);
        if (running) {
            request_termproxy(b);
        } else {
            note_error(b, "VM %u is not running; its console attaches when it starts", b->cfg.vmid);
            bridge_retry(b, FALSE, STOPPED_POLL_MS);
        }
        return;
    }
    g_autofree char *path = g_strdup_printf("/nodes/%s/qemu/%u/status/current", b->node, b->cfg.vmid);
    g_autoptr(SoupMessage) msg = api_message(b, "GET", path);
    set_state(b, MBMC_SOLB_CHECKING);
    rest_call(b, msg, "status/current", status_done, FALSE);
}

static void resolve_done(MbmcSolBridge *b, const MbmcPveReply *r)
{
    struct pve_resource row;
    if (!pve_resources_find(r->data, b->cfg.vmid, &row)) {
        note_error(b, "VM %u is not in the cluster (or the token lacks VM.Audit)", b->cfg.vmid);
        bridge_fail(b, TRUE);
        return;
    }
    g_free(b->node);
    b->node = g_strdup(row.node);
    check_running(b);
}

static void bridge_connect(MbmcSolBridge *b)
{
    if (b->state != MBMC_SOLB_IDLE)
        return;
    g_clear_object(&b->cancel);
    b->cancel = g_cancellable_new();
    gboolean running;
    if (b->node || shared_state(b, &running)) {
        check_running(b);
        return;
    }
    g_autoptr(SoupMessage) msg = api_message(b, "GET", "/cluster/resources?type=vm");
    set_state(b, MBMC_SOLB_RESOLVING);
    rest_call(b, msg, "cluster/resources", resolve_done, FALSE);
}

/* ---- ipmi_sim side ---- */

static gboolean client_io(GSocket *sock, GIOCondition cond, gpointer data)
{
    MbmcSolBridge *b = data;
    if (cond & (G_IO_IN | G_IO_HUP | G_IO_ERR)) {
        guint8 buf[READ_CHUNK];
        gssize n = g_socket_receive(sock, (char *)buf, sizeof(buf), NULL, NULL);
        if (n <= 0 && !(n < 0 && errno == EAGAIN)) {
            client_drop(b);
            return G_SOURCE_REMOVE;
        }
        if (n > 0) {
            if (b->state == MBMC_SOLB_ATTACHED) {
                ws_send_input(b, buf, n);
                share_touch(b);
            } else if (b->cfg.policy == MBMC_SOL_SHARE) {
                /* Keep a little typed input for when the console opens. (HOLD drops it, as a
                 * serial line with nobody on the other end does.) */
                gsize room = PENDING_INPUT_MAX - MIN(b->pending_input->len, PENDING_INPUT_MAX);
                g_byte_array_append(b->pending_input, buf, MIN((gsize)n, room));
                if (b->state == MBMC_SOLB_IDLE) {
                    b->backoff_ms = 500;
                    g_clear_handle_id(&b->retry_id, g_source_remove);
                    bridge_connect(b);
                }
            }
        }
    }
    if ((cond & G_IO_OUT) && b->to_client->len) {
        gssize n = g_socket_send(sock, (const char *)b->to_client->data, b->to_client->len, NULL,
                                 NULL);
        if (n > 0)
            g_byte_array_remove_range(b->to_client, 0, n);
        else if (n < 0 && errno != EAGAIN) {
            client_drop(b);
            return G_SOURCE_REMOVE;
        }
        if (!b->to_client->len)
            client_want_write(b, FALSE);
    }
    return G_SOURCE_CONTINUE;
}

static void client_watch(MbmcSolBridge *b, GIOCondition cond)
{
    if (b->client_source) {
        g_source_destroy(b->client_source);
        g_source_unref(b->client_source);
    }
    b->client_source = g_socket_create_source(b->client, cond, NULL);
    g_source_set_callback(b->client_source, (GSourceFunc)(void (*)(void))client_io, b, NULL);
    g_source_attach(b->client_source, NULL);
}

static void client_want_write(MbmcSolBridge *b, gboolean on)
{
    if (b->client)
        client_watch(b, G_IO_IN | G_IO_HUP | G_IO_ERR | (on ? G_IO_OUT : 0));
}

static void client_drop(MbmcSolBridge *b)
{
    if (b->client_source) {
        g_source_destroy(b->client_source);
        g_clear_pointer(&b->client_source, g_source_unref);
    }
    if (b->client)
        g_socket_close(b->client, NULL);
    g_clear_object(&b->client);
    g_byte_array_set_size(b->to_client, 0);
}

static gboolean on_incoming(GSocketService *svc, GSocketConnection *conn, GObject *src,
                            gpointer data)
{
    (void)svc; (void)src;
    MbmcSolBridge *b = data;
    /* A new ipmi_sim (restarted) replaces the old connection. */
    client_drop(b);
    b->client = g_object_ref(g_socket_connection_get_socket(conn));
    /* Keep the GSocketConnection alive as long as its socket is used. */
    g_object_set_data_full(G_OBJECT(b->client), "conn", g_object_ref(conn), g_object_unref);
    g_socket_set_blocking(b->client, FALSE);
    client_watch(b, G_IO_IN | G_IO_HUP | G_IO_ERR);
    return TRUE;
}

/* ---- lifecycle ---- */

static void copy_config(MbmcSolBridgeConfig *dst, const MbmcSolBridgeConfig *src)
{
    *dst = *src;
    dst->url = g_strdup(src->url);
    dst->token_file = g_strdup(src->token_file);
    dst->ca_file = g_strdup(src->ca_file);
    dst->fingerprint = g_strdup(src->fingerprint);
    dst->serial = g_strdup(src->serial ? src->serial : "serial0");
    dst->listen_addr = g_strdup(src->listen_addr ? src->listen_addr : "127.0.0.1");
    dst->console_user = g_strdup(src->console_user);
    dst->console_password_file = g_strdup(src->console_password_file);
    /* 0: the table's default (settings.def), as for multibmc-solbridge's flags. */
    if (!dst->idle_secs)
        dst->idle_secs = (guint)mbmc_setting(MBMC_SET_SOL_IDLE_SECS)->def;
    if (!dst->keepalive_secs)
        dst->keepalive_secs = (guint)mbmc_setting(MBMC_SET_KEEPALIVE_SECS)->def;
    if (!dst->max_backoff_ms)
        dst->max_backoff_ms = (guint)mbmc_setting(MBMC_SET_MAX_BACKOFF_MS)->def;
    /* Strip a trailing slash so paths join cleanly. */
    gsize n = strlen(dst->url);
    while (n > 0 && dst->url[n - 1] == '/')
        dst->url[--n] = 0;
}

MbmcSolBridge *mbmc_sol_bridge_new(const MbmcSolBridgeConfig *cfg, GError **error)
{
    if (!cfg->vmid) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "no VMID for the SOL bridge");
        return NULL;
    }
    if (cfg->serial && !g_regex_match_simple("^serial[0-3]$", cfg->serial, 0, 0)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    "serial interface must be serial0..serial3 (got %s)", cfg->serial);
        return NULL;
    }
    if (cfg->console_user || cfg->console_auth == MBMC_CONSOLE_AUTH_TICKET) {
        if (!cfg->console_user || !cfg->console_password_file) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                        "the console ticket needs both a console user and its password file");
            return NULL;
        }
        if (!mbmc_pve_userid_check(cfg->console_user, error))
            return NULL;
        /* Refuse a missing or group/world-readable file now rather than at the first login. */
        char *pw = mbmc_read_secret_file(cfg->console_password_file, error);
        if (!pw)
            return NULL;
        mbmc_secret_free(pw);
    }
    MbmcPveClientConfig cc = { .url = cfg->url, .token_file = cfg->token_file,
                               .ca_file = cfg->ca_file, .fingerprint = cfg->fingerprint,
                               .insecure = cfg->insecure };
    MbmcPveClient *client = mbmc_pve_client_new(&cc, error);
    if (!client)
        return NULL;

    MbmcSolBridge *b = g_new0(MbmcSolBridge, 1);
    copy_config(&b->cfg, cfg);
    b->api = client;
    b->session = mbmc_pve_client_session(client);
    b->to_client = g_byte_array_new();
    b->pending_input = g_byte_array_new();
    b->backoff_ms = 500;
    b->use_ticket = b->cfg.console_auth == MBMC_CONSOLE_AUTH_TICKET;
    if (b->cfg.insecure)
        g_warning(LOG_DOMAIN_PREFIX "[%u]: TLS verification disabled (insecure) for %s",
                  b->cfg.vmid, b->cfg.url);

    b->service = g_socket_service_new();
    g_autoptr(GInetAddress) ia = g_inet_address_new_from_string(b->cfg.listen_addr);
    if (!ia || !g_inet_address_get_is_loopback(ia)) {
        /* Whoever connects gets the VM's console: it has no login of its own. */
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    "the listen address must be a loopback address, like 127.0.0.1 (got %s)",
                    b->cfg.listen_addr);
        mbmc_sol_bridge_free(b);
        return NULL;
    }
    g_autoptr(GSocketAddress) sa = g_inet_socket_address_new(ia, b->cfg.listen_port);
    g_autoptr(GSocketAddress) effective = NULL;
    if (!g_socket_listener_add_address(G_SOCKET_LISTENER(b->service), sa, G_SOCKET_TYPE_STREAM,
                                       G_SOCKET_PROTOCOL_TCP, NULL, &effective, error)) {
        mbmc_sol_bridge_free(b);
        return NULL;
    }
    b->port = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(effective));
    g_signal_connect(b->service, "incoming", G_CALLBACK(on_incoming), b);
    g_socket_service_start(b->service);
    if (b->cfg.policy == MBMC_SOL_HOLD)
        bridge_connect(b);
    return b;
}

void mbmc_sol_bridge_free(MbmcSolBridge *b)
{
    if (!b)
        return;
    g_cancellable_cancel(b->cancel);
    g_clear_object(&b->cancel);
    ws_teardown(b);
    g_clear_handle_id(&b->retry_id, g_source_remove);
    g_clear_handle_id(&b->idle_id, g_source_remove);
    client_drop(b);
    if (b->service) {
        g_socket_service_stop(b->service);
        g_socket_listener_close(G_SOCKET_LISTENER(b->service));
        g_clear_object(&b->service);
    }
    b->session = NULL;
    mbmc_pve_client_free(b->api);
    g_byte_array_unref(b->to_client);
    g_byte_array_unref(b->pending_input);
    g_free(b->node);
    g_free(b->last_error);
    g_free(b->cfg.url);
    g_free(b->cfg.token_file);
    g_free(b->cfg.ca_file);
    g_free(b->cfg.fingerprint);
    g_free(b->cfg.serial);
    g_free(b->cfg.listen_addr);
    g_free(b->cfg.console_user);
    g_free(b->cfg.console_password_file);
    mbmc_pve_ticket_clear(&b->pve);
    g_free(b);
}

void mbmc_sol_bridge_set_notify(MbmcSolBridge *b, void (*fn)(gpointer), gpointer data)
{
    b->notify = fn;
    b->notify_data = data;
}

guint16 mbmc_sol_bridge_port(const MbmcSolBridge *b) { return b->port; }
gboolean mbmc_sol_bridge_attached(const MbmcSolBridge *b) { return b->state == MBMC_SOLB_ATTACHED; }
const char *mbmc_sol_bridge_last_error(const MbmcSolBridge *b) { return b->last_error; }
