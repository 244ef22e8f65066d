#!/usr/bin/env bash
# The end-to-end comparison over TLS: bench/compare's job (its pages, regex, clients and checks) against one nginx
# with its own certificate authority, on three ports: plain http (the baseline), https with HTTP/1.1 only (h1), and
# https offering HTTP/2 by ALPN (h2). Gleaner (the native binary), curl --parallel (--http1.1 on h1, --http2 on h2,
# where it multiplexes) and aiohttp (HTTP/1.1 only) fetch the same URLs; every output is checked. Before the runs each
# tool fetches a few probe pages whose requests nginx logs, so the table says which protocol it actually used.
# Prints a markdown table and writes bench/tls/results-DATE.md, runs-DATE.jsonl and bench/README.md's TLS section.
#
# usage: bench/tls/run.sh [--repeats N] [--concurrency "64"] [--tools "gleaner curl aiohttp"]
#                         [--servers "http h1 h2"] [--fetches N] [--pages N] [--no-install] [--no-build]
#                         [--no-readme] [--keep]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
compare=$(cd "$here/../compare" && pwd)
repo=$(cd "$here/../.." && pwd)
command_line="bench/tls/run.sh $*"

repeats=3
concurrencies="64"
tools="gleaner curl aiohttp"
servers="http h1 h2"
fetches=10000
pages=2000
install=1
build=1
readme=1
keep=0
regex='(-?\d+(?:\.\d+)?)\s*(?:&deg;|°)?\s*F'
# A bound on every run, whatever a tool does: aiohttp, the slowest, needs ~5 s for 10,000 pages over TLS here.
run_limit=120

while [ $# -gt 0 ]; do
  case "$1" in
    --repeats) repeats=$2; shift 2 ;;
    --concurrency) concurrencies=$2; shift 2 ;;
    --tools) tools=$2; shift 2 ;;
    --servers) servers=$2; shift 2 ;;
    --fetches) fetches=$2; shift 2 ;;
    --pages) pages=$2; shift 2 ;;
    --no-install) install=0; shift ;;
    --no-build) build=0; shift ;;
    --no-readme) readme=0; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

# shellcheck source=../lib.sh
. "$here/../lib.sh"

# --- 1. Debian packages ---------------------------------------------------------------------------------------------
packages="nginx-light python3-aiohttp curl time openssl"
# shellcheck disable=SC2086
[ "$install" = 0 ] || install_missing $packages
py=/usr/bin/python3   # not a pyenv/venv python: the Debian packages live in its dist-packages
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
gnu_time=/usr/bin/time
for need in "$py" "$nginx_bin" "$gnu_time"; do
  [ -x "$need" ] || { echo "missing $need (run without --no-install)" >&2; exit 1; }
done

# --- 2. Gleaner: the native binary users install (GLEANER_BIN points at another build) ------------------------------
gleaner_out=$(mktemp -d /tmp/gleaner-tls-build.XXXXXX)
gleaner_bin="${GLEANER_BIN:-$gleaner_out/gleaner}"
if [[ " $tools " == *" gleaner "* ]]; then
  if [ "$build" = 1 ] && [ -z "${GLEANER_BIN:-}" ]; then
    log "publishing Gleaner (native)"
    dotnet publish "$repo/src/Gleaner.Cli" -o "$gleaner_out" -nologo -v quiet >/dev/null
  fi
  [ -x "$gleaner_bin" ] || { echo "no $gleaner_bin (publish it, or run without --no-build)" >&2; exit 1; }
fi

# --- 3. certificates, pages and nginx -------------------------------------------------------------------------------
work=$(mktemp -d /tmp/gleaner-tls.XXXXXX)
chmod 755 "$work"   # nginx's worker runs as nobody and must read the pages
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

"$here/make_certs.sh" "$work/tls"
ca="$work/tls/ca.pem"

free_port() { "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
declare -A port base listen
port[http]=$(free_port); listen[http]=""
port[h1]=$(free_port); listen[h1]=" ssl"
port[h2]=$(free_port); listen[h2]=" ssl http2"   # nginx 1.22: `http2 on;` came in 1.25.1
for s in http h1 h2; do
  scheme=https; [ "$s" = http ] && scheme=http
  base[$s]="$scheme://127.0.0.1:${port[$s]}"
done

log "generating $pages pages and $fetches URLs in $work"
"$py" "$compare/gen_pages.py" "$work/www" "$pages" "${base[http]}" "$fetches" "$work/urls-http.txt"
for s in h1 h2; do sed "s#^${base[http]}/#${base[$s]}/#" "$work/urls-http.txt" > "$work/urls-$s.txt"; done
# The probe: a few pages under /probe/, the only requests nginx logs ($server_protocol $ssl_protocol).
for s in http h1 h2; do
  for i in 0 1 2; do echo "${base[$s]}/probe/p/000$i.html?n=$i"; done > "$work/probe-$s.txt"
done
: > "$work/protocols.log"

server_blocks=""
for s in http h1 h2; do
  server_blocks+="
    server {
        listen 127.0.0.1:${port[$s]}${listen[$s]};
        root $work/www;
        location / { }
        location /probe/ { alias $work/www/; access_log $work/protocols.log protocol; }
    }"
done
mkdir -p "$work/nginx-temp"
cat > "$work/nginx.conf" <<EOF
worker_processes 1;
daemon on;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    log_format protocol '\$server_protocol \$ssl_protocol';
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65s;
    keepalive_requests 1000000;
    types { text/html html; }
    default_type text/html;
    ssl_certificate $work/tls/server.pem;
    ssl_certificate_key $work/tls/server.key;
    ssl_protocols TLSv1.2 TLSv1.3;   # nginx 1.22's default leaves TLS 1.3 out
    client_body_temp_path $work/nginx-temp/body;
    proxy_temp_path $work/nginx-temp/proxy;
    fastcgi_temp_path $work/nginx-temp/fastcgi;
    uwsgi_temp_path $work/nginx-temp/uwsgi;
    scgi_temp_path $work/nginx-temp/scgi;
$server_blocks
}
EOF
"$nginx_bin" -p "$work" -e "$work/nginx-error.log" -c "$work/nginx.conf"
for s in http h1 h2; do
  for _ in $(seq 50); do curl -fsS --cacert "$ca" -o /dev/null "${base[$s]}/p/0000.html" 2>/dev/null && break; sleep 0.1; done
  curl -fsS --cacert "$ca" -o /dev/null "${base[$s]}/p/0000.html" || { echo "nginx did not come up on $s; see $work/nginx-error.log" >&2; exit 1; }
done
nginx_worker=$(pgrep -P "$(cat "$work/nginx.pid")" | head -1)
worker_ticks() { awk '{ print $14 + $15 }' "/proc/$nginx_worker/stat"; }

# Gleaner is told of the CA with --ca-cert when it has the flag, else through OpenSSL's SSL_CERT_FILE (which .NET
# reads on Linux; it then trusts that file alone, which is all these runs need).
if [[ " $tools " == *" gleaner "* ]] && "$gleaner_bin" run --help 2>/dev/null | grep -q -- '--ca-cert'; then
  gleaner_trust=(--ca-cert "$ca"); gleaner_env=(); trust_how="--ca-cert"
else
  gleaner_trust=(); gleaner_env=(env "SSL_CERT_FILE=$ca"); trust_how="SSL_CERT_FILE"
fi

# command_for TOOL SERVER C URLS OUT: sets cmd (the command line) and kind (how check.py reads its output). curl
# and the check read curl's statuses from its stdout, so OUT is where its stdout goes.
command_for() {
  local tool=$1 s=$2 c=$3 urls=$4 out=$5
  case "$tool" in
    gleaner)
      kind=gleaner
      cmd=("${gleaner_env[@]}" "$gleaner_bin" run --urls "$urls" --regex "$regex" --concurrency "$c" --per-host "$c"
           --ignore-robots --retries 0 --out "$out" "${gleaner_trust[@]}") ;;
    curl)
      local version=(); [ "$s" = h1 ] && version=(--http1.1); [ "$s" = h2 ] && version=(--http2)
      awk '{ printf "url = \"%s\"\noutput = \"/dev/null\"\n", $0 }' "$urls" > "$urls.curl"
      kind=curl
      cmd=(curl --parallel --parallel-max "$c" -s -w '%{http_code}\n' --cacert "$ca" "${version[@]}" --config "$urls.curl") ;;
    aiohttp)
      kind=python
      cmd=("$py" "$compare/aiohttp_client.py" "$urls" "$c" "$out" "$regex" "$ca") ;;
    *) echo "unknown tool $tool" >&2; exit 2 ;;
  esac
}

# --- 4. the probe: which protocol each tool speaks to each server, as nginx logs it ---------------------------------
declare -A protocol
c_probe=${concurrencies%% *}
for s in $servers; do
  for tool in $tools; do
    command_for "$tool" "$s" "$c_probe" "$work/probe-$s.txt" "$work/probe-$tool-$s.jsonl"
    from=$(wc -l < "$work/protocols.log")
    if [ "$kind" = curl ]; then out_to="$work/probe-$tool-$s.jsonl"; else out_to="$work/probe-$tool-$s.log"; fi
    timeout --kill-after=10 60 "${cmd[@]}" > "$out_to" 2>"$work/probe-$tool-$s.err" \
      || { echo "probe of $tool on $s failed; see $work/probe-$tool-$s.err" >&2; exit 1; }
    protocol[$tool@$s]=$("$py" "$here/protocols.py" log "$work/protocols.log" "$from")
    log "probe: $tool on $s: ${protocol[$tool@$s]}"
  done
done

# --- 5. the runs ----------------------------------------------------------------------------------------------------
runs="$work/runs.jsonl"
: > "$runs"

# run_tool TOOL SERVER C REPEAT: runs the tool's command under GNU time (bounded by $run_limit), checks its output,
# appends one JSON line to $runs with the server and the protocols seen.
run_tool() {
  local tool=$1 s=$2 c=$3 rep=$4
  local name="$tool-$s-$c-$rep"
  local out="$work/out-$name.jsonl" before after status said=""
  rm -f "$out"
  command_for "$tool" "$s" "$c" "$work/urls-$s.txt" "$out"
  [ "$kind" = curl ] && out="$work/stdout-$name.log"
  before=$(worker_ticks)
  set +e
  timeout --kill-after=10 "$run_limit" "$gnu_time" -f '%e %U %S %M' -o "$work/time.txt" "${cmd[@]}" \
    >"$work/stdout-$name.log" 2>"$work/stderr-$name.log"
  status=$?
  set -e
  after=$(worker_ticks)
  [ "$kind" = gleaner ] && [ -f "$out" ] && said=$("$py" "$here/protocols.py" records "$out")
  "$py" "$compare/record.py" "$tool" "$c" "$rep" "$status" "$work/time.txt" "$((after - before))" "$fetches" \
    "$kind" "$out" "$work/www/expected.tsv" "server=$s" "protocol_seen=${protocol[$tool@$s]}" "protocol_said=$said" >> "$runs"
  [ "$kind" = curl ] || rm -f "$out"   # the check has read them
}

log "tools: $tools; servers: $servers; concurrency: $concurrencies; repeats: $repeats; $fetches fetches of $pages pages; Gleaner trusts the CA by $trust_how"
# Repeats are the outer loop, so a drift in the machine's load spreads over every tool and server.
for rep in $(seq "$repeats"); do
  for c in $concurrencies; do
    for s in $servers; do
      for tool in $tools; do
        run_tool "$tool" "$s" "$c" "$rep"
        sleep 1
      done
    done
  done
done

# --- 6. the report --------------------------------------------------------------------------------------------------
date=$(date -u +%Y-%m-%d)
cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem_gib=$(awk '/^MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
os_name=$(. /etc/os-release && echo "$PRETTY_NAME")
versions=".NET SDK $(dotnet --version 2>/dev/null || echo '?'); $("$py" -c 'import aiohttp, sys; print(f"Python {sys.version.split()[0]}, aiohttp {aiohttp.__version__}")'); $(curl --version | head -1 | cut -d' ' -f1-2,4-5); $("$nginx_bin" -v 2>&1 | sed 's/.*: //'); $(openssl version | cut -d' ' -f1-2)"
"$py" -c 'import json, sys; json.dump(dict(zip(["date", "machine", "server", "job", "trust", "command", "versions"], sys.argv[2:])), open(sys.argv[1], "w"))' \
  "$work/meta.json" "$date" "$(nproc) CPUs ($cpu_model), $mem_gib GiB RAM, $os_name" \
  "nginx, 1 worker, access_log off, keepalive on, static ~10 KB pages on 127.0.0.1; TLS 1.2 and 1.3 offered, ECDSA P-256 certificate from the run's own CA" \
  "$fetches fetches cycling $pages distinct pages (?n=i keeps each URL distinct), regex \`$regex\`, JSON lines out" \
  "Gleaner by $trust_how, curl by --cacert, aiohttp by ssl.create_default_context(cafile=...)" \
  "$command_line" "$versions"
results="$here/results-$date.md"
"$py" "$here/report.py" "$runs" "$work/meta.json" > "$results"
cp "$runs" "$here/runs-$date.jsonl"
cat "$results"
log "wrote $results and $here/runs-$date.jsonl"

if [ "$readme" = 1 ] && [ -f "$repo/bench/README.md" ] && grep -q '<!-- tls:begin -->' "$repo/bench/README.md"; then
  "$py" - "$repo/bench/README.md" "$results" <<'PY'
import re, sys
readme, results = sys.argv[1], open(sys.argv[2], encoding="utf-8").read().strip()
text = open(readme, encoding="utf-8").read()
text = re.sub(r"(<!-- tls:begin -->\n).*?(<!-- tls:end -->)", lambda m: m.group(1) + results + "\n" + m.group(2), text, flags=re.S)
open(readme, "w", encoding="utf-8").write(text)
PY
  log "updated bench/README.md"
fi
