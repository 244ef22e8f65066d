#!/usr/bin/env bash
# The end-to-end comparison: the same job (fetch N pages from a local nginx, pull the current temperature out of
# each with a regex, write JSON lines) with Gleaner (the native binary `dotnet publish` makes, and the JIT build
# `dotnet run` uses), aiohttp, treq, Scrapy and curl, plus wrk for the server's raw request rate. Checks every output, prints a markdown table and writes it to bench/compare/results-DATE.md.
# Everything talks to 127.0.0.1 only; nginx is started and stopped here, with its own config in a temp dir.
#
# usage: bench/compare/run.sh [--repeats N] [--concurrency "64 256"] [--tools "gleaner gleaner-jit aiohttp ..."]
#                             [--fetches N] [--pages N] [--wrk-duration 10s] [--no-install] [--no-build]
#                             [--no-readme] [--keep]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
command_line="bench/compare/run.sh $*"

repeats=3
concurrencies="64 256"
tools="gleaner gleaner-jit aiohttp treq scrapy curl wrk"
fetches=20000
pages=2000
wrk_duration=10s
install=1
build=1
readme=1
keep=0
regex='(-?\d+(?:\.\d+)?)\s*(?:&deg;|°)?\s*F'
# A bound on every run, whatever a tool does: Scrapy needs ~75 s for 20,000 pages here.
run_limit=600

while [ $# -gt 0 ]; do
  case "$1" in
    --repeats) repeats=$2; shift 2 ;;
    --concurrency) concurrencies=$2; shift 2 ;;
    --tools) tools=$2; shift 2 ;;
    --fetches) fetches=$2; shift 2 ;;
    --pages) pages=$2; shift 2 ;;
    --wrk-duration) wrk_duration=$2; shift 2 ;;
    --no-install) install=0; shift ;;
    --no-build) build=0; shift ;;
    --no-readme) readme=0; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

# shellcheck source=../lib.sh
. "$here/../lib.sh"

# --- 1. Debian packages (Debian's own python3 gets scrapy, aiohttp and treq) --------------------------------------
packages="nginx-light wrk python3-scrapy python3-aiohttp python3-treq curl time"
# shellcheck disable=SC2086
[ "$install" = 0 ] || install_missing $packages
py=/usr/bin/python3   # not a pyenv/venv python: the Debian packages live in its dist-packages
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
gnu_time=/usr/bin/time
for need in "$py" "$nginx_bin" "$gnu_time"; do
  [ -x "$need" ] || { echo "missing $need (run without --no-install)" >&2; exit 1; }
done

# --- 2. Gleaner: the native binary users install (dotnet publish) and the JIT build (dotnet run / build) ---------
# GLEANER_BIN and GLEANER_DLL point the runs at other builds of either, e.g. an older commit's.
gleaner_out=$(mktemp -d /tmp/gleaner-compare-build.XXXXXX)
gleaner_bin="${GLEANER_BIN:-$gleaner_out/gleaner}"
gleaner_dll="${GLEANER_DLL:-$repo/src/Gleaner.Cli/bin/Release/net10.0/Gleaner.Cli.dll}"
if [ "$build" = 1 ] && [[ " $tools " == *" gleaner "* ]] && [ -z "${GLEANER_BIN:-}" ]; then
  log "publishing Gleaner (native)"
  dotnet publish "$repo/src/Gleaner.Cli" -o "$gleaner_out" -nologo -v quiet >/dev/null
fi
if [ "$build" = 1 ] && [[ " $tools " == *" gleaner-jit "* ]] && [ -z "${GLEANER_DLL:-}" ]; then
  log "building Gleaner (Release, JIT)"
  dotnet build "$repo/src/Gleaner.Cli" -c Release -nologo -v quiet >/dev/null
fi
if [[ " $tools " == *" gleaner "* ]]; then
  [ -x "$gleaner_bin" ] || { echo "no $gleaner_bin (publish it, or run without --no-build)" >&2; exit 1; }
fi
if [[ " $tools " == *" gleaner-jit "* ]]; then
  [ -f "$gleaner_dll" ] || { echo "no $gleaner_dll (build it, or run without --no-build)" >&2; exit 1; }
fi

# --- 3. pages and nginx -------------------------------------------------------------------------------------------
work=$(mktemp -d /tmp/gleaner-compare.XXXXXX)
chmod 755 "$work"   # nginx's worker runs as nobody and must read the pages
nginx_conf="$work/nginx.conf"
cleanup() {
  if [ -f "$work/nginx.pid" ]; then
    kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    for _ in $(seq 50); do [ -f "$work/nginx.pid" ] || break; sleep 0.1; done
  fi
  rm -rf "$gleaner_out"
  if [ "$keep" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
log "generating $pages pages and $fetches URLs in $work"
"$py" "$here/gen_pages.py" "$work/www" "$pages" "$base" "$fetches" "$work/urls.txt"
mkdir -p "$work/nginx-temp"
cat > "$nginx_conf" <<EOF
worker_processes 1;
daemon on;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65s;
    keepalive_requests 1000000;
    types { text/html html; }
    default_type text/html;
    client_body_temp_path $work/nginx-temp/body;
    proxy_temp_path $work/nginx-temp/proxy;
    fastcgi_temp_path $work/nginx-temp/fastcgi;
    uwsgi_temp_path $work/nginx-temp/uwsgi;
    scgi_temp_path $work/nginx-temp/scgi;
    server {
        listen 127.0.0.1:$port;
        root $work/www;
        location / { }
    }
}
EOF
"$nginx_bin" -p "$work" -e "$work/nginx-error.log" -c "$nginx_conf"
for _ in $(seq 50); do curl -fsS -o /dev/null "$base/p/0000.html" 2>/dev/null && break; sleep 0.1; done
curl -fsS -o /dev/null "$base/p/0000.html" || { echo "nginx did not come up; see $work/nginx-error.log" >&2; exit 1; }
nginx_worker=$(pgrep -P "$(cat "$work/nginx.pid")" | head -1)
worker_ticks() { awk '{ print $14 + $15 }' "/proc/$nginx_worker/stat"; }

# curl reads the URLs from a config file, each sent to /dev/null; -w prints one status per transfer.
awk '{ printf "url = \"%s\"\noutput = \"/dev/null\"\n", $0 }' "$work/urls.txt" > "$work/curl.cfg"

# --- 4. the runs --------------------------------------------------------------------------------------------------
runs="$work/runs.jsonl"
: > "$runs"

# measure TOOL C REPEAT KIND OUTPUT -- COMMAND...: runs COMMAND under GNU time (bounded by $run_limit), checks
# OUTPUT, appends one JSON line to $runs. KIND says how to check: gleaner, python, curl or wrk.
measure() {
  local tool=$1 c=$2 rep=$3 kind=$4 output=$5; shift 6
  local before after status
  before=$(worker_ticks)
  set +e
  timeout --kill-after=10 "$run_limit" "$gnu_time" -f '%e %U %S %M' -o "$work/time.txt" "$@" \
    >"$work/stdout-$tool-$c-$rep.log" 2>"$work/stderr-$tool-$c-$rep.log"
  status=$?
  set -e
  after=$(worker_ticks)
  "$py" "$here/record.py" "$tool" "$c" "$rep" "$status" "$work/time.txt" "$((after - before))" "$fetches" \
    "$kind" "$output" "$work/www/expected.tsv" >> "$runs"
}

run_tool() {
  local tool=$1 c=$2 rep=$3
  local out="$work/out-$tool-$c-$rep.jsonl" log="$work/stdout-$tool-$c-$rep.log"
  rm -f "$out"
  case "$tool" in
    gleaner)
      measure gleaner "$c" "$rep" gleaner "$out" -- "$gleaner_bin" run --urls "$work/urls.txt" --regex "$regex" \
        --concurrency "$c" --per-host "$c" --ignore-robots --retries 0 --out "$out" ;;
    gleaner-jit)
      measure gleaner-jit "$c" "$rep" gleaner "$out" -- dotnet "$gleaner_dll" run --urls "$work/urls.txt" --regex "$regex" \
        --concurrency "$c" --per-host "$c" --ignore-robots --retries 0 --out "$out" ;;
    aiohttp)
      measure aiohttp "$c" "$rep" python "$out" -- "$py" "$here/aiohttp_client.py" "$work/urls.txt" "$c" "$out" "$regex" ;;
    treq)
      measure treq "$c" "$rep" python "$out" -- "$py" "$here/treq_client.py" "$work/urls.txt" "$c" "$out" "$regex" ;;
    scrapy)
      measure scrapy "$c" "$rep" python "$out" -- "$py" -m scrapy runspider "$here/scrapy_spider.py" \
        -a urls="$work/urls.txt" -a regex="$regex" -s CONCURRENT_REQUESTS="$c" -s CONCURRENT_REQUESTS_PER_DOMAIN="$c" \
        -O "$out" ;;
    curl)
      # Transfer only: bodies to /dev/null, one status per transfer on stdout.
      measure curl "$c" "$rep" curl "$log" -- curl --parallel --parallel-max "$c" -s -w '%{http_code}\n' --config "$work/curl.cfg" ;;
    wrk)
      measure wrk "$c" "$rep" wrk "$log" -- wrk -t2 -c"$c" -d"$wrk_duration" "$base/p/0000.html" ;;
    *) echo "unknown tool $tool" >&2; exit 2 ;;
  esac
  rm -f "$out"   # 20,000 records per run add up; the check has read them
}

log "tools: $tools; concurrency: $concurrencies; repeats: $repeats; $fetches fetches of $pages pages"
# Repeats are the outer loop, so a drift in the machine's load spreads over every tool rather than hitting one.
for rep in $(seq "$repeats"); do
  for c in $concurrencies; do
    for tool in $tools; do
      run_tool "$tool" "$c" "$rep"
      sleep 1
    done
  done
done

# --- 5. the report ------------------------------------------------------------------------------------------------
date=$(date -u +%Y-%m-%d)
cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem_gib=$(awk '/^MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
os_name=$(. /etc/os-release && echo "$PRETTY_NAME")
versions=".NET SDK $(dotnet --version 2>/dev/null || echo '?'); $("$py" -c 'import scrapy, aiohttp, treq, twisted, sys; print(f"Python {sys.version.split()[0]}, Scrapy {scrapy.__version__}, aiohttp {aiohttp.__version__}, treq {treq.__version__}, Twisted {twisted.__version__}")'); $(curl --version | head -1 | cut -d' ' -f1-2); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); $("$nginx_bin" -v 2>&1 | sed 's/.*: //')"
"$py" -c 'import json, sys; json.dump(dict(zip(["date", "machine", "server", "job", "command", "versions"], sys.argv[2:])), open(sys.argv[1], "w"))' \
  "$work/meta.json" "$date" "$(nproc) CPUs ($cpu_model), $mem_gib GiB RAM, $os_name" \
  "nginx, 1 worker, access_log off, keepalive on, static ~10 KB pages on 127.0.0.1" \
  "$fetches fetches cycling $pages distinct pages (?n=i keeps each URL distinct), regex \`$regex\`, JSON lines out" \
  "$command_line" "$versions"
results="$here/results-$date.md"
"$py" "$here/report.py" "$runs" "$work/meta.json" > "$results"
cp "$runs" "$here/runs-$date.jsonl"
cat "$results"
log "wrote $results and $here/runs-$date.jsonl"

if [ "$readme" = 1 ] && [ -f "$repo/bench/README.md" ] && grep -q '<!-- compare:begin -->' "$repo/bench/README.md"; then
  "$py" - "$repo/bench/README.md" "$results" <<'PY'
import re, sys
readme, results = sys.argv[1], open(sys.argv[2], encoding="utf-8").read().strip()
text = open(readme, encoding="utf-8").read()
text = re.sub(r"(<!-- compare:begin -->\n).*?(<!-- compare:end -->)", lambda m: m.group(1) + results + "\n" + m.group(2), text, flags=re.S)
open(readme, "w", encoding="utf-8").write(text)
PY
  log "updated bench/README.md"
fi
