#!/usr/bin/env bash
# What one machine can show of cluster mode (issue 12), all on 127.0.0.1, every run bounded in time:
#   coord     the same job (compare's pages and regex; URLS URLs over HOSTS host:port keys of one nginx, --per-host 64,
#             --ignore-robots) by native `gleaner run`, JIT `gleaner run`, one silo + `gleaner-cluster run`, three
#             silos on one Redis + `gleaner-cluster run`: records/s and CPU s per 1,000 records of every process
#             of the run (client, silos, Redis; not nginx), REPEATS times each, interleaved.
#   grants    grants/GrantBench: callers hammering one IHostGrain in Orleans' in-process test cluster.
#   recovery  three silos on Redis, 3,000 targets that answer after 100 ms over 2 host:port keys at --per-host 8;
#             one silo SIGKILLed when a third of the records are out; kill -> last "answered again" note, fetches the
#             server saw minus targets, records exactly once. REPEATS times, each on fresh silos.
#   watch     three silos on Redis sharing a PostgreSQL store (Debian's postgresql, initdb'd in the work dir),
#             WATCH_TARGETS targets (default 2,000) every 10 s over 2 host:port keys: after a 30 s warm-up, for 60 s,
#             samples/s, CPU per sample of the silos + Redis and of PostgreSQL, lateness (started - due) p50/p99; then
#             one silo SIGKILLed: kill -> each target's first sample after it (p50, max), due times kept twice, targets
#             with no sample in the 60 s after the kill. REPEATS times, each on fresh processes.
# Results: bench/cluster/results/DATE-PART.jsonl (one JSON object per run, with the load average at its start) and a
# summary on stdout (report.py).
#
#   bench/cluster/run.sh [--parts "coord grants recovery watch"] [--repeats 3] [--urls 10000] [--hosts 4] [--no-build] [--keep]
#   GLEANER_BIN=path/to/native/gleaner ...   measure that binary instead of publishing one
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
parts="coord grants recovery watch"
repeats=3
urls=10000
hosts=4
per_host=64
build=1
keep=0
regex='(-?\d+(?:\.\d+)?)\s*(?:&deg;|°)?\s*F'
run_limit=300   # seconds, any one client run

while [ $# -gt 0 ]; do
  case "$1" in
    --parts) parts=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;;
    --urls) urls=$2; shift 2 ;;
    --hosts) hosts=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

# shellcheck source=../lib.sh
. "$here/../lib.sh"
py=/usr/bin/python3
gnu_time=/usr/bin/time
for need in "$py" "$gnu_time" /usr/sbin/nginx /usr/bin/redis-server /usr/bin/psql; do
  [ -x "$need" ] || { echo "missing $need (Debian: time nginx-light redis-server postgresql)" >&2; exit 1; }
done

work=$(mktemp -d /tmp/gleaner-cluster-bench.XXXXXX)
chmod 755 "$work"
started_pids=()
cleanup() {
  for pid in "${started_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  sleep 0.5
  if [ "$keep" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- builds -------------------------------------------------------------------------------------------------------
cluster_dll="$repo/src/Gleaner.Cluster.Host/bin/Release/net10.0/gleaner-cluster.dll"
cli_dll="$repo/src/Gleaner.Cli/bin/Release/net10.0/Gleaner.Cli.dll"
grant_dll="$here/grants/bin/Release/net10.0/GrantBench.dll"
gleaner_bin="${GLEANER_BIN:-$work/native/gleaner}"
if [ "$build" = 1 ]; then
  log "building gleaner-cluster, gleaner (JIT) and GrantBench (Release)"
  dotnet build "$repo/src/Gleaner.Cluster.Host" -c Release -nologo -v quiet >/dev/null
  dotnet build "$repo/src/Gleaner.Cli" -c Release -nologo -v quiet >/dev/null
  dotnet build "$here/grants" -c Release -nologo -v quiet >/dev/null
  if [ -z "${GLEANER_BIN:-}" ] && [[ " $parts " == *" coord "* ]]; then
    log "publishing gleaner (native)"
    dotnet publish "$repo/src/Gleaner.Cli" -o "$work/native" -nologo -v quiet >/dev/null
  fi
fi

free_port() { "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }
# The machine is shared: before a run, wait (at most QUIET_WAIT s) for the 1-minute load average to fall below
# QUIET_LOAD, then run anyway; every result carries the load average at its start.
quiet_load=${QUIET_LOAD:-3}
quiet_wait=${QUIET_WAIT:-30}
wait_quiet() {
  local deadline=$((SECONDS + quiet_wait))
  while awk -v max="$quiet_load" '{ exit !($1 >= max) }' /proc/loadavg && [ $SECONDS -lt $deadline ]; do sleep 1; done
}
# CPU ticks (user + sys, 1/100 s) of the processes given, summed.
# A process gone meanwhile (a PostgreSQL backend that ended) counts nothing.
ticks() { local t=0 pid; for pid in "$@"; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0))); done; echo "$t"; }

# wait_line FILE TEXT SECONDS: a bounded poll on a child's log (a process is observed).
wait_line() {
  local deadline=$((SECONDS + $3))
  until grep -q -- "$2" "$1" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { echo "no '$2' in $1 within $3 s" >&2; tail -5 "$1" >&2; return 1; }
    sleep 0.1
  done
}

start_redis() {  # sets redis_pid, redis_endpoint
  local port dir; port=$(free_port); dir=$(mktemp -d "$work/redis.XXXX")
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" >"$dir/log" 2>&1 &
  redis_pid=$!; started_pids+=("$redis_pid")
  wait_line "$dir/log" "Ready to accept connections" 10
  redis_endpoint="127.0.0.1:$port"
}

start_silo() {  # start_silo NAME [--redis EP]: sets silo_pid, silo_gateway
  local name=$1; shift
  local port gateway; port=$(free_port); gateway=$(free_port)
  dotnet "$cluster_dll" silo --port "$port" --gateway-port "$gateway" "$@" >"$work/silo-$name.log" 2>&1 &
  silo_pid=$!; started_pids+=("$silo_pid")
  silo_gateway=$gateway
  wait_line "$work/silo-$name.log" "silo up: " 60
}

# stop_pid PID: SIGTERM, then SIGKILL if it has not exited within 15 s; returns once it is gone.
stop_pid() {
  kill "$1" 2>/dev/null || true
  local deadline=$((SECONDS + 15))
  while kill -0 "$1" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

date=$(date -u +%Y-%m-%d)
mkdir -p "$here/results"
log "work dir $work; load average $(load_avg)"

# --- 1. coordination cost -----------------------------------------------------------------------------------------
coord() {
  local out_jsonl="$here/results/$date-coord.jsonl"
  : >"$out_jsonl"
  mkdir -p "$work/nginx-temp"
  local ports=() p listen=""
  for _ in $(seq "$hosts"); do p=$(free_port); ports+=("$p"); listen+="listen 127.0.0.1:$p; "; done
  "$py" "$repo/bench/compare/gen_pages.py" "$work/www" 2000 "http://127.0.0.1:PORT" "$urls" "$work/urls.one"
  # URL n goes to host key n mod HOSTS.
  awk -v ports="${ports[*]}" 'BEGIN { n = split(ports, p, " ") } { sub(/PORT/, p[(NR - 1) % n + 1]); print }' "$work/urls.one" >"$work/urls.txt"
  head -2000 "$work/urls.txt" >"$work/urls-warm.txt"
  cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
daemon on;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off; sendfile on; tcp_nopush on; tcp_nodelay on;
    keepalive_timeout 65s; keepalive_requests 1000000;
    types { text/html html; } default_type text/html;
    client_body_temp_path $work/nginx-temp/body; proxy_temp_path $work/nginx-temp/proxy;
    fastcgi_temp_path $work/nginx-temp/fastcgi; uwsgi_temp_path $work/nginx-temp/uwsgi; scgi_temp_path $work/nginx-temp/scgi;
    server { $listen root $work/www; location / { } }
}
NGINX
  /usr/sbin/nginx -p "$work" -e "$work/nginx-error.log" -c "$work/nginx.conf"
  wait_line "$work/nginx.pid" "" 10

  local one_pid one_gateway three_redis three_ep three_pids=()
  start_one() { start_silo one; one_pid=$silo_pid; one_gateway=$silo_gateway; }
  start_three() {
    start_redis; three_redis=$redis_pid; three_ep=$redis_endpoint; three_pids=()
    for i in 1 2 3; do start_silo "three-$i" --redis "$three_ep"; three_pids+=("$silo_pid"); done
  }
  # A silo that is gone before a run (it happened on the shared machine, with no line in its log) is reported with
  # its exit status and its setup started and warmed again, so no run is measured on a cluster short of a silo.
  ensure() {
    local setup=$1 pid dead=""; shift
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; dead+=" $pid (exit $?)"; }; done
    [ -z "$dead" ] && return 0
    log "coord: $setup lost a process:$dead; starting it again"
    echo "{\"event\": \"restart\", \"setup\": \"$setup\", \"dead\": \"${dead# }\", \"at\": \"$(date -u +%H:%M:%S)\"}" >>"$here/results/$date-coord-events.jsonl"
    if [ "$setup" = one-silo ]; then stop_pid "$one_pid"; start_one; else for pid in "${three_pids[@]}" "$three_redis"; do stop_pid "$pid"; done; start_three; fi
    run_mode "$setup" warm "$work/urls-warm.txt"
  }
  log "starting one silo (localhost clustering) and three on a Redis"
  start_one; start_three

  local flags=(--regex "$regex" --concurrency $((per_host * hosts)) --per-host "$per_host" --ignore-robots --retries 0)
  # measure MODE REP URLS PIDS... -- COMMAND...: the client under GNU time; the silos' and Redis's ticks around it.
  measure() {
    local mode=$1 rep=$2 list=$3; shift 3
    local pids=() ; while [ "$1" != -- ]; do pids+=("$1"); shift; done; shift
    local out="$work/out-$mode-$rep.jsonl" load before after status
    rm -f "$out"; load=$(load_avg)
    before=$([ ${#pids[@]} -gt 0 ] && ticks "${pids[@]}" || echo 0)
    set +e
    timeout --kill-after=10 "$run_limit" "$gnu_time" -f '%e %U %S %M' -o "$work/time.txt" "$@" --urls "$list" "${flags[@]}" --out "$out" \
      >"$work/stdout-$mode-$rep.log" 2>"$work/stderr-$mode-$rep.log"
    status=$?
    set -e
    after=$([ ${#pids[@]} -gt 0 ] && ticks "${pids[@]}" || echo 0)
    [ "$rep" = warm ] && { rm -f "$out"; return; }
    "$py" - "$mode" "$rep" "$status" "$load" "$work/time.txt" "$((after - before))" \
      "$("$py" "$repo/bench/compare/check.py" gleaner "$out" "$work/www/expected.tsv" "$urls")" >>"$out_jsonl" <<'PY'
import json, sys
mode, rep, status, load, time_file, ticks, check = sys.argv[1:]
wall, user, sys_, rss = open(time_file).read().split()[-4:]
check = json.loads(check)
client = float(user) + float(sys_)
others = int(ticks) / 100
print(json.dumps({"mode": mode, "rep": int(rep), "exit": int(status), "load": load, "wall_s": float(wall),
                  "client_cpu_s": round(client, 2), "silos_cpu_s": others, "cpu_s": round(client + others, 2),
                  "client_max_rss_kb": int(rss), "records": check["records"], "correct": check["correct"],
                  "problems": check["problems"]}))
PY
    # A record that is not right is kept whole, to be read later.
    if ! tail -1 "$out_jsonl" | grep -q '"problems": \[\]'; then grep -v '"outcome": *"ok"' "$out" >"$here/results/$date-coord-$mode-$rep-problems.jsonl" || true; fi
    rm -f "$out"
    tail -1 "$out_jsonl" >&2
  }
  run_mode() {
    local mode=$1 rep=$2 list=$3
    case "$mode" in
      native) measure native "$rep" "$list" -- "$gleaner_bin" run ;;
      jit) measure jit "$rep" "$list" -- dotnet "$cli_dll" run ;;
      one-silo) [ "$rep" = warm ] || ensure one-silo "$one_pid"; measure one-silo "$rep" "$list" "$one_pid" -- dotnet "$cluster_dll" run --gateway-port "$one_gateway" ;;
      three-silos) [ "$rep" = warm ] || ensure three-silos "${three_pids[@]}" "$three_redis"; measure three-silos "$rep" "$list" "${three_pids[@]}" "$three_redis" -- dotnet "$cluster_dll" run --redis "$three_ep" ;;
    esac
  }
  log "warming the silos (2,000 URLs each)"
  run_mode one-silo warm "$work/urls-warm.txt"; run_mode three-silos warm "$work/urls-warm.txt"
  for rep in $(seq "$repeats"); do
    for mode in native jit one-silo three-silos; do
      wait_quiet
      log "coord: $mode, run $rep (load $(load_avg))"
      run_mode "$mode" "$rep" "$work/urls.txt"
      sleep 1
    done
  done
  for pid in "$one_pid" "${three_pids[@]}"; do stop_pid "$pid"; done
  stop_pid "$three_redis"
  kill "$(cat "$work/nginx.pid")"
  log "wrote $out_jsonl"
}

# --- 2. host-grain grants -----------------------------------------------------------------------------------------
grants() {
  local out_jsonl="$here/results/$date-grants.jsonl"
  : >"$out_jsonl"
  for rep in $(seq "$repeats"); do
    wait_quiet
    local load; load=$(load_avg)
    log "grants: run $rep (load $load)"
    # Orleans' test cluster writes its logs under ./logs: the work dir, not the repository.
    (cd "$work" && timeout --kill-after=10 300 dotnet "$grant_dll" --silos 1 --callers "1 16 64" --seconds 10 --max-grants 200000) \
      | "$py" -c 'import json, sys; [print(json.dumps({"rep": int(sys.argv[1]), "load": sys.argv[2], **json.loads(l)})) for l in sys.stdin if l.strip()]' "$rep" "$load" \
      >>"$out_jsonl"
  done
  log "wrote $out_jsonl"
}

# --- 3. recovery --------------------------------------------------------------------------------------------------
recovery() {
  local out_jsonl="$here/results/$date-recovery.jsonl" targets=3000 delay_ms=100 rec_per_host=8
  : >"$out_jsonl"
  for rep in $(seq "$repeats"); do
    local dir="$work/recovery-$rep"; mkdir -p "$dir"
    # Fresh ports each run, so nothing left of the last run can answer for this one's server.
    local p1 p2; p1=$(free_port); p2=$(free_port)
    seq 0 $((targets - 1)) | awk -v a="$p1" -v b="$p2" '{ printf "http://127.0.0.1:%s/p/%d?n=%d\n", ($1 % 2 ? b : a), $1, $1 }' >"$dir/urls.txt"
    "$py" "$here/countserver.py" "$delay_ms" "$dir/counts.json" "$p1" "$p2" >"$dir/server.log" 2>&1 &
    local server=$!; started_pids+=("$server")
    wait_line "$dir/server.log" listening 10
    start_redis
    local silos=()
    for i in 1 2 3; do start_silo "rec-$rep-$i" --redis "$redis_endpoint"; silos+=("$silo_pid"); done
    wait_quiet
    kill -0 "$server" 2>/dev/null || { echo "recovery run $rep: the counting server is gone before the run; see $dir/server.log" >&2; return 1; }
    local load; load=$(load_avg)
    log "recovery: run $rep (load $load)"
    # Every stderr line with the time it arrived, to time the notes against the kill.
    ( timeout --kill-after=10 "$run_limit" dotnet "$cluster_dll" run --urls "$dir/urls.txt" --redis "$redis_endpoint" \
        --regex 'v=(\d+)' --concurrency 64 --per-host "$rec_per_host" --ignore-robots --out "$dir/out.jsonl" 2>&1 >/dev/null; echo "exit $?" ) \
      | while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done >"$dir/client.log" &
    local client=$!
    local deadline=$((SECONDS + 60)) killed_at=""
    while [ $SECONDS -lt $deadline ]; do
      if [ "$(wc -l 2>/dev/null <"$dir/out.jsonl" || echo 0)" -ge $((targets / 3)) ]; then
        killed_at=$(date +%s.%N); kill -KILL "${silos[1]}"; break
      fi
      sleep 0.05
    done
    wait "$client" || true
    for pid in "${silos[0]}" "${silos[2]}"; do stop_pid "$pid"; done
    stop_pid "$redis_pid"; stop_pid "$server"
    "$py" - "$rep" "$load" "$killed_at" "$dir/client.log" "$dir/counts.json" "$dir/out.jsonl" "$targets" >>"$out_jsonl" <<'PY'
import json, re, sys
rep, load, killed_at, client_log, counts_file, out_file, targets = sys.argv[1:]
targets = int(targets)
notes, exit_code = [], None
for line in open(client_log, encoding="utf-8"):
    at, _, text = line.rstrip("\n").partition(" ")
    if text.startswith("exit "):
        exit_code = int(text[5:])
    elif "answered again" in text or "stops answering" in text or "stopped answering" in text or text.startswith("note:"):
        notes.append((float(at), text))
killed = float(killed_at) if killed_at else None
# Notes before the kill are pieces that were slow to answer, not the dead silo's; only those after it are timed.
after = [(at, text) for at, text in notes if killed is not None and at >= killed]
again = [at for at, text in after if "answered again" in text]
lost = [at for at, text in after if "did not answer" in text]
started = None
for line in open(client_log, encoding="utf-8"):
    started = float(line.split(" ", 1)[0]); break
counts = json.load(open(counts_file))
keys, outcomes, lines = set(), {}, 0
for line in open(out_file, encoding="utf-8"):
    r = json.loads(line); lines += 1
    keys.add(r.get("url")); outcomes[r.get("outcome")] = outcomes.get(r.get("outcome"), 0) + 1
print(json.dumps({"rep": int(rep), "load": load, "exit": exit_code, "killed": killed is not None,
                  "kill_at_s": round(killed - started, 2) if killed and started else None,
                  "kill_to_first_did_not_answer_s": round(min(lost) - killed, 2) if lost else None,
                  "kill_to_last_answered_again_s": round(max(again) - killed, 2) if again else None,
                  "pieces_lost": len(lost), "notes_before_kill": len(notes) - len(after),
                  "note_texts": [t for _, t in after][:4],
                  "fetches": counts["requests"], "extra_fetches": counts["requests"] - targets,
                  "records": lines, "distinct_urls": len(keys), "outcomes": outcomes,
                  "exactly_once": lines == targets and len(keys) == targets,
                  "all_ok": outcomes.get("ok", 0) == targets}))
PY
    tail -1 "$out_jsonl" >&2
  done
  log "wrote $out_jsonl"
}

# --- 4. watch -----------------------------------------------------------------------------------------------------
start_postgres() {  # sets pg_pid_dir, pg_port, pg_conn; PostgreSQL refuses root, so under root it runs as nobody
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  pg_pid_dir=$(mktemp -d /tmp/gleaner-bench-pg.XXXXXX); pg_port=$(free_port)
  pg_as=(); if [ "$(id -u)" = 0 ]; then chown nobody "$pg_pid_dir"; pg_as=(runuser -u nobody --); fi
  "${pg_as[@]}" "$pg_bin/initdb" -D "$pg_pid_dir/data" -U gleaner -A trust -E UTF8 --locale=C >/dev/null
  "${pg_as[@]}" "$pg_bin/pg_ctl" start -w -D "$pg_pid_dir/data" -l "$pg_pid_dir/log" \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_pid_dir" >/dev/null
  pg_conn="Host=127.0.0.1;Port=$pg_port;Database=postgres;Username=gleaner"
}
stop_postgres() { "${pg_as[@]}" "$pg_bin/pg_ctl" stop -D "$pg_pid_dir/data" -m fast >/dev/null 2>&1 || true; rm -rf "$pg_pid_dir"; }
# The server's processes: its postmaster (its pid file's first line) and every child of it.
pg_pids() {
  local main; main=$(head -1 "$pg_pid_dir/data/postmaster.pid")
  echo "$main $(pgrep -P "$main" | tr '\n' ' ')"
}
sql() { psql -h 127.0.0.1 -p "$pg_port" -U gleaner -d postgres -At -F ' ' -c "$1"; }

watch() {
  local out_jsonl="$here/results/$date-watch.jsonl" targets=${WATCH_TARGETS:-2000} every=10 window=60
  : >"$out_jsonl"
  for rep in $(seq "$repeats"); do
    local dir="$work/watch-$rep"; mkdir -p "$dir"
    local p1 p2; p1=$(free_port); p2=$(free_port)
    { printf 'defaults:\n  every: %ss\n  allow_private: true\ntargets:\n' "$every"
      seq 0 $((targets - 1)) | awk -v a="$p1" -v b="$p2" '{ printf "  - name: t%05d\n    url: http://127.0.0.1:%s/p/%d?n=%d\n    extract: { regex: \"v=(\\\\d+)\" }\n    value: { type: integer }\n", $1, ($1 % 2 ? b : a), $1, $1 }'
    } >"$dir/watch.yaml"
    "$py" "$here/countserver.py" 0 "$dir/counts.json" "$p1" "$p2" >"$dir/server.log" 2>&1 &
    local server=$!; started_pids+=("$server")
    wait_line "$dir/server.log" listening 10
    start_redis; start_postgres
    local silos=()
    for i in 1 2 3; do start_silo "watch-$rep-$i" --redis "$redis_endpoint" --store "$pg_conn"; silos+=("$silo_pid"); done
    wait_quiet
    dotnet "$cluster_dll" watch "$dir/watch.yaml" --redis "$redis_endpoint" --ignore-robots --per-host 16 >"$dir/register.log" 2>&1
    log "watch: run $rep, $targets targets every ${every}s registered; warming 30 s"
    sleep 30
    local load t0 t1 before after pg_before pg_after
    load=$(load_avg); t0=$(date +%s.%N)
    before=$(ticks "${silos[@]}" "$redis_pid"); pg_before=$(ticks $(pg_pids))
    sleep "$window"
    after=$(ticks "${silos[@]}" "$redis_pid"); pg_after=$(ticks $(pg_pids)); t1=$(date +%s.%N)
    local steady; steady=$(sql "SELECT count(*), coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM started - due)), 0),
        coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM started - due)), 0)
        FROM gleaner_watch_samples WHERE started >= to_timestamp($t0) AND started < to_timestamp($t1)")
    log "watch: run $rep, killing one silo"
    local killed; killed=$(date +%s.%N); kill -KILL "${silos[1]}"
    sleep "$window"
    local recovery; recovery=$(sql "WITH firsts AS (SELECT target, min(started) AS first FROM gleaner_watch_samples WHERE started > to_timestamp($killed) GROUP BY target)
        SELECT (SELECT count(*) FROM gleaner_watch_registry) - count(*),
               coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first) - $killed), 0),
               coalesce(max(extract(epoch FROM first) - $killed), 0),
               count(*) FILTER (WHERE extract(epoch FROM first) - $killed > $every + 1)
        FROM firsts")
    local twice; twice=$(sql "SELECT count(*) - count(DISTINCT (target, due)) FROM gleaner_watch_samples")
    for pid in "${silos[0]}" "${silos[2]}"; do stop_pid "$pid"; done
    stop_pid "$redis_pid"; stop_pid "$server"; stop_postgres
    "$py" - "$rep" "$load" "$targets" "$every" "$t0" "$t1" "$((after - before))" "$((pg_after - pg_before))" "$steady" "$recovery" "$twice" >>"$out_jsonl" <<'PY'
import json, sys
rep, load, targets, every, t0, t1, ticks, pg_ticks, steady, recovery, twice = sys.argv[1:]
samples, late50, late99 = steady.split()
missing, back50, back_max, late_targets = recovery.split()
samples, seconds = int(samples), float(t1) - float(t0)
print(json.dumps({"rep": int(rep), "load": load, "targets": int(targets), "every_s": int(every),
                  "samples": samples, "samples_per_s": round(samples / seconds, 1),
                  "silos_cpu_ms_per_sample": round(int(ticks) * 10 / samples, 3) if samples else None,
                  "postgres_cpu_ms_per_sample": round(int(pg_ticks) * 10 / samples, 3) if samples else None,
                  "lateness_p50_ms": round(float(late50) * 1000, 1), "lateness_p99_ms": round(float(late99) * 1000, 1),
                  "kill_to_first_sample_p50_s": round(float(back50), 2), "kill_to_first_sample_max_s": round(float(back_max), 2),
                  "targets_back_later_than_a_period": int(late_targets), "targets_without_sample_after_kill": int(missing),
                  "due_times_kept_twice": int(twice)}))
PY
    tail -1 "$out_jsonl" >&2
  done
  log "wrote $out_jsonl"
}

for part in $parts; do "$part"; done
"$py" "$here/report.py" "$here/results" "$date"
