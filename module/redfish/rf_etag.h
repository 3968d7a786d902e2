/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ETags: a hash of a resource's representation, sent as the ETag header and "@odata.etag";
 * PATCH compares If-Match against the current one (HTTP 412 on a mismatch). */
#ifndef MBMC_RF_ETAG_H
#define MBMC_RF_ETAG_H

#include <stdbool.h>

#include <json-c/json.h>

#include "rf_http.h"

/* Hash res (its "@odata.etag" left out), store the tag in it and in out ("\"hex\""). */
void rf_etag_stamp(struct json_object *res, char out[RF_ETAG_LEN]);
/* Whether an If-Match value (a comma list of tags, W/ weak ones, or "*") accepts etag. */
bool rf_etag_match(const char *if_match, const char *etag);

#endif
