"""What happens to a participant who makes no choice, and what should happen instead. Pure.

**Nearest-office baseline** is AF's rule (ickevalsprincipen): the eligible contract with
the office nearest the participant's home, however it performs.

**Best-performer fallback**: the rules a default must keep, in this order, decided here
once for the single-person view (``chooser fallback``, the app's "If you don't choose")
and for the batch (``chooser simulate``, :mod:`chooser.core.simulate`) alike:

1. *The person's own delivery area.* Where a municipality is split between areas, the
   area of the nearest office's contract is the person's (it is where AF would place
   them); only that area's contracts are candidates.
2. *Within reach*: an office no farther than the larger of 20 km and twice the nearest
   office's distance (the same reach as the ranking).
3. *Moved only for a reliable gain*: the expected share getting work or studies for the
   person's level (for an unknown level, averaged over the area's mix of levels) must be
   higher than at the nearest contract with the gain's 80 % interval above zero.
   Otherwise the nearest contract is also the recommendation: "the nearest office is
   also the best choice we can see".
4. *Never to a grade-1 or at-risk contract* while a reachable contract with two stars
   or more, not at risk, exists.
5. *Deterministic*: the best reliable gain first, then the nearer office, then the KA.

The estimate and its uncertainty come from the ranking's evidence
(:meth:`Ranker.evidence`, the ``work`` rate with its posterior standard deviation), so a
better estimate there changes the fallback with it. Without office data the baseline is
the area's volume-proportional mix and the result says so.
"""

from __future__ import annotations

import math

from chooser.core.model import LEVELS, GradeInfo, ResultRow, stars_of
from chooser.core.namedrecord import record
from chooser.core.needs import Needs
from chooser.core.proximity import REACH_FACTOR, REACH_MIN_KM, reach_km
from chooser.core.ranking import Ranked, Ranker
from chooser.core.reasons import Reason, reason

CONFIDENCE = 0.80
"""A move needs the gain's central interval at this level to lie above zero."""
_Z = {0.80: 1.2815515655446004, 0.90: 1.6448536269514722}


def z_for(confidence: float) -> float:
    """The normal quantile for a central interval (exact for the levels used here)."""
    z = _Z.get(confidence)
    if z is None:  # rarely asked: bisection on erf is exact enough and needs no scipy
        lo, hi, target = 0.0, 10.0, (1 + confidence) / 2
        for _ in range(80):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if 0.5 * (1 + math.erf(mid / math.sqrt(2))) < target \
                else (lo, mid)
        z = (lo + hi) / 2
    return z


class Expected(record("Expected", "rate sd")):
    """Expected share getting work or studies, with its posterior standard deviation."""

    __slots__ = ()
    rate: float
    sd: float

    def interval(self, confidence: float = CONFIDENCE) -> tuple[float, float]:
        z = z_for(confidence)
        return max(0.0, self.rate - z * self.sd), min(1.0, self.rate + z * self.sd)


class Gain(record("Gain", "mean low high")):
    """The recommended contract's rate less the nearest one's, with its interval."""

    __slots__ = ()
    mean: float
    low: float
    high: float


def estimate(ranker: Ranker, row: ResultRow, level: str | None) -> Expected:
    """The ranking's own estimate for a level; for an unknown level the area's mix of
    levels, its variance as for a weighted sum of independent estimates."""
    if level is not None:
        work = ranker.evidence(row, level).work
        assert work is not None
        return Expected(work.rate, work.sd)
    mix = ranker.prior(row.area).mix
    parts = [ranker.evidence(row, lv).work for lv in LEVELS]
    rate = sum(m * w.rate for m, w in zip(mix, parts, strict=True))  # type: ignore[union-attr]
    var = sum((m * w.sd) ** 2 for m, w in zip(mix, parts, strict=True))  # type: ignore[union-attr]
    return Expected(rate, math.sqrt(var))


def gain(better: Expected, base: Expected, confidence: float = CONFIDENCE) -> Gain:
    """Independent posteriors: the difference's sd is the root of the summed variances."""
    d = better.rate - base.rate
    half = z_for(confidence) * math.hypot(better.sd, base.sd)
    return Gain(d, d - half, d + half)


class Candidate:
    """A contract that can take this person: what the rules need to know of it."""

    __slots__ = ("at_risk", "distance_km", "grade", "office", "row")

    def __init__(self, row: ResultRow, grade: GradeInfo | None, distance_km: float | None,
                 office: str | None) -> None:
        self.row, self.grade, self.distance_km, self.office = row, grade, distance_km, office
        self.at_risk = bool(row.at_risk)

    @property
    def ka(self) -> str:
        return self.row.ka

    @property
    def stars(self) -> int | None:
        return stars_of(self.grade)

    def __repr__(self) -> str:
        return f"Candidate({self.ka}, {self.distance_km})"


class Memo:
    """What the rules need that does not depend on the place: each area's eligible
    contracts with their grades, and each contract's estimate per level. A batch shares
    one across its thousands of places (one person needs none)."""

    def __init__(self, ranker: Ranker) -> None:
        self.ranker = ranker
        self.areas: dict[str, list[tuple[ResultRow, GradeInfo | None]]] = {}
        self.estimates: dict[tuple[str, str | None], Expected] = {}

    def eligible(self, area: str) -> list[tuple[ResultRow, GradeInfo | None]]:
        rows = self.areas.get(area)
        if rows is None:
            r, ds = self.ranker, self.ranker.ds
            rows = self.areas[area] = [(row, ds.grade(row.ka)) for row in ds.by_area.get(area, ())
                                       if r.exclusion(row) is None]
        return rows

    def estimate(self, row: ResultRow, level: str | None) -> Expected:
        e = self.estimates.get((row.ka, level))
        if e is None:
            e = self.estimates[row.ka, level] = estimate(self.ranker, row, level)
        return e


def candidates(ranker: Ranker, needs: Needs, memo: Memo | None = None) -> list[Candidate]:
    """Every contract in the person's areas that takes new participants, with its
    nearest office: the ranking's exclusions, none of its ordering (the batch asks this
    for thousands of places, and the order is the fallback's own)."""
    memo = memo or Memo(ranker)
    out = []
    for area in needs.areas or tuple(ranker.ds.areas()):
        for row, grade in memo.eligible(area):
            km, office = ranker.nearest_office(row.ka, needs.lat, needs.lon)
            out.append(Candidate(row, grade, km, office))
    return out


class Option(record("Option", "candidate estimate gain")):
    """A contract the fallback may move this person to: ``gain`` over the baseline."""

    __slots__ = ()
    candidate: Candidate
    estimate: Expected
    gain: Gain

    @property
    def ka(self) -> str:
        return self.candidate.ka


class Plan(record("Plan", "area nearest baseline moves reach_km area_level avoided "
                          "unreliable")):
    """Everything the rules decide for one situation, before any capacity.

    ``nearest``: AF's contract (None without office data); ``baseline``: its estimate, or
    the area's volume-proportional mix; ``moves``: the contracts a person may be moved
    to, best first; ``avoided``: the grade-1 / at-risk rule removed a contract that
    would otherwise have been the best move; ``unreliable``: contracts within reach that
    look better but not clearly enough to move anybody."""

    __slots__ = ()
    area: str | None
    nearest: Candidate | None
    baseline: Expected | None
    moves: list[Option]
    reach_km: float | None
    area_level: bool
    avoided: bool
    unreliable: int

    @property
    def recommended(self) -> Candidate | None:
        """The single-person answer: the best move, else the nearest contract."""
        return self.moves[0].candidate if self.moves else self.nearest


def _acceptable(r: Candidate) -> bool:
    return r.stars is not None and r.stars >= 2 and not r.at_risk


def _poor(r: Candidate) -> bool:
    return r.at_risk or r.stars == 1


def plan(ranker: Ranker, needs: Needs, *, reach_min_km: float = REACH_MIN_KM,
         reach_factor: float = REACH_FACTOR, confidence: float = CONFIDENCE,
         memo: Memo | None = None) -> Plan:
    """The rules for one person. Stated needs and travel limits are not applied: the
    fallback is for people who said nothing."""
    memo = memo or Memo(ranker)
    pool = candidates(ranker, needs, memo)
    located = [r for r in pool if r.distance_km is not None]
    level = needs.level
    if located:
        nearest: Candidate | None = min(located, key=lambda r: (r.distance_km, r.ka))
        assert nearest is not None and nearest.distance_km is not None
        area: str | None = nearest.row.area
        reach: float | None = reach_km(nearest.distance_km, reach_min_km=reach_min_km,
                                       reach_factor=reach_factor)
        pool = [r for r in located if r.row.area == area
                and r.distance_km <= reach]  # type: ignore[operator]
        baseline: Expected | None = memo.estimate(nearest.row, level)
        area_level = False
    else:  # no office data here, or no location: the whole area, against its average
        nearest, reach, area_level = None, None, True
        area = needs.areas[0] if len(needs.areas) == 1 else None
        pool = [r for r in pool if area is None or r.row.area == area]
        baseline = _volume_mix(memo, pool, level)
    if baseline is None:
        return Plan(area, nearest, None, [], reach, area_level, False, 0)
    guard = any(_acceptable(r) for r in pool)
    moves: list[Option] = []
    skipped: list[Expected] = []
    unreliable = 0
    for r in pool:
        if nearest is not None and r.ka == nearest.ka:
            continue
        est = memo.estimate(r.row, level)
        g = gain(est, baseline, confidence)
        if g.low <= 0:
            unreliable += g.mean > 0
            continue
        if guard and _poor(r):
            skipped.append(est)
            continue
        moves.append(Option(r, est, g))
    moves.sort(key=lambda o: (-o.estimate.rate, o.candidate.distance_km
                              if o.candidate.distance_km is not None else math.inf, o.ka))
    # "avoided" only when the rule changed the answer
    avoided = bool(skipped) and (not moves or max(e.rate for e in skipped)
                                 > moves[0].estimate.rate)
    return Plan(area, nearest, baseline, moves, reach, area_level, avoided, unreliable)


def _volume_mix(memo: Memo, pool: list[Candidate], level: str | None) -> Expected | None:
    """AF's rule where no office is known: each contract in proportion to the
    participants it has now."""
    rows = [r.row for r in pool if r.row.participants > 0]
    total = sum(r.participants for r in rows)
    if not total:
        return None
    parts = [(r.participants / total, memo.estimate(r, level)) for r in rows]
    return Expected(sum(w * e.rate for w, e in parts),
                    math.sqrt(sum((w * e.sd) ** 2 for w, e in parts)))


# --- one person ------------------------------------------------------------------------

class Fallback(record("Fallback", "nearest recommended reach_km area_level avoided reasons "
                                  "level nearest_estimate recommended_estimate gain")):
    """``nearest`` and ``recommended`` are :class:`~chooser.core.ranking.Ranked` or None;
    ``recommended`` is ``nearest`` itself when nothing is reliably better. ``gain`` is
    None when the recommendation is the nearest contract."""

    __slots__ = ()
    nearest: Ranked | None
    recommended: Ranked | None
    reach_km: float | None
    area_level: bool
    avoided: bool
    reasons: list[Reason]
    level: str | None
    nearest_estimate: Expected | None
    recommended_estimate: Expected | None
    gain: Gain | None

    @property
    def moved(self) -> bool:
        return self.recommended is not None and (
            self.nearest is None or self.recommended.ka != self.nearest.ka)

    @property
    def extra_km(self) -> float | None:
        if not self.moved or self.nearest is None or self.recommended is None \
                or self.recommended.distance_km is None or self.nearest.distance_km is None:
            return None
        return self.recommended.distance_km - self.nearest.distance_km


def fallback(ranker: Ranker, needs: Needs, *, reach_min_km: float = REACH_MIN_KM,
             reach_factor: float = REACH_FACTOR, confidence: float = CONFIDENCE) -> Fallback:
    p = plan(ranker, needs, reach_min_km=reach_min_km, reach_factor=reach_factor,
             confidence=confidence)
    # the screens and texts show a contract as the ranking does, reasons and all
    ranked = {r.ka: r for r in ranker.rank(Needs(needs.areas, needs.lat, needs.lon,
                                                 needs.level)).ranked}
    return explain(p, needs.level, ranked)


def explain(p: Plan, level: str | None, ranked: dict[str, Ranked]) -> Fallback:
    """The single-person answer and its reasons: message ids with raw parameters (a
    missing grade is passed as None and said as "no grade yet", never as a number)."""
    reasons: list[Reason] = []
    nearest = ranked.get(p.nearest.ka) if p.nearest is not None else None
    best = ranked.get(p.recommended.ka) if p.recommended is not None else None
    if p.baseline is None:
        reasons.append(reason("fallback_none"))
        return Fallback(nearest, None, p.reach_km, p.area_level, False, reasons, level,
                        None, None, None)
    lv = {"level": level} if level is not None else {}
    which = "" if level is not None else "_mix"
    if p.area_level:
        reasons.append(reason("fallback_area_level" if p.moves else "fallback_area_level_same"))
    if nearest is not None:
        assert nearest.distance_km is not None
        reasons.append(reason("fallback_nearest", supplier=nearest.row.supplier,
                              km=nearest.distance_km, stars=nearest.stars))
    top = p.moves[0] if p.moves else None
    if top is None:
        if nearest is not None and p.baseline is not None:
            low, high = p.baseline.interval()
            reasons.append(reason("fallback_nearest_rate" + which, rate=p.baseline.rate,
                                  low=low, high=high, **lv))
            reasons.append(reason("fallback_same_best"))
            if p.unreliable:
                reasons.append(reason("fallback_unreliable", n=p.unreliable))
        elif p.unreliable:  # no office known: the area's mix stands in for AF's rule
            reasons.append(reason("fallback_unreliable", n=p.unreliable))
        if p.avoided:
            reasons.append(reason("fallback_avoided"))
        return Fallback(nearest, best, p.reach_km, p.area_level, p.avoided, reasons, level,
                        p.baseline, p.baseline, None)
    r = ranked[top.ka]
    if r.distance_km is not None and nearest is not None and nearest.distance_km is not None:
        reasons.append(reason("fallback_moved", reach=p.reach_km, supplier=r.row.supplier,
                              stars=r.stars, km=r.distance_km,
                              extra=max(0.0, r.distance_km - nearest.distance_km)))
    else:
        reasons.append(reason("fallback_recommended_area", supplier=r.row.supplier,
                              stars=r.stars))
    assert p.baseline is not None
    b_low, b_high = top.estimate.interval()
    n_low, n_high = p.baseline.interval()
    kind = "fallback_rates_area" if p.area_level else "fallback_rates"
    reasons.append(reason(kind + which, best=top.estimate.rate, best_low=b_low,
                          best_high=b_high, nearest=p.baseline.rate, nearest_low=n_low,
                          nearest_high=n_high, **lv))
    reasons.append(reason("fallback_gain", gain=top.gain.mean, gain_low=top.gain.low,
                          gain_high=top.gain.high))
    if p.avoided:
        reasons.append(reason("fallback_avoided"))
    return Fallback(nearest, r, p.reach_km, p.area_level, p.avoided, reasons, level,
                    p.baseline, top.estimate, top.gain)


