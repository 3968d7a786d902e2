/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "qemu_vm.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How long QEMU may take to answer on its QMP sockets (a loaded CI host is slow). */
#define QEMU_START_MS 60000

static void sleep_ms(unsigned ms)
{
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static int unix_connect(const char *path)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    struct timeval tv = { .tv_sec = 10 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    return fd;
}

/* Read one line (blocking, with the socket's timeout). */
static int read_line(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    while (n + 1 < cap) {
        ssize_t r = read(fd, buf + n, 1);
        if (r <= 0)
            return -1;
        if (buf[n] == '\n')
            break;
        n++;
    }
    buf[n] = '\0';
    return (int)n;
}

static struct json_object *read_reply(int fd)
{
    static char line[1 << 20];
    for (;;) {
        if (read_line(fd, line, sizeof(line)) < 0)
            return NULL;
        struct json_object *m = json_tokener_parse(line), *v;
        if (!m)
            return NULL;
        if (json_object_object_get_ex(m, "return", &v)) {
            json_object_get(v);
            json_object_put(m);
            return v;
        }
        if (json_object_object_get_ex(m, "error", &v)) {
            fprintf(stderr, "  qmp error: %s\n", json_object_to_json_string(v));
            json_object_put(m);
            return NULL;
        }
        json_object_put(m);     /* an event or the greeting */
    }
}

static int handshake(int fd)
{
    char line[4096];
    if (read_line(fd, line, sizeof(line)) < 0)
        return -1;
    const char *caps = "{\"execute\":\"qmp_capabilities\"}\n";
    if (write(fd, caps, strlen(caps)) < 0)
        return -1;
    struct json_object *r = read_reply(fd);
    json_object_put(r);
    return r ? 0 : -1;
}

struct json_object *qemu_vm_qmp(struct qemu_vm *vm, const char *cmd, const char *args)
{
    int fd = -1;
    for (int i = 0; i < QEMU_START_MS / 50 && fd < 0; i++) {
        fd = unix_connect(vm->observe);
        if (fd < 0)
            sleep_ms(50);
    }
    if (fd < 0 || handshake(fd)) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    char req[2048];
    snprintf(req, sizeof(req), "{\"execute\":\"%s\"%s%s}\n", cmd, args ? ",\"arguments\":" : "",
             args ? args : "");
    struct json_object *r = NULL;
    if (write(fd, req, strlen(req)) == (ssize_t)strlen(req))
        r = read_reply(fd);
    close(fd);
    return r;
}

const char *qemu_vm_status(struct qemu_vm *vm)
{
    static char st[64];
    st[0] = '\0';
    struct json_object *r = qemu_vm_qmp(vm, "query-status", NULL), *s;
    if (r && json_object_object_get_ex(r, "status", &s))
        snprintf(st, sizeof(st), "%s", json_object_get_string(s));
    json_object_put(r);
    return st;
}

int qemu_vm_bootindex(struct qemu_vm *vm, const char *id)
{
    char args[256];
    snprintf(args, sizeof(args), "{\"path\":\"/machine/peripheral/%s\",\"property\":\"bootindex\"}", id);
    struct json_object *r = qemu_vm_qmp(vm, "qom-get", args);
    int v = r && json_object_is_type(r, json_type_int) ? json_object_get_int(r) : -1000;
    json_object_put(r);
    return v;
}

int qemu_vm_event_count(struct qemu_vm *vm, const char *name)
{
    if (vm->events_fd >= 0) {
        for (;;) {
            ssize_t r = recv(vm->events_fd, vm->evbuf + vm->evlen, sizeof(vm->evbuf) - vm->evlen - 1,
                             MSG_DONTWAIT);
            if (r <= 0)
                break;
            vm->evlen += (size_t)r;
            if (vm->evlen + 1 >= sizeof(vm->evbuf))
                break;
        }
    }
    vm->evbuf[vm->evlen] = '\0';
    char pat[96];
    snprintf(pat, sizeof(pat), "\"event\": \"%s\"", name);
    int n = 0;
    for (const char *p = vm->evbuf; (p = strstr(p, pat)); p += strlen(pat))
        n++;
    return n;
}

static int spawn(struct qemu_vm *vm, const char *disk_extra, const char *net_extra)
{
    char disk_dev[256], net_dev[256], drive[256], qmp[256], obs[256], ev[256], ser[256], img[200];
    snprintf(img, sizeof(img), "%s/disk.img", vm->dir);
    int fd = open(img, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0 || ftruncate(fd, 4 << 20) < 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    close(fd);
    snprintf(drive, sizeof(drive), "file=%s,format=raw,if=none,id=drv0", img);
    snprintf(disk_dev, sizeof(disk_dev), "ide-hd,drive=drv0,id=disk0,bus=ide.0%s", disk_extra ? disk_extra : "");
    snprintf(net_dev, sizeof(net_dev), "virtio-net-pci,netdev=n0,id=net0%s", net_extra ? net_extra : "");
    snprintf(qmp, sizeof(qmp), "unix:%s,server=on,wait=off", vm->qmp);
    snprintf(obs, sizeof(obs), "unix:%s,server=on,wait=off", vm->observe);
    snprintf(ev, sizeof(ev), "unix:%s,server=on,wait=off", vm->events);
    snprintf(ser, sizeof(ser), "file:%s", vm->serial);
    unlink(vm->qmp);
    unlink(vm->observe);
    unlink(vm->events);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        execlp("qemu-system-x86_64", "qemu-system-x86_64", "-machine", "q35,accel=tcg,graphics=off",
               "-m", "64", "-smp", "1", "-display", "none", "-vga", "none", "-monitor", "none",
               "-no-user-config", "-nodefaults", "-no-shutdown", "-S", "-serial", ser,
               "-uuid", QEMU_VM_UUID, "-name", QEMU_VM_NAME,
               "-qmp", qmp, "-qmp", obs, "-qmp", ev,
               "-netdev", "user,id=n0,restrict=on", "-device", net_dev,
               "-drive", drive, "-device", disk_dev, "-device", "ide-cd,id=cd0,bus=ide.1",
               (char *)NULL);
        _exit(127);
    }
    vm->pid = pid;
    /* QEMU binds its sockets one after another and listens a moment later; on a loaded host
     * (CI runs two suites at once) that can take many seconds. Retry until it answers. */
    int waited_ms = 0;
    for (;;) {
        if (waitpid(pid, NULL, WNOHANG) == pid) {
            vm->pid = 0;
            fprintf(stderr, "  qemu-system-x86_64 exited at start\n");
            return -1;
        }
        vm->events_fd = unix_connect(vm->events);
        if (vm->events_fd >= 0 && handshake(vm->events_fd) == 0)
            break;
        if (vm->events_fd >= 0)
            close(vm->events_fd);
        vm->events_fd = -1;
        if (waited_ms >= QEMU_START_MS) {
            fprintf(stderr, "  cannot open the events socket after %d ms: %s\n", waited_ms, strerror(errno));
            qemu_vm_kill(vm);     /* a test that gives up must not leave QEMU running */
            return -1;
        }
        sleep_ms(50);
        waited_ms += 50;
    }
    vm->evlen = 0;
    return 0;
}

int qemu_vm_start(struct qemu_vm *vm, const char *disk_extra, const char *net_extra)
{
    memset(vm, 0, sizeof(*vm));
    vm->events_fd = -1;
    snprintf(vm->dir, sizeof(vm->dir), "/tmp/mbmc-qmp.XXXXXX");
    if (!mkdtemp(vm->dir))
        return -1;
    snprintf(vm->qmp, sizeof(vm->qmp), "%s/qmp.sock", vm->dir);
    snprintf(vm->observe, sizeof(vm->observe), "%s/observe.sock", vm->dir);
    snprintf(vm->events, sizeof(vm->events), "%s/events.sock", vm->dir);
    snprintf(vm->serial, sizeof(vm->serial), "%s/serial.log", vm->dir);
    return spawn(vm, disk_extra, net_extra);
}

int qemu_vm_restart(struct qemu_vm *vm, const char *disk_extra, const char *net_extra)
{
    qemu_vm_kill(vm);
    return spawn(vm, disk_extra, net_extra);
}

void qemu_vm_kill(struct qemu_vm *vm)
{
    if (vm->events_fd >= 0)
        close(vm->events_fd);
    vm->events_fd = -1;
    if (vm->pid > 0) {
        kill(vm->pid, SIGKILL);
        waitpid(vm->pid, NULL, 0);
    }
    vm->pid = 0;
}

void qemu_vm_destroy(struct qemu_vm *vm)
{
    qemu_vm_kill(vm);
    const char *files[] = { vm->qmp, vm->observe, vm->events, vm->serial };
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
        unlink(files[i]);
    const char *names[] = { "disk.img", "qmp-boot-order", "qmp-boot-order.tmp" };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char f[256];
        snprintf(f, sizeof(f), "%s/%s", vm->dir, names[i]);
        unlink(f);
    }
    rmdir(vm->dir);
}
