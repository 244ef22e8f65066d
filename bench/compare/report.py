#!/usr/bin/env python3
"""Turns the runs of one comparison (runs.jsonl, one object per tool, concurrency and repeat) into a markdown
report: the median of each measure per cell, Gleaner's ratio to each tool, and the targets met or missed.

usage: report.py RUNS_JSONL META_JSON > results.md
"""
import json
import statistics
import sys

ORDER = ["gleaner", "gleaner-jit", "aiohttp", "treq", "scrapy", "curl", "wrk"]
LABEL = {"gleaner": "Gleaner (native binary)", "gleaner-jit": "Gleaner (JIT: dotnet Gleaner.Cli.dll)", "aiohttp": "aiohttp", "treq": "treq (Twisted)", "scrapy": "Scrapy",
         "curl": "curl --parallel (transfer only)", "wrk": "wrk (one page, ceiling)"}


# The reference figures the targets were set against (issue 3, measured on this 2-core machine, medians of 3).
REFERENCE = {"aiohttp": 1969, "curl": 22989}


def median(runs, key):
    values = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(values) if values else None


def fmt(x, digits=0):
    return "–" if x is None else f"{x:,.{digits}f}"


def main():
    runs = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    meta = json.load(open(sys.argv[2], encoding="utf-8"))
    cells = {}
    for r in runs:
        cells.setdefault((r["tool"], r["c"]), []).append(r)
    concurrencies = sorted({c for _, c in cells})
    med = {k: {m: median(v, m) for m in ("pages_per_s", "cpu_s", "server_cpu_s", "rss_mb", "cpu_ms_per_1k")}
           | {"correct": min(x["correct"] for x in v), "total": v[0]["total"], "n": len(v)}
           for k, v in cells.items()}

    out = []
    out.append(f"### End-to-end comparison, {meta['date']}\n")
    out.append(f"Machine: {meta['machine']}. Server: {meta['server']}. Job: {meta['job']}.\n")
    out.append(f"Command: `{meta['command']}`\n")
    out.append("| tool | C | pages/s | Gleaner ÷ tool (pages/s) | client CPU s | CPU ms / 1,000 pages | nginx CPU s | max RSS MB | correct | runs |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for c in concurrencies:
        gleaner = med.get(("gleaner", c), {}).get("pages_per_s")
        for tool in ORDER:
            m = med.get((tool, c))
            if m is None:
                continue
            ratio = gleaner / m["pages_per_s"] if gleaner and m["pages_per_s"] else None
            correct = "n/a" if tool == "wrk" else f"{m['correct']:,}/{m['total']:,}"
            out.append(f"| {LABEL[tool]} | {c} | {fmt(m['pages_per_s'])} | {fmt(ratio, 2)}× | {fmt(m['cpu_s'], 2)} "
                       f"| {fmt(m['cpu_ms_per_1k'], 1)} | {fmt(m['server_cpu_s'], 2)} | {fmt(m['rss_mb'], 0)} "
                       f"| {correct} | {m['n']} |")
    out.append("")
    out.append("Medians over the runs of each cell (each measure on its own). pages/s = fetches ÷ wall time of the "
               "whole command, start-up included (wrk: its own requests/s over a fixed duration, so its CPU seconds "
               "cover that duration; compare CPU ms / 1,000 pages instead). Client CPU = user + sys of the tool's "
               "process tree and max RSS from GNU time; nginx CPU = its one worker's utime + stime over the run. "
               "correct = the worst run.\n")

    out.append("Targets:\n")
    for c in concurrencies:
        g = med.get(("gleaner", c))
        if not g:
            continue
        for tool, factor in (("aiohttp", 10), ("curl", 1)):
            t = med.get((tool, c))
            if t and t["pages_per_s"]:
                ratio = g["pages_per_s"] / t["pages_per_s"]
                verdict = "met" if ratio >= factor else "missed"
                out.append(f"- C={c}: Gleaner ≥ {factor} × {tool} (this run): {ratio:.2f}× — {verdict}")
            reference = REFERENCE[tool]
            ratio = g["pages_per_s"] / reference
            verdict = "met" if ratio >= factor else "missed"
            out.append(f"- C={c}: Gleaner ≥ {factor} × {tool} (the issue's reference, {reference:,} pages/s): {ratio:.2f}× — {verdict}")
        if c == 256 and g["rss_mb"] is not None:
            out.append(f"- C=256: Gleaner max RSS ≤ 150 MB: {g['rss_mb']:.0f} MB — {'met' if g['rss_mb'] <= 150 else 'missed'}")
    out.append("")
    out.append(f"Versions: {meta['versions']}\n")
    print("\n".join(out))


if __name__ == "__main__":
    main()
