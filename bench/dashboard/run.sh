#!/usr/bin/env bash
# The dashboard benchmark: a day of 10,000 targets in a sample store (9,999 every 5 min = 288 samples each, one every
# 10 s = 8,640; 2.9 M samples written through SqliteSampleStore.WriteAsync in the watch's batches of 2,000), served
# as `gleaner serve --store` serves it (read-only store, LiveBoard, DashboardServer on 127.0.0.1, any free port), then:
# the JSON API timed to the last byte (a target's day of samples; a window of 100 targets, cold and warm; a search),
# the overview's first paint in Chromium (cold and warm), and the open page's responsiveness while 1,000 samples a
# second are applied to the board for 30 s (setTimeout(0) and frame gaps, long tasks, typed searches, CPU).
# Figures in bench/README.md ("Dashboard").
#
#   bench/dashboard/run.sh [--targets 10000] [--runs 20] [--browser-runs 7] [--feed-rate 1000] [--feed-seconds 30]
#                          [--dir DIR [--reuse]] [--no-browser] [--chromium /usr/bin/chromium]
#
# --dir keeps the store (about 70 MB) there; --reuse serves the one a run with the same --dir filled (no new fill).
# Needs dotnet and, unless --no-browser, Chromium at /usr/bin/chromium (Debian's `chromium`, installed when missing:
# root or sudo). Playwright drives it through the driver its NuGet package carries; no browser is downloaded.
# Everything talks to 127.0.0.1 only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

case " $* " in
  *" -h "*|*" --help "*) sed -n '2,16p' "$0"; exit 0 ;;
esac
if [[ " $* " != *" --no-browser "* && " $* " != *" --chromium "* && ! -x /usr/bin/chromium ]]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "installing chromium" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

dotnet build -c Release "$root/bench/Gleaner.Benchmarks" -nologo -v quiet >/dev/null
# The outer timeout is a backstop over the program's own bounds (every loop counted and timed; 20 min in all).
exec timeout --kill-after=10 1500 dotnet "$root/bench/Gleaner.Benchmarks/bin/Release/net10.0/Gleaner.Benchmarks.dll" dashboard "$@"
