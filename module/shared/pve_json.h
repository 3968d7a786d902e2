/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proxmox's JSON, read the same way by the module and the orchestrator (pure json-c, no I/O):
 * field access that never returns NULL, and the envelope every answer of pveproxy comes in.
 * Success is {"data": ...}; a failure carries its message in the HTTP reason phrase and its body
 * may add {"errors": {"PARAM": "TEXT", ...}} (parameter checks, HTTP 400) or {"message": ...}. */
#ifndef MBMC_PVE_JSON_H
#define MBMC_PVE_JSON_H

#include <stddef.h>

#include <json-c/json.h>

/* o[key] as a string; "" when o is not an object, the key is missing or the value is null. */
const char *pve_json_str(struct json_object *o, const char *key);

/* Unwrap an answer body (len bytes, need not end in NUL). Returns the parsed root (the caller
 * puts it) with *data set to its "data" member (NULL for a JSON null), or NULL when the body is
 * not a JSON object with a "data" member. why (may be NULL) gets what the body says went wrong:
 * "PARAM: TEXT; ..." from errors, else message; "" when it says nothing, and
 * PVE_ENVELOPE_MALFORMED when there is no envelope at all. */
struct json_object *pve_envelope_unwrap(const char *body, size_t len, struct json_object **data,
                                        char *why, size_t whylen);
#define PVE_ENVELOPE_MALFORMED "answer is not a Proxmox JSON envelope"

#endif
