/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Virtual media on Proxmox, the pure part: which CD-ROM drive, what the image is called in
 * the ISO storage, how the drive's config value changes, which privileges are missing, when
 * a downloaded image is due for removal, and the BMC's saved media state. No I/O, so the
 * unit tests and the fuzzer reach all of it (pve_media.c does the calls). */
#ifndef MBMC_PVE_MEDIA_LOGIC_H
#define MBMC_PVE_MEDIA_LOGIC_H

#include <stdbool.h>
#include <stddef.h>

#include "backend.h"
#include "pve_boot.h"
#include "pve_names.h"

#define PVE_DRIVE_LEN 16
#define PVE_VOLID_LEN 320
#define PVE_DRIVE_VALUE_LEN 1024
#define PVE_MEDIA_MAX_DOWNLOADS 32

/* The CD-ROM drive for virtual media: want (a configured key) when the VM has it as a
 * CD-ROM, else, with want NULL, ide2 (where Proxmox puts a VM's CD-ROM) or the VM's first
 * CD-ROM drive. NULL: no such drive. Points to the key in cfg. */
const char *pve_media_find_drive(const struct pve_config_entry *cfg, size_t n, const char *want);

/* An image URL Proxmox can download (http/https, printable, no credentials). 0, or -1 with
 * the reason in why. */
int pve_media_url_check(const char *url, char *why, size_t whylen);

/* The file name in the ISO storage for an image: mbmc-<vmid>-<stamp>-<name>, where name is
 * the URL's last path segment made safe the way Proxmox normalises it ([A-Za-z0-9_.-], the
 * rest '_'), ending in .iso or .img (".iso" appended otherwise). Every insert gets a new
 * stamp: Proxmox refuses to overwrite a file, and the same URL may serve a new image (Ironic
 * rebuilds its boot ISO under one name). -1 when the URL has no host or out is too small. */
int pve_media_filename(const char *url, unsigned vmid, unsigned long long stamp, char *out,
                       size_t outlen);

/* The volume of a drive value ("local:iso/x.iso,media=cdrom" -> "local:iso/x.iso"; also the
 * file= form). */
void pve_drive_volume(const char *value, char *out, size_t outlen);
/* The drive value with volid inserted: the old value's options kept, except the old image's
 * size= and format=; media=cdrom always. -1 when it does not fit. */
int pve_drive_with_volume(const char *old, const char *volid, char *out, size_t outlen);

/* What the API token may do, as /access/permissions answered for each path. */
struct pve_media_privs {
    bool cdrom;            /* VM.Config.CDROM on /vms/<vmid> */
    bool template_;        /* Datastore.AllocateTemplate on /storage/<s>: download-url */
    bool audit;            /* Datastore.Audit or .AllocateSpace (or .Allocate) on /storage/<s>:
                              list the storage, put its ISO into a VM */
    bool allocate;         /* Datastore.Allocate on /storage/<s>: remove downloaded images */
    bool sys_root;         /* Sys.Audit and Sys.Modify on /: download-url may reach the network */
    bool access_network;   /* or Sys.AccessNetwork on /nodes/<node> (PVE >= 8.2) */
};
/* The privileges insert needs that are missing, as "X on /path, Y on /path" ("" if none). */
void pve_media_missing_privs(const struct pve_media_privs *p, const char *storage, unsigned vmid,
                             char *out, size_t outlen);

/* An image this BMC downloaded: removed once ejected for the retention time. */
struct pve_media_download {
    char volid[PVE_VOLID_LEN];
    char node[64];          /* where it went (a storage may be local to a node) */
    long long ejected;      /* Unix time it stopped being used, 0 while in use or downloading */
    char upid[256];         /* the download task while it may still run, "" once it ended */
};

/* What survives a restart of the BMC. */
struct pve_media_saved {
    char drive[PVE_DRIVE_LEN];              /* the drive holding our image, "" when none */
    char previous[PVE_DRIVE_VALUE_LEN];     /* that drive's value before the insert */
    char volid[PVE_VOLID_LEN];              /* our image in it */
    char image[MBMC_MEDIA_IMAGE_MAX];       /* the URL it came from */
    unsigned long long stamp;               /* the last file name stamp used */
    struct pve_media_download dl[PVE_MEDIA_MAX_DOWNLOADS];
    size_t ndl;
};

/* JSON text <-> saved state. parse returns 0, or -1 (out zeroed) for anything malformed. */
int pve_media_saved_parse(const char *text, struct pve_media_saved *out);
char *pve_media_saved_format(const struct pve_media_saved *s);   /* malloc'd, NULL on ENOMEM */

/* Record a download (in use). Makes room by expiring the oldest ejected one when full. */
struct pve_media_download *pve_media_saved_add(struct pve_media_saved *s, const char *volid,
                                               const char *node);
struct pve_media_download *pve_media_saved_find(struct pve_media_saved *s, const char *volid);
void pve_media_saved_drop(struct pve_media_saved *s, const char *volid);

/* The next download due for removal: its index in *due and 0 when one is due now, else the
 * seconds until the next one (*due untouched), -1 when none waits. */
long long pve_media_next_removal(const struct pve_media_saved *s, long long now,
                                 unsigned retention_s, size_t *due);

#endif
