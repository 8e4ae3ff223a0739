"""Update benchmark (issue: live data).

    .venv/bin/python -m tests.benchmarks.update [--runs 5]

Targets:
- reading AF's real results xlsx (tests/fixtures/af/resultatuppfoljning-2026-01.xlsx)
  < 1 s; the baseline beside it is openpyxl merely iterating the same sheet's cells, the
  floor any reader of that file pays;
- a full ``chooser update`` against the local AF server with 60 pages of the supplier
  search < 5 s, excluding the deliberate pauses (run with ``--pause 0``; the fetcher
  also counts any pause it makes, and that time is subtracted).

The server is tests/af_server.py, a real HTTP server on 127.0.0.1; the pages hold every
real contract of the snapshot, spread over 60 pages.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

from tests.benchmarks.startup import REPO


def xlsx(runs: int) -> tuple[float, float]:
    import openpyxl

    from chooser.sources.detect import read_source

    path = os.path.join(REPO, "tests", "fixtures", "af", "resultatuppfoljning-2026-01.xlsx")
    ours, floor = [], []
    for _ in range(runs):
        t = time.perf_counter()
        content = read_source(path)
        ours.append(time.perf_counter() - t)
        assert len(content.results) > 700
        t = time.perf_counter()
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for _row in ws.iter_rows(values_only=True):
                pass
        wb.close()
        floor.append(time.perf_counter() - t)
    return statistics.median(ours), statistics.median(floor)


def full_update(runs: int) -> tuple[float, float, int]:
    from chooser.storage.load import load_directory
    from chooser.storage.paths import snapshot_dir
    from chooser.update.run import update
    from tests.af_server import AFServer, make_pages

    pages = make_pages(load_directory(snapshot_dir()), pages=60)
    times, paused = [], []
    with AFServer.start(pages) as server:
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as root:
                t = time.perf_counter()
                r = update(root=root, base_url=server.url, pause=0.0, timeout=10)
                times.append(time.perf_counter() - t - r.paused)
                paused.append(r.paused)
                assert r.pages == 60 and r.contracts == 756
    return statistics.median(times), statistics.median(paused), len(pages)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    os.environ.setdefault("CHOOSER_HOME", tempfile.mkdtemp(prefix="chooser-bench-"))
    ours, floor = xlsx(args.runs)
    took, paused, n = full_update(args.runs)
    rows = [("read AF's results xlsx (chooser)", ours, "< 1 s", ours < 1.0),
            ("  baseline: openpyxl iterating its cells", floor, f"ratio {ours / floor:.2f}×",
             True),
            (f"chooser update, {n} pages, local server", took, "< 5 s", took < 5.0),
            ("  deliberate pauses (excluded)", paused, "", True)]
    print(f"{'what':<46} {'median':>9}  target")
    for name, value, target, _ok in rows:
        print(f"{name:<46} {value:8.3f}s  {target}")
    ok = all(r[3] for r in rows)
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
