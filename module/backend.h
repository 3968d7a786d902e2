/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The interface every VM backend implements (QMP for local QEMU, Proxmox REST).
 *
 * Contract: every operation returns at once. Work happens on the loop (loop.h);
 * state queries answer from a cache. ipmi_sim sends the IPMI reply when our
 * handler returns, and clients retransmit after ~1 s, so a blocking backend
 * would freeze every session and repeat power actions. */
#ifndef MBMC_BACKEND_H
#define MBMC_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "loop.h"
#include "options.h"
#include "vm_identity.h"

/* IPMI Chassis Control, request byte 1 bits 3:0. */
enum mbmc_chassis_op {
    MBMC_OP_OFF = 0,
    MBMC_OP_ON = 1,
    MBMC_OP_CYCLE = 2,
    MBMC_OP_RESET = 3,
    MBMC_OP_DIAG = 4,   /* pulse diagnostic interrupt: NMI */
    MBMC_OP_SOFT = 5,   /* ACPI soft shutdown */
};

/* The power-action policy: one for every backend and protocol (IPMI Chassis Control,
 * Redfish ComputerSystem.Reset, the power restore policy), kept by the chassis layer
 * (chassis/power_policy.c). One action runs at a time; an IPMI reply never waits for it.
 * "Pending" = the action in flight and those waiting behind it; "projected" = the power
 * state once they ran (off: off; on, cycle, reset: on; soft, diag: unchanged).
 *   backend cannot act now (unreachable, state unknown)  -> IPMI_NODE_BUSY_CC, nothing runs
 *   no privilege / impossible on this platform          -> IPMI_INSUFFICIENT_PRIVILEGE_CC /
 *                                                          IPMI_INVALID_DATA_FIELD_CC
 *   the same action as the last one pending (a retry)   -> 00h, it runs once (unless a
 *        Set System Boot Options came between: "bootdev pxe; cycle" during a cycle is new)
 *   on, projected on                                    -> 00h, nothing runs
 *   off, nothing pending and the VM off                 -> 00h, nothing runs
 *   off while an action is in flight                    -> 00h, the waiting ones are dropped;
 *        off in flight: nothing more; another in flight: off runs next, at once when that
 *        one only waits (graceful shutdown, a boot waiting for virtual media, a retry
 *        against a Proxmox migration lock: aborted)
 *   cycle, reset, soft, diag, projected off             -> IPMI_NOT_SUPPORTED_IN_PRESENT_STATE_CC
 *   nothing in flight                                   -> 00h, runs now
 *   an action in flight, fewer than MBMC_POWER_QUEUE_MAX waiting -> 00h, runs after them
 *   MBMC_POWER_QUEUE_MAX waiting                        -> IPMI_NODE_BUSY_CC (clients retry)
 * When its turn comes, a waiting action the power state made pointless is dropped (on when
 * on, the others when off: the guest may have powered itself off meanwhile). */

/* Boot device selector, System Boot Options parameter 5, data 2 bits 5:2. */
enum mbmc_boot_device {
    MBMC_BOOT_NONE = 0x0,
    MBMC_BOOT_PXE = 0x1,
    MBMC_BOOT_DISK = 0x2,
    MBMC_BOOT_DISK_SAFE = 0x3,
    MBMC_BOOT_DIAG = 0x4,
    MBMC_BOOT_CDROM = 0x5,
    MBMC_BOOT_BIOS = 0x6,
    MBMC_BOOT_REMOTE_FLOPPY = 0x7,
    MBMC_BOOT_REMOTE_CDROM = 0x8,
    MBMC_BOOT_REMOTE_MEDIA = 0x9,
    MBMC_BOOT_REMOTE_DISK = 0xb,
    MBMC_BOOT_FLOPPY = 0xf,
};

struct mbmc_boot_override {
    bool valid;                   /* false: boot the VM's own boot order */
    bool persistent;              /* all future boots, not only the next */
    bool efi;                     /* requested firmware type (reported, not switched) */
    enum mbmc_boot_device device;
};

/* What a backend reports to the BMC core. All callbacks run on the loop. */
struct mbmc_backend_events {
    void *core;
    /* The power state changed (seen by poll, event or completed action). */
    void (*power_changed)(void *core, bool on);
    /* The action power_start started has ended: exactly once per started action, never from
     * inside power_start, after power_changed for what it changed. err: why it failed, or
     * NULL (the backend reports a failure through error() too). */
    void (*power_done)(void *core, const char *err);
    /* The VM powered on or reset with the current override applied: a one-shot
     * override is consumed now (the core clears it and calls set_boot_override). */
    void (*booted)(void *core);
    /* Last backend error for `multibmc status`; NULL clears it. */
    void (*error)(void *core, const char *msg);
    /* What the backend learnt about the VM, as key=value lines for the status file
     * (qmp_facts.h): `multibmc export` reads them there because this BMC holds the QEMU's
     * only QMP connection. May be NULL. */
    void (*vm_facts)(void *core, const char *facts);
    /* The virtual media drive's state changed (media_state() answers the new one). */
    void (*media_changed)(void *core);
    /* ops->identity has new facts (UUID, name, ...). */
    void (*identity_changed)(void *core);
    /* The VM's process went away (QEMU killed, the host shutting down): power reads off
     * from now on, but the VM did not power itself off. Called before that power_changed. */
    void (*vm_gone)(void *core);
};

/* ---- virtual media: the VM's CD-ROM drive, driven by Redfish InsertMedia/EjectMedia */

enum mbmc_media_result {
    MBMC_MEDIA_OK = 0,
    MBMC_MEDIA_NOT_SUPPORTED,   /* this backend has no virtual media (yet) */
    MBMC_MEDIA_NO_DRIVE,        /* the VM has no CD-ROM drive to put the image in */
    MBMC_MEDIA_UNAVAILABLE,     /* the backend is unreachable now: retry later */
    MBMC_MEDIA_BUSY,            /* another insert or eject is still running */
    MBMC_MEDIA_IMAGE_ERROR,     /* the image cannot be read (URL unreachable, 404, ...) */
    MBMC_MEDIA_IMAGE_INVALID,   /* the image was read but refused (checksum mismatch, ...) */
    MBMC_MEDIA_FAILED,          /* any other failure; the message says what */
};

#define MBMC_MEDIA_IMAGE_MAX 1024
#define MBMC_MEDIA_OFF (-2)

/* What InsertMedia asks for. */
struct mbmc_media_insert {
    const char *image;              /* an http(s) URL, or an absolute path of a readable file */
    const char *checksum;           /* the image's expected digest in hex, or NULL */
    const char *checksum_algorithm; /* md5 sha1 sha224 sha256 sha384 sha512 (with checksum) */
};

struct mbmc_media_state {
    int drive;                  /* 1: the VM has the drive, 0: it has none, -1: not known yet,
                                   MBMC_MEDIA_OFF: virtual media is not set up for this BMC */
    bool inserted;              /* a medium is in the drive */
    bool busy;                  /* an insert or eject is running */
    char image[MBMC_MEDIA_IMAGE_MAX];   /* what is inserted ("" when empty) */
};

/* Outcome of an accepted insert or eject, on the loop, exactly once. msg: details on failure
 * (NULL on success). */
typedef void (*mbmc_media_cb)(void *data, enum mbmc_media_result result, const char *msg);

struct mbmc_backend;

struct mbmc_backend_ops {
    const char *name;
    /* Check options and start connecting without blocking. NULL with a message on error. */
    struct mbmc_backend *(*open)(struct mbmc_loop *loop, const struct mbmc_options *opts,
                                 const struct mbmc_backend_events *ev, char *err, size_t errlen);
    void (*close)(struct mbmc_backend *be);
    /* Power actions. The chassis layer applies the power policy above (power_control.c)
     * and tells the backend to run one action at a time.
     * power_check: could the backend run op now? O(1), changes nothing. 0, or
     * IPMI_NODE_BUSY_CC (unreachable, power state not known yet),
     * IPMI_INSUFFICIENT_PRIVILEGE_CC (the platform does not let us),
     * IPMI_INVALID_DATA_FIELD_CC (this platform cannot do op at all).
     * power_start: run op now (nothing else runs). 0: started, ev->power_done follows;
     * else a completion code and nothing started.
     * power_abort (optional): power off arrived while the action in flight only waits (a
     * graceful shutdown the guest may ignore, a boot waiting for a media download, a retry
     * against a migration lock): stop following it and return true (no power_done follows),
     * or false to let it end (it may end sooner than it would have: power_done follows). */
    uint8_t (*power_check)(struct mbmc_backend *be, enum mbmc_chassis_op op);
    uint8_t (*power_start)(struct mbmc_backend *be, enum mbmc_chassis_op op);
    bool (*power_abort)(struct mbmc_backend *be);
    /* Cached power state, O(1). */
    bool (*power_is_on)(struct mbmc_backend *be);
    /* The boot override changed (valid=false restores the VM's own order). Applied at the
     * next power-on or reset; the backend calls ev->booted when a boot consumed it.
     * Returns 0 or an IPMI completion code. */
    uint8_t (*set_boot_override)(struct mbmc_backend *be, const struct mbmc_boot_override *ov);
    /* 1 if the VM boots UEFI firmware, 0 legacy BIOS, -1 unknown. */
    int (*firmware_is_efi)(struct mbmc_backend *be);
    /* Virtual media. insert: the image is an http(s) URL or an absolute path of a readable
     * file (the caller checked where it may come from); a checksum is verified where the
     * backend fetches the image itself, refused (NOT_SUPPORTED) where it cannot. Neither
     * powers the VM on. Returns MBMC_MEDIA_OK when accepted (cb follows, also when the
     * backend is closed meanwhile), else the refusal (cb is not called). The Proxmox backend
     * downloads into an ISO storage first: its cb may come minutes later, and a power-on
     * asked for meanwhile waits for it. */
    enum mbmc_media_result (*insert_media)(struct mbmc_backend *be,
                                           const struct mbmc_media_insert *req,
                                           mbmc_media_cb cb, void *data);
    enum mbmc_media_result (*eject_media)(struct mbmc_backend *be, mbmc_media_cb cb, void *data);
    /* Cached drive state, O(1). */
    void (*media_state)(struct mbmc_backend *be, struct mbmc_media_state *out);
    /* What the hypervisor says the VM is, O(1) from a cache; NULL when nothing is known. */
    const struct mbmc_vm_identity *(*identity)(struct mbmc_backend *be);
    /* Optional (NULL: the BMC keeps and applies the policy itself, chassis.c): the platform
     * keeps the power restore policy (Proxmox: the VM's onboot flag). restore_policy
     * answers from a cache, MBMC_RESTORE_UNKNOWN until known; set_restore_policy queues
     * the change and returns 0, or a completion code: IPMI_INVALID_DATA_FIELD_CC for a
     * policy the platform cannot express, IPMI_INSUFFICIENT_PRIVILEGE_CC when the backend
     * may not change it, IPMI_NODE_BUSY_CC when it cannot now. */
    enum mbmc_restore_policy (*restore_policy)(struct mbmc_backend *be);
    uint8_t (*set_restore_policy)(struct mbmc_backend *be, enum mbmc_restore_policy policy);
};

extern const struct mbmc_backend_ops mbmc_backend_qmp;
extern const struct mbmc_backend_ops mbmc_backend_proxmox;

#endif
