"""Judge a ranking against what happened later (issue 16).

    .venv/bin/python -m tests.benchmarks.backtest [--af tests/fixtures/af]
        [--offices FILE] [--later 2026-05] [--base 2025-03 --base 2025-05]

AF's follow-ups count participants who started 11–22 months before them, so follow-ups
14 months apart describe **disjoint cohorts**. Every area × level is ranked on an older
file (results of that period, grades published up to it, offices as of 2025-03-01), and
scored with the later file's results for the same KA numbers:

- **lift**: the #1 pick's later share who got work or studies at the level, minus the
  area's later share (all its contracts then), in points; the mean over areas with two
  or more contracts. Picks that no longer exist later are counted apart ("gone").
- **Spearman**: within each area, the order against the later shares of the contracts
  that are still there (areas with three or more), averaged over areas.

for chooser (its ranking for the area and level), AF's most stars, the best raw share at
the level, and AF's own rule, the contract with the nearest office — at each
municipality of the area (the gazetteer's points), averaged per area. The method was
chosen on 2025-03 → 2026-05 only; 2025-05 → 2026-05 is the check (the two base files are
two months apart, so the check is not independent: say so). The figures the estimator
takes from later cohorts (``SHIFT_SMALL``, ``SHIFT_UNGRADED``, ``SMALL_CARRY``) are
re-estimated here from the choosing pair and printed beside the constants.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
from collections.abc import Callable

from tests.conftest import REPO

AF = REPO / "tests" / "fixtures" / "af"
OFFICES = "sokleverantor-2025-03-01.json"
LEVELS = ("A", "B", "C")
CHOOSING = "2025-03"


# --- data -------------------------------------------------------------------------------

def offices_file(af: str) -> str:
    """AF's 2025-03-01 supplier-search download: beside AF's files when it is there, else
    the copy in tests/fixtures/offices/."""
    here = os.path.join(af, OFFICES)
    return here if os.path.exists(here) else str(REPO / "tests" / "fixtures" / "offices" /
                                                   OFFICES)


def base_dataset(af: str, period: str, offices: str | None):
    """The dataset as it was at ``period``: its results, the grades published by then,
    the level weights, and the offices file."""
    from chooser.core.dataset import Dataset
    from chooser.storage.load import parse_directory

    files = [os.path.join(af, f"resultat-{period}.csv"), os.path.join(af, "betyg-historik.csv"),
             os.path.join(af, "nivavikter.csv")]
    if offices:
        files.append(offices)
    ds = parse_directory(af, files)
    history = {ka: kept for ka, gs in ds.grade_history.items()
               if (kept := tuple(g for g in gs if g.period <= period))}
    # AF's ``nyval_tillatet`` is false for every entry of these downloads and means nothing
    # known (see the fixtures' README): it must not exclude anyone here
    supplements = ds.supplements()._replace(accepts_new={})
    return Dataset(ds.results, history, ds.weights, ds.catalog, ds.sources, ds.origin,
                   ds.area_map, supplements)


def later_rows(af: str, period: str) -> dict[str, object]:
    from chooser.storage.load import parse_directory

    ds = parse_directory(af, [os.path.join(af, f"resultat-{period}.csv")])
    return {r.ka: r for r in ds.contracts}


def municipality_points() -> dict[str, list[tuple[float, float]]]:
    """Area → the points of the municipalities the gazetteer places in it."""
    from chooser.storage.geodata import load_gazetteer

    gaz = load_gazetteer()
    out: dict[str, list[tuple[float, float]]] = {}
    for code, rows in gaz.areas.items():
        m = gaz.municipalities.get(code)
        if m is not None:
            for area, *_how in rows:
                out.setdefault(area, []).append((m.lat, m.lon))
    return out


# --- methods: each orders an area's contracts for a level, best first --------------------

Order = Callable[[str, int], list[str]]


def chooser_order(ds) -> Order:
    from chooser.core.ranking import Needs, Ranker

    ranker = Ranker(ds)
    return lambda area, i: [r.ka for r in ranker.rank(Needs((area,), None, None,
                                                            LEVELS[i])).ranked]


def stars_order(ds) -> Order:
    def order(area: str, i: int) -> list[str]:
        rows = ds.by_area[area]

        def stars(r) -> int:  # no grade yet sorts below one star, as AF's list does
            g = ds.latest_grades.get(r.ka)
            return g.grade if g is not None and g.grade is not None else 0
        return [r.ka for r in sorted(rows, key=lambda r: (-stars(r), r.ka))]
    return order


def raw_order(ds) -> Order:
    def order(area: str, i: int) -> list[str]:
        rows = ds.by_area[area]
        return [r.ka for r in sorted(rows, key=lambda r: (
            -(r.rr1[i] / r.n[i]) if r.n[i] else 1.0, r.ka))]
    return order


# --- scoring ----------------------------------------------------------------------------

def spearman(x: list[float], y: list[float]) -> float | None:
    def ranks(v: list[float]) -> list[float]:
        order = sorted(range(len(v)), key=lambda i: v[i])
        r = [0.0] * len(v)
        i = 0
        while i < len(v):
            j = i
            while j + 1 < len(v) and v[order[j + 1]] == v[order[i]]:
                j += 1
            for t in range(i, j + 1):
                r[order[t]] = (i + j) / 2
            i = j + 1
        return r
    rx, ry = ranks(x), ranks(y)
    mx, my = statistics.fmean(rx), statistics.fmean(ry)
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    return None if sxx == 0 or syy == 0 else sxy / (sxx * syy) ** 0.5


class Cell:
    __slots__ = ("gone", "lifts", "picks", "rhos")

    def __init__(self) -> None:
        self.lifts: list[float] = []
        self.rhos: list[float] = []
        self.gone = self.picks = 0


def _share(r, i: int) -> float | None:
    return r.rr1[i] / r.n[i] if r.n[i] else None


def score(ds, later: dict, orders: dict[str, Order],
          points: dict[str, list[tuple[float, float]]] | None) -> dict[str, list[Cell]]:
    by_area_later: dict[str, list] = {}
    for r in later.values():
        by_area_later.setdefault(r.area, []).append(r)
    out = {name: [Cell() for _ in LEVELS] for name in [*orders, "AF nearest office"]}
    for area, rows in ds.by_area.items():
        if len(rows) < 2:
            continue
        for i in range(3):
            n = sum(r.n[i] for r in by_area_later.get(area, ()))
            if not n:
                continue
            average = sum(r.rr1[i] for r in by_area_later[area]) / n
            for name, order in orders.items():
                cell, kas = out[name][i], order(area, i)
                cell.picks += 1
                top = later.get(kas[0])
                if top is None or _share(top, i) is None:
                    cell.gone += 1
                else:
                    cell.lifts.append(_share(top, i) - average)  # type: ignore[operator]
                pairs = [(-k, _share(later[ka], i)) for k, ka in enumerate(kas)
                         if ka in later and later[ka].n[i]]
                if len(pairs) >= 3:
                    rho = spearman([p[0] for p in pairs], [p[1] for p in pairs])
                    if rho is not None:
                        cell.rhos.append(rho)
            if points:
                _nearest(ds, area, i, later, average, points.get(area, ()),
                         out["AF nearest office"][i])
    return out


def _nearest(ds, area: str, i: int, later: dict, average: float, points, cell: Cell) -> None:
    """AF's rule at each municipality of the area: the contract with the nearest office;
    the area's lift is the mean over its points."""
    from chooser.core.proximity import OfficeIndex

    index = getattr(ds, "_backtest_offices", None)
    if index is None:
        index = ds._backtest_offices = OfficeIndex(ds.offices)
    lifts = []
    for lat, lon in points:
        best = None
        for r in ds.by_area[area]:
            d, _town = index.nearest(r.ka, lat, lon)
            if d is not None and (best is None or (d, r.ka) < best):
                best = (d, r.ka)
        if best is None:
            continue
        cell.picks += 1
        top = later.get(best[1])
        if top is None or _share(top, i) is None:
            cell.gone += 1
        else:
            lifts.append(_share(top, i) - average)
    if lifts:
        cell.lifts.append(statistics.fmean(lifts))


# --- the figures the estimator takes from later cohorts -------------------------------------

def estimate_later_figures(ds, later: dict) -> dict[str, object]:
    """What small and ungraded contracts achieved later beyond what the estimate (without
    those figures) predicted, per measure and level, and how much small samples' results
    carried over (the slope of later share on the estimate, small over large)."""
    from chooser.core import evidence as ev

    saved = ev.SHIFT_SMALL, ev.SHIFT_UNGRADED, ev.SMALL_CARRY
    ev.SHIFT_SMALL = ev.SHIFT_UNGRADED = {m: (0.0, 0.0, 0.0) for m in ev.MEASURES}
    ev.SMALL_CARRY = 1.0
    try:
        y = ev.estimate_yardstick(ds.by_area, ev.region_of_areas(ds))
        by_area_later: dict[str, list] = {}
        for r in later.values():
            by_area_later.setdefault(r.area, []).append(r)
        out: dict[str, object] = {}
        points: dict[str, list[tuple[float, float, int, bool]]] = {"small": [], "large": []}
        for measure in ev.MEASURES:
            k = (lambda r, i: r.rr1[i]) if measure == "work" else (lambda r, i: r.rr2[i])
            residual: dict[str, list[float]] = {"all": [], "small": [], "ungraded": []}
            for i in range(3):
                sums = {key: [0.0, 0.0] for key in residual}
                for r in ds.contracts:
                    lr = later.get(r.ka)
                    if lr is None or not lr.n[i]:
                        continue
                    rows = by_area_later[r.area]
                    avg = sum(k(x, i) for x in rows) / sum(x.n[i] for x in rows)
                    g = ds.latest_grades.get(r.ka)
                    graded = g is not None and g.grade is not None
                    (m, _sd), = ev.posterior(r, True, y, measure, (i,))
                    predicted = m - ev.area_share(y, measure, r.area)[i]
                    actual = k(lr, i) / lr.n[i] - avg
                    w = lr.n[i]
                    for key, member in (("all", True), ("small", r.n[i] < ev.SMALL_N),
                                        ("ungraded", not graded)):
                        if member:
                            sums[key][0] += w * (actual - predicted)
                            sums[key][1] += w
                    if measure == "work":
                        points["small" if r.n[i] < ev.SMALL_N else "large"].append(
                            (predicted, actual, w, graded))
                for key in residual:
                    residual[key].append(sums[key][0] / sums[key][1] if sums[key][1] else 0.0)
            for key in ("small", "ungraded"):
                out[f"shift_{key}_{measure}"] = tuple(
                    round(residual[key][i] - residual["all"][i], 3) for i in range(3))

        def slope(pts: list[tuple[float, float, int, bool]]) -> float:
            sw = sum(p[2] for p in pts)
            mx = sum(p[0] * p[2] for p in pts) / sw
            my = sum(p[1] * p[2] for p in pts) / sw
            return sum(p[2] * (p[0] - mx) * (p[1] - my) for p in pts) / \
                sum(p[2] * (p[0] - mx) ** 2 for p in pts)
        out["small_carry"] = round(slope(points["small"]) / slope(points["large"]), 2)
        return out
    finally:
        ev.SHIFT_SMALL, ev.SHIFT_UNGRADED, ev.SMALL_CARRY = saved


# --- the table ----------------------------------------------------------------------------

def _mean(v: list[float]) -> float:
    return statistics.fmean(v) if v else float("nan")


def _se(v: list[float], seed: int = 1) -> float:
    """Bootstrap over areas: how much a cell's mean moves with which areas there are."""
    if len(v) < 2:
        return float("nan")
    rng = random.Random(seed)
    return statistics.stdev(statistics.fmean(rng.choices(v, k=len(v))) for _ in range(300))


def table(title: str, res: dict[str, list[Cell]]) -> tuple[str, dict]:
    lines = [title, f"{'':<20}" + "".join(f"{'lift ' + lv:>13}{'rho ' + lv:>7}" for lv in LEVELS)
             + f"{'mean lift':>11}{'mean rho':>9}  gone/picks"]
    summary = {}
    for name, cells in res.items():
        line = f"{name:<20}"
        for c in cells:
            line += f"{100 * _mean(c.lifts):+7.2f} ±{100 * _se(c.lifts):4.2f}{_mean(c.rhos):7.2f}"
        lift = _mean([_mean(c.lifts) for c in cells])
        rhos = [_mean(c.rhos) for c in cells if c.rhos]
        rho = _mean(rhos) if rhos else float("nan")
        gone, picks = sum(c.gone for c in cells), sum(c.picks for c in cells)
        line += f"{100 * lift:+11.2f}{rho:9.2f}  {gone}/{picks}"
        lines.append(line)
        summary[name] = {"lifts": [_mean(c.lifts) for c in cells], "lift": lift, "rho": rho}
    return "\n".join(lines), summary


def targets(summary: dict) -> list[str]:
    c, s = summary["chooser"], summary["AF most stars"]
    checks = [
        (f"chooser's #1 beats the area's later average by >= +3.0 points in every cell "
         f"(lowest {100 * min(c['lifts']):+.2f})", min(c["lifts"]) >= 0.03),
        (f"chooser's #1 beats AF's most stars on the mean ({100 * c['lift']:+.2f} vs "
         f"{100 * s['lift']:+.2f})", c["lift"] > s["lift"]),
        (f"chooser's Spearman >= AF stars' on the mean ({c['rho']:.3f} vs {s['rho']:.3f})",
         c["rho"] >= s["rho"]),
    ]
    return [f"  [{'met' if ok else 'MISSED'}] {text}" for text, ok in checks]


def run(af: str, offices: str | None, bases: list[str], later_period: str) -> str:
    later = later_rows(af, later_period)
    points = municipality_points() if offices else None
    out = []
    for base in bases:
        ds = base_dataset(af, base, offices)
        orders = {"chooser": chooser_order(ds), "AF most stars": stars_order(ds),
                  "best raw share": raw_order(ds)}
        res = score(ds, later, orders, points)
        role = "choosing pair" if base == CHOOSING else "check"
        text, summary = table(f"\n{base} -> {later_period} ({role}); lift in points ± "
                              f"bootstrap SE over areas", res)
        out += [text, "targets:", *targets(summary)]
        if base == CHOOSING:
            from chooser.core import evidence as ev

            figures = estimate_later_figures(ds, later)
            out.append("figures from later cohorts (re-estimated here / in core.evidence):")
            for measure in ev.MEASURES:
                out.append(f"  SHIFT_SMALL[{measure}] {figures[f'shift_small_{measure}']} / "
                           f"{ev.SHIFT_SMALL[measure]}")
                out.append(f"  SHIFT_UNGRADED[{measure}] "
                           f"{figures[f'shift_ungraded_{measure}']} / "
                           f"{ev.SHIFT_UNGRADED[measure]}")
            out.append(f"  SMALL_CARRY {figures['small_carry']} / {ev.SMALL_CARRY}")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--af", default=str(AF), help="folder with AF's files (resultat-*.csv, "
                                                  "betyg-historik.csv, nivavikter.csv)")
    ap.add_argument("--offices", default=None,
                    help=f"AF's supplier-search download (default: {OFFICES} in --af, "
                         "else in tests/fixtures/offices)")
    ap.add_argument("--base", action="append", help="older period(s) to rank on")
    ap.add_argument("--later", default="2026-05", help="later period to score with")
    args = ap.parse_args()
    offices = args.offices or offices_file(args.af)
    print(run(args.af, offices if os.path.exists(offices) else None,
              args.base or [CHOOSING, "2025-05"], args.later))


if __name__ == "__main__":
    main()
