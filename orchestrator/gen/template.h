/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Renders the conf-templates/ files: the only place the shape of ipmi_sim files is written.
 *
 * Syntax, line based:
 *   @VAR@            replaced by the value of VAR (an unknown VAR is an error)
 *   @if VAR@rest     "rest" is emitted only when VAR is set and not empty
 *   @each user@rest  "rest" is emitted once per user, with USER_ID, USER_NAME,
 *                    USER_PASSWORD and USER_PRIV set for that user
 */
#ifndef MBMC_TEMPLATE_H
#define MBMC_TEMPLATE_H

#include <glib.h>

typedef struct {
    guint id;             /* 2..63 */
    char *name;
    char *password;
    char *priv;           /* user, operator, admin */
} MbmcTemplateUser;

/* vars: string -> string. users: array of MbmcTemplateUser*. */
char *mbmc_template_render(const char *text, GHashTable *vars, GPtrArray *users, GError **error);

/* A value safe inside a quoted lan.conf string: printable ASCII without " ' \ $ or #. */
gboolean mbmc_template_value_ok(const char *value);

#endif
