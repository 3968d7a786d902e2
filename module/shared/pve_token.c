/* SPDX-License-Identifier: GPL-2.0-or-later */
/* API token text (see pve_token.h). */
#include "pve_token.h"

#include <string.h>

int pve_token_parse(char *text, size_t *id_len)
{
    text[strcspn(text, "\r\n")] = '\0';
    /* pve-access-control: USER@REALM!TOKENID, then '=', then the UUID secret */
    const char *at = strchr(text, '@'), *bang = at ? strchr(at, '!') : NULL;
    const char *eq = strrchr(text, '=');
    if (!at || at == text || !bang || bang == at + 1 || !eq || eq < bang + 2 || !eq[1] ||
        strpbrk(text, " \t"))
        return -1;
    *id_len = (size_t)(eq - text);
    return 0;
}
