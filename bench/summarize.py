#!/usr/bin/env python3
"""Turns a contentgate_bench JSON run into the Markdown tables of RESULTS.md.

    build-bench/bench/contentgate_bench --benchmark_out=run.json \
        --benchmark_out_format=json
    python3 bench/summarize.py run.json

Every throughput is also given as a ratio to the memcpy and CRC-32C
baselines of the same run, on the reference file with the same N (the
schema benchmark, which has no N, against N = 100: both fit in cache).
"""
import json
import sys


def split(name):
    """('BM_Validate/mixed', 10000) for 'BM_Validate/mixed/10000'."""
    head, _, last = name.rpartition("/")
    return (head, int(last)) if last.isdigit() else (name, None)


def main(path):
    run = json.load(open(path))
    ctx = run["context"]
    rows = [b for b in run["benchmarks"] if b.get("aggregate_name") == "median"]
    for b in rows:
        b["name"] = b["run_name"]
    if not rows:  # a run without --benchmark_repetitions
        rows = [b for b in run["benchmarks"] if b.get("run_type", "iteration") == "iteration"]
    by_key = {split(b["name"]): b for b in rows}

    def baseline(kind, n):
        b = by_key.get((f"BM_Baseline{kind}", n if n is not None else 100))
        return b.get("bytes_per_second") if b else None

    load = ", ".join(f"{x:.1f}" for x in ctx.get("load_avg", []))
    reps = rows[0].get("repetitions", 1) if rows else 1
    print(f"Run of {ctx['date']} on {ctx['host_name']}: {ctx['num_cpus']} CPUs at "
          f"{ctx['mhz_per_cpu']} MHz, load average {load}; Google Benchmark "
          f"library_build_type = {ctx.get('library_build_type', '?')}; "
          f"{'median of %d repetitions' % reps if reps > 1 else 'one repetition'}. "
          "Rates are per CPU second of the benchmark thread.\n")
    print("| benchmark | N | CPU time/iter | wall time/iter | GB/s | M items/s | ns/byte "
          "| × memcpy | × CRC-32C | allocs/iter | note |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for b in rows:
        head, n = split(b["name"])
        if b.get("error_occurred"):
            print(f"| {head} | {n or ''} | skipped | | | | | | | | {b.get('error_message', '')} |")
            continue
        bps = b.get("bytes_per_second", 0.0)
        ips = b.get("items_per_second", 0.0)
        memcpy, crc = baseline("Memcpy", n), baseline("Crc32c", n)
        note = b.get("label", "")
        if "allocs_fresh_report" in b:
            note += f"; fresh Report: {b['allocs_fresh_report']:.0f} allocs"
        if "warnings" in b:
            note += f"; {b['warnings']:.0f} warnings"
        if "events_per_second" in b:
            note += f"; {b['events_per_second']:.0f} events/s"
        print(f"| {head} | {n or ''} | {b['cpu_time']:.1f} {b['time_unit']} "
              f"| {b['real_time']:.1f} {b['time_unit']} | {bps / 1e9:.3f} "
              f"| {ips / 1e6:.1f} | {1e9 / bps if bps else 0:.3f} "
              f"| {bps / memcpy if memcpy else 0:.3f} | {bps / crc if crc else 0:.3f} "
              f"| {b.get('allocs_per_iter', 0):.0f} | {note.strip('; ')} |")

    print("\nScaling (ns/byte; ratio of N = 100,000 to N = 100, target within ±20 %):\n")
    heads = []
    for b in rows:
        head, n = split(b["name"])
        if n is not None and head not in heads:
            heads.append(head)
    print("| benchmark | N = 100 | N = 10,000 | N = 100,000 | 100,000 vs 100 |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for head in heads:
        cells = []
        for n in (100, 10000, 100000):
            b = by_key.get((head, n))
            bps = b.get("bytes_per_second") if b and not b.get("error_occurred") else None
            cells.append(1e9 / bps if bps else None)
        if sum(c is not None for c in cells) < 2:
            continue
        ratio = f"{cells[2] / cells[0] - 1:+.1%}" if cells[0] and cells[2] else ""
        text = " | ".join(f"{c:.4f}" if c else "" for c in cells)
        print(f"| {head} | {text} | {ratio} |")


    worst = [b for b in rows if any(k in b for k in ("x_mixed", "x_literal", "x_typical"))]
    if worst:
        print("\nWorst case (issue 12): ratios measured inside each benchmark, same run "
              "(target <= 10):\n")
        print("| benchmark | size | ns/byte | x mixed | x literal | x typical source "
              "| errors | peak RSS MiB |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for b in worst:
            cells = [f"{b[k]:.3g}" if k in b else "" for k in
                     ("ns_per_byte", "x_mixed", "x_literal", "x_typical")]
            print(f"| {b['name']} | {b.get('label', '')} | {' | '.join(cells)} "
                  f"| {b.get('errors', 0):.0f} | {b.get('peak_rss_mib', 0):.0f} |")


if __name__ == "__main__":
    main(sys.argv[1])
