/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An ipmi_sim's output (stdout and stderr share one pipe), line by line, on the main loop.
 *
 * One fd watch per child, and each time the pipe is readable every complete line in it is
 * handed over. GDataInputStream's asynchronous read_line, used before, completed each line
 * through an idle callback of its own: another turn of the main loop per line, and each turn
 * polls all of the supervisor's descriptors (about three per BMC: a poll() over 3000 of them
 * costs ~0.2 ms here). A module prints four lines as it starts: four turns per BMC became one.
 * It also ended the output at the first line that was not UTF-8 (leaving the child to block
 * on a full pipe); such bytes are now replaced. */
#ifndef MBMC_CHILD_OUTPUT_H
#define MBMC_CHILD_OUTPUT_H

#include <glib.h>

#define MBMC_OUTPUT_LINE_MAX 4096   /* a longer line is handed over in pieces of this size */

/* line: without its newline, valid UTF-8; NULL once, at the end of the output (EOF or a read
 * error), after which the watch is gone and destroy(data) has run. */
typedef void (*MbmcOutputLine)(gpointer data, const char *line);

/* Watch fd (taken: made non-blocking, closed at the end) on the thread-default main context. */
void mbmc_child_output_watch(int fd, MbmcOutputLine cb, gpointer data, GDestroyNotify destroy);

/* Pure: appends len bytes of buf to pending and hands every complete line in it to cb (and
 * the first MBMC_OUTPUT_LINE_MAX bytes of a longer one); what remains stays in pending. */
void mbmc_output_take(GString *pending, const char *buf, gsize len, MbmcOutputLine cb,
                      gpointer data);

#endif
