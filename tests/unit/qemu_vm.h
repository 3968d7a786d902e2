/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A real qemu-system-x86_64 (TCG) for unit tests of the QMP backend: started paused (-S)
 * with -no-shutdown, SeaBIOS on a serial log file, devices net0 (virtio-net), disk0 (ide-hd),
 * cd0 (ide-cd). Three QMP sockets: qmp.sock for the code under test, observe.sock for the
 * test's own blocking commands, events.sock where the test counts events. */
#ifndef MBMC_QEMU_VM_H
#define MBMC_QEMU_VM_H

#include <stdbool.h>
#include <sys/types.h>

#include <json-c/json.h>

/* What the VM is told it is (SMBIOS type 1 UUID, name). */
#define QEMU_VM_UUID "5b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
#define QEMU_VM_NAME "unit-vm"

struct qemu_vm {
    char dir[128];
    char qmp[192], observe[192], events[192], serial[192];
    pid_t pid;
    int events_fd;
    char evbuf[65536];
    size_t evlen;
};

/* Create a temp dir and start QEMU; extra_device_args: extra "-device"-style arguments
 * appended to the default devices' bootindex (NULL: none), e.g. ",bootindex=1" for disk0.
 * Returns 0, or -1 (QEMU missing: the test should fail, not skip). */
int qemu_vm_start(struct qemu_vm *vm, const char *disk_extra, const char *net_extra);
/* Start again in the same dir (same socket paths). */
int qemu_vm_restart(struct qemu_vm *vm, const char *disk_extra, const char *net_extra);
void qemu_vm_kill(struct qemu_vm *vm);
/* Kill and remove the temp dir. */
void qemu_vm_destroy(struct qemu_vm *vm);

/* Blocking QMP command on observe.sock; returns the "return" (caller puts) or NULL. */
struct json_object *qemu_vm_qmp(struct qemu_vm *vm, const char *cmd, const char *args_json);
/* Run state ("running", "paused", "prelaunch", ...), "" on error. */
const char *qemu_vm_status(struct qemu_vm *vm);
/* bootindex of a device under /machine/peripheral, -1000 on error. */
int qemu_vm_bootindex(struct qemu_vm *vm, const char *id);
/* How many events called name were seen on events.sock so far. */
int qemu_vm_event_count(struct qemu_vm *vm, const char *name);

#endif
