#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Markdown tables from tests/bench/scale.sh's results ("N IMPL KEY VALUE" lines).

  report.py RESULTS [MACHINE_FILE]"""
import sys
from collections import OrderedDict

MULTIBMC_ROWS = [
    ("cost_model", "fake API cost model"),
    ("start_answer_ms", "`multibmc run` → all answer (ms)"),
    ("start_spawned_ms", "`multibmc run` → all ipmi_sims spawned (ms)"),
    ("start_first_ms", "`multibmc run` → first answers (ms)"),
    ("start_half_ms", "`multibmc run` → half answer (ms)"),
    ("start_answered", "answered at start"),
    ("start_state_known_ms", "`multibmc run` → every BMC knows its VM is on (status files, ms)"),
    ("start_power_ms", "`multibmc run` → ipmipower sees all on (ms)"),
    ("start_firmware_read_ms", "`multibmc run` → every VM's firmware read, background (ms)"),
    ("start_cpu_bmcs_s", "CPU s until all answer: ipmi_sims"),
    ("start_cpu_supervisor_s", "CPU s until all answer: supervisor"),
    ("client_arp_retrans_ms", "client's ARP retransmit time (ms; the kernel's default is 1000)"),
    ("start_cpu_fake_s", "CPU s until all answer: fake API"),
    ("start_api_requests", "API requests until all answer"),
    ("start_api_per_node", "API requests until all answer, per node"),
    ("start_fake_entry_requests", "fake: requests at the API host's workers until all answer"),
    ("start_fake_entry_wait_ms_p50", "fake: queueing at the API host's workers, p50 (ms)"),
    ("start_fake_entry_wait_ms_p99", "fake: queueing at the API host's workers, p99 (ms)"),
    ("start_fake_entry_wait_ms_max", "fake: queueing at the API host's workers, max (ms)"),
    ("start_fake_entry_workers_busy_pct", "fake: API host's workers busy until all answer (%)"),
    ("start_fake_node_pveproxy_wait_ms_max", "fake: queueing at the nodes' pveproxy, max (ms)"),
    ("start_fake_connections_accepted", "fake: connections accepted until all answer"),
    ("start_fake_connections_deferred", "fake: connections deferred (all workers at max_conn)"),
    ("start_fake_connections_refused", "fake: connections refused (listen queue full)"),
    ("bmc_rss_mb", "RSS per BMC (MB)"),
    ("bmc_pss_mb", "PSS per BMC (MB)"),
    ("acted_rss_mb", "RSS per BMC after a power action (MB, libcurl loaded)"),
    ("acted_pss_mb", "PSS per BMC after a power action (MB, libcurl loaded)"),
    ("supervisor_rss_mb", "supervisor RSS (MB, with SOL bridges)"),
    ("supervisor_pss_mb", "supervisor PSS (MB)"),
    ("supervisor_fds", "supervisor open fds"),
    ("lat_idle_p50_ms", "ipmitool power status p50, idle (ms)"),
    ("lat_idle_p99_ms", "ipmitool power status p99, idle (ms)"),
    ("lat_idle_ok", "ipmitool runs ok, idle"),
    ("lat_fanout_p50_ms", "ipmitool p50 during fan-outs (ms)"),
    ("lat_fanout_p99_ms", "ipmitool p99 during fan-outs (ms)"),
    ("lat_fanout_ok", "ipmitool runs ok during fan-outs"),
    ("fanout_ms", "ipmipower --stat fan-out over all (ms, median of 3)"),
    ("fanout_answered", "fan-out answered (worst of 3)"),
    ("redfish_fanout_ms", "Redfish GET Systems/1 on every BMC, new TLS each, 16 at a time (ms)"),
    ("redfish_fanout_answered", "Redfish fan-out answered"),
    ("redfish_get_p50_ms", "Redfish GET in that fan-out, p50 (ms)"),
    ("redfish_get_p99_ms", "Redfish GET in that fan-out, p99 (ms)"),
    ("nodes", "Proxmox nodes (fake)"),
    ("init_args", "extra `multibmc init` options"),
    ("config_set", "multibmc.json keys set (BENCH_CONFIG_SET)"),
    ("config_batch", "multibmc.json written"),
    ("shared_poller", "shared poller (GET /nodes/N/qemu seen idle)"),
    ("idle_api_rps", "API requests/s, idle"),
    ("idle_api_rps_per_node", "API requests/s per node, idle"),
    ("busy_api_rps", "API requests/s during client runs"),
    ("idle_cpu_bmcs_pct", "idle CPU, all ipmi_sims (% of a core)"),
    ("idle_wakeups_per_bmc_s", "idle wake-ups per ipmi_sim per second"),
    ("idle_wakeups_supervisor_s", "idle wake-ups of the supervisor per second (all threads)"),
    ("idle_cpu_supervisor_pct", "idle CPU, supervisor (%)"),
    ("idle_cpu_fake_pct", "idle CPU, fake Proxmox API (%)"),
    ("fake_rss_mb", "fake API RSS (MB)"),
    ("fake_threads", "fake API threads (connections)"),
    ("idle_fake_connections_open", "fake: connections open at the end of idle"),
    ("idle_fake_closed_idle", "fake: connections closed idle (5 s) during idle"),
    ("idle_fake_entry_workers_busy_pct", "fake: API host's workers busy, idle (%)"),
    ("outside_change_seen_ms", "VM stopped in Proxmox → ipmitool shows off (ms)"),
    ("stop_ms", "stop (SIGTERM → exit, ms)"),
    ("stop_addresses_left", "addresses left after stop"),
    ("stop_sims_left", "ipmi_sims left after stop"),
    ("sup_log_errors", "supervisor log lines with error/cannot"),
]
CMP_ROWS = [
    ("start_answer_ms", "start → all answer (ms)"),
    ("start_cpu_bmcs_s", "CPU s of the BMC processes until all answer"),
    ("start_cpu_total_s", "CPU s until all answer, with the supervisor"),
    ("bmc_rss_mb", "RSS per BMC (MB)"),
    ("bmc_pss_mb", "PSS per BMC (MB)"),
    ("lat_idle_p50_ms", "ipmitool power status p50, idle (ms)"),
    ("lat_idle_p99_ms", "ipmitool power status p99, idle (ms)"),
    ("lat_fanout_p50_ms", "p50 during fan-outs (ms)"),
    ("lat_fanout_p99_ms", "p99 during fan-outs (ms)"),
    ("fanout_ms", "ipmipower fan-out over all (ms)"),
    ("fanout_answered", "fan-out answered"),
    ("idle_cpu_bmcs_pct", "idle CPU, all BMC processes (%)"),
    ("idle_wakeups_per_bmc_s", "idle wake-ups per BMC process per second"),
]
# multibmc / stock ipmi_sim in the same run: (key, label, target ratio or None)
RATIO_ROWS = [
    ("lat_idle_p50_ms", "ipmitool power status p50, idle", 1.0),
    ("lat_idle_p99_ms", "ipmitool power status p99, idle", 1.5),
    ("lat_fanout_p50_ms", "p50 during fan-outs", None),
    ("lat_fanout_p99_ms", "p99 during fan-outs", 1.5),
    ("start_answer_ms", "start → all answer", 1.5),
    ("start_cpu_bmcs_s", "CPU of the BMC processes until all answer", None),
    ("start_cpu_total_s", "CPU until all answer, with the supervisor", None),
    ("idle_cpu_bmcs_pct", "idle CPU of the BMC processes", 1.0),
    ("idle_wakeups_per_bmc_s", "idle wake-ups per BMC", None),
    ("bmc_pss_mb", "PSS per BMC", None),
    ("fanout_ms", "ipmipower fan-out over all", None),
]
NAMES = {"multibmc": "multibmc (ipmi_sim + module)", "stock": "stock ipmi_sim (-C 3)", "pyghmi": "pyghmi Bmc (-C 3)"}


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def main():
    res = OrderedDict()
    for line in open(sys.argv[1]):
        parts = line.rstrip("\n").split(" ", 3)
        if len(parts) == 4:
            res[(int(parts[0]), parts[1], parts[2])] = parts[3]
    ns = sorted({k[0] for k in res})
    get = lambda n, impl, key: res.get((n, impl, key), "–")
    if len(sys.argv) > 2:
        print("\n".join(line.lstrip("# ").rstrip() for line in open(sys.argv[2])))
        print()
    mb_ns = [n for n in ns if (n, "multibmc", "start_answer_ms") in res or (n, "multibmc", "nodes") in res]
    if mb_ns:
        print("### multibmc, N BMCs on the fake Proxmox API\n")
        print(table(["", *[f"N={n}" for n in mb_ns]],
                    [[label, *[get(n, "multibmc", k) for n in mb_ns]] for k, label in MULTIBMC_ROWS]))
        print()
        for n in mb_ns:
            paths = get(n, "multibmc", "start_api_paths")
            if paths != "–":
                print(f"API requests until all answer at N={n}: {paths}  ")
        for n in mb_ns:
            paths = get(n, "multibmc", "idle_api_paths")
            if paths != "–":
                print(f"Idle API requests at N={n}: {paths}  ")
        print()
    for n in ns:
        impls = [i for i in ("multibmc", "stock", "pyghmi") if any(k[0] == n and k[1] == i for k in res)]
        if len(impls) < 2:
            continue
        print(f"### Per BMC, side by side, N={n}\n")
        print(table(["", *[NAMES[i] for i in impls]],
                    [[label, *[get(n, i, k) for i in impls]] for k, label in CMP_ROWS]))
        print()
    def num(v):
        try:
            return float(v)
        except ValueError:
            return None

    def ratio(a, b):
        x, y = num(a), num(b)
        if x is None or y is None:
            return None
        return x / y if y else (1.0 if x == 0 else float("inf"))

    def fmt_ratio(r):
        return "–" if r is None else ("∞" if r == float("inf") else f"{r:.2f}×")

    rn = [n for n in mb_ns if (n, "stock", "start_answer_ms") in res]
    if rn:
        print("### Ratios: multibmc / stock ipmi_sim, same run\n")
        rows = []
        for k, label, target in RATIO_ROWS:
            cells = []
            for n in rn:
                r = ratio(get(n, "multibmc", k), get(n, "stock", k))
                cells.append(f"{fmt_ratio(r)} ({get(n, 'multibmc', k)} / {get(n, 'stock', k)})")
            rows.append([label + (f" (target ≤ {target:.1f}×)" if target else ""), *cells])
        print(table(["", *[f"N={n}" for n in rn]], rows))
        print()
    if mb_ns:
        n = mb_ns[-1]
        g = lambda k: get(n, "multibmc", k)

        def verdict(v, limit):
            x = num(v)
            return "–" if x is None else ("met" if x <= limit else f"missed ({x / limit:.1f}×)")
        cpu = sum(num(g(k)) or 0 for k in ("idle_cpu_bmcs_pct", "idle_cpu_supervisor_pct"))
        rows = [
            ["all answer within 30 s of start", g("start_answer_ms") + " ms", verdict(g("start_answer_ms"), 30000)],
            ["≤ 8 MB RSS per BMC", g("bmc_rss_mb") + " MB", verdict(g("bmc_rss_mb"), 8)],
            ["ipmitool power status p50 ≤ 30 ms", g("lat_idle_p50_ms") + " ms", verdict(g("lat_idle_p50_ms"), 30)],
            ["ipmipower fan-out ≤ 5 s", g("fanout_ms") + " ms", verdict(g("fanout_ms"), 5000)],
            ["≤ 1 API request per node per second idle", g("idle_api_rps_per_node") + " /node/s", verdict(g("idle_api_rps_per_node"), 1)],
            ["idle CPU ≤ 5 % of a core (ipmi_sims + supervisor)", f"{cpu:.2f} %", verdict(str(cpu), 5)],
        ]
        print(f"### Targets (issue 7) at N={n}\n")
        print(table(["target", "measured", ""], rows))
        print()
        # Issue 19, judged at the largest N (1000 in the default run), ratios to stock's
        # figures of the same N, and p50 also against stock's N=100.
        nodes = num(g("nodes")) or 1
        stock = lambda k, m=n: get(m, "stock", k)
        wk_floor = num(stock("idle_wakeups_per_bmc_s"))
        wk = num(g("idle_wakeups_per_bmc_s"))

        def vs(v, limit, unit=""):
            x = num(v) if isinstance(v, str) else v
            if x is None or limit is None:
                return "–"
            return "met" if x <= limit + 1e-9 else f"missed ({x / limit:.2f}× the limit)" if limit else "missed"
        lim_req = 5 * nodes + 100
        rows = [
            [f"API requests until all answer ≤ 5 per node + 100 (= {lim_req:.0f})", g("start_api_requests"), vs(g("start_api_requests"), lim_req)],
            ["all answer within 30 s (cost model on)", g("start_answer_ms") + " ms", vs(g("start_answer_ms"), 30000)],
            ["idle ipmi_sims together ≤ 1 % of a core", g("idle_cpu_bmcs_pct") + " %", vs(g("idle_cpu_bmcs_pct"), 1.0)],
            ["idle wake-ups ≤ 0.1/s per BMC above stock ipmi_sim's own",
             f"{g('idle_wakeups_per_bmc_s')} /s (stock {stock('idle_wakeups_per_bmc_s')})",
             vs(wk - wk_floor if wk is not None and wk_floor is not None else None, 0.1)],
            ["PSS per BMC ≤ 1.5 MB", g("bmc_pss_mb") + f" MB (RSS {g('bmc_rss_mb')})", vs(g("bmc_pss_mb"), 1.5)],
            ["p50 ≤ 1.0× stock's, same N", f"{g('lat_idle_p50_ms')} / {stock('lat_idle_p50_ms')} ms",
             vs(ratio(g("lat_idle_p50_ms"), stock("lat_idle_p50_ms")), 1.0)],
            ["p50 ≤ 1.0× stock's at N=100", f"{g('lat_idle_p50_ms')} / {stock('lat_idle_p50_ms', 100)} ms",
             vs(ratio(g("lat_idle_p50_ms"), stock("lat_idle_p50_ms", 100)), 1.0)],
            ["p99 ≤ 1.5× stock's, same N", f"{g('lat_idle_p99_ms')} / {stock('lat_idle_p99_ms')} ms",
             vs(ratio(g("lat_idle_p99_ms"), stock("lat_idle_p99_ms")), 1.5)],
            ["start → all answer ≤ 1.5× stock's, same N", f"{g('start_answer_ms')} / {stock('start_answer_ms')} ms",
             vs(ratio(g("start_answer_ms"), stock("start_answer_ms")), 1.5)],
            ["idle CPU ≤ stock's", f"{g('idle_cpu_bmcs_pct')} / {stock('idle_cpu_bmcs_pct')} %",
             vs(ratio(g("idle_cpu_bmcs_pct"), stock("idle_cpu_bmcs_pct")), 1.0)],
        ]
        print(f"### Targets (issue 19) at N={n}\n")
        print(table(["target", "measured", ""], rows))


if __name__ == "__main__":
    main()
