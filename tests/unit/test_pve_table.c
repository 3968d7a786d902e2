/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The shared power-state table: layout, hashing, seqlock, staleness (module/shared/pve_table.c),
 * and the supervisor's file handling: create, publish, resize by rename, retire
 * (orchestrator/proxmox/statetable.c). */
#include "unit.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "pve_state_map.h"
#include "pve_table.h"
#include "pve_resources.h"
#include "pvelist.h"
#include "statetable.h"

static struct pve_table_header *mem_table(uint32_t cap)
{
    struct pve_table_header *h = calloc(1, pve_table_file_size(cap));
    pve_table_init(h, cap, 1000);
    return h;
}

static void layout_is_fixed(void)
{
    /* The file format is shared by two programs built separately: sizes must not drift. */
    CHECK_EQ_INT(sizeof(struct pve_table_header), 48);
    CHECK_EQ_INT(sizeof(struct pve_table_slot), 344);
    CHECK_EQ_INT(pve_table_file_size(16), 48 + 16 * 344);
    CHECK_EQ_INT(pve_table_capacity_for(0), 16);
    CHECK_EQ_INT(pve_table_capacity_for(8), 16);
    CHECK_EQ_INT(pve_table_capacity_for(9), 32);
    CHECK_EQ_INT(pve_table_capacity_for(1000), 2048);
    struct pve_table_header *h = mem_table(16);
    CHECK(pve_table_valid(h, pve_table_file_size(16)));
    CHECK(!pve_table_valid(h, pve_table_file_size(16) - 1));     /* truncated file */
    h->version = 1;                                                /* the format before info bits */
    CHECK(!pve_table_valid(h, pve_table_file_size(16)));
    h->version = PVE_TABLE_VERSION;
    h->capacity = 24;                                              /* not a power of two */
    CHECK(!pve_table_valid(h, pve_table_file_size(32)));
    free(h);
}

static void hash_insert_and_lookup(void)
{
    struct pve_table_header *h = mem_table(2048);
    for (uint32_t v = 100; v < 1100; v++)
        CHECK(pve_table_claim(h, v) != NULL);
    CHECK(pve_table_claim(h, 500) == pve_table_claim(h, 500));    /* same slot again */
    int found = 0;
    for (uint32_t v = 100; v < 1100; v++)
        found += pve_table_find(h, v) != NULL && atomic_load(&pve_table_find(h, v)->vmid) == v;
    CHECK_EQ_INT(found, 1000);
    CHECK(pve_table_find(h, 99) == NULL);
    CHECK(pve_table_find(h, 1100) == NULL);
    CHECK(pve_table_find(h, 0) == NULL);
    free(h);
    /* Full table: claim refuses, lookups of absent VMIDs still end. */
    h = mem_table(16);
    for (uint32_t v = 1; v <= 16; v++)
        CHECK(pve_table_claim(h, v * 7) != NULL);
    CHECK(pve_table_claim(h, 5) == NULL);
    CHECK(pve_table_find(h, 5) == NULL);
    CHECK(pve_table_find(h, 112) != NULL);
    free(h);
}

static void write_then_read(void)
{
    struct pve_table_header *h = mem_table(16);
    struct pve_table_slot *s = pve_table_claim(h, 100);
    struct pve_table_entry e = { .flags = PVE_SLOT_ON | PVE_SLOT_HA, .err = 0, .http = 200,
                                 .info = PVE_INFO_PRIVS | PVE_INFO_NO_CONFIG | PVE_INFO_FIRMWARE, .config_gen = 7,
                                 .observed_ms = 12345 };
    snprintf(e.status, sizeof(e.status), "running");
    snprintf(e.lock, sizeof(e.lock), "migrate");
    snprintf(e.node, sizeof(e.node), "pve2");
    memset(e.msg, 'x', sizeof(e.msg));      /* unterminated: the writer terminates it */
    pve_table_write(s, &e);
    CHECK_EQ_INT(atomic_load(&s->seq), 2);
    struct pve_table_entry r;
    CHECK(pve_table_read(pve_table_find(h, 100), &r));
    CHECK_EQ_INT(r.vmid, 100);
    CHECK_EQ_INT(r.flags, PVE_SLOT_ON | PVE_SLOT_HA);
    CHECK_EQ_INT(r.http, 200);
    CHECK_EQ_INT(r.info, PVE_INFO_PRIVS | PVE_INFO_NO_CONFIG | PVE_INFO_FIRMWARE);
    CHECK_EQ_INT(r.config_gen, 7);
    CHECK_EQ_INT(r.observed_ms, 12345);
    CHECK_EQ_STR(r.status, "running");
    CHECK_EQ_STR(r.qmpstatus, "");
    CHECK_EQ_STR(r.lock, "migrate");
    CHECK_EQ_STR(r.node, "pve2");
    CHECK_EQ_INT(strlen(r.msg), sizeof(r.msg) - 1);
    /* The Proxmox version in the header: unknown until set, nonsense stays unknown. */
    int major = -1, minor = -1;
    pve_table_version(h, &major, &minor);
    CHECK(major == 0 && minor == 0);
    pve_table_set_version(h, 8, 4);
    pve_table_version(h, &major, &minor);
    CHECK(major == 8 && minor == 4);
    pve_table_set_version(h, -1, 2);
    pve_table_version(h, &major, &minor);
    CHECK(major == 0 && minor == 0);
    /* A writer caught mid-write (odd sequence): the reader gives up rather than return it. */
    atomic_store(&s->seq, 3);
    CHECK(!pve_table_read(s, &r));
    free(h);
}

/* Seqlock under contention: a writer thread publishes entries whose fields all encode the
 * same counter; every copy a reader accepts must be internally consistent. */
static atomic_bool stop_writer;

#define PATTERNS 64

/* i is 1..PATTERNS: unsigned keeps "%u" within status[16] (gcc 14 checks). */
static void pattern(struct pve_table_entry *e, unsigned i)
{
    memset(e, 0, sizeof(*e));
    e->observed_ms = i;
    e->http = (uint16_t)(i * 7);
    e->flags = (uint8_t)i;
    snprintf(e->status, sizeof(e->status), "%u", i);
    snprintf(e->node, sizeof(e->node), "node-%u", i);
    memset(e->msg, 'a' + (int)(i % 26), sizeof(e->msg) - 1);
}

static void *writer(void *arg)
{
    struct pve_table_slot *s = arg;
    static struct pve_table_entry e[PATTERNS];
    for (unsigned i = 0; i < PATTERNS; i++)
        pattern(&e[i], i + 1);
    /* Back to back, so that readers often catch a write in progress. */
    for (uint64_t i = 0; !atomic_load_explicit(&stop_writer, memory_order_relaxed); i++) {
        pve_table_write(s, &e[i % PATTERNS]);
        if (i % 1024 == 0)
            sched_yield();      /* valgrind runs one thread at a time: let the reader in */
    }
    return NULL;
}

static void seqlock_never_tears(void)
{
    struct pve_table_header *h = mem_table(16);
    struct pve_table_slot *s = pve_table_claim(h, 7);
    pthread_t t;
    atomic_store(&stop_writer, false);
    pthread_create(&t, NULL, writer, s);
    int good = 0, torn = 0;
    /* At least 400 ms, and until 1000 good copies (slow under valgrind), at most 20 s. */
    uint64_t start = pve_table_now_ms();
    while (pve_table_now_ms() - start < 400 || (good < 1000 && pve_table_now_ms() - start < 20000)) {
        for (int n = 0; n < 1000; n++) {
            struct pve_table_entry r, want;
            if (!pve_table_read(s, &r) || !r.observed_ms)
                continue;
            if (r.observed_ms > PATTERNS) {     /* no pattern wrote that: torn */
                torn++;
                continue;
            }
            pattern(&want, (unsigned)r.observed_ms);
            bool ok = r.http == want.http && r.flags == want.flags && !strcmp(r.status, want.status) &&
                      !strcmp(r.node, want.node) && !strcmp(r.msg, want.msg);
            ok ? good++ : torn++;
        }
    }
    atomic_store(&stop_writer, true);
    pthread_join(t, NULL);
    printf("# %d consistent copies, %d torn, in %llu ms\n", good, torn,
           (unsigned long long)(pve_table_now_ms() - start));
    CHECK(good > 1000);
    CHECK_EQ_INT(torn, 0);
    free(h);
}

static void staleness(void)
{
    CHECK(!pve_table_fresh(0, 5000, 1000));           /* never observed */
    CHECK(pve_table_fresh(10000, 10000, 1000));
    CHECK(pve_table_fresh(10000, 13000, 1000));       /* 3 intervals: still fresh */
    CHECK(!pve_table_fresh(10000, 13001, 1000));      /* supervisor dead or stuck */
    CHECK(pve_table_fresh(10000, 9000, 1000));        /* stamp newer than our clock read */
    CHECK(pve_table_now_ms() > 0);
}

static void uncertain_backup(void)
{
    /* The node list has no qmpstatus: a running VM under a backup lock cannot be decided. */
    CHECK(pve_state_is_uncertain("running", "", "backup"));
    CHECK(!pve_state_is_uncertain("running", "paused", "backup"));
    CHECK(!pve_state_is_uncertain("running", "", ""));
    CHECK(!pve_state_is_uncertain("stopped", "", "backup"));
}

/* ---- the poller's parsing of Proxmox's lists (reference 1.5; fields as PVE sends them) */

static void node_list_rows(void)
{
    json_object *rows = json_tokener_parse(
        "[{\"vmid\":100,\"name\":\"cn001\",\"status\":\"running\",\"uptime\":51,\"pid\":4342},"
        " {\"vmid\":101,\"status\":\"stopped\",\"lock\":\"backup\"},"
        " {\"vmid\":102,\"status\":\"running\",\"lock\":\"backup\"},"
        " {\"vmid\":103,\"status\":\"running\",\"qmpstatus\":\"prelaunch\",\"lock\":\"backup\"},"
        " {\"vmid\":\"104\",\"status\":\"running\",\"lock\":\"migrate\"},"
        " {\"name\":\"no-vmid\"}, {\"vmid\":-3}]");
    CHECK(rows != NULL);
    if (!rows)
        return;
    struct pve_table_entry e;
    memset(&e, 0x55, sizeof(e));        /* stale error fields must be cleared */
    mbmc_pve_row_entry(json_object_array_get_idx(rows, 0), TRUE, 777, &e);
    CHECK_EQ_INT(pve_row_vmid(json_object_array_get_idx(rows, 0)), 100);
    CHECK_EQ_INT(e.flags, PVE_SLOT_ON | PVE_SLOT_HA);
    CHECK_EQ_STR(e.status, "running");
    CHECK_EQ_STR(e.lock, "");
    CHECK_EQ_STR(e.qmpstatus, "");
    CHECK_EQ_INT(e.err, 0);
    CHECK_EQ_STR(e.msg, "");
    CHECK_EQ_INT(e.observed_ms, 777);
    mbmc_pve_row_entry(json_object_array_get_idx(rows, 1), FALSE, 1, &e);
    CHECK_EQ_INT(e.flags, 0);                                   /* stopped: off, certain */
    mbmc_pve_row_entry(json_object_array_get_idx(rows, 2), FALSE, 1, &e);
    CHECK_EQ_INT(e.flags & PVE_SLOT_UNCERTAIN, PVE_SLOT_UNCERTAIN);   /* no qmpstatus in the list */
    mbmc_pve_row_entry(json_object_array_get_idx(rows, 3), FALSE, 1, &e);
    CHECK_EQ_INT(e.flags, 0);           /* full=1 lists: the paused backup QEMU is off */
    mbmc_pve_row_entry(json_object_array_get_idx(rows, 4), FALSE, 1, &e);
    CHECK_EQ_INT(pve_row_vmid(json_object_array_get_idx(rows, 4)), 104);
    CHECK_EQ_INT(e.flags, PVE_SLOT_ON);                         /* migrating: still on */
    CHECK_EQ_STR(e.lock, "migrate");
    CHECK_EQ_INT(pve_row_vmid(json_object_array_get_idx(rows, 5)), 0);
    CHECK_EQ_INT(pve_row_vmid(json_object_array_get_idx(rows, 6)), 0);
    json_object_put(rows);
}

/* ---- the supervisor's file */

static char *tmpdir;

static const struct pve_table_header *map_ro(const char *path, size_t *len, ino_t *ino)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    struct stat st;
    fstat(fd, &st);
    *len = (size_t)st.st_size;
    *ino = st.st_ino;
    void *m = mmap(NULL, *len, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    return m == MAP_FAILED ? NULL : m;
}

static void file_create_publish_resize(void)
{
    g_autofree char *path = g_build_filename(tmpdir, PVE_TABLE_FILE, NULL);
    guint ids[] = { 100, 101, 102 };
    g_autoptr(GError) err = NULL;
    MbmcStateTable *t = mbmc_state_table_create(path, ids, 3, 1000, NULL, &err);
    CHECK(t != NULL);
    if (!t)
        return;
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644);
    CHECK(mbmc_state_table_fits(t, ids, 3));
    struct pve_table_entry e = { .flags = PVE_SLOT_ON, .observed_ms = 42 };
    snprintf(e.status, sizeof(e.status), "running");
    CHECK(mbmc_state_table_publish(t, 101, &e));
    CHECK(!mbmc_state_table_publish(t, 999, &e));    /* no slot: not invented */
    mbmc_state_table_beat(t);

    size_t len;
    ino_t ino1, ino2;
    const struct pve_table_header *h = map_ro(path, &len, &ino1);
    CHECK(h && pve_table_valid(h, len));
    CHECK(atomic_load(&h->heartbeat_ms) > 0);
    struct pve_table_entry r;
    CHECK(pve_table_read(pve_table_find(h, 101), &r) && r.observed_ms == 42 && !strcmp(r.status, "running"));
    CHECK(pve_table_read(pve_table_find(h, 100), &r) && r.observed_ms == 0);

    /* Nine more VMs: 12 > capacity 16 / 2, so a new, bigger file replaces it. */
    guint more[12] = { 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111 };
    CHECK(!mbmc_state_table_fits(t, more, 12));
    MbmcStateTable *t2 = mbmc_state_table_create(path, more, 12, 1000, t, &err);
    CHECK(t2 != NULL);
    CHECK(atomic_load(&h->retired) == 1);              /* readers of the old file re-open */
    const struct pve_table_header *h2 = map_ro(path, &len, &ino2);
    CHECK(h2 && ino2 != ino1 && pve_table_valid(h2, len) && h2->capacity == 32);
    CHECK(pve_table_read(pve_table_find(h2, 101), &r) && r.observed_ms == 42);   /* carried over */
    CHECK(pve_table_find(h2, 111) != NULL);
    CHECK_EQ_INT(atomic_load(&h2->heartbeat_ms), atomic_load(&h->heartbeat_ms));
    mbmc_state_table_free(t, FALSE);

    /* A file left by a killed supervisor is retired by the next one's fresh table. */
    MbmcStateTable *t3 = mbmc_state_table_create(path, ids, 3, 500, NULL, &err);
    CHECK(t3 != NULL && atomic_load(&h2->retired) == 1);
    mbmc_state_table_free(t2, FALSE);
    mbmc_state_table_free(t3, TRUE);                    /* clean stop: the file goes */
    CHECK(!g_file_test(path, G_FILE_TEST_EXISTS));
    munmap((void *)h, pve_table_file_size(16));
    munmap((void *)h2, len);
}

int main(void)
{
    tmpdir = g_dir_make_tmp("pvetable-XXXXXX", NULL);
    RUN(layout_is_fixed);
    RUN(hash_insert_and_lookup);
    RUN(write_then_read);
    RUN(seqlock_never_tears);
    RUN(staleness);
    RUN(uncertain_backup);
    RUN(node_list_rows);
    RUN(file_create_publish_resize);
    g_rmdir(tmpdir);
    g_free(tmpdir);
    UNIT_EXIT();
}
