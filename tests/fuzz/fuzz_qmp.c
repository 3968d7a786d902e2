/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: what a QMP peer sends, split into lines (qmp_lines.c) and parsed and
 * dispatched as greeting, reply, error or event (qmp_conn_handle_line). */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "loop_poll.h"
#include "qmp_conn.h"
#include "qmp_lines.h"

static void on_ready(void *data) { (void)data; }
static void on_lost(void *data, const char *why, bool qemu_gone)
{
    (void)data; (void)why; (void)qemu_gone;
}
static void on_event(void *data, const char *name, struct json_object *msg)
{
    (void)data; (void)name; (void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct mbmc_loop *loop;
    static struct qmp_conn *conn;
    if (!conn) {
        char err[256];
        static const struct qmp_conn_cbs cbs = {.ready = on_ready, .lost = on_lost,
                                                .event = on_event};
        loop = loop_poll_new();
        /* No QEMU behind it: only the parser and the dispatcher are exercised. */
        conn = qmp_conn_new(loop, "/nonexistent/multibmc-fuzz.qmp", &cbs, err, sizeof(err));
        if (!conn)
            abort();
    }
    struct qmp_lines lines;
    qmp_lines_init(&lines, 4096);
    if (qmp_lines_feed(&lines, (const char *)data, size) == 0) {
        char *line;
        size_t len;
        while (qmp_lines_next(&lines, &line, &len))
            qmp_conn_handle_line(conn, line, len);
    }
    qmp_lines_free(&lines);
    return 0;
}
