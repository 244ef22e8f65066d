#!/usr/bin/env bash
# The sample store's bytes per sample and write rate: 1,000 targets x 1,000 samples (10 s apart) written through
# SqliteSampleStore.WriteAsync in batches of 1,000, at 0 %, 10 % and 100 % change, then read back; and the same
# samples at 10 % as one row per sample (--naive). Figures in bench/README.md ("Sample store").
#
#   bench/store/run.sh [--targets 1000] [--samples 1000] [--rates 0,10,100] [--naive 10] [--dir DIR]
#
# Writes only to a temp dir (or DIR), about 100 MB at the defaults, removed at the end unless DIR is given.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
args=("$@")
[[ " ${args[*]} " == *" --naive "* ]] || args+=(--naive 10)
keep=0
[[ " ${args[*]} " == *" --dir "* ]] && keep=1
if [ "$keep" = 0 ]; then
  dir="$(mktemp -d -t store-bench.XXXXXX)"
  trap 'rm -rf "$dir"' EXIT
  args+=(--dir "$dir")
fi
dotnet run -c Release --project "$here/StoreBench.csproj" -- "${args[@]}"
