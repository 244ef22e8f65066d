#!/usr/bin/env python3
"""Turns the runs of one TLS comparison (runs.jsonl: one object per tool, server, concurrency and repeat) into a
markdown report: the median of each measure per cell, the protocol each tool used, Gleaner's ratio to each tool on
the same server, and each tool's rate against its own over plain http.

usage: report.py RUNS_JSONL META_JSON > results.md
"""
import importlib.util
import json
import os
import sys


def _compare_report():
    """bench/compare/report.py, whose median and number format this report shares (a module of the same name)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "compare", "report.py")
    spec = importlib.util.spec_from_file_location("compare_report", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_compare = _compare_report()
median, fmt = _compare.median, _compare.fmt

SERVERS = {"http": "http (plain)", "h1": "https, HTTP/1.1 only", "h2": "https, h2 by ALPN"}
TOOLS = ["gleaner", "curl", "aiohttp"]
LABEL = {"gleaner": "Gleaner (native binary)", "curl": "curl --parallel (transfer only)",
         "aiohttp": "aiohttp (HTTP/1.1 only)"}


def protocol_cell(tool, server, seen, said):
    """What nginx logged for the tool's probe ("HTTP/2.0 TLSv1.3"), with what Gleaner's records say when they say."""
    cell = " ".join(part for part in seen.split() if part != "-") or "?"
    if tool != "gleaner":
        return cell
    if said:
        return f"{cell} (records: {said})"
    if server == "h2":
        return f"{cell}: 1.1 (HTTP/2 not yet negotiated)"
    return cell


def main():
    runs = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    meta = json.load(open(sys.argv[2], encoding="utf-8"))
    cells = {}
    for r in runs:
        cells.setdefault((r["server"], r["tool"], r["c"]), []).append(r)
    med = {k: {m: median(v, m) for m in ("pages_per_s", "cpu_s", "server_cpu_s", "rss_mb", "cpu_ms_per_1k")}
           | {"correct": min(x["correct"] for x in v), "total": v[0]["total"], "n": len(v),
              "protocol": protocol_cell(k[1], k[0], v[0]["protocol_seen"],
                                        ", ".join(sorted({x["protocol_said"] for x in v if x["protocol_said"]})))}
           for k, v in cells.items()}
    concurrencies = sorted({c for _, _, c in cells})

    out = [f"### TLS comparison, {meta['date']}\n",
           f"Machine: {meta['machine']}. Server: {meta['server']}. Job: {meta['job']}. Trust: {meta['trust']}.\n",
           f"Command: `{meta['command']}`\n",
           "| server | tool | protocol (as nginx saw it) | C | pages/s | Gleaner ÷ tool | ÷ own plain http | client CPU s "
           "| CPU ms / 1,000 pages | nginx CPU s | max RSS MB | correct | runs |",
           "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for c in concurrencies:
        for server in SERVERS:
            gleaner = med.get((server, "gleaner", c), {}).get("pages_per_s")
            for tool in TOOLS:
                m = med.get((server, tool, c))
                if m is None:
                    continue
                plain = med.get(("http", tool, c), {}).get("pages_per_s")
                ratio = gleaner / m["pages_per_s"] if gleaner and m["pages_per_s"] else None
                own = m["pages_per_s"] / plain if plain and m["pages_per_s"] else None
                out.append(f"| {SERVERS[server]} | {LABEL[tool]} | {m['protocol']} | {c} | {fmt(m['pages_per_s'])} "
                           f"| {fmt(ratio, 2)}× | {fmt(own, 2)}× | {fmt(m['cpu_s'], 2)} | {fmt(m['cpu_ms_per_1k'], 1)} "
                           f"| {fmt(m['server_cpu_s'], 2)} | {fmt(m['rss_mb'], 0)} | {m['correct']:,}/{m['total']:,} "
                           f"| {m['n']} |")
    loads = [r["load1"] for r in runs]
    out.append("")
    out.append("Medians over the runs of each cell (each measure on its own); correct = the worst run. pages/s = "
               "fetches ÷ wall time of the whole command, start-up and TLS handshakes included. Gleaner ÷ tool compares "
               "rates on the same server; ÷ own plain http is the tool's rate there over its rate on the plain port "
               "in the same run (what TLS, and on h2 the protocol, costs it). Client CPU = user + sys of the tool's "
               "process tree and max RSS from GNU time; nginx CPU = its one worker's utime + stime over the run. "
               "Protocol: what nginx logged ($server_protocol $ssl_protocol) for three probe pages each tool fetched "
               "with the same command before the runs.\n")
    out.append(f"1-minute load average over the runs: {min(loads):.2f}–{max(loads):.2f}.\n")
    out.append(f"Versions: {meta['versions']}\n")
    print("\n".join(out))


if __name__ == "__main__":
    main()
