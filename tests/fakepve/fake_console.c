/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _GNU_SOURCE
/* The fake's serial console (reference 1.6 and 3.4):
 *
 *  POST /nodes/{n}/qemu/{id}/termproxy serial=serial0..3  (VM.Console)
 *      -> {user, ticket "PVEVNC:...", port 59xx, upid}; the "termproxy" waits 10 s for its one
 *         connection, the ticket is good for 40 s (both on the fake clock).
 *  GET .../vncwebsocket?port=&vncticket=   with Upgrade: websocket
 *      -> 101, then termproxy's protocol inside websocket frames: "user:ticket\n" within 10 s,
 *         "OK", qm terminal's banner (or its error and a close), then the VM's serial bytes:
 *         a scripted boot log for the first console of each boot, echo of "0:len:data"
 *         input (Enter prints a login prompt), "1:cols:rows:" and "2" parsed and counted.
 *         A VM given a ticker ("console_ticker ID MS") keeps printing a numbered line every
 *         MS ms, as a guest that never goes quiet; lines while no console is open are lost.
 *         The session closes when the VM stops, restarts or moves to another node.
 *
 * Old Proxmox (profile 7, or "console_token 0"): termproxy cannot check a token's ticket and
 * closes the connection right after the login line. A user's ticket (cookie, fake_auth.c) works
 * there: termproxy's user is then the plain user@realm.
 *
 * Framing as pveproxy enforces it: client frames masked, FIN set, no RSV bits, at most 128 KiB;
 * ping -> pong; close -> close. Server frames are unmasked binary.
 *
 * Control (fake_ctl): console_stats, console_token 0|1, console_say ID TEXT, console_reset,
 * console_ticker ID MS (0 stops it). */
#include <ctype.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "fake_console.h"


#define MAX_TICKETS MAX_VMS   /* each VM of a fleet may hold a fresh one (scale benchmark) */
#define MAX_CONSOLES 2048   /* a fleet's bridges connect at once (scale benchmark); untouched BSS costs nothing */
#define WS_MAX_PAYLOAD (128 * 1024)
#define LOGIN_SECS 10       /* termproxy: the login line must come this soon after accept */
#define ACCEPT_SECS 10      /* termproxy exits when nobody connects this soon */
#define TICKET_SECS 40      /* verify_vnc_ticket(..., -20, 40) */
#define OUT_MAX 65536

struct ticket {
    char ticket[160], user[128], node[32];
    int vmid, port;
    double issued;
    bool used;
};

struct console {
    bool used;
    int vmid;
    char node[32];
    double boot;            /* the VM's started_at when the session began */
    double script_start;    /* <0: no boot log for this session */
    int script_line;
    char out[OUT_MAX];      /* filled under fake_lock, sent by the session's thread */
    size_t outlen;
};

static struct {
    bool token_console_off;
    int open, max_open_per_vm, opened, logins, refused, expired, bad_frames, resizes, keepalives,
        pings, closed_by_vm, lost_output;
    long input_bytes;
    char last_input[256];
} S;
static struct ticket tickets[MAX_TICKETS];
static unsigned ticket_seq;
static struct console consoles[MAX_CONSOLES];
static struct { int vmid; double boot; } played[MAX_VMS];
#define MAX_TICKERS 16
static struct { int vmid, ms; double next; unsigned long n; } tickers[MAX_TICKERS];

static const struct { double at; const char *text; } boot_log[] = {
    { 0.0, "SeaBIOS (version rel-1.16.3-0-fakepve)\r\n" },
    { 0.3, "Booting from Hard Disk...\r\n" },
    { 0.6, "[    0.000000] Linux version 6.1.0-fakepve (fakepve@pve1) #1 SMP\r\n" },
    { 0.9, "\r\nDebian GNU/Linux 12 cn001 ttyS0\r\n\r\ncn001 login: " },
};

/* ---- termproxy ---- */

static void console_err(struct fake_resp *rs, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void console_err(struct fake_resp *rs, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rs->reason, sizeof(rs->reason), fmt, ap);
    va_end(ap);
    rs->code = code;
    struct json_object *root = json_object_new_object();
    json_object_object_add(root, "data", NULL);
    if (F.json_message) {
        char msg[600];
        snprintf(msg, sizeof(msg), "%s\n", rs->reason);
        json_object_object_add(root, "message", json_object_new_string(msg));
    }
    rs->body = strdup(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
    json_object_put(root);
}

void fake_termproxy(const struct fake_token *t, struct fake_vm *vm, int vmid, const char *node,
                    const struct fake_params *p, struct fake_resp *rs)
{
    char need[64];
    snprintf(need, sizeof(need), " VM.Console ");
    if (!strstr(t->privs, need)) {
        console_err(rs, 403, "Permission check failed (/vms/%d, VM.Console)", vmid);
        return;
    }
    for (int i = 0; i < p->n; i++)
        if (strcmp(p->key[i], "serial")) {
            console_err(rs, 400, "Parameter verification failed.");
            return;
        }
    const char *serial = fake_param(p, "serial");
    if (serial && (strncmp(serial, "serial", 6) || serial[6] < '0' || serial[6] > '3' || serial[7])) {
        console_err(rs, 400, "Parameter verification failed.");
        return;
    }
    if (!vm || strcmp(vm->node, node)) {
        console_err(rs, 500, "Configuration file 'nodes/%s/qemu-server/%d.conf' does not exist", node, vmid);
        return;
    }
    /* Like PVE, no check of the VM's state here: qm terminal complains inside the session. */
    struct ticket *tk = &tickets[ticket_seq++ % MAX_TICKETS];
    memset(tk, 0, sizeof(*tk));
    unsigned char sig[24];
    RAND_bytes(sig, sizeof(sig));
    char b64[64];
    EVP_EncodeBlock((unsigned char *)b64, sig, sizeof(sig));
    snprintf(tk->ticket, sizeof(tk->ticket), "PVEVNC:%08X::%s", (unsigned)time(NULL), b64);
    snprintf(tk->user, sizeof(tk->user), "%s", t->id);
    snprintf(tk->node, sizeof(tk->node), "%s", node);
    tk->vmid = vmid;
    tk->port = 5900 + (int)(ticket_seq % 100);
    tk->issued = fake_now();
    char upid[256];
    snprintf(upid, sizeof(upid), "%s", fake_task_new(vm, node, "vncproxy", t->id, T_CONFIG, 3600));
    struct json_object *d = json_object_new_object();
    json_object_object_add(d, "user", json_object_new_string(tk->user));
    json_object_object_add(d, "ticket", json_object_new_string(tk->ticket));
    json_object_object_add(d, "port", json_object_new_int(tk->port));
    json_object_object_add(d, "upid", json_object_new_string(upid));
    struct json_object *root = json_object_new_object();
    json_object_object_add(root, "data", d);
    rs->code = 200;
    snprintf(rs->reason, sizeof(rs->reason), "OK");
    rs->body = strdup(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
    json_object_put(root);
    fprintf(F.log, "# console: termproxy for VM %d on %s, port %d\n", vmid, node, tk->port);
}

/* ---- HTTP before the upgrade ---- */

static const char *hdr(const char *hdrs, const char *name, char *out, size_t outlen)
{
    size_t nl = strlen(name);
    out[0] = '\0';
    for (const char *l = strstr(hdrs, "\r\n"); l && l[2] && strncmp(l, "\r\n\r\n", 4); l = strstr(l + 2, "\r\n")) {
        const char *s = l + 2;
        if (!strncasecmp(s, name, nl) && s[nl] == ':') {
            const char *v = s + nl + 1;
            while (*v == ' ')
                v++;
            size_t vl = strcspn(v, "\r\n");
            snprintf(out, outlen, "%.*s", (int)(vl < outlen ? vl : outlen - 1), v);
            break;
        }
    }
    return out;
}

static void http_fail(SSL *ssl, int code, const char *reason)
{
    char buf[768];
    int n = snprintf(buf, sizeof(buf), "HTTP/1.1 %d %s\r\nServer: pve-api-daemon/3.0\r\n"
                     "Content-Type: application/json;charset=UTF-8\r\nContent-Length: 13\r\n"
                     "Connection: close\r\n\r\n{\"data\":null}", code, reason);
    SSL_write(ssl, buf, n);
    fprintf(F.log, "RSP %d %s\n", code, reason);
}

/* ---- websocket frames ---- */

static bool ws_send(SSL *ssl, int opcode, const void *data, size_t len)
{
    unsigned char h[10];
    size_t hl = 2;
    h[0] = (unsigned char)(0x80 | opcode);
    if (len < 126) {
        h[1] = (unsigned char)len;
    } else if (len < 65536) {
        h[1] = 126; h[2] = (unsigned char)(len >> 8); h[3] = (unsigned char)len; hl = 4;
    } else {
        h[1] = 127;
        for (int i = 0; i < 8; i++)
            h[2 + i] = (unsigned char)((uint64_t)len >> (56 - 8 * i));
        hl = 10;
    }
    if (SSL_write(ssl, h, (int)hl) <= 0)
        return false;
    return !len || SSL_write(ssl, data, (int)len) > 0;
}

static void ws_close(SSL *ssl, int code)
{
    unsigned char c[2] = { (unsigned char)(code >> 8), (unsigned char)code };
    ws_send(ssl, 8, c, 2);
}

/* ---- one session ---- */

struct session {
    SSL *ssl;
    int fd;
    struct console *con;
    const struct ticket *tk;
    char user[128];
    bool logged_in;
    unsigned char in[WS_MAX_PAYLOAD + 16];   /* raw frames */
    size_t inlen;
    char app[8192];                           /* termproxy stream */
    size_t applen;
    double opened;                            /* real time */
};

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void queue_out(struct console *c, const char *s, size_t n)
{
    if (c->outlen + n > OUT_MAX) {
        S.lost_output++;
        return;
    }
    memcpy(c->out + c->outlen, s, n);
    c->outlen += n;
}

static int open_for_vm(int vmid)
{
    int n = 0;
    for (int i = 0; i < MAX_CONSOLES; i++)
        n += consoles[i].used && consoles[i].vmid == vmid;
    return n;
}

/* Under fake_lock: the login line arrived. false ends the session. */
static bool login(struct session *s, const char *line)
{
    struct console *c = s->con;
    const char *colon = strchr(line, ':');
    if (!colon || strncmp(line, s->tk->user, strlen(s->tk->user)) || (size_t)(colon - line) != strlen(s->tk->user)
        || strcmp(colon + 1, s->tk->ticket)) {
        fprintf(F.log, "# console: bad login for VM %d\n", c->vmid);
        S.refused++;
        return false;
    }
    if ((F.profile < 8 || S.token_console_off) && strchr(s->tk->user, '!')) {
        /* termproxy POSTs user/ticket to /access/ticket, which rejects token ids. */
        fprintf(F.log, "# console: old termproxy rejects the token %s\n", s->tk->user);
        S.refused++;
        return false;
    }
    S.logins++;
    s->logged_in = true;
    queue_out(c, "OK", 2);
    struct fake_vm *vm = fake_vm_find(c->vmid);
    struct json_object *ser = NULL;
    char err[128] = "";
    if (!vm || !json_object_object_get_ex(vm->config, "serial0", &ser))
        snprintf(err, sizeof(err), "serial interface 'serial0' is not configured\r\n");
    else if (strcmp(json_object_get_string(ser), "socket"))
        snprintf(err, sizeof(err), "wrong serial type on interface 'serial0'\r\n");
    else if (strcmp(vm->status, "running"))
        snprintf(err, sizeof(err), "VM %d not running\r\n", c->vmid);
    if (err[0]) {
        queue_out(c, err, strlen(err));
        fprintf(F.log, "# console: qm terminal: %.*s\n", (int)strcspn(err, "\r"), err);
        return false;
    }
    const char *banner = "starting serial terminal on interface serial0\r\n";
    queue_out(c, banner, strlen(banner));
    c->boot = vm->started_at;
    snprintf(c->node, sizeof(c->node), "%s", vm->node);
    c->script_start = -1;
    int slot = -1;
    for (int i = 0; i < MAX_VMS; i++)
        if (played[i].vmid == c->vmid || (slot < 0 && !played[i].vmid))
            slot = i;
    if (slot >= 0 && !(played[slot].vmid == c->vmid && played[slot].boot == vm->started_at)) {
        played[slot].vmid = c->vmid;
        played[slot].boot = vm->started_at;
        c->script_start = mono();
        c->script_line = 0;
    }
    fprintf(F.log, "# console: VM %d attached (%d open)\n", c->vmid, open_for_vm(c->vmid));
    return true;
}

static void record_input(const char *d, size_t n)
{
    S.input_bytes += (long)n;
    size_t have = strlen(S.last_input);
    for (size_t i = 0; i < n; i++) {
        if (have + 1 >= sizeof(S.last_input)) {
            memmove(S.last_input, S.last_input + 64, have - 64 + 1);
            have -= 64;
        }
        S.last_input[have++] = isprint((unsigned char)d[i]) && d[i] != ' ' ? d[i] : '.';
        S.last_input[have] = '\0';
    }
}

/* Under fake_lock: termproxy's client messages. false ends the session. */
static bool app_messages(struct session *s)
{
    size_t i = 0;
    while (i < s->applen) {
        char *m = s->app + i;
        size_t left = s->applen - i;
        if (m[0] == '2') {
            S.keepalives++;
            i++;
            continue;
        }
        if (m[0] != '0' && m[0] != '1') {
            fprintf(F.log, "# console: bad termproxy message byte 0x%02x\n", (unsigned char)m[0]);
            return false;
        }
        char *end = memchr(m, ':', left);
        if (!end || end != m + 1)
            break;  /* incomplete */
        char *e2 = memchr(m + 2, ':', left - 2);
        if (!e2)
            break;
        if (m[0] == '1') {
            char *e3 = memchr(e2 + 1, ':', left - (size_t)(e2 + 1 - m));
            if (!e3)
                break;
            S.resizes++;
            i += (size_t)(e3 + 1 - m);
            continue;
        }
        size_t len = strtoul(m + 2, NULL, 10);
        size_t head = (size_t)(e2 + 1 - m);
        if (left < head + len)
            break;
        const char *d = e2 + 1;
        record_input(d, len);
        for (size_t k = 0; k < len; k++) {
            if (d[k] == '\r')
                queue_out(s->con, "\r\ncn001 login: ", 15);
            else
                queue_out(s->con, d + k, 1);
        }
        i += head + len;
    }
    memmove(s->app, s->app + i, s->applen - i);
    s->applen -= i;
    return s->applen < sizeof(s->app) - 1;
}

/* Data from the client: the login line first, then termproxy messages. */
static bool on_data(struct session *s, const unsigned char *p, size_t n)
{
    if (s->applen + n > sizeof(s->app) - 1)
        return false;
    memcpy(s->app + s->applen, p, n);
    s->applen += n;
    pthread_mutex_lock(&fake_lock);
    bool ok = true;
    if (!s->logged_in) {
        char *nl = memchr(s->app, '\n', s->applen);
        if (nl) {
            *nl = '\0';
            ok = login(s, s->app);
            size_t used = (size_t)(nl + 1 - s->app);
            memmove(s->app, nl + 1, s->applen - used);
            s->applen -= used;
        }
    }
    if (ok && s->logged_in)
        ok = app_messages(s);
    pthread_mutex_unlock(&fake_lock);
    return ok;
}

/* Parse complete frames in s->in. 0: continue, else a close code (or 1 for "just end"). */
static int on_frames(struct session *s)
{
    for (;;) {
        if (s->inlen < 2)
            return 0;
        unsigned char *f = s->in;
        int op = f[0] & 0x0f;
        bool fin = f[0] & 0x80, masked = f[1] & 0x80;
        uint64_t len = f[1] & 0x7f;
        size_t hl = 2;
        if (len == 126) {
            if (s->inlen < 4)
                return 0;
            len = (uint64_t)f[2] << 8 | f[3];
            hl = 4;
        } else if (len == 127) {
            if (s->inlen < 10)
                return 0;
            len = 0;
            for (int i = 0; i < 8; i++)
                len = len << 8 | f[2 + i];
            hl = 10;
        }
        if (len > WS_MAX_PAYLOAD) {
            S.bad_frames++;
            return 1009;
        }
        if (!masked || !fin || (f[0] & 0x70)) {
            S.bad_frames++;
            return 1002;
        }
        if (s->inlen < hl + 4 + len)
            return 0;
        unsigned char *mask = f + hl, *p = f + hl + 4;
        for (uint64_t i = 0; i < len; i++)
            p[i] ^= mask[i % 4];
        int rc = 0;
        switch (op) {
        case 1: case 2:
            if (!on_data(s, p, (size_t)len))
                rc = 1;
            break;
        case 8:
            ws_close(s->ssl, 1000);
            rc = 1;
            break;
        case 9:
            S.pings++;
            ws_send(s->ssl, 0xA, p, (size_t)len);
            break;
        case 0xA:
            break;
        default:
            S.bad_frames++;
            rc = 1002;
        }
        size_t used = hl + 4 + (size_t)len;
        memmove(s->in, s->in + used, s->inlen - used);
        s->inlen -= used;
        if (rc)
            return rc;
    }
}

/* Under fake_lock: the VM's side of the line. false: the session must end. */
static bool vm_side(struct session *s)
{
    struct console *c = s->con;
    if (!s->logged_in)
        return true;
    fake_tick();
    struct fake_vm *vm = fake_vm_find(c->vmid);
    if (!vm || strcmp(vm->status, "running") || vm->started_at != c->boot || strcmp(vm->node, c->node)) {
        fprintf(F.log, "# console: VM %d stopped or moved, closing its console\n", c->vmid);
        S.closed_by_vm++;
        return false;
    }
    if (c->script_start >= 0) {
        double t = mono() - c->script_start;
        while (c->script_line < (int)(sizeof(boot_log) / sizeof(boot_log[0])) && boot_log[c->script_line].at <= t) {
            queue_out(c, boot_log[c->script_line].text, strlen(boot_log[c->script_line].text));
            c->script_line++;
        }
    }
    for (int i = 0; i < MAX_TICKERS; i++) {
        if (tickers[i].vmid != c->vmid || tickers[i].ms <= 0 || mono() < tickers[i].next)
            continue;
        char line[128];
        int n = snprintf(line, sizeof(line), "tick-%lu ......................................"
                         "..................\r\n", ++tickers[i].n);
        queue_out(c, line, (size_t)n);
        tickers[i].next = mono() + tickers[i].ms / 1000.0;
    }
    return true;
}

static void session_run(struct session *s)
{
    char out[OUT_MAX];
    for (;;) {
        pthread_mutex_lock(&fake_lock);
        bool alive = vm_side(s);
        size_t n = s->con->outlen;
        memcpy(out, s->con->out, n);
        s->con->outlen = 0;
        pthread_mutex_unlock(&fake_lock);
        if (n && !ws_send(s->ssl, 2, out, n))
            return;
        if (!alive) {
            ws_close(s->ssl, 1000);
            return;
        }
        if (!s->logged_in && mono() - s->opened > LOGIN_SECS) {
            fprintf(F.log, "# console: no login within %d s\n", LOGIN_SECS);
            ws_close(s->ssl, 1000);
            return;
        }
        struct pollfd pfd = { .fd = s->fd, .events = POLLIN };
        if (!SSL_pending(s->ssl) && poll(&pfd, 1, 50) <= 0)
            continue;
        int r = SSL_read(s->ssl, s->in + s->inlen, (int)(sizeof(s->in) - s->inlen));
        if (r <= 0)
            return;
        s->inlen += (size_t)r;
        int rc = on_frames(s);
        if (!rc)
            continue;
        /* What was said before the end (qm terminal's error) still goes out. */
        pthread_mutex_lock(&fake_lock);
        n = s->con->outlen;
        memcpy(out, s->con->out, n);
        s->con->outlen = 0;
        pthread_mutex_unlock(&fake_lock);
        if (n)
            ws_send(s->ssl, 2, out, n);
        if (rc > 1)
            fprintf(F.log, "# console: websocket protocol error, close %d\n", rc);
        ws_close(s->ssl, rc > 1 ? rc : 1000);
        return;
    }
}

static void accept_key(const char *key, char *out)
{
    char buf[256];
    snprintf(buf, sizeof(buf), "%s258EAFA5-E914-47DA-95CA-C5AB0DC85B11", key);
    unsigned char sha[SHA_DIGEST_LENGTH];
    SHA1((unsigned char *)buf, strlen(buf), sha);
    EVP_EncodeBlock((unsigned char *)out, sha, sizeof(sha));
}

void fake_console_serve(SSL *ssl, int fd, const char *hdrs)
{
    char method[16] = "", target[4096] = "";
    sscanf(hdrs, "%15s %4095s", method, target);
    char auth[1024], cookie[1024], upgrade[64], version[16], key[128], proto[128];
    hdr(hdrs, "Authorization", auth, sizeof(auth));
    hdr(hdrs, "Cookie", cookie, sizeof(cookie));
    hdr(hdrs, "Upgrade", upgrade, sizeof(upgrade));
    hdr(hdrs, "Sec-WebSocket-Version", version, sizeof(version));
    hdr(hdrs, "Sec-WebSocket-Key", key, sizeof(key));
    hdr(hdrs, "Sec-WebSocket-Protocol", proto, sizeof(proto));
    char *q = strchr(target, '?');
    const char *query = "";
    if (q) {
        *q = '\0';
        query = q + 1;
    }
    struct fake_params prm = { 0 };
    fake_parse_params(query, strlen(query), &prm);
    char node[64] = "";
    int vmid = 0;
    struct session *s = NULL;
    struct console *c = NULL;

    pthread_mutex_lock(&fake_lock);
    fake_tick();
    fprintf(F.log, "REQ %s %s%s%s auth=[%s] cookie=[%s] csrf=[] ctype=[] body=[] upgrade=[%s] version=[%s] "
            "protocol=[%s]\n", method, target, *query ? "?" : "", query, auth, cookie, upgrade, version, proto);
    /* A token, or a user's ticket cookie (a GET: no CSRF token needed). */
    struct fake_resp denied = { 0 };
    const struct fake_token *t = fake_authenticate("GET", auth, cookie, "", &denied);
    const char *port = fake_param(&prm, "port"), *vt = fake_param(&prm, "vncticket");
    struct ticket *tk = NULL;
    for (int i = 0; vt && i < MAX_TICKETS; i++)
        if (!strcmp(tickets[i].ticket, vt))
            tk = &tickets[i];
    char why[600] = "";
    int code = 0;
    free(denied.body);
    if (strcmp(method, "GET") || sscanf(target, "/api2/json/nodes/%63[^/]/qemu/%d/vncwebsocket", node, &vmid) != 2) {
        code = 501;
        snprintf(why, sizeof(why), "Method '%s %s' not implemented", method, target);
    } else if (!t) {
        code = 401;
        snprintf(why, sizeof(why), "%s", denied.reason);
    } else if (!strstr(t->privs, " VM.Console ")) {
        code = 403;
        snprintf(why, sizeof(why), "Permission check failed (/vms/%d, VM.Console)", vmid);
    } else if (!port || !vt) {
        code = 400;
        snprintf(why, sizeof(why), "Parameter verification failed.");
    } else if (strcasecmp(upgrade, "websocket")) {
        code = 501;     /* [UNV] a plain GET returns {"data":{"port":..}} on PVE */
        snprintf(why, sizeof(why), "websocket upgrade expected");
    } else if (strcmp(version, "13") || !key[0]) {
        code = 400;
        snprintf(why, sizeof(why), "unsupported websocket-version '%s'", version);
    } else if (!tk || tk->vmid != vmid || strcmp(tk->user, t->id) || fake_now() - tk->issued > TICKET_SECS) {
        if (tk && fake_now() - tk->issued > TICKET_SECS)
            S.expired++;
        code = 401;     /* [UNV] wording */
        snprintf(why, sizeof(why), "permission denied - invalid vnc ticket");
    } else if (tk->used || atoi(port) != tk->port || strcmp(tk->node, node) ||
               fake_now() - tk->issued > ACCEPT_SECS) {
        code = 500;     /* termproxy already gone (or never there) */
        snprintf(why, sizeof(why), "connect to 'localhost:%s' failed: Connection refused", port);
    }
    if (!code) {
        for (int i = 0; i < MAX_CONSOLES && !c; i++)
            if (!consoles[i].used)
                c = &consoles[i];
        if (!c) {
            code = 503;
            snprintf(why, sizeof(why), "too many consoles");
        }
    }
    if (code) {
        int delay = code == 401 ? F.auth_delay_ms : 0;
        pthread_mutex_unlock(&fake_lock);
        if (delay)
            usleep((useconds_t)delay * 1000);
        http_fail(ssl, code, why);
        return;
    }
    tk->used = true;
    memset(c, 0, sizeof(*c));
    c->used = true;
    c->vmid = vmid;
    c->script_start = -1;
    S.opened++;
    S.open++;
    int per_vm = open_for_vm(vmid);
    if (per_vm > S.max_open_per_vm)
        S.max_open_per_vm = per_vm;
    s = calloc(1, sizeof(*s));
    s->ssl = ssl;
    s->fd = fd;
    s->con = c;
    s->tk = tk;
    s->opened = mono();
    fprintf(F.log, "RSP 101 Switching Protocols\n");
    pthread_mutex_unlock(&fake_lock);

    char accept[64], resp[512];
    accept_key(key, accept);
    int n = snprintf(resp, sizeof(resp), "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                     "Connection: upgrade\r\nSec-WebSocket-Accept: %s\r\n%s%s%s\r\n", accept,
                     proto[0] ? "Sec-WebSocket-Protocol: " : "", proto, proto[0] ? "\r\n" : "");
    if (SSL_write(ssl, resp, n) > 0)
        session_run(s);

    pthread_mutex_lock(&fake_lock);
    c->used = false;
    S.open--;
    fprintf(F.log, "# console: VM %d session ended (%d open)\n", vmid, S.open);
    pthread_mutex_unlock(&fake_lock);
    free(s);
}

/* ---- control ---- */

char *fake_console_ctl(const char *line)
{
    char *out = NULL;
    if (!strncmp(line, "console_stats", 13)) {
        if (asprintf(&out, "open=%d max_open_per_vm=%d opened=%d logins=%d refused=%d expired=%d "
                     "bad_frames=%d resizes=%d keepalives=%d pings=%d closed_by_vm=%d lost_output=%d "
                     "input_bytes=%ld last_input=%s\n", S.open, S.max_open_per_vm, S.opened, S.logins,
                     S.refused, S.expired, S.bad_frames, S.resizes, S.keepalives, S.pings, S.closed_by_vm,
                     S.lost_output, S.input_bytes, S.last_input) < 0)
            out = NULL;
        return out;
    }
    if (!strncmp(line, "console_reset", 13)) {
        int open = S.open;
        bool off = S.token_console_off;
        memset(&S, 0, sizeof(S));
        S.open = S.max_open_per_vm = open;
        S.token_console_off = off;
        return strdup("ok\n");
    }
    if (!strncmp(line, "console_token ", 14)) {
        S.token_console_off = !atoi(line + 14);
        return strdup("ok\n");
    }
    if (!strncmp(line, "console_ticker ", 15)) {
        int vmid = 0, ms = -1, slot = -1;
        if (sscanf(line + 15, "%d %d", &vmid, &ms) != 2 || ms < 0)
            return strdup("error: console_ticker ID MS\n");
        for (int i = 0; i < MAX_TICKERS && slot < 0; i++)
            if (tickers[i].vmid == vmid)
                slot = i;
        for (int i = 0; i < MAX_TICKERS && slot < 0; i++)
            if (!tickers[i].vmid)
                slot = i;
        if (slot < 0)
            return strdup("error: too many tickers\n");
        tickers[slot].vmid = ms ? vmid : 0;
        tickers[slot].ms = ms;
        tickers[slot].next = mono();
        return strdup("ok\n");
    }
    if (!strncmp(line, "console_say ", 12)) {
        char *end = NULL;
        long vmid = strtol(line + 12, &end, 10);
        if (!end || *end != ' ')
            return strdup("error: console_say ID TEXT\n");
        int n = 0;
        for (int i = 0; i < MAX_CONSOLES; i++) {
            struct console *c = &consoles[i];
            if (c->used && c->vmid == vmid && c->node[0]) {
                queue_out(c, end + 1, strlen(end + 1));
                queue_out(c, "\r\n", 2);
                n++;
            }
        }
        if (!n)
            S.lost_output++;
        return asprintf(&out, "ok %d\n", n) < 0 ? NULL : out;
    }
    return NULL;
}
