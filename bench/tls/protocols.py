#!/usr/bin/env python3
"""What protocol a tool used, seen from both ends; prints one line, e.g. "HTTP/2.0 TLSv1.3", or "" when unknown.

  log ACCESS_LOG FROM_LINE   as nginx saw it: the probe's access log (one "$server_protocol $ssl_protocol" a
                             request) from line FROM_LINE + 1 on; mixed answers are counted, "HTTP/1.1 TLSv1.3 ×2, ..."
  records OUTPUT.jsonl       as Gleaner's records say it, when they carry a field for it (http_version or
                             protocol); "" when they carry none

usage: protocols.py log ACCESS_LOG FROM_LINE | protocols.py records OUTPUT.jsonl
"""
import collections
import json
import sys

RECORD_FIELDS = ("http_version", "protocol")


def summary(counts):
    if len(counts) == 1:
        return next(iter(counts))
    return ", ".join(f"{value} ×{n}" for value, n in counts.most_common())


def from_log(path, from_line):
    with open(path, encoding="utf-8") as f:
        lines = [line.strip() for line in f][from_line:]
    return summary(collections.Counter(line for line in lines if line))


def from_records(path):
    counts = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            record = json.loads(line)
            for field in RECORD_FIELDS:
                if record.get(field) is not None:
                    counts[str(record[field])] += 1
                    break
    return summary(counts) if counts else ""


if __name__ == "__main__":
    if sys.argv[1] == "log":
        print(from_log(sys.argv[2], int(sys.argv[3])))
    elif sys.argv[1] == "records":
        print(from_records(sys.argv[2]))
    else:
        sys.exit(__doc__)
