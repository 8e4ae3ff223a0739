"""What the data says about one contract for one level: what happened, the estimate for
people like you, and the score that orders contracts. Pure.

The estimate (issue 16; measured in ``tests/benchmarks/backtest.py``, method in
``docs/ranking.md``):

* **A prior from the area, the AF region and Sweden.** Each area's share per level is
  its own count pulled toward its AF region's share, and each region's toward Sweden's,
  by strengths measured from how much areas (and regions) really differ beyond chance.
  An area with one contract therefore borrows from its region instead of being its own
  yardstick.
* **Small and ungraded contracts start where such contracts end up.** Later cohorts show
  that contracts with fewer than ``SMALL_N`` participants at a level, and contracts
  without a grade, do worse than their area's average; their prior starts that much
  lower (``SHIFT_SMALL``, ``SHIFT_UNGRADED``: estimated from AF's 2025-03 results scored
  on 2026-05's, and re-estimated by the back-test, which a test compares).
* **Small samples carry over less.** For a contract with fewer than ``SMALL_N``
  participants at the level, the estimate moves only ``SMALL_CARRY`` as far from its
  prior as its results say: that is how much less such results held in the later cohort.
* **A contract's levels tell about one another.** How contracts differ around their
  area, and how that difference at A goes with the one at B and C, is measured over
  Sweden (method of moments: the spread beyond binomial noise). A contract's true share
  at each level is then estimated from its results at every level (a normal
  approximation of the multivariate Beta-binomial; exact enough for shares between 5 and
  95 %, which AF's areas are).

The interval shown is never narrower than the counts allow (``chooser.core.stats``).
The score that orders contracts is the estimate for the participant's level less
``CAUTION`` of its standard deviation (for an unknown level, averaged over the area's mix
of levels); AF's grade is not added to it,
because given the results it predicted nothing more about the later cohort (the
back-test measures it), but it takes part in dominance (``chooser.core.ranking``).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from chooser.core.dataset import Dataset
from chooser.core.model import LEVELS, ResultRow
from chooser.core.stats import Estimate, Shrunk, pooled_strength

SATISFACTION_WEIGHT = 0.1
"""Score per unit of shrunk satisfaction above the mean: ±15 points of satisfaction move a
contract about as much as a typical difference between contracts' results."""
MIN_ANSWERS = 10
"""Fewer survey answers than this are hidden, not shown or used."""
STRENGTH_BOUNDS = (10.0, 200.0)
"""For the weighted measure and satisfaction, still shrunk toward the area's rate."""

MEASURES = ("work", "kept")
SMALL_N = 10
"""Below this many participants at a level a contract's prior starts at what small
contracts later achieve."""
SHIFT_SMALL = {"work": (-0.019, -0.013, -0.001), "kept": (-0.013, -0.016, 0.002)}
SHIFT_UNGRADED = {"work": (-0.006, -0.013, 0.012), "kept": (0.005, -0.019, 0.016)}
"""What contracts with fewer than SMALL_N participants at a level (and contracts without
a grade) later achieved, per level A, B, C, beyond what their own results and their
area's predict: measured on AF's 2025-03 results scored with 2026-05's (disjoint
cohorts); ``python -m tests.benchmarks.backtest`` prints the estimate again."""
CAUTION = 1.0
"""The score is the estimate less this many standard deviations of it: a contract must
show more than luck to come first (three lucky participants do not outrank fifty solid
ones). In the back-test ordering by the plain estimate and by this one did equally well
(+3.9 points either way on the choosing pair), so the product's rule decided."""
SMALL_CARRY = 0.53
"""How much of what its results say a contract with fewer than SMALL_N participants at a
level carries into the next cohort, relative to a larger one: the slope of the later
cohort's share on the estimate, small contracts' over larger ones' (2025-03 → 2026-05;
the back-test prints it). The estimate for a small one moves that much less from its
prior."""
HIERARCHY_BOUNDS = (2.0, 5000.0)
MAX_CORRELATION = 0.95
"""Levels' differences are measured to go together almost perfectly (0.9–1.0); capped
so that one level's results never stand in entirely for another's."""


class Evidence:
    """What the data says about one contract for one level (None = unknown level).

    ``work`` and ``kept`` (known level): :class:`~chooser.core.stats.Estimate`, what
    happened and the estimate; ``estimate``: the share expected to get work or studies
    (for an unknown level over the area's mix of levels); ``score``: the same counted
    cautiously. ``compare``: the counts that dominance compares — (n, got
    work, kept it) at the level, or (participants, AF's weighted measure) for an unknown
    level.
    """

    __slots__ = ("_kept", "compare", "estimate", "level", "row", "satisfaction", "score",
                 "weighted", "work")

    def __init__(self, row: ResultRow, level: str | None, work: Estimate | None,
                 kept: Callable[[], Estimate] | None, weighted: Shrunk,
                 satisfaction: Shrunk | None, estimate: float, cautious: float) -> None:
        self.row, self.level = row, level
        self.work, self.weighted, self.satisfaction = work, weighted, satisfaction
        self._kept: Estimate | Callable[[], Estimate] | None = kept
        self.estimate = estimate  # the share expected to get work or studies
        score = cautious
        if satisfaction is not None:
            score += SATISFACTION_WEIGHT * (satisfaction.rate - satisfaction.prior)
        # rounded so that float noise never decides an order
        self.score = round(score, 9)
        if level is not None:
            i = LEVELS.index(level)
            self.compare: tuple = (row.n[i], row.rr1[i], row.rr2[i])
        else:
            self.compare = (row.participants, row.weighted)


    @property
    def kept(self) -> Estimate | None:
        """Worked out when read: ordering needs only the share who got work or studies."""
        if callable(self._kept):
            self._kept = self._kept()
        return self._kept


class AreaPrior:
    """An area's pooled shares as they happened (no shrinking), and its level mix."""

    __slots__ = ("kept", "mix", "weighted", "work")

    def __init__(self, rows: tuple[ResultRow, ...]) -> None:
        def rate(k: float, n: float) -> float:
            return k / n if n else 0.0
        n = [sum(r.n[i] for r in rows) for i in range(3)]
        self.work = [rate(sum(r.rr1[i] for r in rows), n[i]) for i in range(3)]
        self.kept = [rate(sum(r.rr2[i] for r in rows), n[i]) for i in range(3)]
        self.weighted = rate(sum(weighted_k(r) for r in rows),
                             sum(r.participants for r in rows))
        total = sum(n)
        self.mix = [x / total if total else 1 / 3 for x in n]


def weighted_k(row: ResultRow) -> float:
    # AF's measure as "successes" out of the participants, so it can be shrunk like a
    # rate; the level weights can push it above 1 in theory, never in AF's data.
    return min(row.weighted * row.participants, row.participants)


def _k(row: ResultRow, measure: str, i: int) -> int:
    return row.rr1[i] if measure == "work" else row.rr2[i]


def estimate_strengths(ds: Dataset) -> dict:
    """The per-dataset yardstick, as plain numbers an index can keep: the strengths for
    the weighted measure and satisfaction, and under ``"yardstick"`` the hierarchy and
    the between-contract covariance (:func:`estimate_yardstick`)."""
    lo, hi = STRENGTH_BOUNDS
    groups = list(ds.by_area.values())
    out: dict = {
        "weighted": pooled_strength([[(round(weighted_k(r)), r.participants) for r in g]
                                     for g in groups], lo, hi),
        "satisfaction": pooled_strength(
            [[(s.satisfied, s.answers) for s in ds.satisfaction.values()
              if s.answers >= MIN_ANSWERS]], lo, hi),
    }
    out["yardstick"] = estimate_yardstick(ds.by_area, region_of_areas(ds))
    return out


def region_of_areas(ds: Dataset) -> dict[str, str]:
    """Area → AF region (from the grade file's AF REGION column); "" when unknown."""
    counts: dict[str, dict[str, int]] = {}
    for _supplier, area, region in ds.catalog.values():
        if area and region:
            c = counts.setdefault(area, {})
            c[region] = c.get(region, 0) + 1
    return {a: max(sorted(c), key=lambda g: c[g]) for a, c in counts.items()}


def moment_strength(groups: list[tuple[float, list[tuple[int, int]]]], lo: float,
                    hi: float) -> float:
    """How many participants a parent's share is worth as a prior for its children
    (areas in a region, regions in Sweden): the spread of the children's shares around
    the parent's beyond binomial noise (method of moments), as a Beta strength.
    ``groups``: (parent share, [(k, n) of each child]) pairs."""
    spread = noise = total = successes = 0.0
    for p, counts in groups:
        for k, n in counts:
            if n > 0:
                spread += n * (k / n - p) ** 2
                noise += p * (1 - p)
                total += n
                successes += k
    if total == 0:
        return hi
    p = successes / total
    between = (spread - noise) / total
    if between <= 0 or p <= 0 or p >= 1:
        return hi
    return min(hi, max(lo, p * (1 - p) / between - 1))


def estimate_yardstick(by_area: dict[str, tuple[ResultRow, ...]],
                       region_of: dict[str, str]) -> dict:
    """Per measure: each area's share per level (area → region → Sweden), Sweden's, the
    strengths used, and the between-contract covariance across levels."""
    lo, hi = HIERARCHY_BOUNDS
    by_region: dict[str, list[str]] = {}
    for area in sorted(by_area):
        by_region.setdefault(region_of.get(area, ""), []).append(area)
    out: dict = {"areas": {}, "sweden": {}, "strength": {}, "tau": {}}
    for measure in MEASURES:
        area_rates: dict[str, list[float]] = {a: [0.0, 0.0, 0.0] for a in by_area}
        sweden: list[float] = []
        strength: list[list[float]] = []
        for i in range(3):
            ak = {a: sum(_k(r, measure, i) for r in rows) for a, rows in by_area.items()}
            an = {a: sum(r.n[i] for r in rows) for a, rows in by_area.items()}
            rk = {g: sum(ak[a] for a in areas) for g, areas in by_region.items()}
            rn = {g: sum(an[a] for a in areas) for g, areas in by_region.items()}
            total = sum(rn.values())
            p_sweden = sum(rk.values()) / total if total else 0.0
            m_region = moment_strength([(p_sweden, [(rk[g], rn[g]) for g in by_region])],
                                       lo, hi)
            region_rate = {g: (rk[g] + m_region * p_sweden) / (rn[g] + m_region)
                           for g in by_region}
            m_area = moment_strength([(region_rate[g], [(ak[a], an[a]) for a in areas])
                                      for g, areas in by_region.items()], lo, hi)
            for g, areas in by_region.items():
                for a in areas:
                    area_rates[a][i] = (ak[a] + m_area * region_rate[g]) / (an[a] + m_area)
            sweden.append(p_sweden)
            strength.append([m_region, m_area])
        out["areas"][measure] = area_rates
        out["sweden"][measure] = sweden
        out["strength"][measure] = strength
        out["tau"][measure] = _between(by_area, area_rates, measure)
    return out


def _between(by_area: dict[str, tuple[ResultRow, ...]], area_rates: dict[str, list[float]],
             measure: str) -> list[list[float]]:
    """Covariance of contracts' true shares around their area's, per level and across
    levels: the spread beyond binomial noise, pooled over Sweden."""
    tau = [[0.0] * 3 for _ in range(3)]
    for i in range(3):
        for j in range(i, 3):
            num = den = noise = 0.0
            for area, rows in by_area.items():
                pi, pj = area_rates[area][i], area_rates[area][j]
                for r in rows:
                    ni, nj = r.n[i], r.n[j]
                    if not ni or not nj:
                        continue
                    w = math.sqrt(ni * nj)
                    num += w * (_k(r, measure, i) / ni - pi) * (_k(r, measure, j) / nj - pj)
                    den += w
                    if i == j:
                        noise += w * pi * (1 - pi) / ni
            tau[i][j] = tau[j][i] = (num - noise) / den if den else 0.0
    for i in range(3):
        tau[i][i] = max(tau[i][i], 1e-4)  # never "all contracts are the same"
    for i in range(3):
        for j in range(3):
            if i != j:
                cap = MAX_CORRELATION * math.sqrt(tau[i][i] * tau[j][j])
                tau[i][j] = max(-cap, min(cap, tau[i][j]))
    return tau


def area_share(yardstick: dict, measure: str, area: str) -> list[float]:
    """The area's share per level after borrowing from its region (Sweden's when the
    area is not in the yardstick's data)."""
    return yardstick["areas"][measure].get(area) or yardstick["sweden"][measure]


def posterior(row: ResultRow, graded: bool, yardstick: dict, measure: str,
              levels: tuple[int, ...]) -> list[tuple[float, float]]:
    """(mean, sd) of the contract's true share at each of ``levels``: the prior (its
    area's share, moved for small and ungraded contracts) updated with the contract's own
    results at every level."""
    base = area_share(yardstick, measure, row.area)
    tau = yardstick["tau"][measure]
    mu = []
    for i in range(3):
        m = base[i]
        if not graded:
            m += SHIFT_UNGRADED[measure][i]
        if row.n[i] < SMALL_N:
            m += SHIFT_SMALL[measure][i]
        mu.append(min(max(m, 0.001), 0.999))
    obs = [i for i in range(3) if row.n[i] > 0]
    if not obs:
        return [(mu[i], math.sqrt(tau[i][i])) for i in levels]
    s = [[tau[a][b] + (base[a] * (1 - base[a]) / row.n[a] if a == b else 0.0) for b in obs]
         for a in obs]
    inv = _inverse(s)
    d = [_k(row, measure, a) / row.n[a] - mu[a] for a in obs]
    out = []
    q = range(len(obs))
    for i in levels:
        c = [tau[i][a] for a in obs]
        w = [sum(c[p] * inv[p][j] for p in q) for j in q]  # regression weights
        shift = sum(w[j] * d[j] for j in q)
        mean = mu[i] + (shift if row.n[i] >= SMALL_N else SMALL_CARRY * shift)
        var = tau[i][i] - sum(w[j] * c[j] for j in q)
        out.append((min(max(mean, 0.0), 1.0), math.sqrt(max(var, 1e-8))))
    return out


def _inverse(s: list[list[float]]) -> list[list[float]]:
    """The inverse of a symmetric positive definite 1×1, 2×2 or 3×3 matrix."""
    if len(s) == 1:
        return [[1 / s[0][0]]]
    if len(s) == 2:
        (a, b), (c, d) = s
        det = a * d - b * c
        return [[d / det, -b / det], [-c / det, a / det]]
    (a, b, c), (d, e, f), (g, h, k) = s
    c0, c1, c2 = e * k - f * h, f * g - d * k, d * h - e * g
    det = a * c0 + b * c1 + c * c2
    return [[c0 / det, (c * h - b * k) / det, (b * f - c * e) / det],
            [c1 / det, (a * k - c * g) / det, (c * d - a * f) / det],
            [c2 / det, (b * g - a * h) / det, (a * e - b * d) / det]]
