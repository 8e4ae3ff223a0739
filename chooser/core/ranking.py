"""Rank the contracts in a participant's delivery area for that participant. Pure.

Order of work, and why:

1. **Exclusions first, each with its reason.** A terminated contract, one with a
   placement stop (from a status file; never AF's ``nyval_tillatet``, false for every
   contract, so its meaning is unknown), one whose nearest office is beyond the
   participant's travel limit, and — when the participant's location is known —
   contracts of other areas whose offices are close by (the office across the street
   may belong to another area). Unknown data never
   excludes: a contract without a known office stays, and says so. At-risk contracts
   stay, flagged.
2. **Needs are needs.** A contract known not to meet a stated need (language, remote
   meetings, accessible premises) ranks below every contract that meets it or whose data
   is unknown; unknown ranks below known-met. This is a tier, not a score penalty, so
   no result rate can buy back a missing interpreter.
3. **Evidence decides inside a tier, within reach.** The score is the estimate for the
   participant's level (``chooser.core.evidence``: area → AF region → Sweden, small and
   ungraded contracts starting where such contracts end up, a contract's levels telling
   about one another), counted cautiously: less one standard deviation of it. Within
   reach — the participant's ``max_km``, or the larger of 20 km and twice the nearest
   office's distance, the fallback's reach — results decide. Beyond it a contract loses
   ``FAR_MARGIN`` of score and as much again per reach farther, so it ranks below
   comparable nearer ones unless its estimate is clearly better; its reasons say which.
   An unknown office is an unknown distance, said.
4. **Dominance is never broken.** Within one area, level and needs tier, a contract with
   at least as many participants at the level, at least the other's share who got work
   and who kept it, at least its grade (or the other has none) and an office no farther
   — one of them strictly — ranks above it: its score is raised to the best score of
   any contract it dominates, and ties are broken by those same numbers
   (``tests/core/test_dominance.py``, every area × level of AF's data).
5. **Ties** then break by distance, then KA number — never by name: the order of a list
   steers choices, and names are not merit.

The yardstick (area, region and Sweden shares, how contracts differ) is worked out once
per dataset; a :class:`Ranker` may take it from a ``reference`` dataset, so that "what
if this contract did better?" is answered against the same yardstick. Against a fixed
yardstick, more results never lower a contract's score, so they never lower its rank
(``tests/core/test_ranking.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from chooser.core.dataset import Dataset
from chooser.core.evidence import (
    CAUTION,
    MIN_ANSWERS,
    AreaPrior,
    Evidence,
    area_share,
    estimate_strengths,
    estimate_yardstick,
    posterior,
    region_of_areas,
    weighted_k,
)
from chooser.core.explain import explain
from chooser.core.model import LEVELS, Office, ResultRow
from chooser.core.needs import MET, NOT_MET, UNKNOWN, Needs, need_states
from chooser.core.proximity import REACH_FACTOR, REACH_MIN_KM, OfficeIndex, reach_km
from chooser.core.ranked import Excluded, Ranked, Ranking
from chooser.core.reasons import Reason, reason
from chooser.core.stats import Estimate, shrink

__all__ = ["MET", "NOT_MET", "UNKNOWN", "Excluded", "Needs", "Ranked", "Ranker", "Ranking",
           "rank"]

NEARBY_KM = 30.0
"""How close another area's office must be to be listed as "not your area"."""
FAR_MARGIN = 0.05
"""Score a contract loses for an office beyond reach, and again per reach farther: five
points of estimated share at the edge of reach is about one typical difference between
contracts in an area, so only a clearly better contract is worth the extra travel."""


def at_least(cx: tuple, cy: tuple, gx: int | None, gy: int | None) -> bool | None:
    """Whether X's results and grade are at least Y's in every number a person sees —
    participants at the level, share who got work, share who kept it, grade (or Y has
    none): None if not, else whether X is better in one of them. Distance aside: it is
    the participant's, the rest the dataset's (so this is worked out once per dataset)."""
    if len(cx) == 3:
        nx, wx, kx = cx
        ny, wy, ky = cy
        if ny == 0 or nx < ny:
            return None
        # shares compared as fractions, exactly: 2 of 6 is 1 of 3
        wx, wy, kx, ky = wx * ny, wy * nx, kx * ny, ky * nx
        if wx < wy or kx < ky:
            return None
        strict = nx > ny or wx > wy or kx > ky
    else:
        (nx, wx), (ny, wy) = cx, cy
        if nx < ny or wx < wy:
            return None
        strict = nx > ny or wx > wy
    if gy is not None:
        if gx is None or gx < gy:
            return None
        strict = strict or gx > gy
    elif gx is not None:
        strict = True
    return strict


def _no_farther(dx: float | None, dy: float | None, strict: bool) -> bool:
    """Completes dominance with the office distance; an unknown office is not "no
    farther" than a known one."""
    if dx is None and dy is None:
        return strict
    if dx is None or dy is None or dx > dy:
        return False
    return strict or dx < dy


def dominates(x: Ranked, y: Ranked) -> bool:
    """X is at least as good as Y in every number a person sees, office distance
    included, and better in one. Only for two contracts of one area, level and tier."""
    strict = at_least(x.evidence.compare, y.evidence.compare, x.stars, y.stars)
    return strict is not None and _no_farther(x.distance_km, y.distance_km, strict)


class Ranker:
    """Ranks for one dataset; what does not depend on the participant is worked out once
    per dataset and kept (the Textual app ranks many participants on one dataset)."""

    def __init__(self, ds: Dataset, reference: Dataset | None = None) -> None:
        self.ds = ds
        self.reference = reference or ds  # the data the yardstick (priors, m) comes from
        pre = self.reference.precomputed
        self.strengths = pre.strengths if pre is not None else estimate_strengths(
            self.reference)
        # an index written before the yardstick existed has only the strengths
        self.yardstick = self.strengths.get("yardstick") or estimate_yardstick(
            self.reference.by_area, region_of_areas(self.reference))
        self._priors: dict[str, AreaPrior] = {}
        self._evidence: dict[tuple[str, str | None], Evidence] = {}
        self._relations: dict[tuple[str, str | None], dict[str, list[tuple[str, bool]]]] = {}
        # unpacked when a distance is asked; the grid of offices from the index, if kept
        self.offices = OfficeIndex(lambda: ds.offices, ds.precomputed.office_cells
                                   if ds.precomputed is not None else None)
        self._has_offices = ds.has_offices
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
        st, y = self.strengths, self.yardstick
        grade = self.ds.latest_grades.get(row.ka)
        graded = grade is not None and grade.grade is not None
        work = kept = None
        if level is not None:
            i = LEVELS.index(level)
            (m, sd), = posterior(row, graded, y, "work", (i,))
            work = Estimate(row.rr1[i], row.n[i], m, sd, area_share(y, "work", row.area)[i])
            def kept(row: ResultRow = row, i: int = i) -> Estimate:
                (m, sd), = posterior(row, graded, y, "kept", (i,))
                return Estimate(row.rr2[i], row.n[i], m, sd, area_share(y, "kept", row.area)[i])
            estimate, cautious = work.rate, work.rate - CAUTION * work.sd
        else:  # averaged over the area's mix of levels
            post = posterior(row, graded, y, "work", (0, 1, 2))
            estimate = sum(w * m for w, (m, _sd) in zip(prior.mix, post, strict=True))
            cautious = sum(w * (m - CAUTION * sd) for w, (m, sd) in zip(prior.mix, post,
                                                                         strict=True))
        weighted = shrink(weighted_k(row), row.participants, prior.weighted, st["weighted"])
        survey = self.ds.satisfaction.get(row.ka)
        satisfaction = None
        if survey is not None and survey.answers >= MIN_ANSWERS:
            satisfaction = shrink(survey.satisfied, survey.answers, self._satisfaction_prior,
                                  st["satisfaction"])
        ev = Evidence(row, level, work, kept, weighted, satisfaction, estimate, cautious)
        self._evidence[key] = ev
        return ev

    def expected_work_rate(self, row: ResultRow, level: str | None) -> float:
        """The estimated share getting work or studies at this contract for people like
        the participant: for an unknown level, averaged over the area's mix of levels."""
        return self.evidence(row, level).estimate

    def relation(self, area: str, level: str | None) -> dict[str, list[tuple[str, bool]]]:
        """KA → [(KA of a contract whose results and grade it is at least, strictly?)]
        for one area and level: the participant-independent half of dominance. Only
        pairs where the other scores higher are kept: a dominated contract is no nearer
        (so loses no less for distance), and one scoring lower cannot raise the score."""
        key = (area, level)
        rel = self._relations.get(key)
        if rel is None:
            rows = self.ds.by_area.get(area, ())
            facts = []
            for row in rows:
                g = self.ds.latest_grades.get(row.ka)
                ev = self.evidence(row, level)
                facts.append((row.ka, ev.compare, g.grade if g is not None else None,
                              ev.score))
            rel = self._relations[key] = {}
            # most pairs fail on the participant count or the first share: test those
            # inline before the full comparison (this runs once per area and level)
            for ka, cx, gx, sx in facts:
                nx, wx = cx[0], cx[1]
                below = []
                for other, cy, gy, sy in facts:
                    ny = cy[0]
                    if sy <= sx or ny > nx or (len(cx) == 3 and (
                            ny == 0 or wx * ny < cy[1] * nx)):
                        continue
                    strict = at_least(cx, cy, gx, gy)
                    if strict is not None:
                        below.append((other, strict))
                if below:
                    rel[ka] = below
        return rel

    def exclusion(self, row: ResultRow) -> Reason | None:
        """Why a contract cannot take this participant at all, whoever they are."""
        status = self.ds.status.get(row.ka)
        if status is not None and status.status == "terminated":
            return reason("terminated", date=status.date)
        if status is not None and status.status == "placement_stop":
            return reason("placement_stop", date=status.date)
        # AF's nyval_tillatet is not asked: it is false for every contract in AF's own
        # downloads, so it cannot mean "takes no new participants" (its meaning is unknown)
        return None

    # --- one participant -----------------------------------------------------------------

    def nearest_office(self, ka: str, lat: float | None, lon: float | None
                       ) -> tuple[float | None, Office | None]:
        """(km, office) of the contract's office nearest the point; (None, None) unknown."""
        return self.offices.nearest(ka, lat, lon)

    def rank(self, needs: Needs, *, reach_min_km: float = REACH_MIN_KM,
             reach_factor: float = REACH_FACTOR) -> Ranking:
        """The participant's ranking; the reach (where results alone decide) is
        ``needs.max_km`` when given, else as :func:`chooser.core.proximity.reach_km` says
        with these figures (the fallback passes its own)."""
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
        _order(ranked, needs.max_km, reach_min_km, reach_factor,
               lambda area: self.relation(area, needs.level))
        if needs.areas and needs.lat is not None and needs.lon is not None:
            excluded += self._nearby_elsewhere(needs)
        notes = []
        if not self._has_offices:
            notes.append(reason("no_office_data"))
        elif ds.offices_as_of:
            # AF's office list is a download of one day: say which, wherever distances show
            notes.append(reason("offices_as_of", day=ds.offices_as_of))
        if len(needs.areas) > 1:
            notes.append(reason("areas_uncertain", areas=needs.areas))
        return Ranking(needs, ds.period, ranked, excluded, notes)

    def _nearby_elsewhere(self, needs: Needs) -> list[Excluded]:
        limit = needs.max_km if needs.max_km is not None else NEARBY_KM
        assert needs.lat is not None and needs.lon is not None
        out = []
        for ka in self.offices.near(needs.lat, needs.lon, limit):
            row = self.ds.by_ka.get(ka)
            if row is None or row.area in needs.areas:
                continue
            distance, _town = self.nearest_office(ka, needs.lat, needs.lon)
            if distance is not None and distance <= limit:
                out.append(Excluded(ka, row.supplier, row.area,
                                    reason("outside_area", area=row.area), distance))
        out.sort(key=lambda e: (e.distance_km, e.ka))
        return out

    def _ranked(self, row: ResultRow, needs: Needs, distance: float | None,
                office: Office | None) -> Ranked:
        met = need_states(self.ds.profiles.get(row.ka), needs)
        tier = 2 if NOT_MET in met.values() else 1 if UNKNOWN in met.values() else 0
        return Ranked(row, self.ds.grade(row.ka), self.evidence(row, needs.level), distance,
                      office, met, tier,
                      lambda r: explain(self.ds, r, needs, self._has_offices))

def _order(ranked: list[Ranked], max_km: float | None, reach_min_km: float,
           reach_factor: float,
           relation: Callable[[str], dict[str, list[tuple[str, bool]]]]) -> None:
    """Sort ``ranked`` in place: distance beyond reach, then dominance, then the key.
    ``relation(area)``: KA → the contracts whose results and grade it is at least (see
    :func:`at_least`), worked out once per dataset."""
    groups: dict[tuple, list[Ranked]] = {}
    for r in ranked:
        groups.setdefault((r.row.area, r.tier, r.not_met), []).append(r)
    for group in groups.values():
        known = [r.distance_km for r in group if r.distance_km is not None]
        nearest = min(known) if known else None
        reach = None if nearest is None else reach_km(
            nearest, max_km, reach_min_km=reach_min_km, reach_factor=reach_factor)
        for r in group:
            r.nearest_km, r.reach_km, score = nearest, reach, r.evidence.score
            d = r.distance_km
            if reach is not None and d is not None and d > reach:
                r.beyond_reach = True
                score -= FAR_MARGIN * (1 + (d - reach) / reach)
            r.order = round(score, 9)
        # a contract takes the best score of any it dominates: the relation lists every
        # pair (it is transitive), so the best of the direct ones is the best of all
        pairs = relation(group[0].row.area)
        by_ka = {r.ka: r for r in group}
        lifted: list[tuple[float, Ranked | None]] = []
        get = by_ka.get
        for x in group:
            best, dx, source = x.order, x.distance_km, None
            for ka, strict in pairs.get(x.ka, ()):
                y = get(ka)
                if y is not None and y.order > best and (
                        _no_farther(dx, y.distance_km, strict)):
                    best, source = y.order, y
            lifted.append((best, source))
        for r, (best, source) in zip(group, lifted, strict=True):
            r.order, r.lifted_from = best, source
    ranked.sort(key=Ranked.sort_key)
    for i, r in enumerate(ranked, start=1):
        r.rank = i
        r.next = ranked[i] if i < len(ranked) else None


def rank(ds: Dataset, needs: Needs) -> Ranking:
    """Rank once; hold a :class:`Ranker` instead when ranking many participants."""
    return Ranker(ds).rank(needs)
