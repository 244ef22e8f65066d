#!/usr/bin/env python3
"""The hostile thousand: writes the target list and checks what `gleaner run` made of it.

  thousand.py plan  SIM_OUT WORKDIR    read the routes `gleaner sim` printed; write job.yaml and plan.json
  thousand.py truth WORKDIR NAME       fetch each city's temperature from the simulator's XML page (urllib, not
                                       gleaner) into NAME.json; run before and after the run
  thousand.py check WORKDIR            check out.jsonl, time.txt, traffic.json and connects.txt; print a summary;
                                       exit 1 if any check failed

Only 127.0.0.1 is contacted. Standard library only.
"""
import collections
import json
import re
import sys
import urllib.request
from pathlib import Path

THOUSAND = 1000
HOSTILE_EVERY = 10
FIRST_HOSTILE = 4  # the 5th of the thousand is the first hostile one: /slow/never
CITIES = ["nyc", "pdx", "chi", "mia", "den"]
NYC_PATHS = ["/good/plain", "/good/gzip", "/good/brotli", "/good/chunked", "/good/slow", "/redirect/chain-3"]
GOOD = [(p, "nyc") for p in NYC_PATHS] + [(f"/weather/{c}.{ext}", c) for c in CITIES for ext in ("html", "xml")]

# The rule for the thousand; the deep pages get rules that make a parser follow them.
RULE = r"(-?\d+(?:\.\d+)?)\s*(?:&deg;|°)?\s*F"
NWS_CSS = "#current_conditions-summary p.myforecast-current-lrg"
NWS_XPATH = "//p[@class='myforecast-current-lrg']"
DEEP = [
    ("/deep/divs.html", "css", NWS_CSS), ("/deep/divs.html", "xpath", NWS_XPATH),
    ("/deep/unclosed-divs.html", "css", NWS_CSS), ("/deep/unclosed-divs.html", "xpath", NWS_XPATH),
    ("/deep/levels.xml", "xpath", "/current_observation/temp_f"), ("/deep/levels.xml", "css", "temp_f"),
    ("/deep/arrays.json", "jsonpath", "$..temperature.value"), ("/deep/arrays.json", "jsonpointer", "/0/0/0"),
    ("/deep/objects.json", "jsonpath", "$..temperature.value"), ("/deep/objects.json", "jsonpointer", "/level/level/level"),
]
DEEP_EVERY = 101  # the deep pages sit at positions 50, 151, ... 959 of the 1,010
FIRST_DEEP = 50
COUNT = THOUSAND + len(DEEP)

DEADLINE_S = 10.0
MAX_WALL_S = 15.0
MAX_RSS_MIB = 200
FETCH_SLACK_S = 1.0


def read_routes(sim_out):
    """(kestrel base, raw base, [(path, url, expected)]) from `gleaner sim` output."""
    text = Path(sim_out).read_text(encoding="utf-8")
    head = re.search(r"on (http://127\.0\.0\.1:\d+/) \(raw-socket routes on (http://127\.0\.0\.1:\d+/)\)", text)
    if not head:
        sys.exit(f"no simulator banner in {sim_out}")
    routes = []
    for line in text.splitlines():
        m = re.match(r"\s+(http://127\.0\.0\.1:\d+(/\S*))\s+(\S+)\s", line)
        if m:
            routes.append((m.group(2), m.group(1), m.group(3)))
    return head.group(1), head.group(2), routes


def yaml_quoted(text):
    """A YAML double-quoted scalar: only backslash and double quote need escaping."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def plan(sim_out, work):
    kestrel, raw, routes = read_routes(sim_out)
    by_path = {p: (u, e) for p, u, e in routes}
    for path, _ in GOOD:
        if by_path.get(path, (None, None))[1] != "ok":
            sys.exit(f"good route {path} is missing or not expected ok")
    for path, _, _ in DEEP:
        if by_path.get(path, (None, None))[1] != "too_deep":
            sys.exit(f"deep route {path} is missing or not expected too_deep")
    hostile = [(p, u, e) for p, u, e in routes if e != "ok" and not p.startswith("/deep/")]
    if not hostile or hostile[0][0] != "/slow/never":
        sys.exit("the first failing route is not /slow/never")
    targets = []
    j = 0
    for i in range(COUNT):
        kind, expression = "regex", RULE
        if i % DEEP_EVERY == FIRST_DEEP:
            path, kind, expression = DEEP[i // DEEP_EVERY]
            url, expected = by_path[path]
            city = None
        elif j % HOSTILE_EVERY == FIRST_HOSTILE:
            path, url, expected = hostile[(j // HOSTILE_EVERY) % len(hostile)]
            city = None
            j += 1
        else:
            path, city = GOOD[j % len(GOOD)]
            url, expected = by_path[path]
            j += 1
        targets.append({"index": i, "url": f"{url}?n={i}", "path": path, "expected": expected, "city": city,
                        "rule": f"{kind}: {expression}"})
    work = Path(work)
    job = ["# The hostile thousand and ten deep pages; written by thousand.py plan.", "targets:"]
    for t in targets:
        kind, expression = t["rule"].split(": ", 1)
        job += [f"  - name: n{t['index']}",
                f"    url: {t['url']}",
                f"    extract: {{ {kind}: {yaml_quoted(expression)} }}",
                "    value: { type: number, unit: F, min: -80, max: 140 }"]
    (work / "job.yaml").write_text("\n".join(job) + "\n", encoding="utf-8")
    (work / "plan.json").write_text(json.dumps({"kestrel": kestrel, "raw": raw, "targets": targets}, indent=1), encoding="utf-8")
    kinds = collections.Counter(t["expected"] for t in targets)
    print(f"plan: {COUNT} targets, {sum(1 for t in targets if t['city'])} good, "
          f"{len(hostile)} failing routes x ~{(THOUSAND // HOSTILE_EVERY) / len(hostile):.1f}, {len(DEEP)} deep pages; "
          f"expected {dict(sorted(kinds.items()))}")


def get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback only)
        return response.read().decode("utf-8", "replace")


def truth(work, name):
    kestrel = json.loads((Path(work) / "plan.json").read_text())["kestrel"]
    values = {}
    for city in CITIES:
        xml = get(f"{kestrel}weather/{city}.xml")
        values[city] = float(re.search(r"<temp_f>(-?[\d.]+)</temp_f>", xml).group(1))
    (Path(work) / f"{name}.json").write_text(json.dumps(values), encoding="utf-8")


def time_stats(path):
    text = Path(path).read_text()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", text)
    wall_s = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    rss_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    status = int(re.search(r"Exit status: (\d+)", text).group(1))
    return wall_s, rss_kib, status


def connects(path, allowed):
    """Destinations of every AF_INET/AF_INET6 connect() the traced process made, from strace output."""
    seen = collections.Counter()
    for line in Path(path).read_text().splitlines():
        if "connect(" not in line or "sa_family=AF_UNIX" in line:
            continue
        m4 = re.search(r'sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\)', line)
        m6 = re.search(r'sin6_port=htons\((\d+)\).*inet_pton\(AF_INET6, "([^"]+)"', line)
        m = m4 or m6
        seen[f"{m.group(2)}:{m.group(1)}" if m else line.strip()] += 1
    return seen, {k: v for k, v in seen.items() if k not in allowed}


def check(work):
    work = Path(work)
    plan_ = json.loads((work / "plan.json").read_text())
    targets = plan_["targets"]
    kestrel, raw = plan_["kestrel"], plan_["raw"]
    kestrel_authority, raw_authority = kestrel[len("http://"):-1], raw[len("http://"):-1]
    before = json.loads((work / "truth-before.json").read_text())
    after = json.loads((work / "truth-after.json").read_text())
    checks = []

    def result(name, ok, detail):
        checks.append((name, ok, detail))

    wall_s, rss_kib, status = time_stats(work / "time.txt")
    result("gleaner exit status 0", status == 0, f"exit {status}")
    result(f"wall <= {MAX_WALL_S:.0f} s", wall_s <= MAX_WALL_S, f"{wall_s:.2f} s")
    result(f"max RSS <= {MAX_RSS_MIB} MiB", rss_kib <= MAX_RSS_MIB * 1024, f"{rss_kib / 1024:.1f} MiB")

    records = [json.loads(line) for line in (work / "out.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    by_url = collections.defaultdict(list)
    for r in records:
        by_url[r["url"]].append(r)
    missing = [t["url"] for t in targets if len(by_url.get(t["url"], [])) != 1]
    result(f"{COUNT} records, one per target", len(records) == COUNT and not missing,
           f"{len(records)} records; {len(missing)} targets without exactly one")

    good_wrong, hostile_wrong, slow = [], [], []
    got_counts, expected_counts = collections.Counter(), collections.Counter()
    for t in targets:
        rs = by_url.get(t["url"], [])
        if len(rs) != 1:
            continue
        r = rs[0]
        got_counts[r["outcome"]] += 1
        expected_counts[t["expected"]] += 1
        total_s = (r.get("timings") or {}).get("total_ms", 0) / 1000
        if total_s > DEADLINE_S + FETCH_SLACK_S:
            slow.append(f"#{t['index']} {t['path']} {total_s:.2f}s")
        if t["city"]:
            accepted = {before[t["city"]], after[t["city"]]}
            if r["outcome"] != "ok" or r["value"] not in accepted:
                good_wrong.append(f"#{t['index']} {t['path']}: {r['outcome']} {r['value']!r} (page said {sorted(accepted)}) {r.get('error') or ''}")
        elif r["outcome"] != t["expected"]:
            hostile_wrong.append(f"#{t['index']} {t['path']}: expected {t['expected']}, got {r['outcome']} after {total_s:.2f}s: {r.get('error')}")
    n_good = sum(1 for t in targets if t["city"])
    drift = "" if before == after else " (the weather minute turned during the run: either reading accepted)"
    result(f"all {n_good} good values right", not good_wrong, f"{n_good - len(good_wrong)} right{drift}")
    result(f"all {COUNT - n_good} hostile and deep outcomes named right", not hostile_wrong, f"{COUNT - n_good - len(hostile_wrong)} right")
    result(f"every fetch <= deadline + {FETCH_SLACK_S:.0f} s", not slow, f"slowest {max(((r.get('timings') or {}).get('total_ms', 0) for r in records), default=0) / 1000:.2f} s")

    # A redirect to the raw port (to-raw-port, to-decimal-ip) would arrive there without a target's ?n=, one to
    # localhost would reach Kestrel with another Host header.
    traffic = json.loads((work / "traffic.json").read_text())
    raw_seen = collections.Counter()
    for e in traffic:
        if e["server"] == "raw":
            raw_seen[e["target"]] += e["requests"]
    raw_named = collections.Counter(t["url"][len(raw) - 1:] for t in targets if t["url"].startswith(raw))
    strays = {k: v for k, v in (raw_seen - raw_named).items()}
    result("raw port reached only by its named targets", not strays and raw_seen == raw_named,
           f"{sum(raw_seen.values())} requests for {sum(raw_named.values())} raw targets; strays {strays or 'none'}")
    foreign = sorted({e["host"] for e in traffic if e["server"] == "kestrel" and e["host"] != kestrel_authority})
    result("Kestrel reached under its own Host only", not foreign, ", ".join(foreign) or "none other")

    if (work / "connects.txt").exists():
        seen, forbidden = connects(work / "connects.txt", {kestrel_authority, raw_authority})
        result("connect() only to the two named origins", not forbidden,
               ", ".join(f"{k} x{v}" for k, v in sorted(seen.items())) + (f"; FORBIDDEN {forbidden}" if forbidden else ""))
    else:
        result("connect() only to the two named origins", True, "not traced (no strace): skipped")

    print()
    print(f"{'outcome':<22}{'expected':>9}{'got':>7}")
    for name in sorted(set(got_counts) | set(expected_counts)):
        print(f"{name:<22}{expected_counts[name]:>9}{got_counts[name]:>7}")
    print()
    width = max(len(c[0]) for c in checks)
    for name, ok, detail in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {name:<{width}}  {detail}")
    for title, items in (("good targets wrong", good_wrong), ("hostile targets wrong", hostile_wrong), ("fetches over the deadline", slow)):
        if items:
            print(f"\n{title} ({len(items)}, first 20):")
            print("\n".join("  " + i for i in items[:20]))
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "plan" and len(sys.argv) == 4:
        plan(sys.argv[2], sys.argv[3])
    elif command == "truth" and len(sys.argv) == 4:
        truth(sys.argv[2], sys.argv[3])
    elif command == "check" and len(sys.argv) == 3:
        sys.exit(check(sys.argv[2]))
    else:
        sys.exit(__doc__)
