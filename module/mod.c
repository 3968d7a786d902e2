/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ipmi_sim module entry points: parse options, install protocol fixes, register the
 * chassis handlers and open the backend. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <OpenIPMI/mcserv.h>
#include <OpenIPMI/serv.h>

#include "config.h"
#include "chained_cmds.h"
#include "chassis.h"
#include "console_history.h"
#include "identity.h"
#include "lanserv_fix.h"
#include "login_guard.h"
#include "login_lockout.h"
#include "log.h"
#include "loop_sim.h"
#include "mbmc.h"
#include "redfish.h"
#include "sdr.h"
#include "sel.h"
#include "sim_flavour.h"
#include "sol_activate.h"
#include "status_file.h"

#define EXPORT __attribute__((visibility("default")))

static struct mbmc_bmc the_bmc;

static void log_to_sim(enum mbmc_log_level level, const char *line, void *data)
{
    sys_data_t *sys = data;
    /* ipmi_sim's log goes to syslog and its debug console. */
    sys->log(sys, level >= MBMC_LOG_WARN ? SETUP_ERROR : (level == MBMC_LOG_DEBUG ? DEBUG : INFO),
             NULL, "multibmc: %s", line);
}

void mbmc_bmc_publish_status(struct mbmc_bmc *bmc)
{
    int power = bmc->be ? (bmc->ops->power_is_on(bmc->be) ? 1 : 0) : -1;
    struct mbmc_media_state media = { .drive = -1 };
    if (bmc->be && bmc->ops->media_state)
        bmc->ops->media_state(bmc->be, &media);
    int rc = mbmc_status_file_write(bmc->opts.status, bmc->ops ? bmc->ops->name : "none", power,
                                    bmc->last_error[0] ? bmc->last_error : NULL,
                                    media.inserted ? media.image : NULL, bmc->vm_facts);
    if (rc)
        mbmc_log_once("status-file", MBMC_LOG_WARN, "cannot write status file %s: %s",
                      bmc->opts.status, strerror(rc));
    else
        mbmc_log_once_reset("status-file");
}

static void ev_power_changed(void *core, bool on)
{
    struct mbmc_bmc *bmc = core;
    mbmc_log(MBMC_LOG_INFO, "power state is now %s", on ? "on" : "off");
    mbmc_chassis_on_power_changed(bmc, on);
    mbmc_redfish_on_power_changed(bmc, on);
    mbmc_bmc_publish_status(bmc);
}

static void ev_booted(void *core)
{
    mbmc_chassis_on_booted(core);
}

static void ev_media_changed(void *core)
{
    mbmc_bmc_publish_status(core);
}

static void ev_identity_changed(void *core)
{
    mbmc_identity_changed(core);
}

static void ev_power_done(void *core, const char *err)
{
    mbmc_chassis_on_power_done(core, err);
}

static void ev_vm_gone(void *core)
{
    mbmc_chassis_on_vm_gone(core);
}

static void ev_error(void *core, const char *msg)
{
    struct mbmc_bmc *bmc = core;
    const char *now = msg ? msg : "";
    if (strcmp(bmc->last_error, now) == 0)
        return;
    snprintf(bmc->last_error, sizeof(bmc->last_error), "%s", now);
    mbmc_bmc_publish_status(bmc);
}

static void ev_vm_facts(void *core, const char *facts)
{
    struct mbmc_bmc *bmc = core;
    if (strcmp(bmc->vm_facts, facts ? facts : "") == 0)
        return;
    snprintf(bmc->vm_facts, sizeof(bmc->vm_facts), "%s", facts ? facts : "");
    mbmc_bmc_publish_status(bmc);
}

static void bmc_cleanup(struct mbmc_bmc *bmc)
{
    /* The backend first: closing it completes the virtual media requests Redfish waits for. */
    if (bmc->be)
        bmc->ops->close(bmc->be);
    bmc->be = NULL;
    mbmc_redfish_cleanup(bmc);
    mbmc_chassis_cleanup(bmc);
    mbmc_identity_detach(bmc);
    mbmc_sdr_detach(bmc);
    mbmc_sel_detach(bmc);
    mbmc_console_history_cleanup();
    mbmc_login_lockout_set_loop(NULL, 0);
    if (bmc->loop)
        mbmc_loop_sim_free(bmc->loop);
    bmc->loop = NULL;
    mbmc_options_free(&bmc->opts);
}

static const struct mbmc_backend_ops *backend_ops(enum mbmc_backend_kind kind)
{
    switch (kind) {
    case MBMC_BACKEND_QMP: return &mbmc_backend_qmp;
    case MBMC_BACKEND_PROXMOX: return &mbmc_backend_proxmox;
    default: return NULL;
    }
}

EXPORT int ipmi_sim_module_init(sys_data_t *sys, const char *initstr)
{
    struct mbmc_bmc *bmc = &the_bmc;
    char err[512];

    /* ipmi_sim does not ignore SIGPIPE: a write to a closed QMP or HTTPS socket would kill it. */
    signal(SIGPIPE, SIG_IGN);
    memset(bmc, 0, sizeof(*bmc));
    bmc->sys = sys;
    mbmc_log_set_sink(log_to_sim, sys);

    if (mbmc_options_parse(initstr, &bmc->opts, err, sizeof(err))) {
        mbmc_log(MBMC_LOG_ERR, "refusing to start: %s", err);
        return EINVAL;
    }
    char tag[64];
    snprintf(tag, sizeof(tag), "multibmc[%s]", sys->name ? sys->name : "?");
    int rc = mbmc_log_open(bmc->opts.log, tag);
    if (rc) {
        mbmc_log(MBMC_LOG_ERR, "refusing to start: cannot open log file %s: %s", bmc->opts.log,
                 strerror(rc));
        mbmc_options_free(&bmc->opts);
        return rc;
    }
    mbmc_log_set_debug(bmc->opts.debug);
    /* Before anything reads sys beyond its common head or registers with ipmi_sim: a module
     * of the other lanserv flavour would do both through another layout. */
    if (mbmc_flavour_check(sys, err, sizeof(err))) {
        mbmc_log(MBMC_LOG_ERR, "refusing to load: %s", err);
        bmc_cleanup(bmc);
        return ENOTSUP;
    }
    mbmc_log(MBMC_LOG_INFO, "multibmc %s starting (backend %s, OpenIPMI lanserv %s, flavour %s)",
             PACKAGE_VERSION, mbmc_backend_name(bmc->opts.backend), get_lanserv_version(),
             mbmc_flavour_name(mbmc_flavour_built()));

    mbmc_login_guard_configure(&bmc->opts.lockout);
    if (mbmc_lanserv_fix_init(sys, err, sizeof(err))) {
        mbmc_log(MBMC_LOG_ERR, "refusing to load: %s", err);
        bmc_cleanup(bmc);
        return ENOTSUP;
    }
    rc = sys->mc_alloc_unconfigured(sys, 0x20, &bmc->mc);
    if (rc) {
        mbmc_log(MBMC_LOG_ERR, "cannot get the BMC (IPMB 0x20): %s", strerror(rc));
        bmc_cleanup(bmc);
        return rc;
    }
    bmc->loop = mbmc_loop_sim_new(sys);
    if (!bmc->loop || mbmc_login_lockout_set_loop(bmc->loop, 0)) {
        bmc_cleanup(bmc);
        return ENOMEM;
    }
    bmc->ops = backend_ops(bmc->opts.backend);
    bmc->events = (struct mbmc_backend_events){
        .core = bmc, .power_changed = ev_power_changed, .power_done = ev_power_done, .booted = ev_booted, .error = ev_error,
        .vm_facts = ev_vm_facts,
        .media_changed = ev_media_changed,
        .identity_changed = ev_identity_changed, .vm_gone = ev_vm_gone,
    };
    if (mbmc_sel_attach(bmc, err, sizeof(err)) || mbmc_sdr_attach(bmc, err, sizeof(err)) ||
        mbmc_identity_attach(bmc, err, sizeof(err)) || mbmc_chassis_init(bmc, err, sizeof(err)) ||
        mbmc_sol_activate_init(bmc, err, sizeof(err)) || mbmc_console_history_init(bmc, err, sizeof(err)) ||
        mbmc_chained_cmds_install(sys, err, sizeof(err))) {
        mbmc_log(MBMC_LOG_ERR, "refusing to start: %s", err);
        bmc_cleanup(bmc);
        return EINVAL;
    }
    bmc->be = bmc->ops->open(bmc->loop, &bmc->opts, &bmc->events, err, sizeof(err));
    if (!bmc->be) {
        mbmc_log(MBMC_LOG_ERR, "refusing to start: backend %s: %s", bmc->ops->name, err);
        bmc_cleanup(bmc);
        return EINVAL;
    }
    if (mbmc_redfish_init(bmc, err, sizeof(err))) {
        mbmc_log(MBMC_LOG_ERR, "refusing to start: Redfish: %s", err);
        bmc_cleanup(bmc);
        return EADDRNOTAVAIL;
    }
    mbmc_identity_changed(bmc);     /* a backend may know some facts at once */
    mbmc_bmc_publish_status(bmc);
    return 0;
}

EXPORT void ipmi_sim_module_post_init(sys_data_t *sys)
{
    mbmc_lanserv_fix_post_init(sys);
    mbmc_identity_post_init(&the_bmc);
    mbmc_log(MBMC_LOG_INFO, "ready");
}

EXPORT int ipmi_sim_module_print_version(sys_data_t *sys, char *initstr)
{
    printf("multibmc module %s (built against OpenIPMI %s, lanserv flavour %s)\n",
           PACKAGE_VERSION, MBMC_OPENIPMI_VERSION, mbmc_flavour_name(mbmc_flavour_built()));
    /* ipmi_sim dlcloses the module right after this call: get the line out now. */
    fflush(stdout);
    return 0;
}
