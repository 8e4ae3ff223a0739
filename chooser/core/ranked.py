"""A participant's ranking as values: each ranked contract with its evidence and reasons,
each excluded one with why. Pure; made by ``chooser.core.ranking``."""

from __future__ import annotations

from collections.abc import Callable

from chooser.core.evidence import Evidence
from chooser.core.model import GradeInfo, Office, ResultRow, stars_of
from chooser.core.namedrecord import record
from chooser.core.needs import NOT_MET, Needs
from chooser.core.reasons import Reason


class Ranked:
    """One contract in a participant's ranking. ``reasons`` are put into words on first
    use: a screen shows ten of sixty, and ordering needs only the numbers."""

    __slots__ = ("_explain", "_reasons", "at_risk", "beyond_reach", "distance_km", "evidence",
                 "grade", "lifted_from", "nearest_km", "needs", "next", "not_met", "office",
                 "order", "rank", "reach_km", "row", "tier")

    def __init__(self, row: ResultRow, grade: GradeInfo | None, evidence: Evidence,
                 distance_km: float | None, office: Office | None, needs: dict[str, str],
                 tier: int, explain: Callable[[Ranked], list[Reason]]) -> None:
        self.row, self.grade, self.evidence = row, grade, evidence
        self.distance_km, self.office, self.needs, self.tier = distance_km, office, needs, tier
        self.not_met = sum(1 for v in needs.values() if v == NOT_MET)
        self.at_risk = bool(row.at_risk)
        self._explain = explain
        self._reasons: list[Reason] | None = None
        self.rank = 0
        # set by Ranker.rank: the score that decides the place (distance and dominance
        # applied), the reach and nearest office it was judged with, whether the office
        # is beyond reach, and the next row
        self.order = evidence.score
        self.reach_km: float | None = None
        self.nearest_km: float | None = None
        self.beyond_reach = False
        self.lifted_from: Ranked | None = None  # the dominated contract whose score it took
        self.next: Ranked | None = None

    @property
    def reasons(self) -> list[Reason]:
        if self._reasons is None:
            self._reasons = self._explain(self)
        return self._reasons

    @property
    def ka(self) -> str:
        return self.row.ka

    @property
    def stars(self) -> int | None:
        """AF's published grade, 1–4, or None for "no grade yet" (never zero stars)."""
        return stars_of(self.grade)

    @property
    def passed(self) -> Ranked | None:
        """The first nearer contract of the same area and tier ranked below this one
        (what its distance reason compares with); found when a reason asks."""
        if self.distance_km is None:
            return None
        below = self.next
        while below is not None:
            if below.row.area == self.row.area and below.tier == self.tier \
                    and below.distance_km is not None and below.distance_km < self.distance_km:
                return below
            below = below.next
        return None

    @property
    def score(self) -> float:
        """What decides the place inside a tier: the estimate, less the distance beyond
        reach, raised to that of any contract this one dominates."""
        return self.order

    def sort_key(self) -> tuple:
        far = self.distance_km if self.distance_km is not None else float("inf")
        grade = self.stars
        return (self.tier, self.not_met, -self.order, *_shares(self.evidence.compare),
                -(grade if grade is not None else -1), far, self.row.ka)


def _shares(compare: tuple) -> tuple:
    """Ties broken by the numbers dominance compares (so that a dominating contract wins
    a tie): shares first, then how many participants they rest on."""
    if len(compare) == 3:
        n, work, kept = compare
        return (-(work / n), -(kept / n), -n) if n else (1.0, 1.0, 0)
    participants, weighted = compare
    return (-weighted, 0.0, -participants)


class Excluded(record("Excluded", "ka supplier area reason distance_km")):
    __slots__ = ()
    ka: str
    supplier: str
    area: str
    reason: Reason
    distance_km: float | None


class Ranking(record("Ranking", "needs period ranked excluded notes")):
    __slots__ = ()
    needs: Needs
    period: str | None
    ranked: list[Ranked]
    excluded: list[Excluded]
    notes: list[Reason]
