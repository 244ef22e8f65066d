#!/usr/bin/env python3
"""The slow-hosts job with aiohttp: one ClientSession whose TCPConnector allows C connections in all and P per host,
a global semaphore of C, the reading's regex on each body, one JSON line per URL. The same shape as
bench/compare/aiohttp_client.py, with the per-host bound Gleaner's --per-host sets.

usage: aiohttp_client.py URLS_FILE CONCURRENCY PER_HOST OUT.jsonl REGEX
"""
import asyncio
import json
import re
import sys

import aiohttp


async def main(urls_file, concurrency, per_host, out_path, pattern):
    rx = re.compile(pattern)
    urls = [line.strip() for line in open(urls_file, encoding="utf-8") if line.strip()]
    semaphore = asyncio.Semaphore(concurrency)
    timeout = aiohttp.ClientTimeout(total=30)
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=per_host)
    with open(out_path, "w", encoding="utf-8") as out:
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

            async def fetch(url):
                async with semaphore:
                    try:
                        async with session.get(url) as response:
                            text = await response.text(encoding="utf-8")
                            match = rx.search(text)
                            record = {"url": url, "status": response.status, "value": match.group(1) if match else None}
                    except Exception as e:  # a failure is a record too, so the check can count it
                        record = {"url": url, "status": None, "value": None, "error": repr(e)}
                    out.write(json.dumps(record) + "\n")

            await asyncio.gather(*(fetch(url) for url in urls))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]))
