"""Start-up and load benchmark for the foundation (issue: data core).

    .venv/bin/python -m tests.benchmarks.startup [--runs 40]

Targets, as ratios against a baseline measured in the same run (so a slow or busy
machine does not change the verdict):
- ``chooser info --json``, ``chooser rank --place Ludvika --json`` and ``chooser rank
  --at 60.15,15.19 --json`` (what a counsellor or a script types) as whole processes
  ≤ 3 × ``python -c pass`` (``--area`` is shown beside them: it needs no gazetteer);
- loading the embedded snapshot in-process < 150 ms.

Each command's run is paired with a run of the baseline just before it, and the median
of the pairs' ratios is the figure. Bytecode is compiled first, as pip does on install;
this environment may set PYTHONDONTWRITEBYTECODE.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _time(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def processes(runs: int) -> dict[str, tuple[float, float]]:
    py = sys.executable
    script = shutil.which("chooser", path=os.path.dirname(py)) or shutil.which("chooser")
    cmds = {"python -m chooser info --json": [py, "-m", "chooser", "info", "--json"]}
    if script:
        cmds["chooser info --json"] = [script, "info", "--json"]
        for what in (["--place", "Ludvika"], ["--at", "60.15,15.19"], ["--area", "Ludvika"]):
            cmds[f"chooser rank {' '.join(what)} --json"] = [script, "rank", *what, "--json"]
    return paired(cmds, [py, "-c", "pass"], runs)


def paired(cmds: dict[str, list[str]], baseline: list[str], runs: int
           ) -> dict[str, tuple[float, float]]:
    """name → (median seconds, median ratio to the baseline). Each run of a command is
    paired with a run of the baseline just before it (B A B A' …) and the ratio taken
    pair by pair, so a machine that gets busier or quieter during the benchmark moves
    both sides of a pair alike; the baseline's own row has ratio 1."""
    for c in [baseline, *cmds.values()]:  # warm the file cache
        _time(c)
    base: list[float] = []
    samples: dict[str, list[float]] = {k: [] for k in cmds}
    ratios: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(runs):
        for k, c in cmds.items():
            b = _time(baseline)
            a = _time(c)
            base.append(b)
            samples[k].append(a)
            ratios[k].append(a / b)
    out = {"python -c pass" if baseline[1:] == ["-c", "pass"] else "baseline":
           (statistics.median(base), 1.0)}
    out |= {k: (statistics.median(samples[k]), statistics.median(ratios[k])) for k in cmds}
    return out


def in_process(runs: int) -> dict[str, float]:
    from chooser.storage.load import load_directory, parse_directory
    from chooser.storage.paths import snapshot_dir

    d = snapshot_dir()
    out = {}
    for name, fn in (("load snapshot (index)", load_directory),
                     ("load snapshot (parse CSVs)", parse_directory)):
        xs = []
        for _ in range(max(5, runs // 4)):
            t = time.perf_counter()
            fn(d)
            xs.append(time.perf_counter() - t)
        out[name] = statistics.median(xs)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=40)
    args = ap.parse_args()
    compileall.compile_dir(os.path.join(REPO, "chooser"), quiet=1)
    ok = True
    print(f"{'what':<34} {'median':>9} {'ratio':>7}  target (ratio: median of pairs)")
    for k, (v, ratio) in processes(args.runs).items():
        target = "" if k == "python -c pass" else "≤ 3.00×"
        if k.startswith("chooser") and "--area" not in k:
            ok &= ratio <= 3.0
        print(f"{k:<34} {v * 1e3:8.1f}ms {ratio:6.2f}×  {target}")
    for k, v in in_process(args.runs).items():
        target = "< 150 ms" if "index" in k else "(fallback when no index)"
        if "index" in k:
            ok &= v < 0.150
        print(f"{k:<34} {v * 1e3:8.1f}ms {'':>7}  {target}")
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
