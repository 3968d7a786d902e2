/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _GNU_SOURCE
/* fakepve: HTTPS server hosting the fake Proxmox API (model in fake_model.c, endpoints in
 * fake_api.c, test control in fake_ctl.c).
 *
 *   fakepve --cert node.pem --key node.key [--addr 127.0.0.1] [--port 0]
 *           --port-file F --log requests.log [--vms N [--nodes K]] [--request-cost-us N]
 *           [--cost-model pve [--workers W] [--max-conn N] [--keep-alive N]
 *            [--idle-timeout-ms N] [--max-requests N] [--backlog N]]
 *
 * --vms N: N VMs 1000..1000+N-1 over K nodes (default 1) instead of VM 100 (scale benchmark).
 * A thread per connection (no select(), so no FD_SETSIZE limit); the fd limit is raised to
 * its hard maximum so 1000 BMCs' keep-alive connections fit.
 * --request-cost-us: every API request holds one global "API worker" for N µs before it is
 * handled, so concurrent requests queue up as on a pveproxy whose workers are all busy.
 * --cost-model pve: Proxmox's own cost model instead (fake_cost.h): W workers per pveproxy
 * and pvedaemon, per-endpoint service times, max_conn, keep-alive limits, idle timeout.
 * Off by default: the integration tests want a quick fake; the scale benchmark turns it on.
 *
 * Why not libmicrohttpd: Proxmox puts its error message in the HTTP reason phrase
 * ("HTTP/1.1 500 VM 100 not running") and MHD always sends the standard phrase; the client's
 * handling of that phrase is what the tests must exercise. So the fake writes its own
 * status lines over OpenSSL.
 *
 * Authentication (tokens, user tickets, CSRF tokens) in fake_auth.c.
 * Control: POST /_fake with a text command in the body (see fake_ctl.c); not under /api2. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "fake.h"
#include "fake_console.h"
#include "fake_cost.h"

pthread_mutex_t fake_lock = PTHREAD_MUTEX_INITIALIZER;
static SSL_CTX *ctx;
static int listen_fd = -1;
static struct sockaddr_in listen_addr;
static bool refusing;           /* "listen 0": connections refused */
/* "listen 0": every API request is dropped without an answer (the API host is down);
 * the control path keeps working so the test can bring it back. */
void fake_set_listening(bool on)
{
    refusing = !on;
}

struct conn { int fd; SSL *ssl; struct fake_cost_conn *cost; char buf[1 << 20]; size_t len; };

/* With the cost model: a connection idle between requests for the timeout is closed. */
static bool next_request_arrives(struct conn *c)
{
    if (!c->cost || c->len || SSL_pending(c->ssl))
        return true;
    struct pollfd p = { .fd = c->fd, .events = POLLIN };
    int r;
    do
        r = poll(&p, 1, fake_cost_idle_timeout_ms());
    while (r < 0 && errno == EINTR);
    if (r == 0)
        fake_cost_idle_closed(c->cost);
    return r > 0;
}

static int fill(struct conn *c)
{
    if (c->len >= sizeof(c->buf))
        return -1;
    int n = SSL_read(c->ssl, c->buf + c->len, (int)(sizeof(c->buf) - c->len));
    if (n <= 0)
        return -1;
    c->len += (size_t)n;
    return 0;
}

static const char *header(const char *hdrs, const char *name, char *out, size_t outlen)
{
    size_t nl = strlen(name);
    out[0] = '\0';
    for (const char *l = hdrs; l && *l; l = strstr(l, "\r\n") ? strstr(l, "\r\n") + 2 : NULL) {
        if (!strncasecmp(l, name, nl) && l[nl] == ':') {
            const char *v = l + nl + 1;
            while (*v == ' ')
                v++;
            size_t vl = strcspn(v, "\r\n");
            snprintf(out, outlen, "%.*s", (int)(vl < outlen ? vl : outlen - 1), v);
            return out;
        }
        if (!strncmp(l, "\r\n", 2))
            break;
    }
    return out;
}

static void send_resp(struct conn *c, const struct fake_resp *rs, bool keep)
{
    const char *body = rs->body ? rs->body : "";
    size_t bl = strlen(body);
    char head[1024];
    int hl = snprintf(head, sizeof(head),
                      "HTTP/1.1 %d %s\r\nServer: pve-api-daemon/3.0\r\n"
                      "Content-Type: application/json;charset=UTF-8\r\nContent-Length: %zu\r\n"
                      "Connection: %s\r\n\r\n", rs->code, rs->reason, bl, keep ? "Keep-Alive" : "close");
    SSL_write(c->ssl, head, hl);
    if (bl)
        SSL_write(c->ssl, body, (int)bl);
}

static void *serve(void *arg)
{
    struct conn *c = arg;
    if (fake_cost_on() && !(c->cost = fake_cost_accept()))
        goto out;      /* refused: the listen queue is full */
    c->ssl = SSL_new(ctx);
    SSL_set_fd(c->ssl, c->fd);
    if (c->cost)
        fake_cost_handshake_begin(c->cost);
    int accepted = SSL_accept(c->ssl);
    if (c->cost)
        fake_cost_handshake_end(c->cost);
    if (accepted <= 0)
        goto out;
    for (;;) {
        char *end;
        if (!next_request_arrives(c))
            goto out;
        while (!(end = memmem(c->buf, c->len, "\r\n\r\n", 4)))
            if (fill(c))
                goto out;
        size_t hlen = (size_t)(end - c->buf) + 4;
        char *hdrs = strndup(c->buf, hlen);
        char method[16] = "", target[4096] = "";
        sscanf(hdrs, "%15s %4095s", method, target);
        char cl[32], auth[1024], ctype[128], conn_hdr[64], cookie[1024], csrf[256];
        header(hdrs, "Content-Length", cl, sizeof(cl));
        header(hdrs, "Authorization", auth, sizeof(auth));
        header(hdrs, "Cookie", cookie, sizeof(cookie));
        header(hdrs, "CSRFPreventionToken", csrf, sizeof(csrf));
        header(hdrs, "Content-Type", ctype, sizeof(ctype));
        header(hdrs, "Connection", conn_hdr, sizeof(conn_hdr));
        size_t blen = (size_t)strtoul(cl, NULL, 10);
        if (!refusing && strstr(target, "/vncwebsocket")) {   /* the console takes the connection */
            if (c->cost)   /* the upgrade costs a request; the stream is proxied asynchronously */
                fake_cost_request_end(c->cost, fake_cost_request_begin(c->cost, method, target), 101);
            fake_console_serve(c->ssl, c->fd, hdrs);
            free(hdrs);
            goto out;
        }
        free(hdrs);
        if (blen > sizeof(c->buf) - hlen)
            goto out;
        while (c->len < hlen + blen)
            if (fill(c))
                goto out;
        char *body = strndup(c->buf + hlen, blen);
        char *q = strchr(target, '?');
        const char *query = "";
        if (q) {
            *q = '\0';
            query = q + 1;
        }
        struct fake_req rq = { .method = method, .path = target, .query = query, .auth = auth,
                               .cookie = cookie, .csrf = csrf, .ctype = ctype, .body = body,
                               .body_len = blen };
        struct fake_resp rs = { 0 };
        if (!strcmp(target, "/_fake")) {
            pthread_mutex_lock(&fake_lock);
            rs.body = fake_ctl(body);
            pthread_mutex_unlock(&fake_lock);
            rs.code = 200;
            snprintf(rs.reason, sizeof(rs.reason), "OK");
        } else if (refusing) {
            free(body);
            goto out;
        } else {
            fake_api_occupy_worker();
            struct fake_cost_hold *hold = c->cost ? fake_cost_request_begin(c->cost, method, target) : NULL;
            pthread_mutex_lock(&fake_lock);
            fake_api_handle(&rq, &rs);
            pthread_mutex_unlock(&fake_lock);
            if (hold && !fake_cost_request_end(c->cost, hold, rs.code))
                strcpy(conn_hdr, "close");   /* keep-alive used up, or the worker replaced */
        }
        if (rs.delay_ms > 0)
            usleep((useconds_t)rs.delay_ms * 1000);
        bool keep = rs.code < 400 && strcasecmp(conn_hdr, "close");
        send_resp(c, &rs, keep);
        free(rs.body);
        free(body);
        memmove(c->buf, c->buf + hlen + blen, c->len - hlen - blen);
        c->len -= hlen + blen;
        if (!keep)
            break;
    }
out:
    fake_cost_close(c->cost);   /* before close(): a client that saw EOF finds the slot free */
    SSL_free(c->ssl);
    close(c->fd);
    free(c);
    return NULL;
}

int main(int argc, char **argv)
{
    const char *cert = NULL, *key = NULL, *port_file = NULL, *log = NULL, *addr = "127.0.0.1";
    int port = 0, nvms = 0, nnodes = 1;
    const char *vms_arg = NULL, *nodes_arg = NULL;
    bool cost_model = false;
    struct fake_cost_cfg cost;
    fake_cost_defaults(&cost);
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--cert")) cert = argv[i + 1];
        else if (!strcmp(argv[i], "--key")) key = argv[i + 1];
        else if (!strcmp(argv[i], "--port-file")) port_file = argv[i + 1];
        else if (!strcmp(argv[i], "--log")) log = argv[i + 1];
        else if (!strcmp(argv[i], "--addr")) addr = argv[i + 1];
        else if (!strcmp(argv[i], "--port")) port = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--vms")) vms_arg = argv[i + 1];
        else if (!strcmp(argv[i], "--nodes")) nodes_arg = argv[i + 1];
        else if (!strcmp(argv[i], "--request-cost-us")) F.request_cost_us = (unsigned)atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--cost-model")) {
            if (strcmp(argv[i + 1], "pve") && strcmp(argv[i + 1], "off")) {
                fprintf(stderr, "fakepve: --cost-model pve|off\n");
                return 2;
            }
            cost_model = !strcmp(argv[i + 1], "pve");
        }
        else if (!strcmp(argv[i], "--workers")) cost.workers = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--max-conn")) cost.max_conn = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--keep-alive")) cost.keep_alive = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--idle-timeout-ms")) cost.idle_timeout_ms = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--max-requests")) cost.max_requests = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--backlog")) cost.backlog = atoi(argv[i + 1]);
        else { fprintf(stderr, "fakepve: unknown option %s\n", argv[i]); return 2; }
    }
    if (!cert || !key) {
        fprintf(stderr, "usage: fakepve --cert C --key K [--addr A] [--port P] [--port-file F] [--log L]"
                        " [--vms N [--nodes K]] [--request-cost-us N] [--cost-model pve [--workers W]"
                        " [--max-conn N] [--keep-alive N] [--idle-timeout-ms N] [--max-requests N]"
                        " [--backlog N]]\n");
        return 2;
    }
    if (cost.workers < 1 || cost.workers > 64 || cost.max_conn < 1 || cost.keep_alive < 1 ||
        cost.idle_timeout_ms < 1 || cost.max_requests < 1 || cost.backlog < 0) {
        fprintf(stderr, "fakepve: cost model values out of range (workers 1..64, the others >= 1)\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);      /* before any download thread (fake_storage.c) */
    ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx || SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
        ERR_print_errors_fp(stderr);
        return 1;
    }
    F.log = log ? fopen(log, "a") : stderr;
    if (!F.log) {
        perror(log);
        return 1;
    }
    setvbuf(F.log, NULL, _IOLBF, 0);
    fake_init_defaults();
    if (nodes_arg && !vms_arg) {
        fprintf(stderr, "fakepve: --nodes needs --vms\n");
        return 2;
    }
    if (vms_arg) {
        char *end1 = NULL, *end2 = NULL;
        nvms = (int)strtol(vms_arg, &end1, 10);
        if (nodes_arg)
            nnodes = (int)strtol(nodes_arg, &end2, 10);
        if (*end1 || (end2 && *end2)) {
            fprintf(stderr, "fakepve: --vms and --nodes take numbers\n");
            return 2;
        }
        char err[128];
        if (fake_init_fleet(nvms, nnodes, err, sizeof(err))) {
            fprintf(stderr, "fakepve: %s\n", err);
            return 2;
        }
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    F.stats_since = fake_monotonic();
    if (cost_model)
        fake_cost_enable(&cost, F.nnodes);
    listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    listen_addr.sin_family = AF_INET;
    listen_addr.sin_port = htons((uint16_t)port);
    inet_pton(AF_INET, addr, &listen_addr.sin_addr);
    if (bind(listen_fd, (struct sockaddr *)&listen_addr, sizeof(listen_addr)) || listen(listen_fd, SOMAXCONN)) {
        perror("fakepve: bind");
        return 1;
    }
    socklen_t sl = sizeof(listen_addr);
    getsockname(listen_fd, (struct sockaddr *)&listen_addr, &sl);
    if (port_file) {
        FILE *f = fopen(port_file, "w");
        if (!f) {
            perror(port_file);
            return 1;
        }
        fprintf(f, "%d\n", ntohs(listen_addr.sin_port));
        fclose(f);
    }
    for (;;) {
        int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR)
                continue;
            perror("fakepve: accept");
            return 1;
        }
        struct conn *c = calloc(1, sizeof(*c));
        c->fd = fd;
        pthread_t t;
        pthread_attr_t at;
        pthread_attr_init(&at);
        pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
        pthread_attr_setstacksize(&at, 1024 * 1024);   /* thousands of connections; the console needs ~150 KB */
        if (pthread_create(&t, &at, serve, c)) {
            close(fd);
            free(c);
        }
        pthread_attr_destroy(&at);
    }
}
