"""The fallback's out-of-sample verdict and speed, on AF's real files (issue 19).

    .venv/bin/python -m tests.benchmarks.fallback_backtest [--seed 1] [--skip-speed]

Choose on an older follow-up with the offices as of 2025-03-01, score with a later one:

- **2025-03 → 2026-05** (disjoint cohorts, 14 months apart): the method was chosen on it;
- **2025-05 → 2026-05** (12 months apart: adjacent twelve-month cohorts): the check,
  reported as it came out, never tuned to.

Each base period gets its own synthetic population (``chooser.build.population``,
30,467 non-choosers, seeded) and only files up to that period: the results table, the
grades published by then (the grade file is cut at the base period, so no later grade
leaks in) and the offices. Targets (issue 19), with default headroom 1.5×: realised
national gain ≥ +3.0 points; nobody moved for a gain whose 80 % interval includes zero;
extra travel median ≤ 5 km and 99th percentile ≤ 20 km (over the people moved); nobody
sent outside their delivery area. Rows with other capacities are context, not targets.
Speed: ``chooser simulate`` as a whole process on 180,000 people < 5 s.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
AF = REPO / "tests" / "fixtures" / "af"
OFFICES = REPO / "tests" / "fixtures" / "af" / "sokleverantor-2025-03-01.json"
LATER = "2026-05"
CHECKS = (("2025-03", "chosen on"), ("2025-05", "check"))


def data_dir(root: Path, period: str, offices: bool = True) -> Path:
    """A dataset directory with AF's files as they stood at ``period``."""
    d = root / period
    d.mkdir(parents=True, exist_ok=True)
    shutil.copy(AF / f"resultat-{period}.csv", d)
    shutil.copy(AF / "nivavikter.csv", d)
    if offices:
        # AF's ``nyval_tillatet`` is false on every entry of these downloads and its meaning
        # is unknown (AF's README); it must exclude nobody, so the derived copy leaves it out
        with open(OFFICES, encoding="utf-8") as fh:
            pages = json.load(fh)
        for page in pages:
            for entry in page["leverantorer"]:
                entry.pop("nyval_tillatet", None)
        with open(d / OFFICES.name, "w", encoding="utf-8") as fh:
            json.dump(pages, fh, ensure_ascii=False)
    with open(AF / "betyg-historik.csv", encoding="utf-8", newline="") as src, \
            open(d / "betyg-historik.csv", "w", encoding="utf-8", newline="") as dst:
        rows = csv.reader(src)
        w = csv.writer(dst, lineterminator="\n")
        w.writerow(next(rows))
        w.writerows(r for r in rows if r[0] <= period)  # PERIOD comes first
    return d


def run_one(choose, later, gaz, headroom, flat=None, seed=1):
    from chooser.build.population import generate
    from chooser.core import capacity as capacity_model
    from chooser.core.fallback import CONFIDENCE, estimate, gain
    from chooser.core.needs import Needs
    from chooser.core.ranking import Ranker
    from chooser.core.simulate import simulate
    from chooser.core.verdict import verdict

    pop = generate(choose, gaz, seed=seed)
    people = [(pid, Needs((area,), lat, lon, lv)) for pid, lat, lon, lv, area in pop]
    ranker = Ranker(choose)
    cap = capacity_model.estimate(choose, len(people), headroom, flat=flat)
    t0 = time.perf_counter()
    sim = simulate(ranker, people, cap)
    seconds = time.perf_counter() - t0
    v = verdict(sim, ranker, later)
    unreliable = outside = over = 0
    for key, flow in sim.flows.items():
        p = sim.plans[key]
        for ka, n in flow:
            if ka is None:
                continue
            row = choose.by_ka[ka]
            outside += n * (row.area not in key.areas or row.area != p.area)
            if p.nearest is not None and ka != p.nearest.ka:
                g = gain(estimate(ranker, row, key.level),
                         estimate(ranker, p.nearest.row, key.level), CONFIDENCE)
                unreliable += n * (g.low <= 0)
    for ka, n in sim.load.items():
        limit = cap.limit(ka)
        over += limit is not None and n > max(limit, sim.nearest_load.get(ka, 0))
    return v, dict(unreliable=unreliable, outside=outside, over=over, seconds=seconds)


def _pp(x: float) -> str:
    return f"{100 * x:+.2f}"


def table(args) -> None:
    from chooser.geo.locate import gazetteer_for
    from chooser.storage.geodata import load_gazetteer
    from chooser.storage.load import parse_directory

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        later = parse_directory(str(data_dir(root / "later", LATER, offices=False)))
        print("Targets (default headroom 1.5x; realised = scored with the 2026-05 cohort;")
        print("gains in percentage points with 90 % intervals; travel over the people moved):")
        print()
        head = (f"{'base -> later':<22}{'capacity':<10}{'moved':>7}{'expected gain':>22}"
                f"{'realised gain':>22}{'km med':>8}{'p99':>6}{'max':>6}"
                f"{'unrel.':>7}{'outside':>8}{'over':>5}{'gone N/F %':>12}")
        print(head)
        print("-" * len(head))
        results = {}
        for base, role in CHECKS:
            choose = parse_directory(str(data_dir(root / "choose", base)))
            gaz = gazetteer_for(choose, load_gazetteer())
            for label, headroom, flat in (("1.5x", 1.5, None), ("2x", 2.0, None),
                                          ("none", None, None), ("flat 100", None, 100)):
                v, c = run_one(choose, later, gaz, headroom, flat, args.seed)
                n = v.national
                results[base, label] = (v, c)
                eg, rg = n.expected_gain, n.realised_gain
                print(f"{base + ' -> ' + LATER + ' ' + ('*' if label == '1.5x' else ''):<22}"
                      f"{label:<10}{n.moved:>7}"
                      f"{_pp(eg.mean):>8} [{_pp(eg.low)},{_pp(eg.high)}]"
                      f"{_pp(rg.mean):>8} [{_pp(rg.low)},{_pp(rg.high)}]"
                      f"{n.extra_median:>8.1f}{n.extra_p99:>6.1f}{n.extra_max:>6.0f}"
                      f"{c['unreliable']:>7}{c['outside']:>8}{c['over']:>5}"
                      f"{100 * n.gone_nearest / n.people:>6.1f}/"
                      f"{100 * n.gone_fallback / n.people:<5.1f}", flush=True)
            print(f"  ({role}; * = the target row; people {n.people}, "
                  f"realised share nearest {100 * n.realised_nearest.mean:.1f} %)")
        print()
        for base, role in CHECKS:
            v, c = results[base, "1.5x"]
            n = v.national
            ok = {
                "realised gain >= +3.0": n.realised_gain.mean >= 0.030,
                "nobody moved for an unreliable gain": c["unreliable"] == 0,
                "extra travel median <= 5 km": n.extra_median <= 5,
                "extra travel p99 <= 20 km": n.extra_p99 <= 20,
                "nobody outside their area": c["outside"] == 0,
                "capacity kept": c["over"] == 0,
            }
            print(f"{base} -> {LATER} ({role}): " + "; ".join(
                f"{k}: {'yes' if v_ else 'NO'}" for k, v_ in ok.items()))
        v, _c = results["2025-03", "1.5x"]
        best = sorted(v.areas, key=lambda a: -a.realised_gain.mean * a.people)[:5]
        worst = sorted(v.areas, key=lambda a: a.realised_gain.mean * a.people)[:5]
        print()
        print("2025-03 areas adding most to the realised gain: " + ", ".join(
            f"{a.area} {_pp(a.realised_gain.mean)} ({a.people})" for a in best))
        print("2025-03 areas losing most: " + ", ".join(
            f"{a.area} {_pp(a.realised_gain.mean)} ({a.people})" for a in worst))
        if not args.skip_speed:
            print()
            speed(root)


def speed(root: Path) -> None:
    from chooser.build.population import generate, write
    from chooser.geo.locate import gazetteer_for
    from chooser.storage.geodata import load_gazetteer
    from chooser.storage.load import parse_directory

    d = root / "choose" / "2025-03"
    choose = parse_directory(str(d))
    people = root / "people-180000.csv"
    write(str(people), generate(choose, gazetteer_for(choose, load_gazetteer()), 180_000, 2))
    exe = [sys.executable, "-m", "chooser", "--data", str(d), "simulate", "--participants",
           str(people)]
    subprocess.run(exe, check=True, capture_output=True, env={**os.environ, "LANG": "C"})
    times = []
    for _ in range(3):  # the first run above wrote the dataset's index, as a real run has
        t0 = time.perf_counter()
        p = subprocess.run(exe, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        if p.returncode:
            raise SystemExit(p.stderr)
    t = sorted(times)[1]
    print(f"chooser simulate, 180,000 people, offices and capacity: {t:.2f} s "
          f"(median of 3; target < 5 s: {'yes' if t < 5 else 'NO'})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-speed", action="store_true")
    table(ap.parse_args())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
