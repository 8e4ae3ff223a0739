"""What the data says about one contract for one level: shrunk rates and a score. Pure.

Shrinkage (``chooser.core.stats``): the area's rate is a prior worth ``m`` participants,
where ``m`` measures how much contracts in the same area really differ beyond chance,
estimated once per dataset from every area (pooled, :func:`estimate_strengths`). Each rate
counts *cautiously* — the shrunk rate less one posterior standard deviation — so that
three lucky participants cannot outrank a hundred and twenty good ones. AF's grade and,
with at least ``MIN_ANSWERS`` answers, satisfaction add small nudges.
"""

from __future__ import annotations

from chooser.core.dataset import Dataset
from chooser.core.model import LEVELS, ResultRow
from chooser.core.stats import Shrunk, pooled_strength

GRADE_WEIGHT = 0.01
"""Score per star above the middle (2.5): AF's grade sums up longer history than one
follow-up, so it nudges; the participant's level's own results decide."""
SATISFACTION_WEIGHT = 0.1
"""Score per unit of shrunk satisfaction above the mean: ±15 points of satisfaction move a
contract about as much as one star."""
MIN_ANSWERS = 10
"""Fewer survey answers than this are hidden, not shown or used."""
STRENGTH_BOUNDS = (10.0, 200.0)


class Evidence:
    """What the data says about one contract for one level (None = unknown level)."""

    __slots__ = ("kept", "level", "perf", "row", "satisfaction", "score", "weighted", "work")

    def __init__(self, row: ResultRow, level: str | None, work: Shrunk | None,
                 kept: Shrunk | None, weighted: Shrunk, satisfaction: Shrunk | None,
                 grade: int | None) -> None:
        self.row, self.level = row, level
        self.work, self.kept, self.weighted, self.satisfaction = work, kept, weighted, satisfaction
        if work is not None and kept is not None:
            self.perf = (work.cautious + kept.cautious) / 2
        else:
            self.perf = weighted.cautious
        score = self.perf
        if grade is not None:
            score += GRADE_WEIGHT * (grade - 2.5)
        if satisfaction is not None:
            score += SATISFACTION_WEIGHT * (satisfaction.rate - satisfaction.prior)
        # rounded so that float noise never decides an order: ties go to distance, then KA
        self.score = round(score, 9)


class AreaPrior:
    """An area's rates that small samples are shrunk toward, and its level mix."""

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


def estimate_strengths(ds: Dataset) -> dict[str, float]:
    """How many participants an area's rate is worth, per measure and level, pooled over
    every area of the dataset (see :func:`chooser.core.stats.pooled_strength`)."""
    lo, hi = STRENGTH_BOUNDS
    groups = list(ds.by_area.values())
    out = {}
    for i, level in enumerate(LEVELS):
        out[f"work_{level}"] = pooled_strength([[(r.rr1[i], r.n[i]) for r in g]
                                                for g in groups], lo, hi)
        out[f"kept_{level}"] = pooled_strength([[(r.rr2[i], r.n[i]) for r in g]
                                                for g in groups], lo, hi)
    out["weighted"] = pooled_strength([[(round(weighted_k(r)), r.participants) for r in g]
                                       for g in groups], lo, hi)
    out["satisfaction"] = pooled_strength(
        [[(s.satisfied, s.answers) for s in ds.satisfaction.values()
          if s.answers >= MIN_ANSWERS]], lo, hi)
    return out
