/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The inside of pve_media: its state, shared by the files that make it up (pve_media.c:
 * insert, eject, the drive, the saved state; pve_media_probe.c: the storage and the token's
 * privileges; pve_media_removal.c: removing downloads after their retention). Not for other
 * parts of the module: they use pve_media.h. */
#ifndef MBMC_PVE_MEDIA_PRIV_H
#define MBMC_PVE_MEDIA_PRIV_H

#include "pve_media.h"
#include "pve_media_logic.h"
#include "pve_task.h"

#define PVE_MEDIA_RETRY_MS 2000
#define PVE_MEDIA_TASK_READ_ERRORS 6    /* 12-70 s without news of a task: report it lost */

enum pve_media_op { OP_NONE, OP_INSERT, OP_EJECT };
enum pve_media_probe { PROBE_VM_PERMS, PROBE_STORAGE_PERMS, PROBE_ROOT_PERMS, PROBE_NODE_PERMS, PROBE_STORAGE, PROBE_DONE };

struct pve_media {
    struct mbmc_loop *loop;
    struct pve_api *api;
    struct pve_media_events ev;
    unsigned vmid;
    char *storage;                  /* NULL: virtual media is off */
    char *want_drive;               /* the configured drive, or NULL: found in the config */
    unsigned retention;
    char *state_path;               /* NULL without a state dir */
    struct pve_media_saved saved;

    /* the VM's config as last read */
    int drive_state;                /* 1 the VM has the drive, 0 it has none, -1 not read yet */
    char drive[PVE_DRIVE_LEN];
    bool in_drive;                  /* saved.volid is in saved.drive */

    /* what the token may do (probed at start, and again before an insert while something
     * was missing) */
    struct pve_media_privs privs;
    enum pve_media_probe probe;
    bool probing;
    enum { THEN_NOTHING, THEN_INSERT, THEN_FAIL } probe_then;   /* when the probe is done */
    char problem[600];              /* why an insert cannot work now, "" when nothing known */
    struct pve_api_req *probe_req;
    struct pve_api_req *config_req;    /* a config read of its own (the drive still unknown) */

    /* the running insert or eject */
    enum pve_media_op op;
    mbmc_media_cb cb;
    void *cb_data;
    char image[MBMC_MEDIA_IMAGE_MAX];
    char checksum[129], algorithm[8];
    char op_drive[PVE_DRIVE_LEN];
    char previous[PVE_DRIVE_VALUE_LEN];
    char volid[PVE_VOLID_LEN];
    char node[64];
    char failure[700];              /* a failed download's exitstatus, while its log is read */
    struct pve_api_req *req;
    struct pve_task *task;
    struct mbmc_timer *timer;       /* starts an accepted insert or eject on the loop */

    /* removal of downloaded images whose retention ran out */
    struct mbmc_timer *removal_timer;
    struct pve_api_req *removal_req;
    struct pve_task *removal_task;
    char removing[PVE_VOLID_LEN];
    bool removal_denied;
};


/* pve_media.c */
void pve_media_save(struct pve_media *m);
void pve_media_finish(struct pve_media *m, enum mbmc_media_result r, const char *msg);
/* The probe ended (m->problem says what is wrong): go on with what waited for it. */
void pve_media_probed(struct pve_media *m);

/* pve_media_probe.c: probe the storage and the privileges again. */
void pve_media_probe_start(struct pve_media *m);

/* pve_media_removal.c */
void pve_media_removal_due(void *data);         /* the removal timer */
void pve_media_schedule_removal(struct pve_media *m);
void pve_media_removal_retry_now(struct pve_media *m);
void pve_media_removal_stop(struct pve_media *m);

#endif
