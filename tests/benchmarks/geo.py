"""Geography benchmark: building the lookup index, and one lookup, in-process.

    .venv/bin/python -m tests.benchmarks.geo

Targets (issue: geography): a lookup over the whole gazetteer < 5 ms median (it runs on
every keystroke), building the index at start-up < 100 ms. The baseline measured in the
same run is reading the same CSV files with the csv module and nothing else.
"""

from __future__ import annotations

import csv
import os
import statistics
import sys
import time

from chooser.storage.geodata import load_gazetteer
from chooser.storage.paths import data_dir
from tests.geo.test_geo import REAL_QUERIES


def main() -> int:
    geo = os.path.join(data_dir(), "geo")
    base, builds = [], []
    for _ in range(7):
        t = time.perf_counter()
        for name in os.listdir(geo):
            if name.endswith(".csv"):
                with open(os.path.join(geo, name), encoding="utf-8", newline="") as fh:
                    list(csv.reader(fh))
        base.append(time.perf_counter() - t)
        t = time.perf_counter()
        gaz = load_gazetteer()
        builds.append(time.perf_counter() - t)
    gaz.lookup("warm up rapidfuzz")
    times = []
    for _ in range(20):
        for q, _k in REAL_QUERIES:
            t = time.perf_counter()
            gaz.lookup(q)
            times.append(time.perf_counter() - t)
    build, read, look = statistics.median(builds), statistics.median(base), statistics.median(times)
    ok = build < 0.100 and look < 0.005
    print(f"read the CSVs only (baseline)  {read * 1e3:7.1f} ms")
    print(f"build gazetteer + index        {build * 1e3:7.1f} ms  ({build / read:.1f}× "
          f"baseline)  target < 100 ms")
    print(f"lookup, median of {len(times)}      {look * 1e3:7.3f} ms  "
          f"(p95 {sorted(times)[int(len(times) * .95)] * 1e3:.3f} ms)  target < 5 ms")
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
