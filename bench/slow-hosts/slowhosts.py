#!/usr/bin/env python3
"""The slow-hosts benchmark's driver (standard library only); run.sh calls it.

  slowhosts.py --gleaner BIN --server BIN [--targets 10000] [--hosts 50] [--latency-ms 1000] [--concurrency 5000]
               [--per-host 100] [--repeats 5] [--tools "wrk gleaner gleaner-robots aiohttp dotnet-bare"]
               [--timeout 60]
               [--before BIN] [--bare BIN] [--work DIR] [--json FILE]

Starts the server (every answer after --latency-ms, on 127.0.1.1..127.0.1.HOSTS), writes the URLs (target i is page
i on host 1 + i % HOSTS, so any prefix of the list spreads evenly over the hosts), then for each repeat runs every
tool once (repeats are the outer loop, so a change in the machine's load spreads over every tool) and after each
run reads the server's log: when each request and connection arrived, and the peaks in flight. Prints one line per
run and a table of medians. Every run is stopped (TERM, then KILL) after --timeout seconds. The tools gleaner-before
and gleaner-before-robots run the binary given with --before, for a before/after in one run; dotnet-bare runs the
bare/ client (HttpClient alone, scheduled as Gleaner's lanes are), for what the runtime's own part costs.
"""
import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
RULE = r"Reading: (\d+) units"
TOOLS = {
    "gleaner": "Gleaner (native), robots off",
    "gleaner-robots": "Gleaner (native), robots on",
    "gleaner-before": "Gleaner (--before binary), robots off",
    "gleaner-before-robots": "Gleaner (--before binary), robots on",
    "aiohttp": "aiohttp",
    "dotnet-bare": ".NET HttpClient alone (bare/, no Gleaner)",
    "wrk": "wrk (one host, C connections, ceiling)",
}


def reading(host, page):
    """The server's reading for page N of host 127.0.1.H (server/Pages.cs computes the same)."""
    return (host * 7919 + page * 104729) % 100_000


def url(i, hosts, port):
    return f"http://127.0.1.{1 + i % hosts}:{port}/p/{i}"


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_log(port):
    """The server's log since the last read (and a fresh one): header fields, request and connection arrivals (ns)."""
    with urllib.request.urlopen(f"http://127.0.1.1:{port}/_log", timeout=30) as response:
        lines = response.read().decode().splitlines()
    head = lines[0].split()
    fields = {head[k]: int(head[k + 1]) for k in range(0, len(head), 2)}
    requests = sorted(int(line[2:]) for line in lines[1:] if line[0] == "r")
    connections = sorted(int(line[2:]) for line in lines[1:] if line[0] == "c")
    return fields, requests, connections


def timed(command, out, limit):
    """Runs command with stdout to out; returns wall seconds, its start (monotonic ns), rusage, exit code, timed out."""
    start = time.monotonic_ns()
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.PIPE)
    stop_at = time.monotonic() + limit
    timed_out = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > stop_at and not timed_out:
            timed_out = True
            proc.send_signal(signal.SIGTERM)
            stop_at = time.monotonic() + 5
        elif timed_out and time.monotonic() > stop_at:
            proc.kill()
        time.sleep(0.005)
    wall = (time.monotonic_ns() - start) / 1e9
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    return wall, start, usage, os.waitstatus_to_exitcode(status), timed_out, stderr


def check(tool, path, args):
    """Values right out of the targets, and one example of what went wrong."""
    expected = {url(i, args.hosts, args.port): reading(1 + i % args.hosts, i) for i in range(args.targets)}
    right, problem, seen = 0, None, set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            u = record["url"]
            seen.add(u)
            value = record.get("value")
            ok = (record.get("outcome", "ok") == "ok" and value is not None and int(value) == expected.get(u))
            if ok:
                right += 1
            elif problem is None:
                problem = f"{u}: {record.get('outcome')} {record.get('value')} {record.get('error')}"
    if len(seen) < args.targets and problem is None:
        problem = f"{args.targets - len(seen)} targets without a record"
    return right, problem


def arrivals(start, requests, connections, wave):
    """The arrival profile from the client's start: requests by 0.1, 0.5 and 1.0 s, and when the first wave was in."""
    at = lambda t: sum(1 for r in requests if r - start <= t * 1e9)
    first_wave = (requests[wave - 1] - start) / 1e9 if len(requests) >= wave else None
    first = (requests[0] - start) / 1e9 if requests else None
    conn_wave = (connections[min(wave, len(connections)) - 1] - start) / 1e9 if connections else None
    return {"by_0.1s": at(0.1), "by_0.5s": at(0.5), "by_1.0s": at(1.0), "first_s": first,
            "first_wave_s": first_wave, "first_wave_spread_s": first_wave - first if first_wave else None,
            "connections": len(connections), "connections_in_s": conn_wave}


def run_one(tool, rep, args, server_pid):
    out = f"{args.work}/out-{tool}-{rep}.jsonl"
    if tool.startswith("gleaner"):
        binary = args.before if tool.startswith("gleaner-before") else args.gleaner
        command = [binary, "run", "--urls", args.urls, "--regex", RULE, "--type", "number",
                   "--concurrency", str(args.concurrency), "--per-host", str(args.per_host), "--out", out]
        if not tool.endswith("-robots"):
            command.append("--ignore-robots")
    elif tool == "dotnet-bare":
        if not args.bare:
            sys.exit("the dotnet-bare tool needs --bare BIN")
        command = [args.bare, args.urls, str(args.concurrency), str(args.per_host), out, RULE]
    elif tool == "aiohttp":
        command = [args.python, f"{HERE}/aiohttp_client.py", args.urls, str(args.concurrency), str(args.per_host), out, RULE]
    elif tool == "wrk":
        # One host, C connections: how fast this server takes a wave of connections and requests.
        command = ["wrk", "-t2", f"-c{args.concurrency}", f"-d{max(2, args.latency_ms * 2 // 1000)}s",
                   "--timeout", "10s", f"http://127.0.1.1:{args.port}/p/1"]
        out = f"{args.work}/out-{tool}-{rep}.txt"
    else:
        sys.exit(f"unknown tool {tool}")
    server_log(args.port)  # starts a fresh log
    server_cpu0 = cpu_seconds(server_pid)
    with open(out if tool == "wrk" else os.devnull, "w") as stdout:
        wall, start, usage, code, timed_out, stderr = timed(command, stdout, args.timeout)
    server_cpu = cpu_seconds(server_pid) - server_cpu0
    fields, requests, connections = server_log(args.port)
    pages = args.targets
    result = {
        "tool": tool, "repeat": rep, "wall_s": round(wall, 3), "exit": code, "timed_out": timed_out,
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2), "max_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "server_cpu_s": round(server_cpu, 2), "requests": fields["requests"], "peak_in_flight": fields["peak_in_flight"],
        "peak_per_host": fields["peak_per_host"], "load_1m": os.getloadavg()[0],
        # Connections closed having served a single request: with 2 targets per lane, each one is a connection a
        # lane did not get back for its second target.
        "served_one": fields.get("closed_serving_1", 0),
        **arrivals(start, requests, connections, min(args.concurrency, pages)),
    }
    if tool == "wrk":
        result["right"], result["problem"] = None, None
        result["wrk"] = open(out).read().strip().splitlines()[-2]
    else:
        result["right"], result["problem"] = check(tool, out, args)
        os.remove(out)
    if code != 0:
        result["stderr"] = stderr[-400:]
    return result


def table(results, args):
    rows = []
    head = ("| tool | wall s | max RSS MB | CPU s | values right | arrived by 0.1 / 0.5 / 1.0 s | first "
            f"{min(args.concurrency, args.targets):,} in (s from start) | connections | peak in flight (per host) | server CPU s | runs |")
    rows.append(head)
    rows.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for tool in args.tools:
        mine = [r for r in results if r["tool"] == tool]
        if not mine:
            continue
        med = lambda k: statistics.median(r[k] for r in mine if r[k] is not None) if any(r[k] is not None for r in mine) else None
        worst_right = min((r["right"] for r in mine if r["right"] is not None), default=None)
        rows.append(
            f"| {TOOLS[tool]} | {med('wall_s'):.2f} | {med('max_rss_mb'):.0f} | {med('cpu_s'):.2f} | "
            + (f"{worst_right:,}/{args.targets:,}" if worst_right is not None else "n/a")
            + f" | {med('by_0.1s'):,.0f} / {med('by_0.5s'):,.0f} / {med('by_1.0s'):,.0f}"
            + f" | {med('first_wave_s'):.2f} | {med('connections'):,.0f} | {max(r['peak_in_flight'] for r in mine):,}"
              f" ({max(r['peak_per_host'] for r in mine)}) | {med('server_cpu_s'):.2f} | {len(mine)} |")
    return "\n".join(rows)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--gleaner", required=True)
    p.add_argument("--server", required=True)
    p.add_argument("--before", help="another gleaner binary (an older commit's) for the gleaner-before tools")
    p.add_argument("--bare", help="the published bare/ client, for the dotnet-bare tool")
    p.add_argument("--python", default="/usr/bin/python3")
    p.add_argument("--work", required=True)
    p.add_argument("--port", type=int, default=18631)
    p.add_argument("--targets", type=int, default=10_000)
    p.add_argument("--hosts", type=int, default=50)
    p.add_argument("--latency-ms", type=int, default=1000)
    p.add_argument("--concurrency", type=int, default=5000)
    p.add_argument("--per-host", type=int, default=100)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--tools", default="wrk gleaner gleaner-robots aiohttp dotnet-bare")
    p.add_argument("--timeout", type=float, default=60)
    p.add_argument("--json", help="append every run as a JSON line here")
    args = p.parse_args()
    args.tools = args.tools.split()
    if any(t.startswith("gleaner-before") for t in args.tools) and not args.before:
        sys.exit("the gleaner-before tools need --before BIN")
    if not 1 <= args.hosts <= 254:
        sys.exit("--hosts must be 1..254")
    args.urls = f"{args.work}/urls.txt"
    with open(args.urls, "w") as f:
        for i in range(args.targets):
            f.write(url(i, args.hosts, args.port) + "\n")

    server = subprocess.Popen([args.server, str(args.port), str(args.hosts), str(args.latency_ms)],
                              stdout=subprocess.PIPE, stderr=open(f"{args.work}/server.err", "w"))
    results = []
    try:
        if server.stdout.readline().strip() != b"ready":
            sys.exit(f"the server did not start; see {args.work}/server.err")
        print(f"{args.targets:,} targets on {args.hosts} hosts (127.0.1.1-127.0.1.{args.hosts}:{args.port}), every answer "
              f"after {args.latency_ms} ms; --concurrency {args.concurrency} --per-host {args.per_host}; "
              f"{args.repeats} repeats", flush=True)
        for rep in range(1, args.repeats + 1):
            for tool in args.tools:
                r = run_one(tool, rep, args, server.pid)
                results.append(r)
                print(f"  {tool:15} #{rep}: wall {r['wall_s']:.2f} s, CPU {r['cpu_s']:.2f} s, max RSS {r['max_rss_mb']:.0f} MB,"
                      f" right {r['right']}, arrived by 0.1/0.5/1.0 s {r['by_0.1s']}/{r['by_0.5s']}/{r['by_1.0s']},"
                      f" first wave in {r['first_wave_s']} s (first at {r['first_s']}), {r['connections']} connections"
                      f" in {r['connections_in_s']} s ({r['served_one']} served one request only), peak {r['peak_in_flight']} ({r['peak_per_host']}/host),"
                      f" server CPU {r['server_cpu_s']} s, load {r['load_1m']:.1f}"
                      + (f", exit {r['exit']}: {r.get('stderr')}" if r["exit"] else "")
                      + (f"; {r['problem']}" if r["problem"] else "")
                      + (f"; {r['wrk']}" if tool == "wrk" else ""), flush=True)
                if args.json:
                    with open(args.json, "a") as f:
                        f.write(json.dumps(r) + "\n")
                time.sleep(1)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    print()
    print(table(results, args))
    bad = [r for r in results if r["tool"] != "wrk" and (r["right"] != args.targets or r["exit"] != 0)]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
