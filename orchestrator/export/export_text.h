/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writing values safely into the export formats' syntax (pure). */
#ifndef MBMC_EXPORT_TEXT_H
#define MBMC_EXPORT_TEXT_H

#include <glib.h>

/* A YAML double-quoted scalar: any string round-trips (escapes for '"', '\\', controls). */
void mbmc_yaml_str(GString *out, const char *s);
/* A shell word: as is when it holds only safe characters, else single-quoted. */
void mbmc_shell_word(GString *out, const char *s);
/* An RFC 4180 field: quoted (with doubled quotes) when it holds ',', '"', CR or LF. */
void mbmc_csv_field(GString *out, const char *s);
/* The node's NIC MACs joined by sep. */
char *mbmc_join_macs(GPtrArray *nics, const char *sep);

#endif
