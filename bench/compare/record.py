#!/usr/bin/env python3
"""Builds the record of one run from GNU time's line, the nginx worker's CPU ticks and the output's check; prints
it as one JSON line on stdout and a one-line summary on stderr. Trailing KEY=VALUE arguments are added to the record
as they are (bench/tls adds the server it ran against and the protocol it used).

usage: record.py TOOL C REPEAT EXIT TIME_FILE NGINX_TICKS FETCHES KIND OUTPUT EXPECTED_TSV [KEY=VALUE ...]
"""
import json
import os
import re
import sys

from check import check


def main():
    tool, c, rep, status, time_file, ticks, fetches, kind, output, expected = sys.argv[1:11]
    extra = dict(arg.split("=", 1) for arg in sys.argv[11:])
    fetches = int(fetches)
    with open(time_file, encoding="utf-8") as f:
        wall, user, sys_s, rss_kb = f.read().split()[-4:]
    wall, cpu = float(wall), float(user) + float(sys_s)
    result = check(kind, output, expected, fetches)
    if kind == "wrk":
        with open(output, encoding="utf-8") as f:
            m = re.search(r"^Requests/sec:\s*([\d.]+)", f.read(), re.M)
        pages_per_s = float(m.group(1)) if m else None
        pages = pages_per_s * wall if pages_per_s else None
    else:
        pages_per_s, pages = fetches / wall, fetches
    record = {
        "tool": tool, "c": int(c), "run": int(rep), "exit": int(status), "wall_s": wall,
        "pages_per_s": round(pages_per_s, 1) if pages_per_s else None,
        "cpu_s": round(cpu, 2), "cpu_ms_per_1k": round(cpu * 1e6 / pages, 1) if pages else None,
        "rss_mb": round(int(rss_kb) / 1024, 1),
        "server_cpu_s": int(ticks) / os.sysconf("SC_CLK_TCK"),
        "correct": result["correct"], "total": fetches, "records": result["records"], "problems": result["problems"],
        "load1": float(open("/proc/loadavg").read().split()[0]),
    } | extra
    print(json.dumps(record))
    label = f"{tool}@{extra['server']}" if "server" in extra else tool
    print(f"{label:8} C={c:<4} run {rep}: {record['pages_per_s'] or 0:>9,.0f} pages/s  cpu {record['cpu_s']:6.2f} s  "
          f"nginx {record['server_cpu_s']:5.2f} s  rss {record['rss_mb']:6.0f} MB  "
          f"correct {record['correct']}/{fetches}  exit {status}  load {record['load1']}", file=sys.stderr)


if __name__ == "__main__":
    main()
