/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A faithful fake of the Proxmox VE REST API for tests (reference part 3).
 * One process, HTTPS on loopback, one thread per connection, one lock around the model.
 * The model's clock is real time plus an offset the test can advance. */
#ifndef FAKEPVE_H
#define FAKEPVE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#define MAX_NODES 128      /* 100 for the 5000-BMC benchmark */
#define MAX_VMS 8192       /* room for the scale benchmark (tests/bench/scale.sh, N=5000) */
#define MAX_TASKS 256
#define MAX_TOKENS 8
#define MAX_USERS 8
#define MAX_AUTH_TICKETS 32
#define MAX_FAILS 16
#define MAX_LAT 8
#define MAX_POOLS 16

/* A resource pool (user.cfg "pool:" entries); VMs name theirs in fake_vm.pool. */
struct fake_pool { char id[64]; char comment[128]; };

struct fake_node { char name[32]; bool online; };

/* An identity: an API token, or a user (id user@realm, secret its password). */
struct fake_token {
    char id[128];          /* user@realm!name, or user@realm */
    char secret[128];
    char privs[1024];      /* " VM.Audit VM.PowerMgmt ... Datastore.Audit@/storage/isos " */
    bool enabled;
};

struct fake_vm {
    int vmid;
    char node[32];
    char status[16];       /* running | stopped */
    char qmpstatus[16];
    char lock[24];
    char pool[64];         /* the pool it belongs to, "" when none */
    bool template;
    bool ha;
    bool acpi;             /* guest reacts to ACPI power button */
    double shutdown_secs, start_secs, stop_secs;
    double migrate_until;  /* lock=migrate until then, then move to migrate_to */
    char migrate_to[32];
    double ha_secs;        /* HA: how long the CRM takes to act on a request (2) */
    double ha_due;         /* HA: state change when the CRM gets to it */
    char ha_target[16];
    struct json_object *config;   /* current */
    struct json_object *pending;  /* key -> value, or null = delete */
    double started_at;
    int nmi_count;
    int resets;
};

enum task_kind { T_START, T_STOP, T_SHUTDOWN, T_RESET, T_HA, T_CONFIG,
                 T_DOWNLOAD,    /* ended by its download thread (fake_storage.c) */
                 T_IMGDEL };    /* removes volid when it ends */

struct fake_task {
    char upid[256];
    char node[32];
    char type[16];
    char user[128];
    int vmid;
    enum task_kind kind;
    bool running;
    char exitstatus[256];
    double done_at;
    bool force;            /* shutdown forceStop */
    double timeout;
    bool blocked_by_shutdown;   /* stop waiting for the VM lock */
    char volid[320];       /* T_IMGDEL: the volume to remove; T_DOWNLOAD: the one it makes */
    char log[4096];        /* the task log, lines separated by '\n' */
};

/* Storages and their volumes (fake_storage.c). A dir storage keeps ISO images in
 * <path>/template/iso; a storage is on every node unless nodes lists some; a volume of a
 * non-shared storage exists on one node. Volumes are records (size, SHA-256 of the bytes the
 * download really fetched), no files. */
#define MAX_STORAGES 8
#define MAX_VOLUMES 128
struct fake_storage {
    char name[32];
    char type[16];         /* dir, lvmthin, ... */
    char content[64];      /* "iso,vztmpl,backup" */
    char path[128];        /* "" for storages without a file system */
    char nodes[128];       /* "" = all nodes, else "pve1,pve2" */
    bool shared;
    bool disabled;
};
struct fake_volume {
    char volid[320];       /* storage:iso/name */
    char node[32];         /* where it lies (non-shared storages) */
    long long size;
    double ctime;
    char sha256[65];
};

/* A user's login ticket (POST /access/ticket). */
struct fake_ticket {
    char ticket[320];      /* PVE:user@realm:HEXTIME::SIG */
    char csrf[128];        /* its CSRFPreventionToken */
    char user[128];
    double issued;         /* fake clock */
};
/* The request cost model: what kind of request, for the counters. */
enum fake_req_class { RC_NODE_QEMU, RC_STATUS_CURRENT, RC_POWER, RC_TASKS, RC_RESOURCES, RC_CONFIG,
                      RC_OTHER, RC_COUNT };

struct fake_fail { char method[8]; char path[128]; int code; char reason[256]; bool always; };
struct fake_lat { char path[128]; int ms; };

struct fake {
    struct fake_node nodes[MAX_NODES]; int nnodes;
    struct fake_vm vms[MAX_VMS]; int nvms;
    struct fake_pool pools[MAX_POOLS]; int npools;
    struct fake_task tasks[MAX_TASKS]; int ntasks;
    struct fake_token tokens[MAX_TOKENS]; int ntokens;
    struct fake_token users[MAX_USERS]; int nusers;
    struct fake_ticket auth_tickets[MAX_AUTH_TICKETS];
    struct fake_fail fails[MAX_FAILS]; int nfails;
    struct fake_lat lats[MAX_LAT]; int nlats;
    int profile;            /* 7, 8, 9 */
    bool json_message;      /* http-server >= 5.2: "message" in error bodies */
    int auth_delay_ms;
    double clock_offset;
    unsigned task_seq;
    FILE *log;
    unsigned request_cost_us;   /* each API request holds the one API worker this long */
    unsigned long stats[RC_COUNT];
    struct fake_storage storages[MAX_STORAGES]; int nstorages;
    struct fake_volume volumes[MAX_VOLUMES]; int nvolumes;
    unsigned long download_rate;     /* bytes per second a download gets, 0 = as fast as it goes */
    unsigned long downloads;         /* download-url tasks started */
    double stats_since;         /* monotonic seconds of the last "stats reset" */
};

extern struct fake F;
/* Around every use of F (fakepve.c). */
extern pthread_mutex_t fake_lock;

/* A response built by the handlers. */
struct fake_resp {
    int code;
    char reason[512];
    char *body;             /* malloc'd */
    int delay_ms;           /* sleep before answering (401, latency) */
};

struct fake_req {
    const char *method;
    const char *path;       /* without query */
    const char *query;      /* "" if none */
    const char *auth;       /* Authorization header value, "" if none */
    const char *cookie;     /* Cookie header value, "" if none */
    const char *csrf;       /* CSRFPreventionToken header value, "" if none */
    const char *ctype;
    const char *body;
    size_t body_len;
};

double fake_now(void);
void fake_tick(void);       /* finish due tasks, migrations, HA moves */
struct fake_vm *fake_vm_find(int vmid);
struct fake_node *fake_node_find(const char *name);
struct fake_pool *fake_pool_find(const char *id);
const char *fake_task_new(struct fake_vm *vm, const char *node, const char *type, const char *user,
                          enum task_kind kind, double secs);
/* A task whose UPID id field is id (a VMID, a storage, an encoded file name). */
const char *fake_task_new_id(const char *node, const char *type, const char *id, const char *user,
                             enum task_kind kind, double secs);
struct fake_task *fake_task_find(const char *upid);
void fake_vm_apply_pending(struct fake_vm *vm);
void fake_vm_set_smbios(struct fake_vm *vm);     /* smbios1: a uuid made from the VMID */
void fake_init_defaults(void);
/* Replace the default VM 100 with nvms VMs (VMIDs 1000..) spread over nnodes nodes (pve1..). */
int fake_init_fleet(int nvms, int nnodes, char *err, size_t errlen);

/* fake_auth.c: the caller's identity (token, or user ticket + CSRF token on non-GET), or NULL
 * with the 401 in rs. */
const struct fake_token *fake_authenticate(const char *method, const char *auth, const char *cookie,
                                           const char *csrf, struct fake_resp *rs);
/* POST /access/ticket (auth is the Authorization header: a token there is refused). */
struct fake_params;
void fake_access_ticket(const char *auth, const struct fake_params *p, struct fake_resp *rs);
char *fake_redact_body(const char *body, size_t len);   /* malloc'd, password values hidden */
char *fake_auth_ctl(const char *line);                  /* NULL when line is not an auth command */
void fake_ctl_log(const char *line);
void fake_param_error(struct fake_resp *rs, const char *param, const char *msg);   /* 400 */

void fake_api_handle(const struct fake_req *rq, struct fake_resp *rs);
/* /nodes/{node}/storage...: true when rest was a storage path (answered in rs). */
struct fake_params;
bool fake_storage_route(const struct fake_token *t, const char *method, const char *node,
                        const char *rest, const struct fake_params *q, const struct fake_params *body,
                        struct fake_resp *rs);
/* A drive value for a VM config (ideN=...): storage, content and privileges as qemu-server
 * checks them. false with the error in rs. */
bool fake_storage_check_drive(const struct fake_token *t, const char *key, const char *value,
                              struct fake_resp *rs);
void fake_storage_defaults(void);
void fake_storage_task_done(struct fake_task *t);      /* T_IMGDEL's effect */
char *fake_storage_ctl(const char *line);             /* NULL when line is not a storage command */
void fake_task_log(struct fake_task *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Responses: 200 {"data": data} (data is taken), or an error with Proxmox's reason phrase. */
void fake_set_json(struct fake_resp *rs, struct json_object *data);
void fake_set_err(struct fake_resp *rs, int code, struct json_object *errors, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Token privileges: " PRIV " holds everywhere, " PRIV@/path " on /path and below. */
bool fake_has_priv(const struct fake_token *t, const char *priv, const char *path);
/* false with 403 "Permission check failed (path, priv)" in rs when priv is missing. */
bool fake_need(const struct fake_token *t, const char *path, const char *priv, struct fake_resp *rs);
/* Unknown parameters and booleans other than 0/1 are 400 (allowed, bools: " a b "). */
bool fake_check_params(const struct fake_params *p, const char *allowed, const char *bools,
                       struct fake_resp *rs);
/* fake_resources.c: GET /cluster/resources, GET /pools, GET /pools/{poolid}. */
void fake_get_resources(const struct fake_token *t, const struct fake_params *q, struct fake_resp *rs);
void fake_get_pools(const struct fake_token *t, const struct fake_params *q, struct fake_resp *rs);
void fake_get_pool(const struct fake_token *t, const char *poolid, const struct fake_params *q,
                   struct fake_resp *rs);
/* The cost model: occupy the single API worker for request_cost_us (outside the model
 * lock), so that requests queue like on a pveproxy with busy workers. */
void fake_api_occupy_worker(void);
double fake_monotonic(void);
/* Control commands ("vm 100 status=running", ...). Returns a malloc'd answer. */
char *fake_ctl(const char *cmd);
/* A malloc'd control answer. */
char *fake_answer(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* form/query decoding */
struct fake_params { int n; char key[32][64]; char val[32][1024]; };
void fake_parse_params(const char *s, size_t len, struct fake_params *p);
const char *fake_param(const struct fake_params *p, const char *key);

#endif
