#!/usr/bin/env python3
"""The watch benchmark's parts that run.sh calls (standard library only).

  watchbench.py prepare --work DIR --targets N --hosts H --port P
      DIR/www/p/NNNNN.html: one small page per target, "Temperature: X F" (version 0), and DIR/www/robots.txt
      (allows all); DIR/job.yaml: N targets `every: 10s`, target I on host 127.0.77.(1 + I mod H), port P.
  watchbench.py run --work DIR --gleaner BIN --duration S --targets N
      Runs `gleaner watch DIR/job.yaml --store DIR/watch.db` for S seconds, then SIGTERM. Meanwhile a page writer
      rewrites a tenth of the pages every 10 s (page I in round K when I mod 10 == K mod 10, each to its next
      version, by rename) and logs when, and /proc/PID is read every second (CPU, RSS, threads, descriptors).
      Writes DIR/run.json, DIR/writes.json and DIR/proc.csv.
  watchbench.py report --work DIR
      Reads the store (SQLite, the samples' varints decoded as the store writes them) and checks every sample:
      due times taken, lateness, outcomes, each value against the page's value at the time of its fetch. Prints
      the figures (also DIR/report.json); exit 1 if a target of the issue is missed.
"""
import argparse
import bisect
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

EVERY_S = 10
SHARE = 10           # a page changes every SHARE rounds: a tenth of them each round
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
REGEX = r"Temperature: (-?\d+(?:\.\d+)?) F"
# Rather than the first second of the stop: a sample due in it may wait for its host past the SIGTERM.
CUTOFF_MS = 1000
# How far a sample's fetch window is widened when its value is matched to the page's versions: the store keeps
# whole milliseconds and the writer's clock reading comes just before or after its rename.
TOLERANCE_MS = 5


def host(i, hosts):
    return f"127.0.77.{1 + i % hosts}"


def value(i, version):
    """Page I's temperature at VERSION; consecutive versions always differ (11 is not a multiple of 600)."""
    return f"{20 + ((i * 37 + version * 11) % 600) / 10:.1f}"


def page(i, version):
    filler = "<p>Sky: clear. Wind: calm. Visibility: 10 mi.</p>\n" * 8   # a page of ~600 bytes, as a small page is
    return (f"<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Station {i:05d}</title></head><body>\n"
            f"<h1>Station {i:05d}</h1>\n{filler}<p id=\"now\">Temperature: {value(i, version)} F</p>\n</body></html>\n")


def write_page(www, i, version):
    path = f"{www}/p/{i:05d}.html"
    tmp = f"{path}.tmp"
    with open(tmp, "w") as f:
        f.write(page(i, version))
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)   # nginx opens the old file or the new one, never half of one


def cmd_prepare(args):
    www = f"{args.work}/www"
    os.makedirs(f"{www}/p", exist_ok=True)
    for i in range(args.targets):
        write_page(www, i, 0)
    with open(f"{www}/robots.txt", "w") as f:
        f.write("User-agent: *\nAllow: /\n")
    with open(f"{args.work}/job.yaml", "w") as f:
        f.write(f"defaults:\n  every: {EVERY_S}s\ntargets:\n")
        for i in range(args.targets):
            f.write(f"  - name: t{i:05d}\n"
                    f"    url: http://{host(i, args.hosts)}:{args.port}/p/{i:05d}.html\n"
                    f"    extract: {{ regex: '{REGEX}' }}\n"
                    f"    value: {{ type: number, unit: F }}\n")


def proc_sample(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])   # utime + stime (fields 14 and 15 of stat)
    status = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM", "Threads"):
                status[key] = int(rest.split()[0])
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    with open("/proc/loadavg") as f:
        load = float(f.read().split()[0])
    return ticks / CLK_TCK, status.get("VmRSS", 0), status.get("VmHWM", 0), status.get("Threads", 0), fds, load


def writer(www, targets, t0, rounds, stop, log):
    """Round K (at t0 + 10 K s) moves the pages I with I mod 10 == K mod 10 to their next version."""
    versions = [0] * targets
    for k in range(1, rounds + 1):
        if stop.wait(max(0.0, t0 + k * EVERY_S - time.time())):
            return
        for i in range(k % SHARE, targets, SHARE):
            versions[i] += 1
            write_page(www, i, versions[i])
            log.append((i, versions[i], time.time()))


def cmd_run(args):
    work = args.work
    store = f"{work}/watch.db"
    writes = []
    stop = threading.Event()
    started = time.time()
    gleaner = subprocess.Popen([args.gleaner, "watch", f"{work}/job.yaml", "--store", store],
                               stdout=open(f"{work}/gleaner.out", "w"), stderr=open(f"{work}/gleaner.err", "w"),
                               stdin=subprocess.DEVNULL)
    # Bounded: one round per 10 s of the run and one more.
    pages = threading.Thread(target=writer, args=(f"{work}/www", args.targets, started, args.duration // EVERY_S + 1,
                                                  stop, writes), daemon=True)
    pages.start()
    rows = []
    usage = status = None
    stopped_at = None
    before_stop = {}
    deadline = started + args.duration
    # Bounded in time: the run, then at most 30 s for the stop, then KILL.
    while time.time() < deadline + 30:
        pid, status, usage = os.wait4(gleaner.pid, os.WNOHANG)
        if pid:
            break
        now = time.time()
        try:
            rows.append((round(now - started, 2), *proc_sample(gleaner.pid)))
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass
        if stopped_at is None and now >= deadline:
            before_stop = {"db": size(store), "wal": size(store + "-wal"), "hwm_kib": rows[-1][3] if rows else 0}
            stopped_at = time.time()
            gleaner.send_signal(signal.SIGTERM)
        time.sleep(min(1.0, max(0.05, (deadline - now) if stopped_at is None else 0.1)))
    else:
        gleaner.kill()
        pid, status, usage = os.wait4(gleaner.pid, 0)
    ended = time.time()
    stop.set()
    pages.join(timeout=30)
    code = os.waitstatus_to_exitcode(status)
    with open(f"{work}/proc.csv", "w") as f:
        f.write("t_s,cpu_s,rss_kib,hwm_kib,threads,fds,load1\n")
        for row in rows:
            f.write(",".join(str(x) for x in row) + "\n")
    with open(f"{work}/writes.json", "w") as f:
        json.dump(writes, f)
    with open(f"{work}/run.json", "w") as f:
        json.dump({"started": started, "stopped": stopped_at, "ended": ended, "exit_code": code,
                   "duration": args.duration, "targets": args.targets,
                   "utime": usage.ru_utime, "stime": usage.ru_stime, "maxrss_kib": usage.ru_maxrss,
                   "before_stop": before_stop,
                   "after": {"db": size(store), "wal": size(store + "-wal"), "shm": size(store + "-shm")}}, f)


def size(path):
    try:
        return os.path.getsize(path)
    except FileNotFoundError:
        return 0


def varint(data, pos):
    value = shift = 0
    while True:
        b = data[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, pos
        shift += 7


def signed(data, pos):
    z, pos = varint(data, pos)
    return (z >> 1) ^ -(z & 1), pos


def samples_of(first_due, count, data):
    """A run row's samples (the store's SampleDeltas): (due, started, finished, attempts, status304, not_modified)."""
    pos, due, step = 0, first_due, 0
    for n in range(count):
        if n > 0:
            delta, pos = signed(data, pos)
            step += delta
            due += step
        late, pos = signed(data, pos)
        took, pos = signed(data, pos)
        flags, pos = varint(data, pos)
        yield due, due + late, due + late + took, flags >> 2, bool(flags & 2), bool(flags & 1)
    if pos != len(data):
        raise ValueError(f"{len(data) - pos} bytes past {count} samples")


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    return sorted_values[min(len(sorted_values) - 1, int(round(p / 100 * (len(sorted_values) - 1))))]


def cmd_report(args):
    work = args.work
    run = json.load(open(f"{work}/run.json"))
    if run["stopped"] is None:   # it ended before the SIGTERM: its exit code fails the run below
        run["stopped"] = run["ended"]
    start_ms, stop_ms = int(run["started"] * 1000), int(run["stopped"] * 1000)
    cutoff = stop_ms - CUTOFF_MS
    # Page I's versions: version V holds from versions[I][V - 1] (its rename) until the next one's.
    changes = {}
    for i, v, at in json.load(open(f"{work}/writes.json")):
        changes.setdefault(i, []).append(int(at * 1000))

    if not os.path.exists(f"{work}/watch.db"):
        print(f"MISSED: no store; gleaner exited {run['exit_code']} (see its stderr below)", file=sys.stderr)
        return 1
    db = sqlite3.connect(f"file:{work}/watch.db?mode=ro", uri=True)
    names = dict(db.execute("SELECT id, name FROM targets"))
    per_target = {}
    outcomes, wrong, changed_rows, n304, not_modified, retried = {}, [], 0, 0, 0, 0
    lateness = []
    for tid, first_due, count, outcome, val, status, error, flags, blob in db.execute(
            "SELECT target, first_due, count, outcome, value, status, error, flags, samples FROM runs"):
        name = names[tid]
        i = int(name[1:])
        changed_rows += flags & 1
        for due, began, finished, attempts, s304, nm in samples_of(first_due, count, blob):
            per_target.setdefault(name, []).append(due)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            lateness.append(began - due)
            n304 += s304
            not_modified += nm
            retried += attempts > 1
            if outcome != "ok":
                continue
            # The versions the page had at some moment of the fetch, [began, finished], widened by the tolerance.
            marks = changes.get(i, [])
            lo = bisect.bisect_right(marks, began - TOLERANCE_MS)
            hi = bisect.bisect_right(marks, finished + TOLERANCE_MS)
            # A number type keeps the number's shortest form ("71" for the page's "71.0").
            if val is None or float(val) not in {float(value(i, v)) for v in range(lo, hi + 1)}:
                wrong.append((name, due, began, finished, val, [value(i, v) for v in range(lo, hi + 1)]))
    events = dict(db.execute("SELECT kind, count(*) FROM events GROUP BY kind").fetchall())
    try:
        tables = dict(db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall())
    except sqlite3.Error:
        tables = {}
    db.close()

    # Due: from each target's first due on, every 10 s, up to a second before the stop. Off-grid or repeated dues
    # count as extra; a target without any sample misses every due time of the run.
    period = EVERY_S * 1000
    due = taken = skipped = extra = late_first = 0
    missed_targets = []
    for i in range(run["targets"]):
        name = f"t{i:05d}"
        dues = sorted(per_target.get(name, []))
        if not dues:
            expected = max(0, (cutoff - start_ms) // period)
            due += expected
            skipped += expected
            missed_targets.append(name)
            continue
        first = dues[0]
        if first > start_ms + period + CUTOFF_MS:
            late_first += 1
        grid = set(range(first, cutoff + 1, period)) if first <= cutoff else set()
        have = set(d for d in dues if d <= cutoff)
        due += len(grid)
        taken += len(grid & have)
        missing = grid - have
        skipped += len(missing)
        extra += len(have - grid) + (len([d for d in dues if d <= cutoff]) - len(have))
        if missing:
            missed_targets.append(name)
    lateness.sort()
    samples = len(lateness)

    proc = [line.strip().split(",") for line in open(f"{work}/proc.csv")][1:]
    proc = [(float(t), float(cpu), int(rss), int(hwm), int(th), int(fd), float(load))
            for t, cpu, rss, hwm, th, fd, load in proc]
    # Steady state: CPU from a third of the run in (at most 60 s: the first rounds done, the runtime warm) to the
    # last reading before the stop.
    steady = None
    stop_rel = run["stopped"] - run["started"]
    window = [row for row in proc if row[0] <= stop_rel]
    if window and window[-1][0] >= 20:
        a = next(row for row in window if row[0] >= min(60.0, stop_rel / 3))
        b = window[-1]
        in_window = sum(1 for d in lateness_index(per_target) if start_ms + a[0] * 1000 <= d < start_ms + b[0] * 1000)
        steady = {"from_s": a[0], "to_s": b[0], "cpu_s": round(b[1] - a[1], 2), "samples_due": in_window,
                  "cpu_ms_per_sample": round((b[1] - a[1]) * 1000 / in_window, 3) if in_window else None}
    marks = {}
    for frac in (0.25, 0.5, 0.75, 1.0):
        t = stop_rel * frac
        before = [row for row in proc if row[0] <= t]
        if before:
            marks[f"{int(frac * 100)}%"] = {"t_s": before[-1][0], "rss_mib": round(before[-1][2] / 1024, 1),
                                           "hwm_mib": round(before[-1][3] / 1024, 1), "threads": before[-1][4],
                                           "fds": before[-1][5]}
    loads = sorted(row[6] for row in window) or [0.0]
    cpu_s = run["utime"] + run["stime"]
    # What grows with every sample (runs of samples, their index, events); the targets' rows and the hours'
    # timings grow with targets and hours instead.
    per_sample_tables = sum(tables.get(t, 0) for t in ("runs", "runs_by_target", "events", "events_by_target"))
    store_bytes = run["after"]["db"] + run["after"]["wal"]
    report = {
        "duration_s": run["duration"], "targets": run["targets"], "exit_code": run["exit_code"],
        "stop_took_s": round(run["ended"] - run["stopped"], 2),
        "due": due, "taken": taken, "skipped": skipped, "extra": extra, "targets_missed": len(missed_targets),
        "targets_first_late": late_first, "samples": samples, "outcomes": outcomes,
        "lateness_ms": {"p50": percentile(lateness, 50), "p90": percentile(lateness, 90),
                        "p99": percentile(lateness, 99), "p999": percentile(lateness, 99.9),
                        "max": lateness[-1] if lateness else None,
                        "over_1s": sum(1 for x in lateness if x > 1000)},
        "max_rss_mib": round(run["maxrss_kib"] / 1024, 1), "max_rss_mb": round(run["maxrss_kib"] * 1024 / 1e6, 1),
        "rss_marks": marks,
        "cpu_s": round(cpu_s, 2), "user_s": round(run["utime"], 2), "sys_s": round(run["stime"], 2),
        "cpu_ms_per_sample": round(cpu_s * 1000 / samples, 3) if samples else None, "steady": steady,
        "store": {"db": run["after"]["db"], "wal": run["after"]["wal"], "before_stop": run["before_stop"],
                  "tables": tables,
                  "bytes_per_sample": round(store_bytes / samples, 2) if samples else None,
                  "runs_events_bytes_per_sample": round(per_sample_tables / samples, 2) if samples and tables else None},
        "load1": {"min": loads[0], "median": loads[len(loads) // 2], "max": loads[-1]},
        "status_304": n304, "not_modified": not_modified, "retried": retried, "changed_rows": changed_rows,
        "events": events, "page_changes": sum(len(v) for v in changes.values()),
        "values_checked": outcomes.get("ok", 0), "values_wrong": len(wrong), "wrong_examples": wrong[:5],
        "missed_examples": missed_targets[:5],
    }
    with open(f"{work}/report.json", "w") as f:
        json.dump(report, f, indent=1)
    late, store = report["lateness_ms"], report["store"]
    print(f"taken/due        {taken:,}/{due:,} (skipped {skipped}, extra {extra}, targets missed {len(missed_targets)}, "
          f"first sample late {late_first}); samples in the store {samples:,}, outcomes {outcomes}")
    print(f"lateness ms      p50 {late['p50']}, p90 {late['p90']}, p99 {late['p99']}, p99.9 {late['p999']}, "
          f"max {late['max']}; over 1 s: {late['over_1s']}")
    print(f"memory           max RSS {report['max_rss_mib']} MiB ({report['max_rss_mb']} MB); at 25/50/75/100 %: "
          + ", ".join(f"{m['rss_mib']} MiB ({m['fds']} fds, {m['threads']} threads)" for m in marks.values()))
    print(f"CPU              {report['cpu_s']} s ({report['user_s']} user, {report['sys_s']} sys), "
          f"{report['cpu_ms_per_sample']} ms per sample; steady state {steady}")
    print(f"store            {store['db']:,} B + {store['wal']:,} B WAL after the stop ({store['before_stop']} before it): "
          f"{store['bytes_per_sample']} B per sample, of which runs and events {store['runs_events_bytes_per_sample']}; "
          f"pages by table {tables}")
    print(f"conditional      {n304:,} answered 304 ({not_modified:,} not modified); {report['retried']} retried")
    print(f"changes          {report['page_changes']:,} page rewrites, {changed_rows:,} changed samples, events {events}")
    print(f"values           {report['values_checked']:,} checked against the page at their fetch, {len(wrong)} wrong "
          f"{wrong[:3] if wrong else ''}")
    print(f"load average     1-min during the run: {report['load1']}")
    print(f"stop             exit {run['exit_code']} after {report['stop_took_s']} s")
    print(f"report           {json.dumps(report)}")

    problems = []
    if skipped or not samples:
        problems.append(f"{skipped} due sample(s) skipped ({len(missed_targets)} target(s))")
    if report["lateness_ms"]["p99"] is None or report["lateness_ms"]["p99"] > 1000:
        problems.append(f"p99 lateness {report['lateness_ms']['p99']} ms > 1000 ms")
    if run["maxrss_kib"] * 1024 > 300e6:
        problems.append(f"max RSS {report['max_rss_mb']} MB > 300 MB")
    failures = samples - outcomes.get("ok", 0)
    if failures:
        problems.append(f"{failures} sample(s) failed: {outcomes}")
    if wrong:
        problems.append(f"{len(wrong)} value(s) wrong")
    if run["exit_code"] != 143:
        problems.append(f"gleaner exited {run['exit_code']}, not 143 (a clean stop on SIGTERM)")
    for p in problems:
        print(f"MISSED: {p}", file=sys.stderr)
    return 1 if problems else 0


def lateness_index(per_target):
    for dues in per_target.values():
        yield from dues


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--work", required=True)
    p.add_argument("--targets", type=int, default=10000)
    p.add_argument("--hosts", type=int, default=50)
    p.add_argument("--port", type=int, required=True)
    r = sub.add_parser("run")
    r.add_argument("--work", required=True)
    r.add_argument("--gleaner", required=True)
    r.add_argument("--duration", type=int, default=300)
    r.add_argument("--targets", type=int, default=10000)
    q = sub.add_parser("report")
    q.add_argument("--work", required=True)
    args = parser.parse_args()
    if args.cmd == "prepare":
        cmd_prepare(args)
    elif args.cmd == "run":
        cmd_run(args)
    else:
        sys.exit(cmd_report(args))


if __name__ == "__main__":
    main()
