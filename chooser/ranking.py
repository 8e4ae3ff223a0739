"""Rank the contracts in a participant's delivery area for that participant. Pure.

Order of work, and why:

1. **Exclusions first, each with its reason.** A terminated contract, one with a
   placement stop, one that takes no new participants (AF's ``nyval_tillatet``), one
   whose nearest office is beyond the participant's travel limit, and — when the
   participant's location is known — contracts of other areas whose offices are close
   by (the office across the street may belong to another area). Unknown data never
   excludes: a contract without a known office stays, and says so. At-risk contracts
   stay, flagged.
2. **Needs are needs.** A contract known not to meet a stated need (language, remote
   meetings, accessible premises) ranks below every contract that meets it or whose data
   is unknown; unknown ranks below known-met. This is a tier, not a score penalty, so
   no result rate can buy back a missing interpreter.
3. **Evidence decides inside a tier.** For a known level L, the share who got work or
   studies (RR1_L / n_L) and the share who kept it (RR2_L / n_L), each shrunk toward
   the area's rate for L; for an unknown level, AF's weighted result measure, shrunk the
   same way. Each counts *cautiously* — the shrunk rate less one posterior standard
   deviation — so that three lucky participants cannot outrank a hundred and twenty
   good ones. AF's grade and, with at least 10 answers, satisfaction add small nudges.
4. **Ties** break by distance to the nearest office, then KA number — never by name:
   the order of a list steers choices, and names are not merit.

Shrinkage (``chooser.stats``): the area's rate is a prior worth ``m`` participants,
where ``m`` measures how much contracts in the same area really differ beyond chance,
estimated once per dataset from every area (pooled). The priors and ``m`` are the
yardstick; a :class:`Ranker` may take them from a ``reference`` dataset, so that "what
if this contract did better?" is answered against the same yardstick. Against a fixed
yardstick, more results never lower a contract's score, so they never lower its rank
(``tests/test_ranking.py``).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from chooser.dataset import Dataset
from chooser.distance import EARTH_KM, cells_within, grid_cell
from chooser.messages import Reason, reason
from chooser.model import LEVELS, GradeInfo, ResultRow
from chooser.record import record
from chooser.stats import Shrunk, pooled_strength, shrink

GRADE_WEIGHT = 0.01
"""Score per star above the middle (2.5): AF's grade sums up longer history than one
follow-up, so it nudges; the participant's level's own results decide."""
SATISFACTION_WEIGHT = 0.1
"""Score per unit of shrunk satisfaction above the mean: ±15 points of satisfaction move a
contract about as much as one star."""
MIN_ANSWERS = 10
"""Fewer survey answers than this are hidden, not shown or used."""
FEW_PARTICIPANTS = 10
"""Below this a level's own rate is described as close to the area's, not quoted."""
NEARBY_KM = 30.0
"""How close another area's office must be to be listed as "not your area"."""
STRENGTH_BOUNDS = (10.0, 200.0)


class Needs(record("Needs", "areas lat lon level languages remote accessible max_km",
                   defaults=((), None, None, None, (), False, False, None))):
    """One participant's situation. ``areas`` empty = every area (an analyst's view).

    ``level`` is "A", "B", "C" or None (unknown); ``languages`` ISO 639-1 codes, met when
    a contract offers any of them; ``max_km`` limits travel to the nearest office.
    """

    __slots__ = ()
    areas: tuple[str, ...]
    lat: float | None
    lon: float | None
    level: str | None
    languages: tuple[str, ...]
    remote: bool
    accessible: bool
    max_km: float | None


MET, UNKNOWN, NOT_MET = "met", "unknown", "not met"


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


class Ranked:
    """One contract in a participant's ranking. ``reasons`` are put into words on first
    use: a screen shows ten of sixty, and ordering needs only the numbers."""

    __slots__ = ("_explain", "_reasons", "at_risk", "distance_km", "evidence", "grade",
                 "needs", "office", "rank", "row", "tier")

    def __init__(self, row: ResultRow, grade: GradeInfo | None, evidence: Evidence,
                 distance_km: float | None, office: str | None, needs: dict[str, str],
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


class AreaPrior:
    """An area's rates that small samples are shrunk toward, and its level mix."""

    __slots__ = ("kept", "mix", "weighted", "work")

    def __init__(self, rows: tuple[ResultRow, ...]) -> None:
        def rate(k: float, n: float) -> float:
            return k / n if n else 0.0
        n = [sum(r.n[i] for r in rows) for i in range(3)]
        self.work = [rate(sum(r.rr1[i] for r in rows), n[i]) for i in range(3)]
        self.kept = [rate(sum(r.rr2[i] for r in rows), n[i]) for i in range(3)]
        self.weighted = rate(sum(_weighted_k(r) for r in rows),
                             sum(r.participants for r in rows))
        total = sum(n)
        self.mix = [x / total if total else 1 / 3 for x in n]


def _weighted_k(row: ResultRow) -> float:
    # AF's measure as "successes" out of the participants, so it can be shrunk like a
    # rate; the level weights can push it above 1 in theory, never in AF's data.
    return min(row.weighted * row.participants, row.participants)


class Ranker:
    """Ranks for one dataset; what does not depend on the participant is worked out once
    per dataset and kept (the Textual app ranks many participants on one dataset)."""

    def __init__(self, ds: Dataset, reference: Dataset | None = None) -> None:
        self.ds = ds
        self.reference = reference or ds  # the data the yardstick (priors, m) comes from
        self.strengths = (self.reference.derived.get("strengths")
                          or estimate_strengths(self.reference))
        self._priors: dict[str, AreaPrior] = {}
        self._evidence: dict[tuple[str, str | None], Evidence] = {}
        self._grid: dict[tuple[int, int], list[str]] | None = None
        self._trig: dict[str, list[tuple[float, float, float, str]]] = {}
        self._has_offices = bool(ds.offices)
        surveys = [s for s in self.reference.satisfaction.values()
                   if s.answers >= MIN_ANSWERS]
        answers = sum(s.answers for s in surveys)
        self._satisfaction_prior = (sum(s.satisfied for s in surveys) / answers
                                    if answers else 0.5)

    # --- participant-independent ---------------------------------------------------------

    def prior(self, area: str) -> AreaPrior:
        p = self._priors.get(area)
        if p is None:
            p = self._priors[area] = AreaPrior(self.reference.by_area.get(area, ()))
        return p

    def evidence(self, row: ResultRow, level: str | None) -> Evidence:
        key = (row.ka, level)
        ev = self._evidence.get(key)
        if ev is not None:
            return ev
        prior = self.prior(row.area)
        st = self.strengths
        work = kept = None
        if level is not None:
            i = LEVELS.index(level)
            work = shrink(row.rr1[i], row.n[i], prior.work[i], st[f"work_{level}"])
            kept = shrink(row.rr2[i], row.n[i], prior.kept[i], st[f"kept_{level}"])
        weighted = shrink(_weighted_k(row), row.participants, prior.weighted, st["weighted"])
        survey = self.ds.satisfaction.get(row.ka)
        satisfaction = None
        if survey is not None and survey.answers >= MIN_ANSWERS:
            satisfaction = shrink(survey.satisfied, survey.answers, self._satisfaction_prior,
                                  st["satisfaction"])
        grade = self.ds.latest_grades.get(row.ka)
        ev = Evidence(row, level, work, kept, weighted, satisfaction,
                      grade.grade if grade else None)
        self._evidence[key] = ev
        return ev

    def expected_work_rate(self, row: ResultRow, level: str | None) -> float:
        """The shrunk share expected to get work or studies at this contract: for an
        unknown level, averaged over the area's mix of levels."""
        if level is not None:
            ev = self.evidence(row, level)
            assert ev.work is not None
            return ev.work.rate
        mix = self.prior(row.area).mix
        return sum(mix[i] * self.evidence(row, lv).work.rate  # type: ignore[union-attr]
                   for i, lv in enumerate(LEVELS))

    def exclusion(self, row: ResultRow) -> Reason | None:
        """Why a contract cannot take this participant at all, whoever they are."""
        status = self.ds.status.get(row.ka)
        if status is not None and status.status == "terminated":
            return reason("terminated", date=status.date)
        if status is not None and status.status == "placement_stop":
            return reason("placement_stop", date=status.date)
        if self.ds.accepts_new.get(row.ka) is False:
            return reason("no_new")
        return None

    # --- one participant -----------------------------------------------------------------

    def _office_grid(self) -> dict[tuple[int, int], list[str]]:
        """Grid cells → KA numbers with an office there: "which offices are near
        this point" without measuring to every office in Sweden. Built on first use."""
        if self._grid is None:
            grid: dict[tuple[int, int], set[str]] = {}
            for ka, offices in self.ds.offices.items():
                for o in offices:
                    grid.setdefault(grid_cell(o.lat, o.lon), set()).add(ka)
            self._grid = {c: sorted(kas) for c, kas in grid.items()}
        return self._grid

    def _office_trig(self, ka: str) -> list[tuple[float, float, float, str]]:
        """A contract's offices with their trigonometry worked out once per dataset."""
        trig = self._trig.get(ka)
        if trig is None:
            trig = self._trig[ka] = [
                (math.radians(o.lat), math.radians(o.lon), math.cos(math.radians(o.lat)),
                 o.town or o.address) for o in self.ds.offices.get(ka, ())]
        return trig

    def nearest_office(self, ka: str, lat: float | None, lon: float | None
                       ) -> tuple[float | None, str | None]:
        """(km, town) of the contract's office nearest the point; (None, None) unknown."""
        if lat is None or lon is None:
            return None, None
        offices = self._office_trig(ka)
        if not offices:
            return None, None
        p, l0 = math.radians(lat), math.radians(lon)
        cp = math.cos(p)
        sin = math.sin
        best, town = 4.0, ""
        for olat, olon, ocos, otown in offices:  # haversine, in its squared-chord form
            h = sin((olat - p) / 2) ** 2 + cp * ocos * sin((olon - l0) / 2) ** 2
            if h < best:
                best, town = h, otown
        return 2 * EARTH_KM * math.asin(math.sqrt(best)), town

    def rank(self, needs: Needs) -> Ranking:
        ds = self.ds
        areas = needs.areas or tuple(ds.areas())
        ranked: list[Ranked] = []
        excluded: list[Excluded] = []
        for area in areas:
            for row in ds.by_area.get(area, ()):
                distance, office = self.nearest_office(row.ka, needs.lat, needs.lon)
                why = self.exclusion(row)
                if why is None and needs.max_km is not None and distance is not None \
                        and distance > needs.max_km:
                    why = reason("too_far", km=distance, max=needs.max_km)
                if why is not None:
                    excluded.append(Excluded(row.ka, row.supplier, row.area, why, distance))
                    continue
                ranked.append(self._ranked(row, needs, distance, office))
        ranked.sort(key=Ranked.sort_key)
        for i, r in enumerate(ranked, start=1):
            r.rank = i
        if needs.areas and needs.lat is not None and needs.lon is not None:
            excluded += self._nearby_elsewhere(needs)
        notes = []
        if not self._has_offices:
            notes.append(reason("no_office_data"))
        if len(needs.areas) > 1:
            notes.append(reason("areas_uncertain", areas=needs.areas))
        return Ranking(needs, ds.period, ranked, excluded, notes)

    def _nearby_elsewhere(self, needs: Needs) -> list[Excluded]:
        limit = needs.max_km if needs.max_km is not None else NEARBY_KM
        assert needs.lat is not None and needs.lon is not None
        grid = self._office_grid()
        seen: set[str] = set()
        out = []
        for cell in cells_within(needs.lat, needs.lon, limit):
            for ka in grid.get(cell, ()):
                row = self.ds.by_ka.get(ka)
                if ka in seen or row is None or row.area in needs.areas:
                    continue
                seen.add(ka)
                distance, _town = self.nearest_office(ka, needs.lat, needs.lon)
                if distance is not None and distance <= limit:
                    out.append(Excluded(ka, row.supplier, row.area,
                                        reason("outside_area", area=row.area), distance))
        out.sort(key=lambda e: (e.distance_km, e.ka))
        return out

    def _ranked(self, row: ResultRow, needs: Needs, distance: float | None,
                office: str | None) -> Ranked:
        met = self._needs(row.ka, needs)
        tier = 2 if NOT_MET in met.values() else 1 if UNKNOWN in met.values() else 0
        return Ranked(row, self.ds.grade(row.ka), self.evidence(row, needs.level), distance,
                      office, met, tier, lambda r: self.explain(r, needs))

    def explain(self, r: Ranked, needs: Needs) -> list[Reason]:
        """Every factor behind a contract's place, in order: grade and trend, risk, the
        level's results, satisfaction, distance, then each stated need."""
        ds, row, ev, grade = self.ds, r.row, r.evidence, r.grade
        reasons: list[Reason] = []
        if grade is not None:
            if grade.grade is None:
                reasons.append(reason("no_grade", area=grade.area, month=grade.published))
            else:
                reasons.append(reason("grade", stars=grade.grade, area=grade.area,
                                      month=grade.published))
            before = ds.previous_grades.get(row.ka)
            if grade.grade is not None and before is not None and before.grade is not None:
                trend = ("grade_up" if grade.grade > before.grade else
                         "grade_down" if grade.grade < before.grade else "grade_same")
                reasons.append(reason(trend, previous=before.grade, month=before.period))
        if row.at_risk:
            reasons.append(reason("at_risk", month=row.period))
        if needs.level is not None and ev.work is not None and ev.kept is not None:
            n = ev.work.n
            if n < FEW_PARTICIPANTS:
                reasons.append(reason("level_few", level=needs.level, n=n, prior=ev.work.prior))
            else:
                reasons.append(reason("level_work", level=needs.level, rate=ev.work.k / n, n=n))
                reasons.append(reason("level_kept", level=needs.level, rate=ev.kept.k / n, n=n))
        else:
            reasons.append(reason("weighted", value=row.weighted, average=ev.weighted.prior))
        survey = ds.satisfaction.get(row.ka)
        if survey is not None:
            if ev.satisfaction is not None:
                reasons.append(reason("satisfaction", rate=survey.satisfied / survey.answers,
                                      n=survey.answers, month=survey.period))
            else:
                reasons.append(reason("satisfaction_few", n=survey.answers))
        if r.distance_km is not None:
            reasons.append(reason("distance", km=r.distance_km, town=r.office))
        elif needs.lat is not None and self._has_offices:
            reasons.append(reason("no_office"))
        profile = ds.profiles.get(row.ka)
        if "language" in r.needs:
            state = r.needs["language"]
            offered = profile.languages if profile is not None else None
            if state == MET and offered is not None:
                reasons += [reason("lang_met", language=c) for c in needs.languages
                            if c in offered]
            else:
                key = "lang_unknown" if state == UNKNOWN else "lang_not_met"
                reasons += [reason(key, language=c) for c in needs.languages]
        for need in ("remote", "accessible"):
            if need in r.needs:
                reasons.append(reason(f"{need}_{r.needs[need].replace(' ', '_')}"))
        return reasons

    def _needs(self, ka: str, needs: Needs) -> dict[str, str]:
        """Each stated need as met / unknown / not met."""
        out: dict[str, str] = {}
        if not (needs.languages or needs.remote or needs.accessible):
            return out
        profile = self.ds.profiles.get(ka)
        if needs.languages:
            offered = profile.languages if profile is not None else None
            if offered is None:
                out["language"] = UNKNOWN
            else:
                out["language"] = MET if any(c in offered for c in needs.languages) else NOT_MET
        for need, wanted in (("remote", needs.remote), ("accessible", needs.accessible)):
            if wanted:
                value = getattr(profile, need) if profile is not None else None
                out[need] = UNKNOWN if value is None else MET if value else NOT_MET
        return out


def estimate_strengths(ds: Dataset) -> dict[str, float]:
    """How many participants an area's rate is worth, per measure and level, pooled over
    every area of the dataset (see :func:`chooser.stats.pooled_strength`)."""
    lo, hi = STRENGTH_BOUNDS
    groups = list(ds.by_area.values())
    out = {}
    for i, level in enumerate(LEVELS):
        out[f"work_{level}"] = pooled_strength([[(r.rr1[i], r.n[i]) for r in g]
                                                for g in groups], lo, hi)
        out[f"kept_{level}"] = pooled_strength([[(r.rr2[i], r.n[i]) for r in g]
                                                for g in groups], lo, hi)
    out["weighted"] = pooled_strength([[(round(_weighted_k(r)), r.participants) for r in g]
                                       for g in groups], lo, hi)
    out["satisfaction"] = pooled_strength(
        [[(s.satisfied, s.answers) for s in ds.satisfaction.values()
          if s.answers >= MIN_ANSWERS]], lo, hi)
    return out


def precompute(ds: Dataset) -> dict:
    """What a dataset's index keeps so that ranking need not work it out on each run."""
    return {"strengths": estimate_strengths(ds)}


def rank(ds: Dataset, needs: Needs) -> Ranking:
    """Rank once; hold a :class:`Ranker` instead when ranking many participants."""
    return Ranker(ds).rank(needs)
