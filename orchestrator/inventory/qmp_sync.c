/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Blocking QMP client with timeouts (see qmp_sync.h). */
#include "qmp_sync.h"

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <string.h>

#include "mbmc_json.h"

#define MAX_LINE (4 << 20)   /* qom-list of a big machine is a few KB; this is a bound, not a size */

struct _MbmcQmp {
    char *path;
    GSocketConnection *conn;
    GString *buf;
};

void mbmc_qmp_close(MbmcQmp *q)
{
    if (!q)
        return;
    if (q->conn)
        g_io_stream_close(G_IO_STREAM(q->conn), NULL, NULL);
    g_clear_object(&q->conn);
    g_string_free(q->buf, TRUE);
    g_free(q->path);
    g_free(q);
}

/* The next JSON message from QEMU. */
static json_object *read_message(MbmcQmp *q, GError **error)
{
    GInputStream *in = g_io_stream_get_input_stream(G_IO_STREAM(q->conn));
    for (;;) {
        char *nl = memchr(q->buf->str, '\n', q->buf->len);
        if (nl) {
            gsize len = (gsize)(nl - q->buf->str);
            g_autofree char *line = g_strndup(q->buf->str, len);
            g_string_erase(q->buf, 0, (gssize)len + 1);
            g_autoptr(json_object) o = json_tokener_parse(line);
            if (o && json_object_is_type(o, json_type_object))
                return g_steal_pointer(&o);
            continue;   /* blank or broken line */
        }
        if (q->buf->len > MAX_LINE) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: QMP message too long", q->path);
            return NULL;
        }
        char chunk[4096];
        gssize n = g_input_stream_read(in, chunk, sizeof(chunk), NULL, error);
        if (n < 0) {
            g_prefix_error(error, "%s: ", q->path);
            return NULL;
        }
        if (n == 0) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "%s: QEMU closed the QMP connection", q->path);
            return NULL;
        }
        g_string_append_len(q->buf, chunk, n);
    }
}

json_object *mbmc_qmp_call(MbmcQmp *q, const char *cmd, json_object *args, GError **error)
{
    g_autoptr(json_object) req = json_object_new_object();
    json_object_object_add(req, "execute", json_object_new_string(cmd));
    if (args)
        json_object_object_add(req, "arguments", args);
    g_autofree char *text = g_strconcat(json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN), "\n", NULL);
    GOutputStream *out = g_io_stream_get_output_stream(G_IO_STREAM(q->conn));
    if (!g_output_stream_write_all(out, text, strlen(text), NULL, NULL, error)) {
        g_prefix_error(error, "%s: ", q->path);
        return NULL;
    }
    for (;;) {
        g_autoptr(json_object) msg = read_message(q, error);
        json_object *v;
        if (!msg)
            return NULL;
        if (json_object_object_get_ex(msg, "return", &v))
            return json_object_get(v);   /* outlives msg */
        if (json_object_object_get_ex(msg, "error", &v)) {
            json_object *desc;
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: QMP %s failed: %s", q->path, cmd,
                        json_object_object_get_ex(v, "desc", &desc) ? json_object_get_string(desc) : "error");
            return NULL;
        }
        /* an event: skipped */
    }
}

MbmcQmp *mbmc_qmp_open(const char *path, guint timeout_secs, GError **error)
{
    g_autoptr(GSocketClient) client = g_socket_client_new();
    g_socket_client_set_timeout(client, timeout_secs);
    g_autoptr(GSocketAddress) addr = g_unix_socket_address_new(path);
    MbmcQmp *q = g_new0(MbmcQmp, 1);
    q->path = g_strdup(path);
    q->buf = g_string_new(NULL);
    q->conn = g_socket_client_connect(client, G_SOCKET_CONNECTABLE(addr), NULL, error);
    if (!q->conn) {
        g_prefix_error(error, "%s: ", path);
        mbmc_qmp_close(q);
        return NULL;
    }
    g_autoptr(GError) e = NULL;
    g_autoptr(json_object) greeting = read_message(q, &e);
    gboolean qmp = greeting && json_object_object_get_ex(greeting, "QMP", NULL);
    if (!qmp) {
        if (e && g_error_matches(e, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                        "%s: no QMP greeting within %u s (another client, such as a running BMC, holds "
                        "QEMU's only QMP connection)", path, timeout_secs);
        else
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: not a QMP socket (%s)", path,
                        e ? e->message : "no greeting");
        mbmc_qmp_close(q);
        return NULL;
    }
    g_autoptr(json_object) caps = mbmc_qmp_call(q, "qmp_capabilities", NULL, error);
    if (!caps) {
        mbmc_qmp_close(q);
        return NULL;
    }
    return q;
}
