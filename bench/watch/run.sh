#!/usr/bin/env bash
# The watch benchmark (issue 9, §5): 10,000 targets `every: 10s` (1,000 samples/s) on 50 loopback hosts of a local
# nginx, through `gleaner watch JOB --store watch.db` for --duration seconds, then SIGTERM. A tenth of the pages
# change every 10 s, so the watch sees real changes and 304s. Prints samples taken against due, skipped due times,
# lateness (start - due) p50/p99/max, max RSS, CPU per sample, store bytes per sample, 304s and changes, and every
# value checked against the page's value at the time of its fetch; exit 1 if a target of the issue is missed (a due
# time skipped, p99 lateness > 1 s, max RSS > 300 MB, a failed sample or a wrong value, or no clean stop).
#
#   bench/watch/run.sh [--duration 300] [--targets 10000] [--hosts 50] [--keep] [--no-install]
#   GLEANER_BIN=path/to/gleaner bench/watch/run.sh ...   measure that binary instead of publishing one
#
# nginx (Debian's nginx-light, installed when missing: root or sudo) runs with its own config in a temp dir,
# access_log off, keepalive on, listening on 127.0.77.1-127.0.77.H only (Linux routes all of 127.0.0.0/8 to lo).
# robots.txt is on (Gleaner's default): nginx serves one that allows everything. Needs dotnet, python3, curl.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

duration=300
targets=10000
hosts=50
keep=0
install=1
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --targets) targets=$2; shift 2 ;;
    --hosts) hosts=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --no-install) install=0; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ "$duration" -ge 20 ] && [ "$duration" -le 3600 ] || { echo "--duration must be 20..3600 s" >&2; exit 2; }
[ "$hosts" -ge 1 ] && [ "$hosts" -le 254 ] || { echo "--hosts must be 1..254" >&2; exit 2; }

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

if [ "$install" = 1 ] && ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  log "installing nginx-light"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx-light >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx_bin" ] || { echo "no nginx (run without --no-install)" >&2; exit 1; }
py=python3

work="$(mktemp -d -t gleaner-watch.XXXXXX)"
chmod 755 "$work"   # nginx's worker runs as nobody and must read the pages
cleanup() {
  if [ -f "$work/nginx.pid" ]; then
    kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    for _ in $(seq 50); do [ -f "$work/nginx.pid" ] || break; sleep 0.1; done
  fi
  if [ "$keep" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -n "${GLEANER_BIN:-}" ]; then
  gleaner="$GLEANER_BIN"
else
  log "publishing gleaner (native)"
  dotnet publish "$root/src/Gleaner.Cli" -o "$work/bin" -nologo -v quiet >/dev/null
  gleaner="$work/bin/gleaner"
fi
[ -x "$gleaner" ] || { echo "no gleaner at $gleaner" >&2; exit 2; }

port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.77.1", 0)); print(s.getsockname()[1])')
log "writing $targets pages and the job file ($hosts hosts, port $port) in $work"
"$py" "$here/watchbench.py" prepare --work "$work" --targets "$targets" --hosts "$hosts" --port "$port"

listens=""
for h in $(seq 1 "$hosts"); do listens+="        listen 127.0.77.$h:$port;"$'\n'; done
mkdir -p "$work/nginx-temp"
cat > "$work/nginx.conf" <<EOF
worker_processes 1;
daemon on;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nodelay on;
    keepalive_timeout 65s;
    keepalive_requests 1000000;
    types { text/html html; text/plain txt; }
    default_type text/html;
    client_body_temp_path $work/nginx-temp/body;
    proxy_temp_path $work/nginx-temp/proxy;
    fastcgi_temp_path $work/nginx-temp/fastcgi;
    uwsgi_temp_path $work/nginx-temp/uwsgi;
    scgi_temp_path $work/nginx-temp/scgi;
    server {
$listens        root $work/www;
        location / { }
    }
}
EOF
"$nginx_bin" -p "$work" -e "$work/nginx-error.log" -c "$work/nginx.conf"
base="http://127.0.77.$hosts:$port"
for _ in $(seq 50); do curl -fsS -o /dev/null "$base/robots.txt" 2>/dev/null && break; sleep 0.1; done
curl -fsS -o /dev/null "$base/p/00000.html" || { echo "nginx did not come up; see $work/nginx-error.log" >&2; exit 1; }
nginx_worker=$(pgrep -P "$(cat "$work/nginx.pid")" | head -1)
nginx_cpu() { awk -v t="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$nginx_worker/stat"; }

log "watching $targets targets every 10 s for ${duration}s (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
nginx_before=$(nginx_cpu)
# The outer timeout is a backstop over watchbench.py's own bound (the run, 30 s for the stop, then KILL).
timeout --kill-after=10 $((duration + 90)) "$py" "$here/watchbench.py" run --work "$work" --gleaner "$gleaner" \
  --duration "$duration" --targets "$targets"
nginx_after=$(nginx_cpu)
log "done (load average: $(cut -d' ' -f1-3 /proc/loadavg)); nginx worker CPU $(echo "$nginx_after - $nginx_before" | bc) s"

set +e
"$py" "$here/watchbench.py" report --work "$work"
status=$?
set -e
tail -3 "$work/gleaner.err" | sed 's/^/gleaner: /'
exit "$status"
