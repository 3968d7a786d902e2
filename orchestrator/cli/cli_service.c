/* SPDX-License-Identifier: GPL-2.0-or-later */
/* multibmc run / start / stop / reload, and lan-info (ipmi_sim's lan_config_program). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "lan_info.h"
#include "mbmc_config.h"
#include "supervise.h"

int mbmc_cli_run(MbmcCli *cli, int argc, char **argv)
{
    if (!mbmc_cli_parse(cli, "run", "", NULL, &argc, &argv))
        return 2;
    return mbmc_supervise(cli->config, cli->self);
}

static char *run_dir_of(MbmcCli *cli, const char *cmd)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(MbmcConfig) c = mbmc_config_load(cli->config, &err);
    if (!c) {
        mbmc_cli_fail(cmd, err);
        return NULL;
    }
    return g_strdup(c->run_dir);
}

int mbmc_cli_start(MbmcCli *cli, int argc, char **argv)
{
    g_autofree char *log = NULL;
    gint timeout = 10;
    GOptionEntry e[] = {
        { "log", 0, 0, G_OPTION_ARG_FILENAME, &log, "supervisor log file (/var/log/multibmc.log)", "FILE" },
        { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "seconds to wait for the supervisor (10)", "S" },
        { NULL },
    };
    if (!mbmc_cli_parse(cli, "start", "", e, &argc, &argv))
        return 2;
    g_autofree char *run = run_dir_of(cli, "start");
    if (!run)
        return 1;
    pid_t old = mbmc_supervisor_pid(run);
    if (old) {
        printf("multibmc is already running (pid %ld)\n", (long)old);
        return 0;
    }
    const char *logfile = log ? log : "/var/log/multibmc.log";
    int fd = open(logfile, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, "multibmc start: cannot open log %s: %s\n", logfile, g_strerror(errno));
        return 1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "multibmc start: fork: %s\n", g_strerror(errno));
        return 1;
    }
    if (pid == 0) {
        setsid();
        int devnull = open("/dev/null", O_RDONLY);
        dup2(devnull, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        execl(cli->self, cli->self, "-c", cli->config, "run", (char *)NULL);
        _exit(127);
    }
    close(fd);
    for (int i = 0; i < timeout * 20; i++) {
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            fprintf(stderr, "multibmc start: the supervisor exited at once (status %d); see %s\n",
                    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), logfile);
            return 1;
        }
        if (mbmc_supervisor_pid(run) == pid) {
            printf("multibmc started (pid %ld, log %s)\n", (long)pid, logfile);
            return 0;
        }
        g_usleep(50000);
    }
    fprintf(stderr, "multibmc start: the supervisor (pid %ld) did not come up in %d s; see %s\n", (long)pid,
            timeout, logfile);
    return 1;
}

int mbmc_cli_stop(MbmcCli *cli, int argc, char **argv)
{
    gint timeout = 20;
    GOptionEntry e[] = {
        { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "seconds to wait (20)", "S" },
        { NULL },
    };
    if (!mbmc_cli_parse(cli, "stop", "", e, &argc, &argv))
        return 2;
    /* A missing or broken file must not keep a supervisor running (nor block a package's
     * removal, whose prerm calls stop): fall back to the default run directory. */
    g_autofree char *run = NULL;
    g_autoptr(GError) err = NULL;
    g_autoptr(MbmcConfig) c = mbmc_config_load(cli->config, &err);
    if (c) {
        run = g_strdup(c->run_dir);
    } else {
        g_autoptr(MbmcConfig) defaults = mbmc_config_new();
        run = g_strdup(defaults->run_dir);
        fprintf(stderr, "multibmc stop: %s; looking for the supervisor in %s\n", err->message, run);
    }
    pid_t pid = mbmc_supervisor_pid(run);
    if (!pid) {
        printf("multibmc is not running\n");
        return 0;
    }
    if (kill(pid, SIGTERM) != 0) {
        fprintf(stderr, "multibmc stop: cannot signal pid %ld: %s\n", (long)pid, g_strerror(errno));
        return 1;
    }
    for (int i = 0; i < timeout * 20; i++) {
        if (!mbmc_supervisor_pid(run)) {
            printf("multibmc stopped\n");
            return 0;
        }
        g_usleep(50000);
    }
    fprintf(stderr, "multibmc stop: pid %ld still runs after %d s\n", (long)pid, timeout);
    return 1;
}

int mbmc_cli_reload(MbmcCli *cli, int argc, char **argv)
{
    if (!mbmc_cli_parse(cli, "reload", "", NULL, &argc, &argv))
        return 2;
    g_autofree char *run = run_dir_of(cli, "reload");
    if (!run)
        return 1;
    /* Check the file first: a supervisor keeps its configuration when the new one is bad. */
    g_autoptr(GError) err = NULL;
    g_autoptr(MbmcConfig) c = mbmc_config_load(cli->config, &err);
    if (!c)
        return mbmc_cli_fail("reload", err);
    pid_t pid = mbmc_cli_notify(run);
    if (!pid) {
        fprintf(stderr, "multibmc reload: the supervisor is not running\n");
        return 3;
    }
    printf("multibmc (pid %ld) is reloading\n", (long)pid);
    return 0;
}

/* lan-info IP NETMASK MAC get PARM...: what `lan print` shows, as "parm:value" lines
 * (NETMASK and MAC may be "auto": lan_info.h). The BMC's network settings belong to
 * multibmc's configuration, so "set" is refused. */
int mbmc_cli_lan_info(MbmcCli *cli, int argc, char **argv)
{
    (void)cli;
    if (argc < 5) {
        fprintf(stderr, "usage: multibmc lan-info IP NETMASK|auto MAC|auto get PARM...\n");
        return 2;
    }
    if (strcmp(argv[4], "get")) {
        fprintf(stderr, "multibmc lan-info: only 'get' is supported; change the address with multibmc del/add\n");
        return 1;
    }
    MbmcLanInfo li;
    mbmc_lan_info_resolve(&li, argv[1], argv[2], argv[3]);
    for (int i = 5; i < argc; i++) {
        const char *v = mbmc_lan_info_value(&li, argv[i]);
        if (v)
            printf("%s:%s\n", argv[i], v);
    }
    return 0;
}
