/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The shared power-state table: <run_dir>/pve-state, written only by the supervisor's
 * cluster poller (orchestrator/proxmox/pvepoll.c), mapped read-only by every Proxmox BMC's module
 * (pve_table_source.c). One GET /nodes/{node}/qemu per node and interval replaces one
 * GET status/current per VM and interval.
 *
 * Layout: a fixed header, then `capacity` fixed-size slots (a power of two, at least twice
 * the number of VMs) keyed by VMID with open addressing (linear probing), so a lookup is a
 * hash and a few compares. Slots are never deleted; when the set of VMs changes or the
 * table fills, the supervisor writes a new file and renames it over the old one, then marks
 * the old one `retired` so the modules that still map it re-open the path.
 *
 * Consistency: each slot has a sequence counter (seqlock). The writer makes it odd, writes
 * the fields, makes it even again; a reader copies the slot and retries if the counter was
 * odd or changed meanwhile. The writer never waits for readers and readers never write, so
 * a stuck ipmi_sim cannot stall the supervisor, and the file can be mapped read-only.
 *
 * Times are CLOCK_MONOTONIC milliseconds: the clock is the same for every process on the
 * host, and unlike the realtime clock it does not jump when NTP or an admin sets the date,
 * which would make a live table look dead (or a dead one fresh). */
#ifndef MBMC_PVE_TABLE_H
#define MBMC_PVE_TABLE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PVE_TABLE_MAGIC 0x3142544556504d4dULL   /* "MMPVETB1" little-endian */
#define PVE_TABLE_VERSION 2u      /* 2: Proxmox version in the header, info bits per slot */
#define PVE_TABLE_FILE "pve-state"
/* A slot not renewed for this many intervals is stale (its node does not answer, the VM
 * moved), and so is a heartbeat. */
#define PVE_TABLE_STALE_INTERVALS 3u
/* The modules take a supervisor for dead or stuck, and poll Proxmox themselves, only after
 * this many intervals without a heartbeat: a false alarm makes every BMC ask the API at
 * once, and a host busy starting thousands of ipmi_sims can delay the poller's round. */
#define PVE_TABLE_DEAD_INTERVALS 5u

struct pve_table_header {
    uint64_t magic;
    uint32_t version;
    uint32_t header_size;           /* sizeof(struct pve_table_header) */
    uint32_t slot_size;             /* sizeof(struct pve_table_slot) */
    uint32_t capacity;              /* number of slots, a power of two */
    uint32_t interval_ms;           /* the poller's period */
    _Atomic uint32_t retired;       /* 1: replaced by a newer file at the same path */
    _Atomic uint64_t heartbeat_ms;  /* CLOCK_MONOTONIC, renewed every poll round */
    _Atomic uint32_t pve_version;   /* Proxmox VE major << 16 | minor from GET /version; 0 unknown */
    uint32_t reserved;
};

/* Slot flags. */
#define PVE_SLOT_ON 0x01            /* the IPMI power bit (pve_state_is_on) */
#define PVE_SLOT_HA 0x02            /* HA manages the VM (task completion != power change) */
#define PVE_SLOT_UNCERTAIN 0x04     /* the node list cannot decide (pve_state_is_uncertain) */
#define PVE_SLOT_MISSING 0x08       /* not in its node's list: moving, or gone */

/* Info bits: what the supervisor learned once for the BMC, so that the module asks Proxmox
 * nothing at start (privileges from GET /access/permissions, firmware from the VM config). */
#define PVE_INFO_PRIVS 0x01         /* the privilege bits below are known */
#define PVE_INFO_NO_POWER 0x02      /* the token lacks VM.PowerMgmt on the VM */
#define PVE_INFO_NO_CONFIG 0x04     /* the token lacks VM.Config.Disk on the VM */
#define PVE_INFO_FIRMWARE 0x08      /* the firmware bit below is known */
#define PVE_INFO_EFI 0x10           /* bios: ovmf */
#define PVE_INFO_NO_OPTIONS 0x20    /* the token lacks VM.Config.Options (onboot) on the VM */
/* The VM's config (identity, firmware, onboot) is in <run_dir>/<vmid>/PVE_TABLE_CONFIG_FILE;
 * config_gen changes with each new version of that file. */
#define PVE_INFO_CONFIG 0x40
#define PVE_TABLE_CONFIG_FILE "pve-config.json"

struct pve_table_slot {
    _Atomic uint32_t seq;           /* odd while the supervisor writes the slot */
    _Atomic uint32_t vmid;          /* 0: free; set once, before the first write */
    /* --- below: written under seq */
    uint8_t flags;
    uint8_t err;                    /* enum pve_err of the last poll of the VM's node */
    uint16_t http;                  /* its HTTP status (0: transport) */
    uint16_t info;                  /* PVE_INFO_* */
    uint16_t config_gen;            /* see PVE_INFO_CONFIG */
    uint64_t observed_ms;           /* CLOCK_MONOTONIC when that poll was sent; 0: never */
    char status[16];                /* "running" / "stopped" */
    char qmpstatus[16];             /* "" unless known */
    char lock[24];                  /* "" when none */
    char node[64];
    char msg[200];                  /* the error text when err != 0 */
};

/* A consistent copy of a slot (no atomics). */
struct pve_table_entry {
    uint32_t vmid;
    uint8_t flags, err;
    uint16_t http, info, config_gen;
    uint64_t observed_ms;
    char status[16], qmpstatus[16], lock[24], node[64], msg[200];
};

/* Smallest power of two >= 2 * n (at least 16). */
uint32_t pve_table_capacity_for(size_t n);
size_t pve_table_file_size(uint32_t capacity);
/* Fill a fresh header (heartbeat 0) in zeroed memory. */
void pve_table_init(struct pve_table_header *h, uint32_t capacity, uint32_t interval_ms);
/* Does this mapping of len bytes hold a table we understand? */
bool pve_table_valid(const struct pve_table_header *h, size_t len);
static inline struct pve_table_slot *pve_table_slots(const struct pve_table_header *h)
{
    return (struct pve_table_slot *)((char *)h + h->header_size);
}

/* The slot of vmid, or NULL. O(1): linear probing from the hash, stops at a free slot. */
const struct pve_table_slot *pve_table_find(const struct pve_table_header *h, uint32_t vmid);
/* Writer: the slot of vmid, claimed if new; NULL when the table is full. */
struct pve_table_slot *pve_table_claim(struct pve_table_header *h, uint32_t vmid);
/* Writer: publish e into slot s (seqlock). e->vmid is ignored. */
void pve_table_write(struct pve_table_slot *s, const struct pve_table_entry *e);
/* Reader: a consistent copy of s. false if the writer kept it busy (try again later). */
bool pve_table_read(const struct pve_table_slot *s, struct pve_table_entry *out);
void pve_table_beat(struct pve_table_header *h, uint64_t now_ms);
/* Writer / reader of the Proxmox VE version (0: unknown). */
void pve_table_set_version(struct pve_table_header *h, int major, int minor);
void pve_table_version(const struct pve_table_header *h, int *major, int *minor);

/* Is a time renewed every interval_ms still fresh at now? (0 = never is never fresh) */
bool pve_table_fresh(uint64_t stamp_ms, uint64_t now_ms, uint32_t interval_ms);
/* Is a heartbeat renewed every interval_ms recent enough to trust the supervisor alive? */
bool pve_table_alive(uint64_t beat_ms, uint64_t now_ms, uint32_t interval_ms);
uint64_t pve_table_now_ms(void);

#endif
