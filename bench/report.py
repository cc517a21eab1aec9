#!/usr/bin/env python3
"""Turns bench/run.sh's results.jsonl into RESULTS.md, results.json and latency.png (gnuplot).

With --check (the smoke run) it exits non-zero unless every scenario produced figures without errors.
It never judges a speed in --check mode.
"""
import json
import os
import platform
import statistics
import subprocess
import sys
import time

SCENARIOS = {
    "S0": "upstream alone (GET /runners), the ceiling both proxies share",
    "S1": "list passthrough: GET /api/v1/runners -> upstream GET /runners",
    "S2": "create: valid POST /api/v1/runners (validation + forward)",
    "S3": "rejected create: invalid POST (no upstream call) vs nginx answering a fixed 400",
    "S4": "/healthz vs nginx answering a fixed 200 body",
    "S5": "orchestrator down: the 503 once the gateway knows it",
    "S6": "idle keep-alive connections held open",
    "S7": "fixed rate on S1: latency added over calling the upstream directly",
    "S8": "tenants: GET /api/v1/runners of a 50-runner fleet (10 teams) through a gateway without keys (open) and one "
          "with 31 keys and grants: a team's key (tenant, 5 runners shown) and a key whose grants cover all 50 "
          "(tenant-all, the filter's worst case)",
    "S9": "idempotent create: S2's create without Idempotency-Key (gateway-no-key), with a fresh key per request "
          "kept in process (gateway-fresh-key) and kept in Redis (redis-fresh-key; CPU counts redis-server's too)",
    "S10": "rate-limited list: S1's list with no rate limit (off), a per-client limit kept in process (in-process) "
           "and kept in Redis (redis; CPU counts redis-server's too); the limit is never reached",
    "S11": "GitHub webhooks: signed workflow_job deliveries of a realistic size (about 12 KB), each a new queued job, "
           "acknowledged 202 by a gateway of its own whose dispatcher creates each job's runner at the upstream "
           "meanwhile; beside S2's create",
}


def load(out):
    """One row per (scenario, peer): the median round by requests/s when a pair ran several rounds."""
    grouped = {}
    with open(os.path.join(out, "results.jsonl")) as f:
        for line in f:
            line = line.strip()
            if line:
                r = json.loads(line)
                grouped.setdefault((r["scenario"], r["peer"]), []).append(r)
    rows = []
    for runs in grouped.values():
        in_order = [round((r.get("figures") or {}).get("rps", 0)) for r in runs]  # as they ran
        runs.sort(key=lambda r: (r.get("figures") or {}).get("rps", 0))
        chosen = dict(runs[len(runs) // 2])
        chosen["rounds_rps"] = [round((r.get("figures") or {}).get("rps", 0)) for r in runs]
        chosen["rounds_rps_in_order"] = in_order
        chosen["rounds_errors"] = sum(errors_of(r) for r in runs)
        rows.append(chosen)
    return rows


def find(rows, scenario, peer):
    for r in rows:
        if r["scenario"] == scenario and r["peer"] == peer:
            return r
    return None


def errors_of(r):
    f = r.get("figures") or {}
    if r["tool"] == "wrk":
        expected = r["expected_status"]
        wrong = f.get("non_2xx", 0) if expected < 300 else f.get("requests", 0) - f.get("non_2xx", 0)
        probe_wrong = 0 if r.get("probe_status") == expected else 1
        return f.get("socket_errors", 0) + wrong + probe_wrong
    if r["scenario"] == "S6":
        missing = r.get("connections", 0) - f.get("opened", 0)
        return f.get("errors", 0) + missing + (0 if r.get("fresh_request_status") == 200 else 1)
    expected = "503" if r["scenario"] == "S5" else "200"
    statuses = f.get("statuses", {})
    return f.get("errors", 0) + sum(n for code, n in statuses.items() if code != expected)


def cpu_per_request(r):
    """(all, user) CPU microseconds per request of the peer's processes over its wrk run, or None."""
    f = r.get("figures") or {}
    if "cpu_user_ticks" not in r or not f.get("requests"):
        return None
    tick_us = 1e6 / r["ticks_per_second"]
    user = r["cpu_user_ticks"] * tick_us / f["requests"]
    return (user + r["cpu_system_ticks"] * tick_us / f["requests"], user)


def ms(us):
    return "%.2f" % (us / 1000.0)


def main():
    out = sys.argv[1]
    check = "--check" in sys.argv
    rows = load(out)
    table = []
    for r in rows:
        f = r.get("figures") or {}
        table.append({
            "scenario": r["scenario"], "peer": r["peer"], "tool": r["tool"],
            "rps": f.get("rps", 0.0), "p50_us": f.get("p50_us", 0), "p99_us": f.get("p99_us", 0),
            "p999_us": f.get("p999_us", 0), "errors": r["rounds_errors"], "peak_rss_kib": r.get("peak_rss_kib", 0),
            "command": r.get("command", ""), "rounds_rps": r["rounds_rps"], "cpu_us": cpu_per_request(r),
            "rounds_rps_in_order": r["rounds_rps_in_order"],
        })

    def ratio(s, key="rps"):
        g, n = find(rows, s, "gateway"), find(rows, s, "nginx")
        if not g or not n or not n["figures"].get(key):
            return None
        return g["figures"][key] / n["figures"][key]

    def round_ratios(s):
        """Gateway / nginx for each round's pair (the two ran back to back), in the order they ran."""
        g, n = find(rows, s, "gateway"), find(rows, s, "nginx")
        if not g or not n:
            return []
        return [a / b for a, b in zip(g["rounds_rps_in_order"], n["rounds_rps_in_order"]) if b]

    def spread(s):
        rr = round_ratios(s)
        if len(rr) < 2:
            return ""
        return " (round by round %.2fx-%.2fx, median %.2fx)" % (min(rr), max(rr), statistics.median(rr))

    targets = []

    def target(name, figure, goal, met):
        targets.append({"target": name, "figure": figure, "goal": goal, "met": bool(met)})

    for s in ("S1", "S2"):
        r = ratio(s)
        g, n = find(rows, s, "gateway"), find(rows, s, "nginx")
        if r is not None:
            target(f"{s} requests/s gateway / nginx", "%.2fx" % r + spread(s), ">= 1.00x", r >= 1.0)
            gp, np_ = g["figures"]["p99_us"], n["figures"]["p99_us"]
            target(f"{s} p99 gateway vs nginx", f"{ms(gp)} ms vs {ms(np_)} ms", "gateway <= nginx", gp <= np_)
    for s in ("S3", "S4"):
        r = ratio(s)
        if r is not None:
            target(f"{s} requests/s gateway / nginx", "%.2fx" % r + spread(s), ">= 1.00x", r >= 1.0)
    s5 = find(rows, "S5", "gateway-fixed-rate")
    if s5:
        p99 = s5["figures"]["p99_us"]
        target("S5 p99 of the fail-fast 503 (fixed rate)", f"{ms(p99)} ms", "<= 2 ms", p99 <= 2000)
    s6 = find(rows, "S6", "gateway")
    if s6:
        target(f"S6 RSS with {s6['connections']} idle connections", "%.1f MiB" % (s6["held_rss_kib"] / 1024),
               "<= 64 MiB", s6["held_rss_kib"] <= 64 * 1024)
        target("S6 RSS idle", "%.1f MiB" % (s6["idle_rss_kib"] / 1024), "<= 16 MiB", s6["idle_rss_kib"] <= 16 * 1024)
        target("S6 fresh request while they are held", str(s6["fresh_request_status"]), "200",
               s6["fresh_request_status"] == 200)
    up, gw = find(rows, "S7", "upstream"), find(rows, "S7", "gateway")
    if up and gw:
        added = {k: gw["figures"][k] - up["figures"][k] for k in ("p50_us", "p99_us", "p999_us")}
        target("S7 added p99 over the upstream (fixed rate)", f"{ms(added['p99_us'])} ms", "<= 1 ms",
               added["p99_us"] <= 1000)

    s8_open = find(rows, "S8", "open")
    s8_lines = []
    for peer, shown in (("tenant", "5 of 50 shown"), ("tenant-all", "50 of 50 shown")):
        keyed = find(rows, "S8", peer)
        if not (s8_open and keyed):
            continue
        kc, oc = cpu_per_request(keyed), cpu_per_request(s8_open)
        rps = keyed["figures"]["rps"] / s8_open["figures"]["rps"] if s8_open["figures"].get("rps") else 0
        if kc and oc:
            target(f"S8 CPU per request, keys and grants ({shown}) / no keys", "%.2fx (%.1f vs %.1f µs; requests/s "
                   "%.2fx)" % (kc[0] / oc[0], kc[0], oc[0], rps), "<= 1.10x", kc[0] / oc[0] <= 1.10)
            s8_lines.append(f"{peer}: CPU {kc[0]:.1f} µs vs {oc[0]:.1f} µs per request ({kc[0] / oc[0]:.2f}x), "
                            f"requests/s {rps:.2f}x")

    def ratio_line(label, peer, base, base_name):
        if not (peer and base and base["figures"].get("rps")):
            return None
        rps = peer["figures"]["rps"] / base["figures"]["rps"]
        pc, bc = cpu_per_request(peer), cpu_per_request(base)
        cpu = f", CPU {pc[0]:.1f} vs {bc[0]:.1f} µs per request ({pc[0] / bc[0]:.2f}x)" if pc and bc else ""
        return rps, f"{label} / {base_name}: requests/s {rps:.2f}x{cpu}"

    s9_plain, s9_keyed = find(rows, "S9", "gateway-no-key"), find(rows, "S9", "gateway-fresh-key")
    s9_redis = find(rows, "S9", "redis-fresh-key")
    s10_off, s10_local, s10_redis = (find(rows, "S10", p) for p in ("off", "in-process", "redis"))
    store_lines = [found[1] for found in (
        ratio_line("S9 fresh Idempotency-Key, in process", s9_keyed, s9_plain, "no key"),
        ratio_line("S9 fresh Idempotency-Key, in Redis", s9_redis, s9_plain, "no key"),
        ratio_line("S9 fresh Idempotency-Key, in Redis", s9_redis, s9_keyed, "in process"),
        ratio_line("S10 rate limit in process", s10_local, s10_off, "off"),
        ratio_line("S10 rate limit in Redis", s10_redis, s10_off, "off"),
        ratio_line("S10 rate limit in Redis", s10_redis, s10_local, "in process"),
    ) if found]
    redis_vs_off = ratio_line("", s10_redis, s10_off, "")
    if redis_vs_off:
        target("S10 list requests/s, rate limit in Redis / no rate limit", "%.2fx" % redis_vs_off[0], ">= 0.70x",
               redis_vs_off[0] >= 0.70)
    s9_line = "\n".join(f"- {line}" for line in store_lines)

    env = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "cores": os.cpu_count(), "kernel": platform.release(),
        "nginx": subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip(),
        "wrk": (subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.splitlines() or [""])[0],
    }
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"environment": env, "rows": table, "targets": targets, "raw": rows}, f, indent=2)

    md = ["# Benchmark results", "",
          f"Measured {env['date']} on {env['cores']} cores (kernel {env['kernel']}), load generator on the same box; "
          f"{env['nginx']}; {env['wrk']}. Produced by `bash bench/run.sh`; every figure below comes from one run.", "",
          "Peers: **gateway** = gha-gateway; **nginx** = nginx as a reverse proxy (`proxy_pass`, upstream keep-alive, "
          "one worker per core); **upstream** = nginx answering the orchestrator contract's bodies (what both proxies call). "
          "Each of them runs in its own session (the nginx daemons call setsid; the harness starts the gateway with "
          "setsid), so the kernel's autogroup scheduling gives each its own CPU share, apart from the load generator's.",
          "", "## Targets", "", "| target | figure | goal | met |", "|---|---|---|---|"]
    for t in targets:
        md.append(f"| {t['target']} | {t['figure']} | {t['goal']} | {'met' if t['met'] else '**not met**'} |")
    md += ["", "A throughput ratio is the gateway's median round over nginx's. In brackets, the ratio within each "
               "round (the two peers ran back to back, in alternating order): how far this machine's speed moved "
               "between rounds, and so how far apart two runs of the benchmark can land."]
    md += ["", "## Scenarios", ""]
    for s, text in SCENARIOS.items():
        md.append(f"- **{s}** {text}")
    md += ["", "Throughput pairs ran in alternating order; each row is the peer's median round (all rounds' "
               "requests/s in the last column); errors count every round.", "",
           "| scenario | peer | requests/s | p50 ms | p99 ms | p99.9 ms | errors | peak RSS MiB | CPU µs/request (user) | ratio gw/nginx | rounds |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for t in table:
        r = ratio(t["scenario"]) if t["peer"] == "gateway" and t["tool"] == "wrk" else None
        md.append(f"| {t['scenario']} | {t['peer']} ({t['tool']}) | {t['rps']:.0f} | {ms(t['p50_us'])} | "
                  f"{ms(t['p99_us'])} | {ms(t['p999_us'])} | {t['errors']} | {t['peak_rss_kib'] / 1024:.1f} | "
                  f"{'%.1f (%.1f)' % t['cpu_us'] if t['cpu_us'] else ''} | "
                  f"{'%.2fx' % r if r else ''} | {' / '.join(str(x) for x in t['rounds_rps']) if len(t['rounds_rps']) > 1 else ''} |")
    cpu_lines = []
    for s in ("S1", "S2", "S3", "S4"):
        g, n = find(rows, s, "gateway"), find(rows, s, "nginx")
        gc, nc = (cpu_per_request(g) if g else None), (cpu_per_request(n) if n else None)
        if gc and nc:
            cpu_lines.append(f"{s} {gc[0]:.1f} vs {nc[0]:.1f} µs ({gc[0] / nc[0]:.2f}x; user {gc[1]:.1f} vs {nc[1]:.1f})")
    if cpu_lines:
        md += ["", "CPU per request, gateway vs nginx (all threads of each peer's processes over the median round; "
                   "kernel time includes the loopback TCP work both do alike): " + "; ".join(cpu_lines) + "."]
    if s6:
        md += ["", f"S6: {s6['connections']} connections opened {s6['figures'].get('opened')}, idle RSS "
                   f"{s6['idle_rss_kib'] / 1024:.1f} MiB, RSS while held {s6['held_rss_kib'] / 1024:.1f} MiB, "
                   f"descriptors {s6['open_fds']}, fresh request {s6['fresh_request_status']}."]
    if up and gw:
        md += ["", f"S7 at {gw.get('rate')} requests/s: added p50 {ms(added['p50_us'])} ms, p99 {ms(added['p99_us'])} ms, "
                   f"p99.9 {ms(added['p999_us'])} ms over the upstream alone."]
    if s8_lines:
        answers = ""
        path = os.path.join(out, "S8-answers.txt")
        if os.path.exists(path):
            answers = " Answers: " + "; ".join(l.strip() for l in open(path) if l.strip()) + "."
        md += ["", "S8, keys and grants against the same scenario without keys (same build, same run, alternating "
                   "rounds): " + "; ".join(s8_lines) + "." + answers]
    if s9_line:
        md += ["", "Shared store (issue 14), each ratio from the same run:", "", s9_line]
    s11, s2 = find(rows, "S11", "webhook"), find(rows, "S2", "gateway")
    if s11:
        hmac_path = os.path.join(out, "S11-hmac.json")
        hmac = json.load(open(hmac_path)) if os.path.exists(hmac_path) else None
        wc = cpu_per_request(s11)
        line = f"S11 webhook deliveries: {s11['figures']['rps']:.0f} acknowledged/s"
        if wc:
            line += f", CPU {wc[0]:.1f} µs per delivery (user {wc[1]:.1f})"
        if s2 and cpu_per_request(s2):
            sc = cpu_per_request(s2)
            line += f"; S2's create in the same run: {s2['figures']['rps']:.0f}/s, CPU {sc[0]:.1f} µs per request"
        if hmac and wc:
            line += (f"; one HMAC-SHA256 over the {hmac['bytes']}-byte body costs {hmac['us_per_hmac']:.1f} µs "
                     f"(OpenSSL, measured alone), {100 * hmac['us_per_hmac'] / wc[0]:.0f}% of a delivery's CPU")
        jobs_path = os.path.join(out, "S11-jobs.txt")
        if os.path.exists(jobs_path):
            jobs = "; ".join(l.strip() for l in open(jobs_path) if l.strip())
            if jobs:
                line += f". At the end: {jobs}"
        md += ["", line + "."]
    md += ["", "## Commands", ""]
    for t in table:
        md.append(f"- {t['scenario']}/{t['peer']}: `{t['command']}`")
    md += ["", "![latency percentiles](latency.png)", ""]
    with open(os.path.join(out, "RESULTS.md"), "w") as f:
        f.write("\n".join(md))

    with open(os.path.join(out, "latency.dat"), "w") as f:
        for t in table:
            if t["p50_us"]:
                f.write(f"\"{t['scenario']} {t['peer']}\" {t['p50_us'] / 1000:.3f} {t['p99_us'] / 1000:.3f} "
                        f"{t['p999_us'] / 1000:.3f}\n")
    plot = f"""set terminal pngcairo size 1200,600 noenhanced
set output '{os.path.join(out, 'latency.png')}'
set title 'Latency percentiles per scenario and peer (ms, log scale)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set ylabel 'ms'
set xtics rotate by -40
set key top left
plot '{os.path.join(out, 'latency.dat')}' using 2:xtic(1) title 'p50', '' using 3 title 'p99', '' using 4 title 'p99.9'
"""
    subprocess.run(["gnuplot"], input=plot, text=True, check=True)

    if check:
        failures = []
        for s in SCENARIOS:
            present = [t for t in table if t["scenario"] == s]
            if not present:
                failures.append(f"{s}: no figures")
            for t in present:
                f = find(rows, s, t["peer"])["figures"] or {}
                if not (f.get("requests") or f.get("answered")):
                    failures.append(f"{s}/{t['peer']}: no requests answered")
                if t["errors"]:
                    failures.append(f"{s}/{t['peer']}: {t['errors']} errors")
        for line in failures:
            print("bench smoke FAILED:", line)
        checked = len(table)
        print(f"bench smoke: {checked - len(failures)} passed, {len(failures)} failed")
        sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
