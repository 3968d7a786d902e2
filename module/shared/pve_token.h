/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A Proxmox API token as its file holds it: one line USER@REALM!TOKENID=SECRET (pure, no I/O;
 * reading the file, and refusing one that group or others may read, is each program's:
 * pve_api.c in the module, mbmc_read_secret_file() in the orchestrator). The secret is
 * everything after the last '=' and goes into no message: callers print the id only. */
#ifndef MBMC_PVE_TOKEN_H
#define MBMC_PVE_TOKEN_H

#include <stddef.h>

/* What a token file should hold, for error messages. */
#define PVE_TOKEN_FORM "one line USER@REALM!TOKENID=SECRET"

/* Cut text at its first line end, then check the form. 0 and *id_len = the length of
 * USER@REALM!TOKENID (the text before the secret), or -1. */
int pve_token_parse(char *text, size_t *id_len);

#endif
