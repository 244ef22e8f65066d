#!/usr/bin/env python3
"""The comparison job with treq on Twisted: a DeferredSemaphore of C, one persistent connection pool that keeps
up to C connections to the host, the temperature regex on each body, one JSON line per URL.

usage: treq_client.py URLS_FILE CONCURRENCY OUT.jsonl REGEX
"""
import json
import re
import sys

from twisted.internet import defer, task
from twisted.web.client import HTTPConnectionPool

import treq


def main(reactor, urls_file, concurrency, out_path, pattern):
    rx = re.compile(pattern)
    urls = [line.strip() for line in open(urls_file, encoding="utf-8") if line.strip()]
    pool = HTTPConnectionPool(reactor, persistent=True)
    pool.maxPersistentPerHost = concurrency
    semaphore = defer.DeferredSemaphore(concurrency)
    out = open(out_path, "w", encoding="utf-8")

    @defer.inlineCallbacks
    def fetch(url):
        try:
            response = yield treq.get(url, pool=pool, timeout=30)
            text = yield response.text("utf-8")
            match = rx.search(text)
            record = {"url": url, "status": response.code, "temp": match.group(1) if match else None}
        except Exception as e:  # a failure is a record too, so the check can count it
            record = {"url": url, "status": None, "temp": None, "error": repr(e)}
        out.write(json.dumps(record) + "\n")

    @defer.inlineCallbacks
    def run():
        yield defer.DeferredList([semaphore.run(fetch, url) for url in urls])
        out.close()
        yield pool.closeCachedConnections()

    return run()


if __name__ == "__main__":
    task.react(main, [sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]])
