#!/usr/bin/env python3
"""A loopback HTTP/1.1 server (keep-alive) on several ports that answers every GET after DELAY_MS with a small page
holding its value (`v=<n>` for ...?n=<n>), and counts the requests it answered per path. On SIGTERM or SIGINT it
writes {"requests": total, "paths": {path: count}} to COUNTS_FILE and exits. Standard library only.

usage: countserver.py DELAY_MS COUNTS_FILE PORT...      prints "listening" once every port is bound
"""
import asyncio
import json
import re
import signal
import sys
from collections import Counter

QUERY = re.compile(r"[?&]n=(\d+)")


async def main(delay_ms, counts_file, ports):
    counts = Counter()

    async def serve(reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                target = head.split(b" ", 2)[1].decode("ascii", "replace")
                if delay_ms:
                    await asyncio.sleep(delay_ms / 1000)
                counts[target] += 1
                m = QUERY.search(target)
                body = f"<html><body><p>v={m.group(1) if m else 0}</p></body></html>\n".encode()
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
                             + str(len(body)).encode() + b"\r\n\r\n" + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    servers = [await asyncio.start_server(serve, "127.0.0.1", p, backlog=1024) for p in ports]
    print("listening", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    for s in servers:
        s.close()
    with open(counts_file, "w", encoding="utf-8") as f:
        json.dump({"requests": sum(counts.values()), "paths": counts}, f)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2], [int(p) for p in sys.argv[3:]]))
