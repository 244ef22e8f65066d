#!/usr/bin/env bash
# Many hosts: N targets, one on each of N distinct loopback hosts (127.A.B.C), robots on, through `gleaner run`.
# Prints RSS and open descriptors at N/5, N/2 and N records finished, max RSS, wall time, outcome counts, values
# right/wrong and the server's peak requests in flight (robots.txt included); exit 1 if a target of the issue is
# missed (every value right; RSS and descriptors at N within 1.5 x those at N/5; max RSS < 300 MB; peak in flight
# <= --concurrency).
#
#   bench/many-hosts/run.sh [--hosts 50000] [--concurrency 256] [--nofile 20000] [--latency-ms 10]
#                           [--timeout 1200] [--keep]
#   GLEANER_BIN=path/to/gleaner bench/many-hosts/run.sh ...   measure that binary instead of publishing one
#   SERVER_BIN=path/to/ManyHostsServer ...                     a server published before (dotnet publish server)
#
# The server listens on 0.0.0.0:8080 so that it answers on every 127.A.B.C; it and gleaner run inside a network
# namespace made here (`unshare --net`, plus `--map-root-user` when not root) whose only interface is lo, so
# nothing outside the namespace can reach it and nothing inside reaches out. Needs dotnet, python3, unshare, ip.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

hosts=50000
concurrency=256
nofile=20000   # the issue's machine; also this machine's `ulimit -n`
latency_ms=10  # every answer waits this long, as a distant host's would, so requests overlap at the server
limit=1200     # seconds for the gleaner run; the run is stopped (TERM, then KILL) after it
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --hosts) hosts=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --nofile) nofile=$2; shift 2 ;;
    --latency-ms) latency_ms=$2; shift 2 ;;
    --timeout) limit=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

work="$(mktemp -d -t many-hosts.XXXXXX)"
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
[ -x "$gleaner" ] || { echo "no gleaner at $gleaner" >&2; exit 2; }

if [ -n "${SERVER_BIN:-}" ]; then
  server="$SERVER_BIN"
else
  log "publishing the server (native)"
  dotnet publish "$here/server" -c Release -o "$work/server" -nologo -v quiet >/dev/null
  server="$work/server/ManyHostsServer"
fi
[ -x "$server" ] || { echo "no server at $server" >&2; exit 2; }
python3 "$here/manyhosts.py" urls "$hosts" "$work/urls.txt"

# Root may raise the limits in its own namespace; otherwise a user namespace maps us to root inside, which is
# enough for lo and the namespace but cannot raise the hard descriptor limit (the server then gets what we have).
unshare=(unshare --net)
[ "$(id -u)" = 0 ] || unshare+=(--map-root-user)
log "running: $hosts hosts, --concurrency $concurrency, ulimit -n $nofile, at most ${limit}s (${unshare[*]})"
# The outer timeout is a backstop over manyhosts.py's own (gleaner's limit + server start and stop).
timeout --kill-after=10 $((limit + 90)) "${unshare[@]}" python3 "$here/manyhosts.py" run --work "$work" \
  --gleaner "$gleaner" --server "$server" --server-processes 4 \
  --hosts "$hosts" --concurrency "$concurrency" --nofile "$nofile" --timeout "$limit" --latency-ms "$latency_ms"

set +e
python3 "$here/manyhosts.py" report --work "$work"
status=$?
set -e
tail -4 "$work/gleaner.err" | sed 's/^/gleaner: /'
exit "$status"
