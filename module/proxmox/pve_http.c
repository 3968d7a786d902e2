/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libcurl multi-socket glue (see pve_http.h). */
#include "pve_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "log.h"
#include "pve_curl.h"
#include "pve_fingerprint.h"

#define MAX_WATCHES 16

struct sock_watch {
    struct pve_http *h;
    struct mbmc_io *io;
    int fd;                         /* -1: free slot */
};

struct pve_http {
    struct mbmc_loop *loop;
    const struct pve_curl *curl;    /* NULL until the first request (pve_curl.h) */
    /* One watch per socket for the socket's whole life: libcurl stops and restarts
     * watching a kept-alive connection around every reuse, and ipmi_sim 2.0.33 leaks a
     * little on every fd handler removal, so only a real close removes the watch. */
    struct sock_watch watches[MAX_WATCHES];
    CURLM *multi;                   /* made with curl, at the first request */
    struct mbmc_timer *timer;
    struct mbmc_timer *fail_timer;  /* requests that could not start (no libcurl) */
    struct pve_http_tls tls;
    char *ca_file;
    unsigned char pin[PVE_FINGERPRINT_BYTES];
    bool pinned;
    char *auth_header;
    struct pve_http_req *reqs;      /* in flight */
    char seen_fp[PVE_FINGERPRINT_TEXT];   /* last fingerprint that failed the pin */
};

struct pve_http_req {
    struct pve_http *h;
    struct pve_http_req *next;
    CURL *easy;
    struct curl_slist *headers;
    char *form;
    pve_http_cb cb;
    void *data;
    long status;
    char reason[512];
    char *body;
    size_t body_len;
    char errbuf[CURL_ERROR_SIZE];
    bool failing;                   /* could not start: failed by on_fail_timer */
};

/* Replaces OpenSSL's chain check: the server certificate must be the pinned one. */
static int verify_pinned(X509_STORE_CTX *ctx, void *arg)
{
    struct pve_http *h = arg;
    X509 *cert = X509_STORE_CTX_get0_cert(ctx);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    if (cert && X509_digest(cert, EVP_sha256(), md, &len) && len == PVE_FINGERPRINT_BYTES &&
        memcmp(md, h->pin, PVE_FINGERPRINT_BYTES) == 0)
        return 1;
    if (len == PVE_FINGERPRINT_BYTES)
        pve_fingerprint_format(md, h->seen_fp);
    X509_STORE_CTX_set_error(ctx, X509_V_ERR_CERT_REJECTED);
    return 0;
}

static CURLcode ssl_ctx_setup(CURL *easy, void *sslctx, void *arg)
{
    (void)easy;
    struct pve_http *h = arg;
    if (!h->curl->ssl_ctx_set_cert_verify_callback)
        return CURLE_SSL_CERTPROBLEM;     /* refused: never connect unpinned */
    h->curl->ssl_ctx_set_cert_verify_callback(sslctx, verify_pinned, arg);
    return CURLE_OK;
}

static size_t on_header(char *buf, size_t size, size_t n, void *data)
{
    struct pve_http_req *r = data;
    size_t len = size * n;
    /* "HTTP/1.1 500 VM 100 not running\r\n": keep code and reason of the last status line. */
    if (len > 5 && !strncmp(buf, "HTTP/", 5)) {
        const char *sp = memchr(buf, ' ', len);
        if (sp) {
            r->status = strtol(sp + 1, NULL, 10);
            const char *rs = memchr(sp + 1, ' ', len - (size_t)(sp + 1 - buf));
            size_t rl = rs ? len - (size_t)(rs + 1 - buf) : 0;
            while (rl && (rs[1 + rl - 1] == '\r' || rs[1 + rl - 1] == '\n'))
                rl--;
            if (rl >= sizeof(r->reason))
                rl = sizeof(r->reason) - 1;
            if (rs)
                memcpy(r->reason, rs + 1, rl);
            r->reason[rl] = '\0';
        }
    }
    return len;
}

#define MAX_BODY (4u << 20)

static size_t on_body(char *buf, size_t size, size_t n, void *data)
{
    struct pve_http_req *r = data;
    size_t len = size * n;
    if (r->body_len + len > MAX_BODY)
        return 0;   /* aborts the transfer: no legitimate answer is that big */
    char *nb = realloc(r->body, r->body_len + len + 1);
    if (!nb)
        return 0;
    memcpy(nb + r->body_len, buf, len);
    r->body = nb;
    r->body_len += len;
    r->body[r->body_len] = '\0';
    return len;
}

static void req_free(struct pve_http_req *r)
{
    struct pve_http *h = r->h;
    for (struct pve_http_req **p = &h->reqs; *p; p = &(*p)->next)
        if (*p == r) {
            *p = r->next;
            break;
        }
    if (r->easy) {
        h->curl->multi_remove_handle(h->multi, r->easy);
        h->curl->easy_cleanup(r->easy);
        h->curl->slist_free_all(r->headers);
    }
    free(r->form);
    free(r->body);
    free(r);
}

static enum pve_err curl_err_class(CURLcode rc)
{
    switch (rc) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_ISSUER_ERROR:
        return PVE_ERR_TLS;
    default:
        return PVE_ERR_TRANSPORT;
    }
}

static void finish(struct pve_http *h, CURL *easy, CURLcode rc)
{
    struct pve_http_req *r = NULL;
    h->curl->easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&r);
    if (!r)
        return;
    struct pve_http_response resp = { 0 };
    char detail[CURL_ERROR_SIZE + 160];
    if (rc == CURLE_OK) {
        resp.status = r->status;
        resp.reason = r->reason;
        resp.body = r->body ? r->body : "";
        resp.body_len = r->body_len;
    } else {
        resp.err = curl_err_class(rc);
        if (resp.err == PVE_ERR_TLS && h->pinned && h->seen_fp[0])
            snprintf(detail, sizeof(detail), "server certificate fingerprint %s does not match "
                     "the pinned fingerprint", h->seen_fp);
        else
            snprintf(detail, sizeof(detail), "%s", r->errbuf[0] ? r->errbuf : h->curl->easy_strerror(rc));
        resp.detail = detail;
        resp.body = "";
        resp.reason = "";
    }
    pve_http_cb cb = r->cb;
    void *data = r->data;
    r->cb = NULL;
    /* Free first: the callback may start the next request or cancel others. */
    struct pve_http_response copy = resp;
    char *body = r->body;
    r->body = NULL;
    char reason[sizeof(r->reason)];
    memcpy(reason, r->reason, sizeof(reason));
    if (rc == CURLE_OK) {
        copy.body = body ? body : "";
        copy.reason = reason;
    }
    req_free(r);
    if (cb)
        cb(data, &copy);
    free(body);
}

static void check_done(struct pve_http *h)
{
    CURLMsg *m;
    int left;
    while ((m = h->curl->multi_info_read(h->multi, &left)))
        if (m->msg == CURLMSG_DONE)
            finish(h, m->easy_handle, m->data.result);
}

static void on_timer(void *data)
{
    struct pve_http *h = data;
    int running;
    h->curl->multi_socket_action(h->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    check_done(h);
}

static void on_readable(int fd, void *data)
{
    struct pve_http *h = ((struct sock_watch *)data)->h;
    int running;
    h->curl->multi_socket_action(h->multi, fd, CURL_CSELECT_IN, &running);
    check_done(h);
}

static void on_writable(int fd, void *data)
{
    struct pve_http *h = ((struct sock_watch *)data)->h;
    int running;
    h->curl->multi_socket_action(h->multi, fd, CURL_CSELECT_OUT, &running);
    check_done(h);
}

static struct sock_watch *watch_find(struct pve_http *h, int fd)
{
    for (int i = 0; i < MAX_WATCHES; i++)
        if (h->watches[i].fd == fd)
            return &h->watches[i];
    return NULL;
}

static int sock_cb(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
    (void)easy;
    (void)socketp;
    struct pve_http *h = userp;
    struct sock_watch *w = watch_find(h, s);
    if (what == CURL_POLL_REMOVE) {
        if (w)
            mbmc_io_want(w->io, false, false);   /* idle in the pool, or about to close */
        return 0;
    }
    if (!w) {
        w = watch_find(h, -1);
        if (!w)
            return -1;
        w->io = mbmc_io_new(h->loop, s, on_readable, on_writable, w);
        if (!w->io)
            return -1;
        w->fd = s;
        w->h = h;
    }
    mbmc_io_want(w->io, what & CURL_POLL_IN, what & CURL_POLL_OUT);
    return 0;
}

/* The socket really goes away: now drop its watch. */
static int close_sock(void *clientp, curl_socket_t s)
{
    struct pve_http *h = clientp;
    struct sock_watch *w = watch_find(h, s);
    if (w) {
        mbmc_io_free(w->io);
        w->io = NULL;
        w->fd = -1;
    }
    return close(s);
}

static int timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
    (void)multi;
    struct pve_http *h = userp;
    if (timeout_ms < 0)
        mbmc_timer_stop(h->timer);
    else
        mbmc_timer_start(h->timer, (unsigned)timeout_ms);
    return 0;
}

struct pve_http *pve_http_new(struct mbmc_loop *loop, const struct pve_http_tls *tls,
                              const char *auth_header, char *err, size_t errlen)
{
    struct pve_http *h = calloc(1, sizeof(*h));
    if (!h) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    h->loop = loop;
    h->tls = *tls;
    for (int i = 0; i < MAX_WATCHES; i++)
        h->watches[i].fd = -1;
    if (tls->fingerprint) {
        if (pve_fingerprint_parse(tls->fingerprint, h->pin)) {
            snprintf(err, errlen, "fingerprint: expected " PVE_FINGERPRINT_HINT);
            free(h);
            return NULL;
        }
        h->pinned = true;
    }
    h->ca_file = tls->ca_file ? strdup(tls->ca_file) : NULL;
    h->auth_header = strdup(auth_header);
    if (!h->auth_header || (tls->ca_file && !h->ca_file)) {
        snprintf(err, errlen, "out of memory");
        pve_http_free(h);
        return NULL;
    }
    return h;
}

/* The first request: load libcurl and make the multi handle. */
static bool ready(struct pve_http *h, char *err, size_t errlen)
{
    if (h->multi)
        return true;
    if (!h->curl && !(h->curl = pve_curl_get(err, errlen)))
        return false;
    if (!h->timer)
        h->timer = mbmc_timer_new(h->loop, on_timer, h);
    h->multi = h->timer ? h->curl->multi_init() : NULL;
    if (!h->multi) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    const struct pve_curl *c = h->curl;
    c->multi_setopt(h->multi, CURLMOPT_SOCKETFUNCTION, sock_cb);
    c->multi_setopt(h->multi, CURLMOPT_SOCKETDATA, h);
    c->multi_setopt(h->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
    c->multi_setopt(h->multi, CURLMOPT_TIMERDATA, h);
    c->multi_setopt(h->multi, CURLMOPT_MAXCONNECTS, 4L);
    c->multi_setopt(h->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, 8L);
    return true;
}

void pve_http_free(struct pve_http *h)
{
    if (!h)
        return;
    while (h->reqs)
        req_free(h->reqs);
    if (h->multi)
        h->curl->multi_cleanup(h->multi);   /* closes kept-alive connections (close_sock) */
    for (int i = 0; i < MAX_WATCHES; i++)
        if (h->watches[i].fd >= 0)
            mbmc_io_free(h->watches[i].io);
    mbmc_timer_free(h->timer);
    mbmc_timer_free(h->fail_timer);
    if (h->auth_header)
        explicit_bzero(h->auth_header, strlen(h->auth_header));
    free(h->auth_header);
    free(h->ca_file);
    free(h);
}

/* A request that could not even start (libcurl missing): fail it from the loop, as the
 * contract says callbacks never run inside pve_http_request. */
static void on_fail_timer(void *data)
{
    struct pve_http *h = data;
    /* Only those waiting now: a callback may start (and fail) a new one, for the next turn. */
    for (struct pve_http_req *r = h->reqs; r; r = r->next)
        r->failing = !r->easy;
    for (;;) {
        struct pve_http_req *r = h->reqs;
        while (r && !r->failing)
            r = r->next;
        if (!r)
            break;
        char detail[sizeof(r->errbuf)];
        memcpy(detail, r->errbuf, sizeof(detail));
        struct pve_http_response resp = { .err = PVE_ERR_TRANSPORT, .detail = detail, .body = "",
                                          .reason = "" };
        pve_http_cb cb = r->cb;
        void *cbdata = r->data;
        req_free(r);
        cb(cbdata, &resp);
    }
}

static struct pve_http_req *fail_later(struct pve_http *h, struct pve_http_req *r)
{
    if (!h->fail_timer)
        h->fail_timer = mbmc_timer_new(h->loop, on_fail_timer, h);
    if (!h->fail_timer) {
        free(r);
        return NULL;
    }
    r->next = h->reqs;
    h->reqs = r;
    mbmc_timer_start(h->fail_timer, 0);
    return r;
}

struct pve_http_req *pve_http_request(struct pve_http *h, const char *method, const char *url,
                                      const char *form, unsigned timeout_ms, pve_http_cb cb,
                                      void *data)
{
    struct pve_http_req *r = calloc(1, sizeof(*r));
    if (!r)
        return NULL;
    r->h = h;
    r->cb = cb;
    r->data = data;
    if (!ready(h, r->errbuf, sizeof(r->errbuf)))
        return fail_later(h, r);
    const struct pve_curl *c = h->curl;
    r->easy = c->easy_init();
    if (!r->easy) {
        free(r);
        return NULL;
    }
    CURL *e = r->easy;
    c->easy_setopt(e, CURLOPT_URL, url);
    c->easy_setopt(e, CURLOPT_PRIVATE, r);
    c->easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
    c->easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    c->easy_setopt(e, CURLOPT_HEADERDATA, r);
    c->easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    c->easy_setopt(e, CURLOPT_WRITEDATA, r);
    c->easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    c->easy_setopt(e, CURLOPT_CLOSESOCKETFUNCTION, close_sock);
    c->easy_setopt(e, CURLOPT_CLOSESOCKETDATA, h);
    c->easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
    c->easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)(timeout_ms < 5000 ? timeout_ms : 5000));
    c->easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    c->easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https,http");
    r->headers = c->slist_append(r->headers, h->auth_header);
    r->headers = c->slist_append(r->headers, "Expect:");
    if (h->tls.insecure) {
        c->easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
        c->easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
    } else if (h->pinned) {
        /* The pin replaces chain and name checks; a mismatch fails the handshake, before
         * the token is ever sent. */
        c->easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
        c->easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
        c->easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, ssl_ctx_setup);
        c->easy_setopt(e, CURLOPT_SSL_CTX_DATA, h);
    } else {
        c->easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
        c->easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
        if (h->ca_file)
            c->easy_setopt(e, CURLOPT_CAINFO, h->ca_file);
    }
    if (!strcmp(method, "GET")) {
        c->easy_setopt(e, CURLOPT_HTTPGET, 1L);
    } else {
        r->form = strdup(form ? form : "");
        c->easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
        if (strcmp(method, "DELETE")) {
            r->headers = c->slist_append(r->headers,
                                         "Content-Type: application/x-www-form-urlencoded");
            c->easy_setopt(e, CURLOPT_POSTFIELDS, r->form);
        }
    }
    c->easy_setopt(e, CURLOPT_HTTPHEADER, r->headers);
    r->next = h->reqs;
    h->reqs = r;
    if (c->multi_add_handle(h->multi, e) != CURLM_OK) {
        r->cb = NULL;
        req_free(r);
        return NULL;
    }
    return r;
}

void pve_http_cancel(struct pve_http_req *r)
{
    if (r)
        req_free(r);
}
