"""A participant's ranking as values: each ranked contract with its evidence and reasons,
each excluded one with why. Pure; made by ``chooser.core.ranking``."""

from __future__ import annotations

from collections.abc import Callable

from chooser.core.evidence import Evidence
from chooser.core.model import GradeInfo, Office, ResultRow
from chooser.core.namedrecord import record
from chooser.core.needs import NOT_MET, Needs
from chooser.core.reasons import Reason


class Ranked:
    """One contract in a participant's ranking. ``reasons`` are put into words on first
    use: a screen shows ten of sixty, and ordering needs only the numbers."""

    __slots__ = ("_explain", "_reasons", "at_risk", "distance_km", "evidence", "grade",
                 "needs", "office", "rank", "row", "tier")

    def __init__(self, row: ResultRow, grade: GradeInfo | None, evidence: Evidence,
                 distance_km: float | None, office: Office | None, needs: dict[str, str],
                 tier: int, explain: Callable[[Ranked], list[Reason]]) -> None:
        self.row, self.grade, self.evidence = row, grade, evidence
        self.distance_km, self.office, self.needs, self.tier = distance_km, office, needs, tier
        self.at_risk = bool(row.at_risk)
        self._explain = explain
        self._reasons: list[Reason] | None = None
        self.rank = 0

    @property
    def reasons(self) -> list[Reason]:
        if self._reasons is None:
            self._reasons = self._explain(self)
        return self._reasons

    @property
    def ka(self) -> str:
        return self.row.ka

    @property
    def score(self) -> float:
        return self.evidence.score

    def sort_key(self) -> tuple:
        not_met = sum(1 for v in self.needs.values() if v == NOT_MET)
        far = self.distance_km if self.distance_km is not None else float("inf")
        return (self.tier, not_met, -self.evidence.score, far, self.row.ka)


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
