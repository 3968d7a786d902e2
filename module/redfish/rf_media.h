/* SPDX-License-Identifier: GPL-2.0-or-later */
/* VirtualMedia.InsertMedia parameters: which image, from where, and what this BMC refuses
 * (writable media, upload, credentials, protocols QEMU cannot read). Pure.
 *
 * InsertMedia has no checksum parameter in the DMTF schema; a client that wants the image
 * verified before the VM sees it gives one as an OEM action parameter:
 *   "Oem": { "Multibmc": { "Checksum": "<hex>", "ChecksumAlgorithm": "sha256" } }
 * (md5, sha1, sha224, sha256, sha384 or sha512, both or neither). */
#ifndef MBMC_RF_MEDIA_H
#define MBMC_RF_MEDIA_H

#include <json-c/json.h>

#include "backend.h"
#include "rf_http.h"

enum rf_image_kind { RF_IMAGE_URL, RF_IMAGE_LOCAL };

struct rf_insert {
    enum rf_image_kind kind;
    char image[MBMC_MEDIA_IMAGE_MAX];   /* the Image as given */
    char path[MBMC_MEDIA_IMAGE_MAX];    /* RF_IMAGE_LOCAL: the absolute path (file:// removed) */
    char checksum[129];                 /* lower-case hex digest, "" when not given */
    char checksum_algorithm[8];         /* "sha256", ... ("" when not given) */
};

#define RF_INSERT_ACTION "VirtualMedia.InsertMedia"

/* Parse and check the action's body. 0, or -1 with 400 errors added to rsp. */
int rf_insert_parse(struct json_object *body, struct rf_insert *out, struct rf_response *rsp);

#endif
