/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The shared power-state table (see pve_table.h): layout, hashing, seqlock. Pure: used by
 * the module (reader), the supervisor (writer) and the unit tests. */
#include "pve_table.h"

#include <string.h>
#include <time.h>

/* The slot's data (everything after seq and vmid) is copied as 64-bit words with relaxed
 * atomic accesses: a reader racing the writer then reads torn values, never undefined
 * behaviour, and the sequence check throws such a copy away (Boehm's C11 seqlock). */
#define DATA_OFF offsetof(struct pve_table_slot, flags)
#define DATA_WORDS ((sizeof(struct pve_table_slot) - DATA_OFF) / 8)
_Static_assert(DATA_OFF % 8 == 0, "slot data must be 8-byte aligned");
_Static_assert(sizeof(struct pve_table_slot) % 8 == 0, "slot size must be a multiple of 8");
_Static_assert(sizeof(struct pve_table_header) % 8 == 0, "header size must be a multiple of 8");

uint32_t pve_table_capacity_for(size_t n)
{
    uint32_t c = 16;
    while (c < 2 * n && c < (1u << 30))
        c <<= 1;
    return c;
}

size_t pve_table_file_size(uint32_t capacity)
{
    return sizeof(struct pve_table_header) + (size_t)capacity * sizeof(struct pve_table_slot);
}

void pve_table_init(struct pve_table_header *h, uint32_t capacity, uint32_t interval_ms)
{
    h->magic = PVE_TABLE_MAGIC;
    h->version = PVE_TABLE_VERSION;
    h->header_size = sizeof(*h);
    h->slot_size = sizeof(struct pve_table_slot);
    h->capacity = capacity;
    h->interval_ms = interval_ms;
    atomic_store(&h->retired, 0);
    atomic_store(&h->heartbeat_ms, 0);
    atomic_store(&h->pve_version, 0);
}

bool pve_table_valid(const struct pve_table_header *h, size_t len)
{
    return len >= sizeof(*h) && h->magic == PVE_TABLE_MAGIC && h->version == PVE_TABLE_VERSION &&
           h->header_size == sizeof(*h) && h->slot_size == sizeof(struct pve_table_slot) &&
           h->capacity && !(h->capacity & (h->capacity - 1)) && h->interval_ms &&
           len >= pve_table_file_size(h->capacity);
}

static uint32_t hash(uint32_t vmid)
{
    return vmid * 2654435761u;    /* Knuth's multiplicative hash: spreads sequential VMIDs */
}

const struct pve_table_slot *pve_table_find(const struct pve_table_header *h, uint32_t vmid)
{
    const struct pve_table_slot *slots = pve_table_slots(h);
    uint32_t mask = h->capacity - 1;
    for (uint32_t i = 0, at = hash(vmid) & mask; vmid && i < h->capacity; i++, at = (at + 1) & mask) {
        uint32_t v = atomic_load_explicit(&slots[at].vmid, memory_order_acquire);
        if (v == vmid)
            return &slots[at];
        if (!v)
            return NULL;
    }
    return NULL;
}

struct pve_table_slot *pve_table_claim(struct pve_table_header *h, uint32_t vmid)
{
    struct pve_table_slot *slots = pve_table_slots(h);
    uint32_t mask = h->capacity - 1;
    for (uint32_t i = 0, at = hash(vmid) & mask; vmid && i < h->capacity; i++, at = (at + 1) & mask) {
        uint32_t v = atomic_load_explicit(&slots[at].vmid, memory_order_relaxed);
        if (v == vmid)
            return &slots[at];
        if (!v) {
            atomic_store_explicit(&slots[at].vmid, vmid, memory_order_release);
            return &slots[at];
        }
    }
    return NULL;
}

void pve_table_write(struct pve_table_slot *s, const struct pve_table_entry *e)
{
    struct pve_table_slot tmp;
    memset(&tmp, 0, sizeof(tmp));
    tmp.flags = e->flags;
    tmp.err = e->err;
    tmp.http = e->http;
    tmp.info = e->info;
    tmp.config_gen = e->config_gen;
    tmp.observed_ms = e->observed_ms;
    memcpy(tmp.status, e->status, sizeof(tmp.status));
    memcpy(tmp.qmpstatus, e->qmpstatus, sizeof(tmp.qmpstatus));
    memcpy(tmp.lock, e->lock, sizeof(tmp.lock));
    memcpy(tmp.node, e->node, sizeof(tmp.node));
    memcpy(tmp.msg, e->msg, sizeof(tmp.msg));
    tmp.status[sizeof(tmp.status) - 1] = tmp.qmpstatus[sizeof(tmp.qmpstatus) - 1] = '\0';
    tmp.lock[sizeof(tmp.lock) - 1] = tmp.node[sizeof(tmp.node) - 1] = tmp.msg[sizeof(tmp.msg) - 1] = '\0';

    uint32_t seq = atomic_load_explicit(&s->seq, memory_order_relaxed);
    atomic_store_explicit(&s->seq, seq + 1, memory_order_relaxed);      /* odd: writing */
    atomic_thread_fence(memory_order_release);
    const uint64_t *src = (const uint64_t *)((const char *)&tmp + DATA_OFF);
    uint64_t *dst = (uint64_t *)((char *)s + DATA_OFF);
    for (size_t i = 0; i < DATA_WORDS; i++)
        __atomic_store_n(&dst[i], src[i], __ATOMIC_RELAXED);
    atomic_store_explicit(&s->seq, seq + 2, memory_order_release);      /* even: done */
}

bool pve_table_read(const struct pve_table_slot *s, struct pve_table_entry *out)
{
    for (int tries = 0; tries < 100; tries++) {
        uint32_t before = atomic_load_explicit(&s->seq, memory_order_acquire);
        if (before & 1)
            continue;
        struct pve_table_slot tmp;
        memset(&tmp, 0, sizeof(tmp));   /* (the loop below fills it; compilers cannot tell) */
        const uint64_t *src = (const uint64_t *)((const char *)s + DATA_OFF);
        uint64_t *dst = (uint64_t *)((char *)&tmp + DATA_OFF);
        for (size_t i = 0; i < DATA_WORDS; i++)
            dst[i] = __atomic_load_n(&src[i], __ATOMIC_RELAXED);
        atomic_thread_fence(memory_order_acquire);
        if (atomic_load_explicit(&s->seq, memory_order_relaxed) != before)
            continue;
        out->vmid = atomic_load_explicit(&s->vmid, memory_order_relaxed);
        out->flags = tmp.flags;
        out->err = tmp.err;
        out->http = tmp.http;
        out->info = tmp.info;
        out->config_gen = tmp.config_gen;
        out->observed_ms = tmp.observed_ms;
        memcpy(out->status, tmp.status, sizeof(out->status));
        memcpy(out->qmpstatus, tmp.qmpstatus, sizeof(out->qmpstatus));
        memcpy(out->lock, tmp.lock, sizeof(out->lock));
        memcpy(out->node, tmp.node, sizeof(out->node));
        memcpy(out->msg, tmp.msg, sizeof(out->msg));
        /* Terminated here too: the file is another program's, so trust no string in it. */
        out->status[sizeof(out->status) - 1] = out->qmpstatus[sizeof(out->qmpstatus) - 1] = '\0';
        out->lock[sizeof(out->lock) - 1] = out->node[sizeof(out->node) - 1] = '\0';
        out->msg[sizeof(out->msg) - 1] = '\0';
        return true;
    }
    return false;
}

void pve_table_beat(struct pve_table_header *h, uint64_t now_ms)
{
    atomic_store_explicit(&h->heartbeat_ms, now_ms, memory_order_release);
}

void pve_table_set_version(struct pve_table_header *h, int major, int minor)
{
    uint32_t v = major > 0 && major < 0x10000 && minor >= 0 && minor < 0x10000
        ? (uint32_t)major << 16 | (uint32_t)minor : 0;
    atomic_store_explicit(&h->pve_version, v, memory_order_release);
}

void pve_table_version(const struct pve_table_header *h, int *major, int *minor)
{
    uint32_t v = atomic_load_explicit(&h->pve_version, memory_order_acquire);
    *major = (int)(v >> 16);
    *minor = (int)(v & 0xffff);
}

bool pve_table_fresh(uint64_t stamp_ms, uint64_t now_ms, uint32_t interval_ms)
{
    /* One interval for the round itself, the rest for a slow API answer. */
    return stamp_ms && (now_ms < stamp_ms || now_ms - stamp_ms <= (uint64_t)PVE_TABLE_STALE_INTERVALS * interval_ms);
}

bool pve_table_alive(uint64_t beat_ms, uint64_t now_ms, uint32_t interval_ms)
{
    return beat_ms && (now_ms < beat_ms || now_ms - beat_ms <= (uint64_t)PVE_TABLE_DEAD_INTERVALS * interval_ms);
}

uint64_t pve_table_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}
