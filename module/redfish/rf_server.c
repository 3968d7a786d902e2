/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See rf_server.h. */
#include "rf_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "rf_error.h"
#include "rf_libs.h"

/* TLS 1.2 and 1.3 only. */
#define TLS_PRIORITIES "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"

struct rf_async {
    struct rf_server *server;
    struct MHD_Connection *conn;
    char *body;
    size_t body_len;
    bool too_large;
    bool suspended;
    bool completed;                 /* done holds the answer */
    struct rf_response done;
    struct rf_async *next;          /* the server's list of suspended requests */
};

struct rf_server {
    const struct rf_libs *L;        /* libmicrohttpd, loaded for this service */
    struct mbmc_loop *loop;
    struct MHD_Daemon *mhd;
    int listen_fd;
    struct mbmc_io *io;
    struct mbmc_timer *timer;
    rf_server_handler handler;
    void *data;
    struct rf_async *suspended;
    bool running;                   /* inside MHD_run: do not re-enter */
};

static void run(struct rf_server *s);

static void on_readable(int fd, void *data)
{
    (void)fd;
    run(data);
}

static void on_timer(void *data)
{
    run(data);
}

/* Let MHD do its work, then wake up when it next needs to (its connection timeouts, or at
 * once when TLS holds buffered data). */
static void run(struct rf_server *s)
{
    if (s->running)
        return;
    s->running = true;
    s->L->MHD_run(s->mhd);
    s->running = false;
    MHD_UNSIGNED_LONG_LONG ms;
    if (s->L->MHD_get_timeout(s->mhd, &ms) == MHD_YES)
        mbmc_timer_start(s->timer, ms > 60000 ? 60000 : (unsigned)ms);
    else
        mbmc_timer_stop(s->timer);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof(line), fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    /* TLS handshake failures of scanners and the like: useful when debugging only. */
    mbmc_log(MBMC_LOG_DEBUG, "redfish http: %s", line);
}

static void add_header(const struct rf_libs *L, struct MHD_Response *r, const char *name,
                       const char *value)
{
    if (value && *value)
        L->MHD_add_response_header(r, name, value);
}

static enum MHD_Result send_response(const struct rf_libs *L, struct MHD_Connection *conn,
                                     struct rf_response *rsp)
{
    char *text = NULL;
    size_t len = 0;
    if (rsp->body) {
        const char *j = json_object_to_json_string_ext(rsp->body, JSON_C_TO_STRING_PLAIN |
                                                                      JSON_C_TO_STRING_NOSLASHESCAPE);
        len = strlen(j);
        text = malloc(len + 1);
        if (text)
            memcpy(text, j, len + 1);
        else
            len = 0;
    }
    struct MHD_Response *r =
        L->MHD_create_response_from_buffer_with_free_callback(len, text, free);
    if (!r) {
        free(text);
        return MHD_NO;
    }
    if (text)
        add_header(L, r, "Content-Type", "application/json; charset=utf-8");
    add_header(L, r, "OData-Version", "4.0");
    add_header(L, r, "Cache-Control", "no-store");
    add_header(L, r, "ETag", rsp->etag);
    add_header(L, r, "Location", rsp->location);
    add_header(L, r, "X-Auth-Token", rsp->token);
    add_header(L, r, "Allow", rsp->allow);
    if (rsp->authenticate)
        add_header(L, r, "WWW-Authenticate", "Basic realm=\"multibmc Redfish\", charset=\"UTF-8\"");
    if (rsp->retry_after) {
        char v[16];
        snprintf(v, sizeof(v), "%u", rsp->retry_after);
        add_header(L, r, "Retry-After", v);
    }
    enum MHD_Result ok = L->MHD_queue_response(conn, (unsigned)rsp->status, r);
    L->MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result count_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind; (void)key; (void)value;
    ++*(int *)cls;
    return MHD_YES;
}

static void client_src(const struct rf_libs *L, struct MHD_Connection *conn,
                       struct mbmc_src *src)
{
    memset(src, 0, sizeof(*src));
    const union MHD_ConnectionInfo *ci =
        L->MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;
    if (sa && sa->sa_family == AF_INET) {
        src->a[10] = src->a[11] = 0xff;         /* ::ffff:a.b.c.d, as the IPMI side records it */
        memcpy(&src->a[12], &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
    } else if (sa && sa->sa_family == AF_INET6) {
        memcpy(src->a, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
    }
}

static void unlink_suspended(struct rf_server *s, struct rf_async *a)
{
    for (struct rf_async **p = &s->suspended; *p; p = &(*p)->next)
        if (*p == a) {
            *p = a->next;
            break;
        }
    a->next = NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    (void)version;
    struct rf_server *s = cls;
    const struct rf_libs *L = s->L;
    struct rf_async *a = *con_cls;
    if (!a) {
        a = calloc(1, sizeof(*a));
        if (!a)
            return MHD_NO;
        a->server = s;
        a->conn = conn;
        rf_response_init(&a->done);
        *con_cls = a;
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        if (!a->too_large && a->body_len + n <= RF_BODY_MAX) {
            char *b = realloc(a->body, a->body_len + n + 1);
            if (b) {
                memcpy(b + a->body_len, upload_data, n);
                a->body = b;
                a->body_len += n;
                b[a->body_len] = '\0';
            } else {
                a->too_large = true;
            }
        } else {
            a->too_large = true;
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (a->completed) {                 /* resumed after rf_server_complete() */
        enum MHD_Result ok = send_response(L, conn, &a->done);
        rf_response_clear(&a->done);
        return ok;
    }
    struct rf_response rsp;
    rf_response_init(&rsp);
    if (a->too_large) {
        rf_error(&rsp, 413, RF_MSG_PAYLOAD_TOO_LARGE, NULL, NULL);
    } else {
        int nargs = 0;
        L->MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, count_arg, &nargs);
        struct rf_request req = {
            .method = rf_method_parse(method),
            .path = url,
            .has_query = nargs > 0,
            .authorization = L->MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization"),
            .auth_token = L->MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Auth-Token"),
            .if_match = L->MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-Match"),
            .body = a->body ? a->body : "",
            .body_len = a->body_len,
        };
        client_src(L, conn, &req.src);
        s->handler(s->data, &req, &rsp, a);
    }
    if (rsp.pending && a->completed) {  /* the answer came while the handler ran */
        rf_response_clear(&rsp);
        enum MHD_Result ok = send_response(L, conn, &a->done);
        rf_response_clear(&a->done);
        return ok;
    }
    if (rsp.pending) {
        a->suspended = true;
        a->next = s->suspended;
        s->suspended = a;
        L->MHD_suspend_connection(conn);
        return MHD_YES;
    }
    enum MHD_Result ok = send_response(L, conn, &rsp);
    rf_response_clear(&rsp);
    return ok;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)conn; (void)toe;
    struct rf_async *a = *con_cls;
    if (!a)
        return;
    if (a->suspended)
        unlink_suspended(a->server, a);
    rf_response_clear(&a->done);
    free(a->body);
    free(a);
    *con_cls = NULL;
}

void rf_server_complete(struct rf_async *a, struct rf_response *rsp)
{
    struct rf_server *s = a->server;
    const struct rf_libs *L = s->L;
    rf_response_clear(&a->done);
    a->done = *rsp;
    a->done.pending = false;
    rf_response_init(rsp);
    a->completed = true;
    if (a->suspended) {
        unlink_suspended(s, a);
        a->suspended = false;
        L->MHD_resume_connection(a->conn);
    }
    if (s->timer)
        mbmc_timer_start(s->timer, 0);  /* let MHD send it soon, not inside our caller */
}

static int listen_on(const char *addr, unsigned port, char *err, size_t errlen)
{
    struct sockaddr_storage ss;
    socklen_t len;
    memset(&ss, 0, sizeof(ss));
    struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, addr, &in4->sin_addr) == 1) {
        in4->sin_family = AF_INET;
        in4->sin_port = htons((uint16_t)port);
        len = sizeof(*in4);
    } else if (inet_pton(AF_INET6, addr, &in6->sin6_addr) == 1) {
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port);
        len = sizeof(*in6);
    } else {
        snprintf(err, errlen, "'%s' is not an IP address", addr);
        return -1;
    }
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
        (ss.ss_family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one))) ||
        bind(fd, (struct sockaddr *)&ss, len) || listen(fd, 64)) {
        int e = errno;
        snprintf(err, errlen, "cannot listen on %s%s%s:%u (TCP): %s", ss.ss_family == AF_INET6 ? "[" : "",
                 addr, ss.ss_family == AF_INET6 ? "]" : "", port, strerror(e));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

struct rf_server *rf_server_new(struct mbmc_loop *loop, const char *addr, unsigned port,
                                const struct rf_cert *cert, rf_server_handler handler,
                                void *data, char *err, size_t errlen)
{
    const struct rf_libs *L = rf_libs_load(err, errlen);
    if (!L)
        return NULL;
    struct rf_server *s = calloc(1, sizeof(*s));
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->L = L;
    s->loop = loop;
    s->handler = handler;
    s->data = data;
    s->listen_fd = listen_on(addr, port, err, errlen);
    if (s->listen_fd < 0) {
        free(s);
        return NULL;
    }
    s->mhd = L->MHD_start_daemon(
        MHD_USE_EPOLL | MHD_USE_TLS | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG, 0, NULL, NULL,
        on_request, s,
        MHD_OPTION_LISTEN_SOCKET, (MHD_socket)s->listen_fd,
        MHD_OPTION_HTTPS_MEM_KEY, cert->key_pem,
        MHD_OPTION_HTTPS_MEM_CERT, cert->cert_pem,
        MHD_OPTION_HTTPS_PRIORITIES, TLS_PRIORITIES,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)RF_CONNECTIONS_MAX,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)RF_CONNECTIONS_PER_IP,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)RF_IDLE_TIMEOUT_S,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
        MHD_OPTION_END);
    const union MHD_DaemonInfo *info =
        s->mhd ? L->MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_EPOLL_FD) : NULL;
    if (!info) {
        snprintf(err, errlen, "cannot start the HTTPS server on %s:%u (libmicrohttpd/GnuTLS refused "
                 "the certificate or its settings; see the log)", addr, port);
        rf_server_free(s);
        return NULL;
    }
    s->timer = mbmc_timer_new(loop, on_timer, s);
    s->io = mbmc_io_new(loop, info->epoll_fd, on_readable, NULL, s);
    if (!s->timer || !s->io) {
        snprintf(err, errlen, "out of memory");
        rf_server_free(s);
        return NULL;
    }
    run(s);
    return s;
}

void rf_server_free(struct rf_server *s)
{
    if (!s)
        return;
    while (s->suspended) {
        struct rf_response rsp;
        rf_response_init(&rsp);
        rf_error(&rsp, 503, RF_MSG_SERVICE_TEMPORARILY_UNAVAILABLE, NULL,
                 "The BMC is shutting down.", "10");
        rf_server_complete(s->suspended, &rsp);
    }
    if (s->io)
        mbmc_io_free(s->io);
    if (s->mhd)
        s->L->MHD_stop_daemon(s->mhd);        /* closes the listening socket too */
    else if (s->listen_fd >= 0)
        close(s->listen_fd);
    mbmc_timer_free(s->timer);
    free(s);
}
