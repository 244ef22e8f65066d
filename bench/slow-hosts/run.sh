#!/usr/bin/env bash
# Slow hosts: 10,000 targets on 50 loopback hosts that each answer every request after exactly 1 s, through
# `gleaner run --concurrency 5000 --per-host 100` (robots off, and on), aiohttp with the same bounds and HttpClient
# alone (bare/), in the same run, with wrk for the server's ceiling. Prints wall time, max RSS, CPU, values right and the server's arrival profile (requests arrived by 0.1, 0.5 and
# 1.0 s after the client started; when the first 5,000 had arrived), per run and as medians; exit 1 if a value is
# wrong or a client failed.
#
#   bench/slow-hosts/run.sh [--repeats 5] [--tools "wrk gleaner gleaner-robots aiohttp dotnet-bare"] [--targets 10000]
#                           [--hosts 50] [--latency-ms 1000] [--concurrency 5000] [--per-host 100] [--keep]
#   GLEANER_BIN=path/to/gleaner bench/slow-hosts/run.sh ...   measure that binary instead of publishing one
#   SERVER_BIN=path/to/SlowHostsServer ...                     a server published before (dotnet publish server)
#   GLEANER_BEFORE=path/to/old/gleaner bench/slow-hosts/run.sh --tools "gleaner-before gleaner ..."
#                                                              an older build beside this one, in the same run
#   BARE_BIN=path/to/BareClient ...                            the bare HttpClient reference published before
#
# The server binds 127.0.1.1 .. 127.0.1.HOSTS explicitly, one port: 50 host keys, as the issue's 50 hosts, each with
# its own address (Linux routes all of 127.0.0.0/8 to lo), so no network namespace is needed and nothing but
# loopback is reached. Needs dotnet, /usr/bin/python3 with aiohttp (Debian's python3-aiohttp) and wrk (for its row).
# Every client run is stopped after --timeout seconds (default 60).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
keep=0
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done

work="$(mktemp -d -t slow-hosts.XXXXXX)"
cleanup() { if [ "$keep" = 1 ]; then echo "files kept in $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT
log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

if [ -n "${GLEANER_BIN:-}" ]; then
  gleaner="$GLEANER_BIN"
else
  log "publishing gleaner (native)"
  dotnet publish "$root/src/Gleaner.Cli" -o "$work/bin" -nologo -v quiet >/dev/null
  gleaner="$work/bin/gleaner"
fi
if [ -n "${SERVER_BIN:-}" ]; then
  server="$SERVER_BIN"
else
  log "publishing the server (native)"
  dotnet publish "$here/server" -c Release -o "$work/server" -nologo -v quiet >/dev/null
  server="$work/server/SlowHostsServer"
fi
# The bare HttpClient reference is built only when its tool is asked for.
bare=""
if [[ " ${args[*]} " != *" --tools "* || " ${args[*]} " == *"dotnet-bare"* ]]; then
  if [ -n "${BARE_BIN:-}" ]; then
    bare="$BARE_BIN"
  else
    log "publishing the bare HttpClient reference (native)"
    dotnet publish "$here/bare" -c Release -o "$work/bare" -nologo -v quiet >/dev/null
    bare="$work/bare/BareClient"
  fi
fi
[ -x "$gleaner" ] || { echo "no gleaner at $gleaner" >&2; exit 2; }
[ -x "$server" ] || { echo "no server at $server" >&2; exit 2; }
/usr/bin/python3 -c 'import aiohttp' 2>/dev/null || { echo "no aiohttp for /usr/bin/python3 (apt-get install python3-aiohttp)" >&2; exit 2; }

# The client keeps 5,000 connections open and the server one for each; wrk as many again.
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
log "running (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
# A backstop over slowhosts.py's own per-run limit.
timeout --kill-after=10 3600 /usr/bin/python3 "$here/slowhosts.py" --gleaner "$gleaner" --server "$server" --work "$work" \
  --json "$work/runs.jsonl" ${GLEANER_BEFORE:+--before "$GLEANER_BEFORE"} ${bare:+--bare "$bare"} "${args[@]}"
