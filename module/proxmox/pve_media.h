/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Virtual media for a Proxmox VM: InsertMedia downloads the image into an ISO storage
 * (POST /nodes/{node}/storage/{storage}/download-url, its task followed to the end, with the
 * client's checksum if it gave one) and then puts it into the VM's CD-ROM drive (PUT config
 * ide2=<storage>:iso/<file>,media=cdrom); EjectMedia puts the drive's previous value back.
 * Images the BMC downloaded are removed from the storage once ejected for media-retention
 * seconds; nothing else there is ever touched. What is inserted and downloaded survives a
 * restart in <state-dir>/media-state.json. Every call runs on the loop through pve_api; the
 * privileges are probed at start and a missing one is named in the error and the log. */
#ifndef MBMC_PVE_MEDIA_H
#define MBMC_PVE_MEDIA_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "backend.h"
#include "loop.h"
#include "options.h"
#include "pve_api.h"
#include "pve_boot.h"

struct pve_media;

struct pve_media_events {
    void *ctx;
    void (*changed)(void *ctx);         /* the drive's state as media_state() shows it changed */
    void (*insert_ended)(void *ctx);    /* an insert ended (a power-on waiting for it may go) */
};

/* Virtual media is off (media_state drive MBMC_MEDIA_OFF) without opts->iso_storage. */
struct pve_media *pve_media_new(struct mbmc_loop *loop, struct pve_api *api,
                                const struct mbmc_options *opts, const struct pve_media_events *ev);
/* Outstanding insert/eject complete with MBMC_MEDIA_UNAVAILABLE first. */
void pve_media_free(struct pve_media *m);

/* The backend knows the VM's node now: probe the storage and the privileges (a missing one
 * is logged once), and remove images whose retention ran out. */
void pve_media_start(struct pve_media *m);
/* The backend read the VM's config: the drive's state follows it (someone may have changed
 * the CD-ROM in the Proxmox GUI). */
void pve_media_config_seen(struct pve_media *m, const struct pve_config_entry *cfg, size_t n);

/* The API answers again after a failure: retry what waited for it now. */
void pve_media_api_back(struct pve_media *m);

enum mbmc_media_result pve_media_insert(struct pve_media *m, const struct mbmc_media_insert *req,
                                        mbmc_media_cb cb, void *data);
enum mbmc_media_result pve_media_eject(struct pve_media *m, mbmc_media_cb cb, void *data);
void pve_media_state(const struct pve_media *m, struct mbmc_media_state *out);
/* An insert runs (download or attach): a boot now would miss the medium. */
bool pve_media_inserting(const struct pve_media *m);
/* The drive holding the medium, to boot from first for a Cd override; NULL when none. */
const char *pve_media_boot_drive(const struct pve_media *m);

#endif
