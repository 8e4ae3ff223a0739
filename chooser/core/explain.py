"""Why a contract ranks where it does, as reasons (message ids with parameters). Pure.

Every factor behind a contract's place, in order: grade and trend, risk, the level's
results, satisfaction, distance, then each stated need. ``chooser.text.render`` puts them
into words.
"""

from __future__ import annotations

from chooser.core.dataset import Dataset
from chooser.core.model import Office
from chooser.core.needs import MET, UNKNOWN, Needs
from chooser.core.ranked import Ranked
from chooser.core.reasons import Reason, reason

FEW_PARTICIPANTS = 10
"""Below this a level's own rate is described as close to the area's, not quoted."""


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
