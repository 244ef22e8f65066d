#!/usr/bin/env python3
"""Prints bench/cluster's results of one date as markdown tables: medians of the coordination runs, every grant case,
every recovery run, every watch run.

usage: report.py RESULTS_DIR DATE
"""
import json
import os
import statistics
import sys


def rows(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def coord(runs):
    print("| mode | runs | records/s (median) | CPU per record, all processes (median) | client / silos+Redis CPU s | correct | load averages at start |")
    print("|---|---|---|---|---|---|---|")
    medians = {}
    for mode in ("native", "jit", "one-silo", "three-silos"):
        mine = [r for r in runs if r["mode"] == mode]
        if not mine:
            continue
        rate = statistics.median(r["records"] / r["wall_s"] for r in mine)
        cpu = statistics.median(r["cpu_s"] / r["records"] for r in mine if r["records"])
        medians[mode] = cpu
        split = statistics.median(r["client_cpu_s"] for r in mine), statistics.median(r["silos_cpu_s"] for r in mine)
        correct = ", ".join(f'{r["correct"]}/{r["records"]}' for r in mine)
        loads = "; ".join(r["load"].split()[0] for r in mine)
        print(f"| {mode} | {len(mine)} | {rate:,.0f} | {cpu * 1000:.3f} ms | {split[0]:.2f} / {split[1]:.2f} | {correct} | {loads} |")
    if "jit" in medians:
        for mode in ("one-silo", "three-silos"):
            if mode in medians:
                # medians are CPU seconds per record
                print(f"\nc_coord ({mode}) = {(medians[mode] - medians['jit']) * 1e6:.0f} us per record "
                      f"over JIT gleaner run's {medians['jit'] * 1e6:.0f} us")


def grants(runs):
    print("| run | callers | grants | grants/s | request->lease p50 / p99 / max | CPU per grant (silo + client) | load |")
    print("|---|---|---|---|---|---|---|")
    for r in runs:
        print(f'| {r["rep"]} | {r["callers"]} | {r["grants"]:,} | {r["grants_per_s"]:,.0f} | {r["p50_ms"]:.3f} / {r["p99_ms"]:.3f} / '
              f'{r["max_ms"]:.1f} ms | {r["cpu_us_per_grant"]:.0f} us | {r["load"].split()[0]} |')


def recovery(runs):
    print("| run | killed at | kill -> first \"did not answer\" | kill -> last \"answered again\" | pieces lost | slow pieces before the kill | fetches | extra | records | exactly once | exit | load |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    seconds = lambda t: "-" if t is None else f"{t:.1f} s"
    for r in runs:
        print(f'| {r["rep"]} | {seconds(r.get("kill_at_s"))} | {seconds(r.get("kill_to_first_did_not_answer_s"))} | '
              f'{seconds(r["kill_to_last_answered_again_s"])} | {r.get("pieces_lost", "-")} | {r.get("notes_before_kill", "-")} | '
              f'{r["fetches"]:,} | {r["extra_fetches"]} | {r["records"]:,} '
              f'| {"yes" if r["exactly_once"] else "NO"}{"" if r.get("all_ok", True) else " (not all ok: " + json.dumps(r["outcomes"]) + ")"} | {r["exit"]} | {r["load"].split()[0]} |')


def watch(runs):
    print("| run | targets, every | samples/s | CPU per sample: silos + Redis / PostgreSQL | lateness p50 / p99 | kill -> first sample after it, p50 / max | back later than a period | none after the kill | due times kept twice | load |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in runs:
        print(f'| {r["rep"]} | {r["targets"]:,}, {r["every_s"]} s | {r["samples_per_s"]:,.1f} | {r["silos_cpu_ms_per_sample"]:.3f} / {r["postgres_cpu_ms_per_sample"]:.3f} ms | '
              f'{r["lateness_p50_ms"]:.1f} / {r["lateness_p99_ms"]:.1f} ms | {r["kill_to_first_sample_p50_s"]:.1f} / {r["kill_to_first_sample_max_s"]:.1f} s | '
              f'{r["targets_back_later_than_a_period"]} | {r["targets_without_sample_after_kill"]} | {r["due_times_kept_twice"]} | {r["load"].split()[0]} |')


if __name__ == "__main__":
    results, date = sys.argv[1], sys.argv[2]
    for part, show in (("coord", coord), ("grants", grants), ("recovery", recovery), ("watch", watch)):
        runs = rows(os.path.join(results, f"{date}-{part}.jsonl"))
        if runs:
            print(f"\n### {part}\n")
            show(runs)
