"""Words that the command line and the app both say, so that they say them alike.

Stars with their words, a grade with its area and month (AF's rule), a distance, one side
of "if you don't choose", and the provenance line. Each is said in the current language.
"""

from __future__ import annotations

from chooser.text.i18n import _, format_km, format_month

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover - for annotations; importing them costs start-up
    from chooser.core.dataset import Dataset
    from chooser.core.ranking import Ranked

# Reason ids that a list row says in its own first line (stars, distance, risk), so that
# the row's reasons below it do not repeat them.
SHOWN_ABOVE = frozenset({"grade", "no_grade", "distance", "no_office", "no_office_data",
                         "at_risk"})


def stars(grade: int | None) -> str:
    """Stars for the eye and words for everyone: meaning is never in the symbols alone."""
    if grade is None:
        return _("no grade yet")
    return "★" * grade + "☆" * (4 - grade) + " " + _("{n} of 4").format(n=grade)


def grade_words(r: Ranked) -> str:
    """Stars in words, or "no grade yet", always with AF's area and month (AF's rule)."""
    if r.grade is None or r.stars is None:
        return _("no grade yet")
    return _("{stars} ({area}, {month})").format(
        stars=stars(r.grade.grade), area=r.grade.area, month=format_month(r.grade.published))


def km(d: float | None) -> str:
    """A distance with its unit, or nothing when it is not known."""
    return "" if d is None else format_km(d)


def fallback_choice(r: Ranked | None, *, ka: bool = True) -> str:
    """One side of "if you don't choose", in words: the app and the CLI say it alike."""
    if r is None:
        return _("not known")  # the fallback's reasons say why (e.g. no office locations)
    grade = stars(r.stars)
    far = f", {km(r.distance_km)}" if r.distance_km is not None else ""
    risk = ", " + _("at risk of termination") if r.at_risk else ""
    what = f"KA {r.ka}{far}, {grade}" if ka else f"{grade}{far}"
    return f"{r.row.supplier} ({what}{risk})"


def fetched_at(ds: Dataset) -> str | None:
    """When the newest of the dataset's files was fetched (an update records it)."""
    times = [s.fetched_at for s in ds.sources if s.fetched_at]
    return max(times) if times else None


def provenance(ds: Dataset) -> str:
    """One line that is always on screen: which data, and which AF publication."""
    kind = {"snapshot": _("embedded snapshot"), "update": _("updated data"),
            "demo": _("FICTIONAL demo data")}.get(ds.origin, _("local files"))
    text = _("Data: {kind} · AF results {month} · grades {grades}").format(
        kind=kind, month=format_month(ds.period), grades=format_month(ds.grades_published()))
    fetched = fetched_at(ds)
    if fetched:
        text += " · " + _("fetched {when}").format(when=fetched[:10])
    return text
