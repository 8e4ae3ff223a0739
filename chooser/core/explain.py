"""Why a contract ranks where it does, as reasons (message ids with parameters). Pure.

Every factor behind a contract's place, in order: grade and trend, risk, the level's
results, satisfaction, distance, then each stated need. ``chooser.text.render`` puts them
into words.

One number per label: what happened is said as counts and their share ("9 of 35 got work
or studies, 26 %"); the estimate is named apart ("for people like you: likely between 18 %
and 35 %"). When the order goes against AF's stars, or against distance, the row says
which evidence put it there.
"""

from __future__ import annotations

from chooser.core.dataset import Dataset
from chooser.core.model import Office
from chooser.core.needs import MET, UNKNOWN, Needs
from chooser.core.ranked import Ranked
from chooser.core.reasons import Reason, reason

FARTHER_KM = 10.0
"""A contract whose office is this much farther than the nearest one, and that ranks
above a nearer one, says why."""


def office_label(office: Office | None) -> str:
    """An office as a person looks for it: "Storgatan 1, Ludvika" (street, post town)."""
    if office is None:
        return ""
    return ", ".join(x for x in (office.address, office.town) if x)


def explain(ds: Dataset, r: Ranked, needs: Needs, has_offices: bool) -> list[Reason]:
    """Every factor behind a contract's place, in order: grade and trend, risk, the
    level's results, satisfaction, distance, then each stated need."""
    row, ev, grade = r.row, r.evidence, r.grade
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
    # right after the grade: when the order goes against stars or distance, say why
    reasons += _order_reasons(r)
    if row.at_risk:
        reasons.append(reason("at_risk", month=row.period))
    if needs.level is not None and ev.work is not None and ev.kept is not None:
        n = ev.work.n
        if n == 0:
            reasons.append(reason("level_none", level=needs.level))
        else:
            reasons.append(reason("level_work", level=needs.level, k=ev.work.k, n=n,
                                  rate=ev.work.k / n))
            reasons.append(reason("level_kept", level=needs.level, k=ev.kept.k, n=n,
                                  rate=ev.kept.k / n))
        reasons.append(reason("level_estimate", low=ev.work.low, high=ev.work.high))
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
        reasons.append(reason("distance", km=r.distance_km, town=office_label(r.office)))
    elif needs.lat is not None and has_offices:
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


def _estimate(r: Ranked) -> float:
    return r.evidence.estimate


def _doubt(r: Ranked) -> float:
    """How far the cautious score sits below the estimate: its uncertainty."""
    return r.evidence.estimate - r.evidence.score


def _order_reasons(r: Ranked) -> list[Reason]:
    """Why this row stands where stars or distance alone would not put it."""
    out: list[Reason] = []
    nxt = r.next
    if nxt is not None and nxt.row.area == r.row.area and nxt.tier == r.tier:
        mine, theirs = r.stars, nxt.stars
        if theirs is not None and (mine is None or mine < theirs):
            n, other_n = r.evidence.compare[0], nxt.evidence.compare[0]
            if nxt.beyond_reach and not r.beyond_reach and nxt.distance_km is not None \
                    and r.distance_km is not None:
                out.append(reason("above_more_stars_nearer", supplier=nxt.row.supplier,
                                  stars=theirs, km=nxt.distance_km - r.distance_km,
                                  reach=r.reach_km))
            # whole per cent are shown: "41 % against 41 %" is no reason; then it is the
            # estimate's certainty (scores count it one standard deviation off)
            elif round(_estimate(r), 2) > round(_estimate(nxt), 2):
                out.append(reason("above_more_stars", supplier=nxt.row.supplier,
                                  stars=theirs, rate=_estimate(r), other=_estimate(nxt),
                                  n=n, other_n=other_n))
            elif _doubt(r) < _doubt(nxt):
                out.append(reason("above_more_stars_surer", supplier=nxt.row.supplier,
                                  stars=theirs, rate=_estimate(r), other=_estimate(nxt),
                                  n=n, other_n=other_n))
    if r.lifted_from is not None:
        out.append(reason("dominates", supplier=r.lifted_from.row.supplier,
                          rate=_estimate(r.lifted_from)))
    d, nearest = r.distance_km, r.nearest_km
    if d is not None and nearest is not None and d - nearest >= FARTHER_KM:
        passed = r.passed
        # the evidence that put it here: its own estimate, or that of one it dominates
        mine = max(_estimate(r), _estimate(r.lifted_from) if r.lifted_from else 0.0)
        if passed is not None:
            key = "beyond_reach_better" if r.beyond_reach else "farther_better"
            out.append(reason(key, km=d - nearest, reach=r.reach_km,
                              supplier=passed.row.supplier, rate=mine,
                              other=_estimate(passed), n=r.evidence.compare[0],
                              other_n=passed.evidence.compare[0]))
        elif r.beyond_reach:
            out.append(reason("beyond_reach", km=d - nearest, reach=r.reach_km))
    return out
