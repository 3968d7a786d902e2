/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which password wins: ipmi_sim keeps users changed over IPMI (LAN or the in-band KCS:
 * `ipmitool user set password`) in <state>/ipmi_sim/<name>/users.mc20, and that file
 * overrides lan.conf's user lines at start. multibmc's configuration stays the truth for
 * the users it defines: before each start of a BMC's ipmi_sim their slots are dropped from
 * that file, so the password file applies again; a change over IPMI lasts until then.
 * Users created over IPMI in other slots (MAAS adds its own "maas" user) are kept. */
#ifndef MBMC_USER_SLOTS_H
#define MBMC_USER_SLOTS_H

#include <glib.h>

/* Pure: text (ipmi_sim's "NAME:TYPE:VALUE" lines) without the lines of these user slots. */
char *mbmc_user_slots_filter(const char *text, const guint *slots, guint n);
/* Rewrite the file of instance name under state_dir (atomically, 0600) when it holds any of
 * the slots; *changed tells whether it did. No file: nothing to do. */
gboolean mbmc_user_slots_reset(const char *state_dir, const char *name, const guint *slots, guint n,
                               gboolean *changed, GError **error);

#endif
