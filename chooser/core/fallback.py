"""What happens to a participant who makes no choice, and what should happen instead. Pure.

**Nearest-office baseline** is AF's rule (ickevalsprincipen): the eligible contract with
the office nearest the participant's home, however it performs.

**Best-performer fallback**: among the eligible contracts whose nearest office is within
reach — by default the larger of 20 km and twice the baseline's distance, so nobody is
sent much farther than AF would send them — the best for the participant's level, by the
same score the ranking uses. A grade-1 or at-risk contract is never recommended while a
reachable contract with two stars or more, not at risk, exists. Without office data the
choice is made over the whole area, and the result says so.

**Batch with capacity** (:func:`assign`): many non-choosers at once, no contract taking
more than ``capacity``; among contracts that score the same, the least loaded is taken,
so equals share the load instead of the lowest KA number taking everyone.
"""

from __future__ import annotations

from collections.abc import Iterable

from chooser.core.namedrecord import record
from chooser.core.proximity import REACH_FACTOR, REACH_MIN_KM, reach_km
from chooser.core.ranking import Needs, Ranked, Ranker
from chooser.core.reasons import Reason, reason


class Fallback(record("Fallback",
                      "nearest recommended reach_km area_level avoided reasons")):
    """``nearest`` and ``recommended`` are :class:`~chooser.core.ranking.Ranked` or None."""

    __slots__ = ()
    nearest: Ranked | None
    recommended: Ranked | None
    reach_km: float | None
    area_level: bool
    avoided: bool  # the grade-1 / at-risk rule changed the recommendation
    reasons: list[Reason]


def _acceptable(r: Ranked) -> bool:
    return r.grade is not None and r.grade.grade is not None and r.grade.grade >= 2 \
        and not r.at_risk


class Candidates(record("Candidates",
                        "nearest reachable reach_km area_level avoided eligible")):
    """``reachable``: best first, already obeying the grade-1 / at-risk rule; ``avoided``:
    that rule removed the best-scoring one; ``eligible``: every eligible contract in the
    area, best first (where an overflow goes when all within reach are full)."""

    __slots__ = ()
    nearest: Ranked | None
    reachable: list[Ranked]
    reach_km: float | None
    area_level: bool
    avoided: bool
    eligible: list[Ranked]


def candidates(ranker: Ranker, needs: Needs, *, reach_min_km: float = REACH_MIN_KM,
               reach_factor: float = REACH_FACTOR) -> Candidates:
    """Stated needs and travel limits are not applied: the fallback is for people who
    said nothing."""
    plain = Needs(needs.areas, needs.lat, needs.lon, needs.level)
    ranked = ranker.rank(plain, reach_min_km=reach_min_km, reach_factor=reach_factor).ranked
    located = [r for r in ranked if r.distance_km is not None]
    if not located:  # no office data here, or no location: the whole area is in reach
        nearest, reach, reachable, area_level = None, None, ranked, True
    else:
        nearest = min(located, key=lambda r: (r.distance_km, r.ka))
        assert nearest.distance_km is not None
        reach = reach_km(nearest.distance_km, reach_min_km=reach_min_km,
                         reach_factor=reach_factor)
        reachable = [r for r in located if r.distance_km <= reach]  # type: ignore[operator]
        area_level = False
    avoided = False
    if any(_acceptable(r) for r in reachable):
        kept = [r for r in reachable if not r.at_risk and (r.grade is None or r.grade.grade != 1)]
        avoided = kept[0] is not reachable[0]
        reachable = kept
    return Candidates(nearest, reachable, reach, area_level, avoided, ranked)


def fallback(ranker: Ranker, needs: Needs, *, reach_min_km: float = REACH_MIN_KM,
             reach_factor: float = REACH_FACTOR) -> Fallback:
    nearest, reachable, reach, area_level, avoided, _eligible = candidates(
        ranker, needs, reach_min_km=reach_min_km, reach_factor=reach_factor)
    best = reachable[0] if reachable else None
    reasons: list[Reason] = []
    if best is None:
        reasons.append(reason("fallback_none"))
        return Fallback(nearest, None, reach, area_level, avoided, reasons)
    if area_level:
        reasons.append(reason("fallback_area_level"))
    if nearest is not None:
        reasons.append(reason("fallback_nearest", supplier=nearest.row.supplier,
                              km=nearest.distance_km, stars=_grade(nearest)))
    if nearest is not None and nearest.ka == best.ka:
        reasons.append(reason("fallback_same"))
    else:
        if best.distance_km is not None:
            reasons.append(reason("fallback_recommended", reach=reach,
                                  supplier=best.row.supplier, stars=_grade(best),
                                  km=best.distance_km))
        else:
            reasons.append(reason("fallback_recommended_area", supplier=best.row.supplier,
                                  stars=_grade(best)))
        if nearest is not None:
            if needs.level is not None:
                reasons.append(reason(
                    "fallback_compare", level=needs.level,
                    best=ranker.expected_work_rate(best.row, needs.level),
                    nearest=ranker.expected_work_rate(nearest.row, needs.level)))
            else:
                reasons.append(reason("fallback_compare_weighted", best=best.row.weighted,
                                      nearest=nearest.row.weighted))
    if avoided:
        reasons.append(reason("fallback_avoided"))
    return Fallback(nearest, best, reach, area_level, avoided, reasons)


def _grade(r: Ranked) -> int | None:
    return r.grade.grade if r.grade is not None else None


# --- many non-choosers at once ------------------------------------------------------------

class Assignment(record("Assignment", "id nearest recommended level")):
    """KA numbers (or None) for one participant, and the level used."""

    __slots__ = ()
    id: str
    nearest: str | None
    recommended: str | None
    level: str | None


def assign(ranker: Ranker, people: Iterable[tuple[str, Needs]], capacity: int | None = None,
           *, reach_min_km: float = REACH_MIN_KM, reach_factor: float = REACH_FACTOR
           ) -> tuple[list[Assignment], dict[str, int]]:
    """Give each participant the best reachable contract with room left.

    People are served in the order given (callers pass them in arrival order, as AF
    assigns them). Participants at the same place with the same level get the same
    candidate list, which is computed once: 180,000 people live in a few thousand places.
    When every reachable contract is full, the best eligible contract in the area with
    room is taken (farther, but not worse than need be), and failing that the
    participant is left unassigned (None).
    """
    load: dict[str, int] = {}
    cache: dict[Needs, tuple[str | None, list[tuple[float, float, str]],
                             list[tuple[float, float, str]]]] = {}
    out = []
    for pid, needs in people:
        plan = cache.get(needs)
        if plan is None:
            c = candidates(ranker, needs, reach_min_km=reach_min_km,
                           reach_factor=reach_factor)
            plan = cache[needs] = (c.nearest.ka if c.nearest is not None else None,
                                   _keys(c.reachable), _keys(c.eligible))
        nearest_ka, best_first, whole_area = plan
        chosen = _pick(best_first, load, capacity)
        if chosen is None and capacity is not None:  # all within reach are full
            chosen = _pick(whole_area, load, capacity)
        if chosen is not None:
            load[chosen] = load.get(chosen, 0) + 1
        out.append(Assignment(pid, nearest_ka, chosen, needs.level))
    return out, load


def _keys(ranked: list[Ranked]) -> list[tuple[float, float, str]]:
    """(−score, distance, KA): best first, as :func:`_pick` reads them."""
    return [(-r.score, r.distance_km if r.distance_km is not None else float("inf"), r.ka)
            for r in ranked]


def _pick(best_first: list[tuple[float, float, str]], load: dict[str, int],
          capacity: int | None) -> str | None:
    """The first contract with room; among those with the same score, the least loaded
    (then the nearest, then the lowest KA)."""
    i = 0
    while i < len(best_first):
        score = best_first[i][0]
        j = i
        while j < len(best_first) and best_first[j][0] == score:
            j += 1
        open_ = [(load.get(ka, 0), d, ka) for _s, d, ka in best_first[i:j]
                 if capacity is None or load.get(ka, 0) < capacity]
        if open_:
            return min(open_)[2]
        i = j
    return None
