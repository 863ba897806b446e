#!/usr/bin/env python3
"""Criterion output (stdin) -> one line per benchmark: `id<TAB>median in ns`.

Used for BENCHMARKS.md:
  cargo bench -p sqlcore-benches --bench build -- --warm-up-time 1 --measurement-time 2 \
      | tee build.log | python3 scripts/bench_table.py
Criterion prints `id  time: [low estimate high]`, the id alone on its line when it is long;
the middle figure is the estimate reported in the tables.
"""
import re
import sys

UNITS = {"ps": 1e-3, "ns": 1.0, "µs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}
TIME = re.compile(r"time:\s+\[\S+ \S+ (\S+) (\S+) \S+ \S+\]")

last_id = None
for line in sys.stdin:
    line = line.rstrip("\n")
    m = TIME.search(line)
    head = line[: m.start()].strip() if m else line.strip()
    if head and not head.startswith(("Benchmarking", "Found", "change:", "Performance", "No change",
                                     "thrpt:", "Warning", "Gnuplot")) and " " not in head:
        last_id = head
    if m and last_id:
        print(f"{last_id}\t{float(m.group(1)) * UNITS[m.group(2)]:.1f}")
        last_id = None
