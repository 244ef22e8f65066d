#!/usr/bin/env python3
"""Checks one tool's output against the generated pages and prints one JSON object: records, correct, problems.

A record is correct when its URL is one of the job's, seen once, fetched with status 200 and its temperature equals
the page's (numerically: "51" and 51.0 agree). For curl, which only transfers, the output is one HTTP status per
line and a correct record is a 200.

usage: check.py KIND OUTPUT EXPECTED_TSV FETCHES      KIND: gleaner | python (scrapy, aiohttp, treq) | curl | wrk
For wrk, OUTPUT is its report; nothing is extracted, and the check only collects its error lines.
"""
import json
import re
import sys

QUERY = re.compile(r"[?&]n=(\d+)")


def records(kind, path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            if kind == "gleaner":
                ok = r.get("outcome") == "ok" and r.get("status") == 200
                yield r.get("url", ""), (r.get("value") if ok else None), r
            else:
                yield r.get("url", ""), (r.get("temp") if r.get("status") == 200 else None), r


def check(kind, output, expected_tsv, fetches):
    """Returns {"records", "correct", "problems"} for one run's output."""
    try:
        f = open(output, encoding="utf-8")
    except FileNotFoundError:
        return {"records": 0, "correct": 0, "problems": [f"no output {output}"]}
    f.close()
    if kind == "wrk":
        with open(output, encoding="utf-8") as f:
            errors = [line.strip() for line in f if re.match(r"\s*(Non-2xx|Socket errors)", line)]
        return {"records": 0, "correct": 0, "problems": errors}
    if kind == "curl":
        with open(output, encoding="utf-8") as f:
            codes = [line.strip() for line in f if line.strip()]
        ok = sum(1 for c in codes if c == "200")
        problems = sorted({c for c in codes if c != "200"})[:3]
        return {"records": len(codes), "correct": min(ok, fetches), "problems": problems}

    expected = {}
    with open(expected_tsv, encoding="utf-8") as f:
        for line in f:
            page, temp = line.rstrip("\n").split("\t")
            expected[int(page)] = float(temp)
    pages = len(expected)

    seen, correct, count, problems = set(), 0, 0, []
    for url, value, raw in records(kind, output):
        count += 1
        m = QUERY.search(url)
        n = int(m.group(1)) if m else -1
        try:
            good = 0 <= n < fetches and n not in seen and value is not None and float(value) == expected[n % pages]
        except (TypeError, ValueError):
            good = False
        if 0 <= n < fetches:
            seen.add(n)
        if good:
            correct += 1
        elif len(problems) < 3:
            problems.append(json.dumps(raw)[:300])
    return {"records": count, "correct": correct, "problems": problems}


if __name__ == "__main__":
    print(json.dumps(check(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))))
