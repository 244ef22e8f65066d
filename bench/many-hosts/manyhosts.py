#!/usr/bin/env python3
"""The many-hosts benchmark's parts that run.sh calls (standard library only).

  manyhosts.py urls N FILE
      N URLs, one per distinct loopback host 127.A.B.C (A from 1, C in 1..254), port 8080, path /s/INDEX.
  manyhosts.py run --work DIR --gleaner BIN --server BIN --concurrency C --nofile L --timeout S --hosts N
                   --latency-ms MS --server-processes K
      Inside the network namespace run.sh made: brings lo up, starts K server processes on 0.0.0.0:8080 (each
      answer after MS milliseconds; shared counters in DIR/counters.bin), runs
      `gleaner run` with the descriptor limit L, samples its RSS, descriptors and finished records ~10 times a
      second, stops the server and writes DIR/samples.csv and DIR/run.json.
  manyhosts.py report --work DIR
      Checks every record and prints the figures; exit 1 if a target of the issue is missed.
"""
import argparse
import csv
import json
import os
import resource
import shlex
import signal
import struct
import subprocess
import sys
import time
from collections import Counter
from urllib.parse import urlsplit

PORT = 8080
# Slots of the server's counters file (server/Counters.cs), 64-bit each.
SLOTS = ("in_flight", "peak_in_flight", "robots", "pages", "other", "connections_open", "peak_connections",
         "connections_total", "ready")
PER_SECOND_OCTET = 256 * 254
RULE = r"Reading for this host: (\d+)"
SAMPLE_EVERY = 0.1


def host(i):
    a, r = 1 + i // PER_SECOND_OCTET, i % PER_SECOND_OCTET
    return f"127.{a}.{r // 254}.{1 + r % 254}"


def reading(address):
    """The server's reading for a host: 127.A.B.C -> A*65536 + B*256 + C (server/Pages.cs computes the same)."""
    _, a, b, c = (int(x) for x in address.split("."))
    return (a << 16) + (b << 8) + c


def cmd_urls(args):
    if not 1 <= args.n <= 254 * PER_SECOND_OCTET:
        sys.exit(f"N must be 1..{254 * PER_SECOND_OCTET}")
    with open(args.file, "w") as f:
        for i in range(args.n):
            f.write(f"http://{host(i)}:{PORT}/s/{i}\n")


def stats(path):
    """The servers' shared counters (aligned 64-bit reads: each slot is read whole)."""
    with open(path, "rb") as f:
        data = f.read(8 * len(SLOTS))
    if len(data) < 8 * len(SLOTS):
        return None
    counters = dict(zip(SLOTS, struct.unpack(f"<{len(SLOTS)}q", data)))
    counters["requests"] = counters["robots"] + counters["pages"] + counters["other"]
    return counters


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def nofile(limit):
    def apply():
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))
    return apply


class LineCounter:
    """Counts the lines of a file that grows, reading only what was appended."""

    def __init__(self, path):
        self.path, self.offset, self.lines = path, 0, 0

    def count(self):
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                chunk = f.read()
        except FileNotFoundError:
            return 0
        self.offset += len(chunk)
        self.lines += chunk.count(b"\n")
        return self.lines


def isolated():
    """True when the only network interface here is lo: the namespace run.sh made, not the machine's."""
    links = subprocess.run(["ip", "-o", "link"], capture_output=True, text=True, check=True).stdout.splitlines()
    return len(links) == 1 and ": lo:" in links[0]


def stop(proc, grace):
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def cmd_run(args):
    work = args.work
    if not isolated():
        sys.exit("refusing to start: this is not a network namespace with lo only (run through run.sh)")
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)

    counters = f"{work}/counters.bin"
    with open(counters, "wb") as f:
        f.write(bytes(8 * len(SLOTS)))
    servers = [subprocess.Popen([args.server, str(PORT), str(args.latency_ms), counters],
                                stdout=open(f"{work}/server{i}.out", "w"), stderr=open(f"{work}/server{i}.err", "w"))
               for i in range(args.server_processes)]
    gleaner = None
    try:
        for _ in range(300):  # at most 30 s for every server process to listen
            if os.path.exists(counters) and (stats(counters) or {}).get("ready") == len(servers):
                break
            if any(server.poll() is not None for server in servers):
                sys.exit(f"a server process exited; see {work}/server*.err")
            time.sleep(0.1)
        else:
            sys.exit("the servers were not listening after 30 s")

        server_cpu0 = sum(cpu_seconds(server.pid) for server in servers)
        out = f"{work}/out.jsonl"
        command = [args.gleaner, "run", "--urls", f"{work}/urls.txt", "--regex", RULE, "--type", "number",
                   "--concurrency", str(args.concurrency), "--out", out]
        with open(f"{work}/command.txt", "w") as f:
            f.write(f"ulimit -n {args.nofile}; {shlex.join(command)}\n")
        start, sampler_cpu0 = time.monotonic(), time.process_time()
        gleaner = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=open(f"{work}/gleaner.err", "w"), preexec_fn=nofile(args.nofile))
        lines = LineCounter(out)
        samples, timed_out, usage, status = [], False, None, None
        while True:
            pid, status, usage = os.wait4(gleaner.pid, os.WNOHANG)
            if pid:
                break
            now = time.monotonic() - start
            try:
                fds = len(os.listdir(f"/proc/{gleaner.pid}/fd"))
                rss = rss_kib(gleaner.pid)
            except (FileNotFoundError, ProcessLookupError):
                fds, rss = None, None
            if not rss:
                fds = None  # exiting: its memory and descriptors are already gone
            now_stats = stats(counters)
            in_flight, connections = now_stats["in_flight"], now_stats["connections_open"]
            if fds is not None:
                samples.append((round(now, 2), lines.count(), rss, fds, in_flight, connections))
            if now > args.timeout and not timed_out:
                timed_out = True
                gleaner.send_signal(signal.SIGTERM)
                deadline_kill = time.monotonic() + 10
            if timed_out and time.monotonic() > deadline_kill:
                gleaner.kill()
            time.sleep(SAMPLE_EVERY)
        wall, sampler_cpu = time.monotonic() - start, time.process_time() - sampler_cpu0
        gleaner.returncode = os.waitstatus_to_exitcode(status)
        final = stats(counters)
        server_cpu = sum(cpu_seconds(server.pid) for server in servers) - server_cpu0
        server_rss = sum(rss_kib(server.pid) or 0 for server in servers)
        servers_died = sum(server.poll() is not None for server in servers)
    finally:
        if gleaner is not None and gleaner.returncode is None:
            gleaner.kill()
            gleaner.wait(5)
        for server in servers:
            stop(server, 10)

    with open(f"{work}/samples.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["t_s", "finished", "rss_kib", "fds", "server_in_flight", "server_connections"])
        w.writerows(samples)
    with open(f"{work}/run.json", "w") as f:
        json.dump({
            "hosts": args.hosts, "concurrency": args.concurrency, "latency_ms": args.latency_ms,
            "nofile": args.nofile, "server_processes": len(servers),
            "exit_code": gleaner.returncode, "timed_out": timed_out, "wall_s": round(wall, 2),
            "max_rss_kib": usage.ru_maxrss, "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
            "server_cpu_s": round(server_cpu, 2), "server_rss_kib": server_rss,
            "sampler_cpu_s": round(sampler_cpu, 2), "server_processes_died": servers_died, "server": final,
        }, f, indent=1)


def sample_at(samples, mark, n):
    """The first sample with at least `mark` records written; for the last mark, the last sample before all were
    written (once they are, the process is exiting and closing its descriptors)."""
    if mark >= n:
        before = [s for s in samples if s["finished"] < n]
        return before[-1] if before else (samples[-1] if samples else None)
    return next((s for s in samples if s["finished"] >= mark), samples[-1] if samples else None)


def cmd_report(args):
    work = args.work
    run = json.load(open(f"{work}/run.json"))
    samples = [{k: (float(v) if k == "t_s" else int(v) if v else None) for k, v in row.items()}
               for row in csv.DictReader(open(f"{work}/samples.csv"))]
    n, c = run["hosts"], run["concurrency"]

    outcomes, right, wrong, seen, examples = Counter(), 0, [], set(), {}
    for line in open(f"{work}/out.jsonl"):
        r = json.loads(line)
        url = urlsplit(r["url"])
        seen.add(r["url"])
        outcomes[r["outcome"]] += 1
        examples.setdefault(r["outcome"], r.get("error"))
        if r["outcome"] == "ok":
            if r.get("value") == reading(url.hostname):
                right += 1
            else:
                wrong.append(f"{r['url']}: {r.get('value')} (expected {reading(url.hostname)})")
    missing = n - len(seen)

    mib = lambda kib: kib / 1024
    print(f"== {n:,} hosts, --concurrency {c}, ulimit -n {run['nofile']}, server latency {run['latency_ms']} ms: exit {run['exit_code']}"
          f"{' (timed out)' if run['timed_out'] else ''}, wall {run['wall_s']:.1f} s, gleaner CPU {run['cpu_s']:.1f} s,"
          f" max RSS {mib(run['max_rss_kib']):.0f} MiB")
    print(f"records {sum(outcomes.values()):,} for {len(seen):,} URLs ({missing:,} URLs without one); values right"
          f" {right:,}, wrong {len(wrong):,}")
    for outcome, count in outcomes.most_common():
        print(f"  {outcome:16} {count:7,}   e.g. {examples[outcome]}")
    for w in wrong[:5]:
        print(f"  wrong: {w}")

    # Descriptors swing by hundreds from one sample to the next (idle connections are closed in batches) and RSS
    # saw-tooths with the collector, so "flat" is judged on the highest value seen up to each mark.
    print("\nRSS and descriptors by records finished (the sample there, and the highest up to there):")
    marks = sorted({max(1, n // 5), max(1, n // 2), n})
    points = {}
    for mark in marks:
        s = sample_at(samples, mark, n)
        if s:
            upto = [x for x in samples if x["t_s"] <= s["t_s"] and x["fds"] is not None]
            points[mark] = {"rss_kib": max(x["rss_kib"] for x in upto), "fds": max(x["fds"] for x in upto)}
            print(f"  at {mark:>7,}: RSS {mib(s['rss_kib']):6.0f} MiB, descriptors {s['fds']:6,}"
                  f"   highest so far: RSS {mib(points[mark]['rss_kib']):6.0f} MiB, descriptors {points[mark]['fds']:6,}"
                  f"   (sample at {s['t_s']:.1f} s, {s['finished']:,} finished)")

    if samples:
        peak = max(samples, key=lambda s: s["fds"])
        rising = [s for s in samples if s["t_s"] <= peak["t_s"] and s["fds"] >= 0.1 * peak["fds"]]
        rate = ((peak["fds"] - rising[0]["fds"]) / (peak["t_s"] - rising[0]["t_s"])
                if rising and peak["t_s"] > rising[0]["t_s"] else 0)
        print(f"  descriptors: peak {peak['fds']:,} at {peak['t_s']:.1f} s ({peak['finished']:,} finished), rising"
              f" {rate:,.0f} a second on the way there (from {0.1 * peak['fds']:,.0f})")

    print("\nover time (one sample a second): t s, finished, RSS MiB, descriptors, server in flight, server connections")
    last = -1.0
    for s in samples:
        if s["t_s"] - last >= 1.0 or s is samples[-1]:
            last = s["t_s"]
            print(f"  {s['t_s']:6.1f} {s['finished']:7,} {mib(s['rss_kib']):6.0f} {s['fds']:7,}"
                  f" {s['server_in_flight'] if s['server_in_flight'] is not None else '-':>5}"
                  f" {s['server_connections'] if s['server_connections'] is not None else '-':>7}")

    srv = run["server"]
    print(f"\nserver: peak in flight {srv['peak_in_flight']:,} (robots.txt included), requests {srv['requests']:,}"
          f" ({srv['robots']:,} robots.txt, {srv['pages']:,} pages, {srv['other']:,} other), connections"
          f" {srv['connections_total']:,} (peak open {srv['peak_connections']:,});"
          f" {run['server_processes']} processes: CPU {run['server_cpu_s']:.1f} s"
          f" ({100 * run['server_cpu_s'] / max(run['wall_s'], 0.01):.0f} % of one core over the run),"
          f" RSS at the end {run['server_rss_kib'] / 1024:.0f} MiB; the sampler's CPU {run['sampler_cpu_s']:.1f} s")

    print(f"robots.txt: {srv['robots']:,} requests reached the server for {n:,} hosts, so {n - srv['robots']:,} hosts'"
          f" robots.txt was never asked for; {outcomes['robots_denied']:,} targets ended robots_denied"
          f" (the server allows everything)")
    first, end = (points[marks[0]], points[marks[-1]]) if len(marks) == 3 else (None, None)
    checks = [
        (f"every server process alive to the end ({run['server_processes_died']} died)", run["server_processes_died"] == 0),
        ("gleaner exited 0 in time", run["exit_code"] == 0 and not run["timed_out"]),
        (f"every target ok with its value ({right:,}/{n:,})", right == n and not wrong),
    ]
    if first and end:
        checks += [
            (f"highest RSS up to {marks[2]:,} within 1.5 x that up to {marks[0]:,} ({mib(end['rss_kib']):.0f} vs"
             f" {mib(first['rss_kib']):.0f} MiB)", end["rss_kib"] <= 1.5 * first["rss_kib"]),
            (f"most descriptors up to {marks[2]:,} within 1.5 x those up to {marks[0]:,} ({end['fds']:,} vs {first['fds']:,})",
             end["fds"] <= 1.5 * first["fds"]),
        ]
    checks += [
        (f"max RSS under 300 MB ({run['max_rss_kib'] * 1024 / 1e6:.0f} MB)", run["max_rss_kib"] * 1024 < 300e6),
        (f"server peak in flight <= --concurrency ({srv['peak_in_flight']} vs {c})", srv["peak_in_flight"] <= c),
    ]
    print()
    for name, ok in checks:
        print(f"  {'met   ' if ok else 'MISSED'} {name}")
    return 0 if all(ok for _, ok in checks) else 1


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    u = sub.add_parser("urls")
    u.add_argument("n", type=int)
    u.add_argument("file")
    r = sub.add_parser("run")
    for name in ("--work", "--gleaner", "--server"):
        r.add_argument(name, required=True)
    for name in ("--concurrency", "--nofile", "--timeout", "--hosts", "--latency-ms", "--server-processes"):
        r.add_argument(name, type=int, required=True)
    rep = sub.add_parser("report")
    rep.add_argument("--work", required=True)
    args = p.parse_args()
    return {"urls": cmd_urls, "run": cmd_run, "report": cmd_report}[args.cmd](args) or 0


if __name__ == "__main__":
    sys.exit(main())
