/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The System Event Log (IPMI 2.0 chapter 31): records, reservations, overflow and the SEL
 * commands' bytes. Pure logic with the time passed in, so unit tests drive every command;
 * sel.c registers the handlers and keeps the log in the state dir.
 *
 * Overflow follows the spec: when the log is full a new event is not logged and the
 * overflow flag (Get SEL Info byte 14 bit 7) is set until the log is cleared. */
#ifndef MBMC_SEL_STORE_H
#define MBMC_SEL_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MBMC_SEL_RECORD_LEN 16
#define MBMC_SEL_DEFAULT_ENTRIES 1000
#define MBMC_SEL_FIRST 0x0000          /* record id: the first entry */
#define MBMC_SEL_LAST 0xFFFF           /* record id: the last entry; also "no next entry" */

struct mbmc_sel_store {
    uint8_t (*rec)[MBMC_SEL_RECORD_LEN];
    unsigned count, max;
    uint16_t next_id;                  /* id the next record gets */
    uint32_t last_add, last_erase;     /* SEL time stamps */
    bool overflow;
    uint16_t reservation;              /* 0: none handed out */
    int64_t time_offset;               /* Set SEL Time minus the host clock, seconds */
};

int mbmc_sel_init(struct mbmc_sel_store *s, unsigned max_entries);
void mbmc_sel_free(struct mbmc_sel_store *s);

/* The SEL clock: the host's wall clock plus what Set SEL Time asked for. */
uint32_t mbmc_sel_time(const struct mbmc_sel_store *s, int64_t host_now);

/* Log rec (16 bytes; bytes 0-1 and, for record types below E0h, the time stamp in bytes
 * 3-6 are filled in). Returns the record id, or -1 when the log is full (overflow set). */
int mbmc_sel_add(struct mbmc_sel_store *s, uint8_t rec[MBMC_SEL_RECORD_LEN], int64_t host_now);

/* The record with this id (MBMC_SEL_FIRST, MBMC_SEL_LAST or a real id) and the id after
 * it (MBMC_SEL_LAST at the end); NULL when there is no such record. */
const uint8_t *mbmc_sel_find(const struct mbmc_sel_store *s, uint16_t id, uint16_t *next);

/* One SEL command (Storage NetFn 0x40-0x49). req/len: request body; rsp (cap >= 20
 * bytes) gets the completion code and data; returns the reply length. *changed tells the
 * caller to save the log. */
unsigned mbmc_sel_handle(struct mbmc_sel_store *s, uint8_t cmd, const uint8_t *req, unsigned len,
                         uint8_t *rsp, unsigned cap, int64_t host_now, bool *changed);

/* Text form for the state dir: one "key=value" per line, each record as 32 hex digits.
 * Returns a malloc'ed string, or NULL when out of memory. */
char *mbmc_sel_serialize(const struct mbmc_sel_store *s);
/* Replace the contents with what text holds. Returns 0, or -1 (message in err) when the
 * text is not a SEL file; the store is then left empty. */
int mbmc_sel_deserialize(struct mbmc_sel_store *s, const char *text, char *err, size_t errlen);

#endif
