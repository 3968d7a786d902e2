/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proxmox's cost model for the fake (fakepve --cost-model pve): what a client of a real
 * cluster's API waits for, from pve-http-server's PVE::APIServer::AnyEvent and pve-manager's
 * pveproxy/pvedaemon (reference: docs/PERFORMANCE.md "The fake's cost model").
 *
 *   - Every node runs pveproxy with W worker processes (default 3) and pvedaemon with W.
 *     A worker is one Perl process with one event loop: it serves one request at a time.
 *   - Clients talk to one node's pveproxy (the API host, pve1). A connection belongs to the
 *     worker that accepted it; TLS handshakes and every request on it queue on that worker.
 *   - That worker authenticates and dispatches; a call for another node is proxied to that
 *     node's pveproxy (asynchronously: the entry worker is free meanwhile) and served by any
 *     of its workers; "protected" calls (power actions, config changes, consoles, stopping
 *     tasks) go on to the node's pvedaemon.
 *   - Service times per endpoint (fake_cost.c's table): stated assumptions, no published
 *     measurements were found; 10-50 ms for reads, more for actions.
 *   - max_conn per worker (pveproxy: 500); at max_conn - 20 new connections get no
 *     keep-alive; at max_conn a worker stops accepting (the connection waits in the listen
 *     queue, checked once a second; beyond the backlog it is refused).
 *   - keep-alive: at most keep_alive requests per connection (pveproxy: 100), closed after
 *     idle_timeout without a request (5 s), and after any answer >= 400.
 *   - max_requests per worker (pveproxy: 1000): the worker is then replaced, its connections
 *     closed after their current answer.
 * The service time is slept, not burnt: the real cost is on the Proxmox hosts, not on the
 * machine running the benchmark. The fake's own work (TLS, JSON) runs inside that time. */
#ifndef FAKEPVE_COST_H
#define FAKEPVE_COST_H

#include <stdbool.h>

struct fake_cost_cfg {
    int workers;            /* per pool: pveproxy and pvedaemon of every node */
    int max_conn;           /* per pveproxy worker */
    int keep_alive;         /* requests per connection */
    int idle_timeout_ms;    /* between requests */
    int max_requests;       /* per worker, then replaced */
    int backlog;            /* connections waiting for a worker with room, then refused */
};

/* Defaults as in pveproxy (pve-manager PVE/Service/pveproxy.pm, AnyEvent.pm). */
void fake_cost_defaults(struct fake_cost_cfg *c);
/* Switch the model on with c for nnodes nodes (pve1 is the API host). */
void fake_cost_enable(const struct fake_cost_cfg *c, int nnodes);
bool fake_cost_on(void);

struct fake_cost_conn;

/* A new connection: the entry worker it belongs to, or NULL when refused (backlog full).
 * May wait (all workers at max_conn). */
struct fake_cost_conn *fake_cost_accept(void);
void fake_cost_close(struct fake_cost_conn *c);
/* The TLS handshake runs on the connection's worker: call around it. */
void fake_cost_handshake_begin(struct fake_cost_conn *c);
void fake_cost_handshake_end(struct fake_cost_conn *c);
/* ms to wait for the next request before the idle timeout closes the connection. */
int fake_cost_idle_timeout_ms(void);
void fake_cost_idle_closed(struct fake_cost_conn *c);

/* One request: queue on the workers it passes through (entry, then the node's pveproxy or
 * pvedaemon); returns holding the worker that serves it. nvms_on_node: for list costs. */
struct fake_cost_hold;
struct fake_cost_hold *fake_cost_request_begin(struct fake_cost_conn *c, const char *method,
                                               const char *path);
/* After the handler: sleep what is left of the service time, release. Returns whether the
 * connection may stay open (keep-alive left, worker not replaced). */
bool fake_cost_request_end(struct fake_cost_conn *c, struct fake_cost_hold *h, int status);

/* "cost_stats" / "cost_stats reset" (fake_ctl.c): malloc'd text. */
char *fake_cost_stats(const char *arg);

#endif
