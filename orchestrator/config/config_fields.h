/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The settings as members of the configuration model: settings.def's FIELD column names each
 * config key's member of MbmcConfig or MbmcBmc, and its TYPE says how to read it from JSON,
 * write it back, tell its default, free and copy it. config.c reads and writes whole objects
 * with these; what is not one setting (the objects, bmcs[], cross-field rules) stays there. */
#ifndef MBMC_CONFIG_FIELDS_H
#define MBMC_CONFIG_FIELDS_H

#include <json-c/json.h>

#include "mbmc_config.h"

/* The struct a setting's member is in: MbmcConfig (top level, proxmox, redfish) or MbmcBmc. */
typedef enum { MBMC_FIELDS_CONFIG, MBMC_FIELDS_BMC } MbmcFieldsOf;

/* Does s have a member in that struct? */
gboolean mbmc_field_in(const struct mbmc_setting *s, MbmcFieldsOf of);

/* Read each setting of scope from the JSON object o into obj (an MbmcConfig, or an MbmcBmc
 * for MBMC_SCOPE_BMC): a missing required key, a value of the wrong kind, an integer outside
 * its range or an unknown word is an error naming the key. where names o in messages
 * ("FILE: proxmox", "bmcs[0]"); top is where a range message starts ("FILE", "bmcs[0]"),
 * which names the key with its object ("proxmox.poll_ms"). */
gboolean mbmc_fields_read(json_object *o, enum mbmc_setting_scope scope, void *obj, const char *where,
                          const char *top, GError **error);

/* Add s's key to o with obj's value, unless the value is s's default (absent); a few are
 * written always (mode, backend, redfish.enabled: see config_fields.c). */
void mbmc_field_write(json_object *o, const struct mbmc_setting *s, const void *obj);
/* Is obj's value of s its default (what an absent key reads as)? */
gboolean mbmc_field_is_default(const struct mbmc_setting *s, const void *obj);

/* Defaults into a new struct (a BOOL's or ENUM's DEF, -1 for an INT whose range holds 0);
 * free every string member; copy every string member of src into dst (after *dst = *src). */
void mbmc_fields_init(void *obj, MbmcFieldsOf of);
void mbmc_fields_free(void *obj, MbmcFieldsOf of);
void mbmc_fields_copy(void *dst, const void *src, MbmcFieldsOf of);

/* Each INT member of obj of the struct of inside its range (unless absent), or the range
 * message, starting with where when not NULL. */
gboolean mbmc_fields_check_ranges(const void *obj, MbmcFieldsOf of, const char *where, GError **error);
/* Each path of the top level, proxmox and redfish is absolute and fits a module option and a
 * quoted lan.conf line. (A BMC's paths have rules of their own: mbmc_config_validate().) */
gboolean mbmc_fields_check_paths(const MbmcConfig *c, GError **error);

/* A key as messages name it: "proxmox.poll_ms", "interface", "vmid". */
char *mbmc_field_name(const struct mbmc_setting *s);

#endif
