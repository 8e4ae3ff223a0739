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
3. **Evidence decides inside a tier.** For a known level L, the share who got work or
   studies (RR1_L / n_L) and the share who kept it (RR2_L / n_L), each shrunk toward
   the area's rate for L; for an unknown level, AF's weighted result measure, shrunk the
   same way. Each counts *cautiously* — the shrunk rate less one posterior standard
   deviation — so that three lucky participants cannot outrank a hundred and twenty
   good ones. AF's grade and, with at least 10 answers, satisfaction add small nudges.
4. **Ties** break by distance to the nearest office, then KA number — never by name:
   the order of a list steers choices, and names are not merit.

Shrinkage (``chooser.core.stats``): the area's rate is a prior worth ``m`` participants,
where ``m`` measures how much contracts in the same area really differ beyond chance,
estimated once per dataset from every area (pooled). The priors and ``m`` are the
yardstick; a :class:`Ranker` may take them from a ``reference`` dataset, so that "what
if this contract did better?" is answered against the same yardstick. Against a fixed
yardstick, more results never lower a contract's score, so they never lower its rank
(``tests/core/test_ranking.py``).
"""

from __future__ import annotations

from chooser.core.dataset import Dataset
from chooser.core.evidence import MIN_ANSWERS, AreaPrior, Evidence, estimate_strengths, weighted_k
from chooser.core.explain import explain
from chooser.core.model import LEVELS, Office, ResultRow
from chooser.core.needs import MET, NOT_MET, UNKNOWN, Needs, need_states
from chooser.core.proximity import OfficeIndex
from chooser.core.ranked import Excluded, Ranked, Ranking
from chooser.core.reasons import Reason, reason
from chooser.core.stats import shrink

__all__ = ["MET", "NOT_MET", "UNKNOWN", "Excluded", "Needs", "Ranked", "Ranker", "Ranking",
           "rank"]

NEARBY_KM = 30.0
"""How close another area's office must be to be listed as "not your area"."""


class Ranker:
    """Ranks for one dataset; what does not depend on the participant is worked out once
    per dataset and kept (the Textual app ranks many participants on one dataset)."""

    def __init__(self, ds: Dataset, reference: Dataset | None = None) -> None:
        self.ds = ds
        self.reference = reference or ds  # the data the yardstick (priors, m) comes from
        pre = self.reference.precomputed
        self.strengths = pre.strengths if pre is not None else estimate_strengths(
            self.reference)
        self._priors: dict[str, AreaPrior] = {}
        self._evidence: dict[tuple[str, str | None], Evidence] = {}
        self.offices = OfficeIndex(ds.offices)
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
        weighted = shrink(weighted_k(row), row.participants, prior.weighted, st["weighted"])
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
        # AF's nyval_tillatet is not asked: it is false for every contract in AF's own
        # downloads, so it cannot mean "takes no new participants" (its meaning is unknown)
        return None

    # --- one participant -----------------------------------------------------------------

    def nearest_office(self, ka: str, lat: float | None, lon: float | None
                       ) -> tuple[float | None, Office | None]:
        """(km, office) of the contract's office nearest the point; (None, None) unknown."""
        return self.offices.nearest(ka, lat, lon)

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

def rank(ds: Dataset, needs: Needs) -> Ranking:
    """Rank once; hold a :class:`Ranker` instead when ranking many participants."""
    return Ranker(ds).rank(needs)
