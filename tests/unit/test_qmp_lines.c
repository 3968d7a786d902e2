/* SPDX-License-Identifier: GPL-2.0-or-later */
/* QMP stream handling without QEMU: line splitting with partial reads, the connection's
 * JSON handling against a scripted peer on a real unix socket (greeting, capabilities,
 * replies split anywhere, events, errors, garbage, reconnect), and boot-order planning. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"
#include "loop_poll.h"
#include "qmp_boot.h"
#include "qmp_conn.h"
#include "qmp_lines.h"
#include "qmp_media.h"
#include "unit.h"

/* ---- qmp_lines */

static void test_lines_byte_by_byte(void)
{
    struct qmp_lines l;
    qmp_lines_init(&l, 1024);
    const char *in = "{\"a\": 1}\r\n{\"b\": \"\xc3\xa9\"}\n\r\n{\"c\"";
    char *line;
    size_t len;
    int got = 0;
    const char *want[] = { "{\"a\": 1}", "{\"b\": \"\xc3\xa9\"}", "" };
    for (size_t i = 0; in[i]; i++) {
        CHECK_EQ_INT(qmp_lines_feed(&l, in + i, 1), 0);
        while (qmp_lines_next(&l, &line, &len)) {
            CHECK(got < 3);
            if (got < 3) {
                CHECK_EQ_STR(line, want[got]);
                CHECK_EQ_INT(len, strlen(want[got]));
            }
            got++;
        }
    }
    CHECK_EQ_INT(got, 3);
    /* The unfinished tail stays until its newline comes. */
    CHECK(!qmp_lines_next(&l, &line, &len));
    CHECK_EQ_INT(qmp_lines_feed(&l, ": 2}\n", 5), 0);
    CHECK(qmp_lines_next(&l, &line, &len));
    CHECK_EQ_STR(line, "{\"c\": 2}");
    qmp_lines_free(&l);
}

static void test_lines_many_in_one_read(void)
{
    struct qmp_lines l;
    qmp_lines_init(&l, 1024);
    char buf[4000] = "";
    for (int i = 0; i < 100; i++)
        snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "{\"n\": %d}\r\n", i);
    CHECK_EQ_INT(qmp_lines_feed(&l, buf, strlen(buf)), 0);
    char *line;
    size_t len;
    int n = 0;
    while (qmp_lines_next(&l, &line, &len)) {
        char want[32];
        snprintf(want, sizeof(want), "{\"n\": %d}", n++);
        CHECK_EQ_STR(line, want);
    }
    CHECK_EQ_INT(n, 100);
    qmp_lines_free(&l);
}

static void test_lines_too_long(void)
{
    struct qmp_lines l;
    qmp_lines_init(&l, 16);
    CHECK_EQ_INT(qmp_lines_feed(&l, "0123456789\n", 11), 0);
    CHECK_EQ_INT(qmp_lines_feed(&l, "0123456789", 10), 0);
    CHECK_EQ_INT(qmp_lines_feed(&l, "0123456789", 10), -1);
    qmp_lines_reset(&l);
    char *line;
    size_t len;
    CHECK(!qmp_lines_next(&l, &line, &len));
    qmp_lines_free(&l);
}

/* ---- qmp_conn against a scripted peer */

struct peer {
    int listen_fd, fd;
    char path[108];
    char in[8192];
    size_t in_len;
};

struct record {
    int ready, lost, lost_gone, events;
    char last_event[64];
    char reply[256];
    char error[256];
    int replies;
};

static struct mbmc_loop *loop;
static struct record rec;

static void cb_ready(void *d) { (void)d; rec.ready++; }
static void cb_lost(void *d, const char *why, bool gone) { (void)d; (void)why; rec.lost++; rec.lost_gone += gone; }
static void cb_event(void *d, const char *name, struct json_object *msg)
{
    (void)d;
    (void)msg;
    rec.events++;
    snprintf(rec.last_event, sizeof(rec.last_event), "%s", name);
}

static void cb_reply(void *d, struct json_object *ret, const char *err)
{
    (void)d;
    rec.replies++;
    snprintf(rec.reply, sizeof(rec.reply), "%s", ret ? json_object_to_json_string_ext(ret, JSON_C_TO_STRING_PLAIN) : "");
    snprintf(rec.error, sizeof(rec.error), "%s", err ? err : "");
}

static int peer_listen(struct peer *p)
{
    memset(p, 0, sizeof(*p));
    p->fd = -1;
    snprintf(p->path, sizeof(p->path), "/tmp/mbmc-qmp-test.%d.sock", (int)getpid());
    unlink(p->path);
    p->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    snprintf(a.sun_path, sizeof(a.sun_path), "%s", p->path);
    if (bind(p->listen_fd, (struct sockaddr *)&a, sizeof(a)) || listen(p->listen_fd, 1))
        return -1;
    return 0;
}

static bool peer_accept(struct peer *p)
{
    for (int i = 0; i < 200 && p->fd < 0; i++) {
        loop_poll_once(loop, 10);
        p->fd = accept4(p->listen_fd, NULL, NULL, SOCK_NONBLOCK);
    }
    p->in_len = 0;
    return p->fd >= 0;
}

static void peer_write(struct peer *p, const char *s)
{
    CHECK(write(p->fd, s, strlen(s)) == (ssize_t)strlen(s));
}

/* Wait until the peer received a line containing needle; returns that line's "id". */
static int peer_expect(struct peer *p, const char *needle)
{
    for (int i = 0; i < 200; i++) {
        loop_poll_once(loop, 10);
        ssize_t n = read(p->fd, p->in + p->in_len, sizeof(p->in) - p->in_len - 1);
        if (n > 0)
            p->in_len += (size_t)n;
        p->in[p->in_len] = '\0';
        char *nl = strchr(p->in, '\n');
        if (!nl)
            continue;
        *nl = '\0';
        bool match = strstr(p->in, needle) != NULL;
        int id = -1;
        struct json_object *m = json_tokener_parse(p->in), *v;
        if (m && json_object_object_get_ex(m, "id", &v))
            id = json_object_get_int(v);
        json_object_put(m);
        if (!match)
            fprintf(stderr, "  peer got '%s', expected '%s'\n", p->in, needle);
        size_t used = (size_t)(nl - p->in) + 1;
        memmove(p->in, p->in + used, p->in_len - used);
        p->in_len -= used;
        return match ? id : -2;
    }
    fprintf(stderr, "  peer got nothing, expected '%s'\n", needle);
    return -2;
}

static void spin(unsigned ms)
{
    uint64_t end = mbmc_loop_now_ms(loop) + ms;
    while (mbmc_loop_now_ms(loop) < end)
        loop_poll_once(loop, 10);
}

static void test_conn_partial_reads(void)
{
    struct peer p;
    CHECK(peer_listen(&p) == 0);
    memset(&rec, 0, sizeof(rec));
    struct qmp_conn_cbs cbs = { .ready = cb_ready, .lost = cb_lost, .event = cb_event };
    char err[200];
    struct qmp_conn *c = qmp_conn_new(loop, p.path, &cbs, err, sizeof(err));
    CHECK(c != NULL);
    CHECK(peer_accept(&p));
    /* The greeting arrives in three pieces. */
    peer_write(&p, "{\"QMP\": {\"version\": {\"qemu\": {\"mi");
    spin(30);
    CHECK(!qmp_conn_ready(c));
    peer_write(&p, "cro\": 2, \"minor\": 7}}, \"capab");
    spin(30);
    peer_write(&p, "ilities\": []}}\r\n");
    int id = peer_expect(&p, "\"execute\":\"qmp_capabilities\"");
    CHECK(id >= 0);
    CHECK(!qmp_conn_ready(c));
    char buf[256];
    snprintf(buf, sizeof(buf), "{\"return\": {}, \"id\": %d}\r\n", id);
    peer_write(&p, buf);
    spin(50);
    CHECK(qmp_conn_ready(c));
    CHECK_EQ_INT(rec.ready, 1);

    /* A command; its reply split inside a UTF-8 character, an event before it. */
    CHECK_EQ_INT(qmp_conn_send(c, "query-name", json_object_new_object(), cb_reply, NULL), 0);
    id = peer_expect(&p, "\"execute\":\"query-name\"");
    CHECK(id >= 0);
    snprintf(buf, sizeof(buf), "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"STOP\"}\r\n"
             "{\"return\": {\"name\": \"vm\xc3");
    peer_write(&p, buf);
    spin(30);
    CHECK_EQ_INT(rec.events, 1);
    CHECK_EQ_STR(rec.last_event, "STOP");
    CHECK_EQ_INT(rec.replies, 0);
    snprintf(buf, sizeof(buf), "\xa9\"}, \"id\": %d}\r\n", id);
    peer_write(&p, buf);
    spin(30);
    CHECK_EQ_INT(rec.replies, 1);
    CHECK_EQ_STR(rec.reply, "{\"name\":\"vm\xc3\xa9\"}");
    CHECK_EQ_STR(rec.error, "");

    /* An error reply carries QEMU's description. */
    CHECK_EQ_INT(qmp_conn_send(c, "cont", NULL, cb_reply, NULL), 0);
    id = peer_expect(&p, "\"execute\":\"cont\"");
    snprintf(buf, sizeof(buf), "{\"id\": %d, \"error\": {\"class\": \"GenericError\", \"desc\": \"Resetting the Virtual Machine is required\"}}\n", id);
    peer_write(&p, buf);
    spin(30);
    CHECK_EQ_INT(rec.replies, 2);
    CHECK_EQ_STR(rec.error, "Resetting the Virtual Machine is required");

    /* Garbage: the connection is dropped, pending commands fail, and it reconnects. */
    CHECK_EQ_INT(qmp_conn_send(c, "query-status", NULL, cb_reply, NULL), 0);
    peer_expect(&p, "query-status");
    peer_write(&p, "this is not json\n");
    spin(30);
    CHECK_EQ_INT(rec.lost, 1);
    CHECK_EQ_INT(rec.replies, 3);
    CHECK(rec.error[0] != '\0');
    CHECK(!qmp_conn_ready(c));
    CHECK_EQ_INT(qmp_conn_send(c, "query-status", NULL, cb_reply, NULL), -1);
    close(p.fd);
    p.fd = -1;
    CHECK(peer_accept(&p));
    peer_write(&p, "{\"QMP\": {\"version\": {}, \"capabilities\": []}}\n");
    id = peer_expect(&p, "qmp_capabilities");
    snprintf(buf, sizeof(buf), "{\"return\": {}, \"id\": %d}\n", id);
    peer_write(&p, buf);
    spin(50);
    CHECK(qmp_conn_ready(c));
    CHECK_EQ_INT(rec.ready, 2);

    /* The socket disappears: reported as "QEMU not running", retried with backoff. */
    close(p.fd);
    close(p.listen_fd);
    unlink(p.path);
    spin(400);
    CHECK(rec.lost >= 3);
    CHECK(rec.lost_gone >= 1);
    qmp_conn_free(c);
}

static void test_conn_free_fails_pending(void)
{
    struct peer p;
    CHECK(peer_listen(&p) == 0);
    memset(&rec, 0, sizeof(rec));
    struct qmp_conn_cbs cbs = { .ready = cb_ready, .lost = cb_lost, .event = cb_event };
    char err[200];
    struct qmp_conn *c = qmp_conn_new(loop, p.path, &cbs, err, sizeof(err));
    CHECK(peer_accept(&p));
    peer_write(&p, "{\"QMP\": {}}\n");
    int id = peer_expect(&p, "qmp_capabilities");
    char buf[64];
    snprintf(buf, sizeof(buf), "{\"return\": {}, \"id\": %d}\n", id);
    peer_write(&p, buf);
    spin(50);
    CHECK_EQ_INT(qmp_conn_send(c, "stop", NULL, cb_reply, NULL), 0);
    qmp_conn_free(c);
    CHECK_EQ_INT(rec.replies, 1);
    CHECK_EQ_STR(rec.error, "connection closed");
    close(p.fd);
    close(p.listen_fd);
    unlink(p.path);
}

/* ---- boot order planning */

static void test_boot_classes(void)
{
    CHECK_EQ_INT(qmp_boot_class_of_type("virtio-net-pci"), QMP_BOOT_NET);
    CHECK_EQ_INT(qmp_boot_class_of_type("e1000e"), QMP_BOOT_NET);
    CHECK_EQ_INT(qmp_boot_class_of_type("ide-hd"), QMP_BOOT_DISK);
    CHECK_EQ_INT(qmp_boot_class_of_type("virtio-blk-pci"), QMP_BOOT_DISK);
    CHECK_EQ_INT(qmp_boot_class_of_type("scsi-cd"), QMP_BOOT_CDROM);
    CHECK_EQ_INT(qmp_boot_class_of_type("usb-tablet"), QMP_BOOT_OTHER);
}

static void test_boot_plan_no_indexes(void)
{
    struct qmp_bootdev d[] = {
        { "/machine/peripheral/disk0", QMP_BOOT_DISK, -1, -1 },
        { "/machine/peripheral/cd0", QMP_BOOT_CDROM, -1, -1 },
        { "/machine/peripheral/net0", QMP_BOOT_NET, -1, -1 },
    };
    int t = qmp_boot_pick(d, 3, QMP_BOOT_NET);
    CHECK_EQ_INT(t, 2);
    int want[3];
    qmp_boot_plan(d, 3, t, want);
    CHECK_EQ_INT(want[0], -1);
    CHECK_EQ_INT(want[1], -1);
    CHECK_EQ_INT(want[2], 0);
    struct qmp_boot_step s[6];
    CHECK_EQ_INT(qmp_boot_steps(d, 3, want, s), 1);
    CHECK_EQ_INT(s[0].dev, 2);
    CHECK_EQ_INT(s[0].value, 0);
}

/* Simulate QEMU's duplicate check while applying steps. */
static bool steps_valid(struct qmp_bootdev *d, size_t n, const struct qmp_boot_step *s, size_t k)
{
    for (size_t i = 0; i < k; i++) {
        for (size_t j = 0; j < n && s[i].value >= 0; j++)
            if (d[j].cur == s[i].value)
                return false;
        d[s[i].dev].cur = s[i].value;
    }
    return true;
}

static void test_boot_plan_shift_and_restore(void)
{
    /* The VM's own order: disk0 (0), net0 (1), net1 (3); cd0 none. */
    struct qmp_bootdev d[] = {
        { "/machine/peripheral/disk0", QMP_BOOT_DISK, 0, 0 },
        { "/machine/peripheral/net0", QMP_BOOT_NET, 1, 1 },
        { "/machine/peripheral/cd0", QMP_BOOT_CDROM, -1, -1 },
        { "/machine/peripheral/net1", QMP_BOOT_NET, 3, 3 },
    };
    CHECK_EQ_INT(qmp_boot_pick(d, 4, QMP_BOOT_NET), 1);   /* ranked first among NICs */
    int t = qmp_boot_pick(d, 4, QMP_BOOT_CDROM);
    int want[4];
    qmp_boot_plan(d, 4, t, want);
    CHECK_EQ_INT(want[2], 0);
    CHECK_EQ_INT(want[0], 1);
    CHECK_EQ_INT(want[1], 2);
    CHECK_EQ_INT(want[3], 4);
    struct qmp_boot_step s[8];
    size_t k = qmp_boot_steps(d, 4, want, s);
    CHECK(steps_valid(d, 4, s, k));
    for (int i = 0; i < 4; i++)
        CHECK_EQ_INT(d[i].cur, want[i]);
    /* Restore: back to exactly the original values. */
    qmp_boot_plan(d, 4, -1, want);
    k = qmp_boot_steps(d, 4, want, s);
    CHECK(steps_valid(d, 4, s, k));
    CHECK_EQ_INT(d[0].cur, 0);
    CHECK_EQ_INT(d[1].cur, 1);
    CHECK_EQ_INT(d[2].cur, -1);
    CHECK_EQ_INT(d[3].cur, 3);
    /* Target already first: nothing to change. */
    qmp_boot_plan(d, 4, 0, want);
    CHECK_EQ_INT(qmp_boot_steps(d, 4, want, s), 0);
}

/* ---- virtual media: the drive in query-block, QEMU's errors */

static void test_media_find_drive(void)
{
    const char *reply =
        "[{\"device\": \"drv0\", \"qdev\": \"disk0\", \"removable\": false, \"inserted\": {\"file\": \"/d.img\"}},"
        " {\"device\": \"\", \"qdev\": \"cd0\", \"removable\": true, \"tray_open\": false,"
        "  \"inserted\": {\"file\": \"http://198.18.0.2:8080/x.iso\"}},"
        " {\"device\": \"\", \"qdev\": \"/machine/peripheral-anon/device[3]\", \"tray_open\": true}]";
    struct json_object *b = json_tokener_parse(reply);
    bool ins = false, tray = true;
    char img[256];
    CHECK_EQ_INT(qmp_media_find_drive(b, "cd0", &ins, &tray, img, sizeof(img)), 1);
    CHECK(ins && !tray);
    CHECK_EQ_STR(img, "http://198.18.0.2:8080/x.iso");
    /* A device without id is matched by the last element of its QOM path. */
    CHECK_EQ_INT(qmp_media_find_drive(b, "device[3]", &ins, &tray, img, sizeof(img)), 1);
    CHECK(!ins && tray);
    CHECK_EQ_STR(img, "");
    CHECK_EQ_INT(qmp_media_find_drive(b, "cd1", &ins, &tray, img, sizeof(img)), 0);
    CHECK_EQ_INT(qmp_media_find_drive(b, "d0", &ins, &tray, img, sizeof(img)), 0);
    json_object_put(b);
    b = json_tokener_parse("{\"not\": \"an array\"}");
    CHECK_EQ_INT(qmp_media_find_drive(b, "cd0", &ins, &tray, img, sizeof(img)), 0);
    json_object_put(b);
}

static void test_media_classify(void)
{
    CHECK_EQ_INT(qmp_media_classify_error("Device 'cd9' not found"), MBMC_MEDIA_NO_DRIVE);
    CHECK_EQ_INT(qmp_media_classify_error("Device 'disk0' is not removable"), MBMC_MEDIA_NO_DRIVE);
    CHECK_EQ_INT(qmp_media_classify_error("CURL: Error opening file: The requested URL returned error: 404"),
                 MBMC_MEDIA_IMAGE_ERROR);
    CHECK_EQ_INT(qmp_media_classify_error("Could not open '/x.iso': No such file or directory"),
                 MBMC_MEDIA_IMAGE_ERROR);
    CHECK_EQ_INT(qmp_media_classify_error("Tray is locked"), MBMC_MEDIA_FAILED);
    CHECK_EQ_INT(qmp_media_classify_error(NULL), MBMC_MEDIA_FAILED);
}

int main(void)
{
    loop = loop_poll_new();
    RUN(test_lines_byte_by_byte);
    RUN(test_lines_many_in_one_read);
    RUN(test_lines_too_long);
    RUN(test_conn_partial_reads);
    RUN(test_conn_free_fails_pending);
    RUN(test_boot_classes);
    RUN(test_boot_plan_no_indexes);
    RUN(test_boot_plan_shift_and_restore);
    RUN(test_media_find_drive);
    RUN(test_media_classify);
    loop_poll_free(loop);
    UNIT_EXIT();
}
