"""Assembling what the source readers produced into one Dataset, under AF's revision rule.

Revision rule (from AF's practice of revising earlier periods in later files): when two
files hold the same period, the one whose own newest period is later wins. Two files with
*different* data for a period and the same newest period is an error: nothing says which
is right, and guessing would silently change grades.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from typing import Any

from chooser.core.dataset import Dataset
from chooser.core.errors import DataError
from chooser.core.model import (
    ContractStatus,
    GradePoint,
    Satisfaction,
    SourceInfo,
    Supplements,
    Weights,
)

_DATE = re.compile(r"(19|20)\d\d-[01]\d-[0-3]\d")

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover - imported for annotations only
    from chooser.sources.detect import SourceContent


def _pick_by_period(kind: str, offers: list[tuple[str, str, Any]],
                    same: Callable[[Any, Any], bool]) -> dict[str, tuple[str, Any]]:
    """For each period, the (file, data) that wins under AF's revision rule.

    ``offers`` holds (file, period, data) for every file that has data for a period.
    """
    newest: dict[str, str] = {}
    for file, period, _ in offers:
        newest[file] = max(newest.get(file, period), period)
    chosen: dict[str, tuple[str, object]] = {}
    by_period: dict[str, list[tuple[str, object]]] = {}
    for file, period, data in offers:
        by_period.setdefault(period, []).append((file, data))
    for period, candidates in by_period.items():
        candidates.sort(key=lambda fd: (newest[fd[0]], fd[0]), reverse=True)
        top_file, top_data = candidates[0]
        for other_file, other_data in candidates[1:]:
            if newest[other_file] == newest[top_file] and not same(top_data, other_data):
                raise DataError(
                    f"{other_file} and {top_file}",
                    f"both hold {kind} for {period} with different content, and neither "
                    f"file is newer (both end at {newest[top_file]})",
                    hint="remove the file that is out of date, or add AF's newer file",
                )
        chosen[period] = (top_file, top_data)
    return chosen


def _same_weights(a: Weights, b: Weights) -> bool:
    # AF rounds the weights to six decimals in its CSV but not in the calculator sheet.
    return all(abs(x - y) < 5e-6 for x, y in zip(a[1:], b[1:], strict=True))


def _same_set(a: list, b: list) -> bool:
    return set(a) == set(b)


def assemble(
    contents: Sequence[SourceContent],
    *,
    origins: dict[str, tuple[str | None, str | None]] | None = None,
    origin: str = "directory",
) -> Dataset:
    """Build a Dataset from every file's content. Raises DataError, never half-builds.

    ``origins`` maps a file name to (where it was derived from, when it was fetched).
    """
    origins = origins or {}
    res_offers: list[tuple[str, str, Any]] = []
    grade_offers: list[tuple[str, str, Any]] = []
    weight_offers: list[tuple[str, str, Any]] = []
    for c in contents:
        per: dict[str, list] = {}
        for r in c.results:
            per.setdefault(r.period, []).append(r)
        res_offers += [(c.file, p, rows) for p, rows in per.items()]
        per = {}
        for g in c.grades:
            per.setdefault(g.period, []).append(g)
        grade_offers += [(c.file, p, rows) for p, rows in per.items()]
        weight_offers += [(c.file, w.period, w) for w in c.weights]

    chosen_results = _pick_by_period("results", res_offers, _same_set)
    chosen_grades = _pick_by_period("grades", grade_offers, _same_set)
    chosen_weights = _pick_by_period("level weights", weight_offers, _same_weights)

    results = {p: tuple(rows) for p, (_f, rows) in sorted(chosen_results.items())}
    weights = {p: w for p, (_f, w) in sorted(chosen_weights.items())}

    # Grades: AF's grade file is the publication; the results table's BETYG column says
    # the same for its period and fills in contracts the grade file lacks (new ones).
    points: dict[str, dict[str, int | None]] = {}
    catalog: dict[str, tuple[str, str, str | None]] = {}
    for _period, (_f, grows) in sorted(chosen_grades.items()):
        for g in grows:
            points.setdefault(g.ka, {})[g.period] = g.grade
            catalog[g.ka] = (g.supplier, g.area, g.region)
    for period, rows in results.items():  # oldest first, so the newest name stays
        for r in rows:
            points.setdefault(r.ka, {}).setdefault(period, r.grade)
            region = catalog.get(r.ka, ("", "", None))[2]
            catalog[r.ka] = (r.supplier, r.area, region)
    history = {ka: tuple(GradePoint(p, gr) for p, gr in sorted(by_p.items()))
               for ka, by_p in sorted(points.items())}

    # Each file is listed once per kind it holds, with the periods actually taken from it:
    # a file whose periods were all revised by a newer file shows none, worth seeing.
    used: dict[tuple[str, str], set[str]] = {}
    for kind, chosen in (("results", chosen_results), ("grades", chosen_grades),
                         ("weights", chosen_weights)):
        for period, (file, _data) in chosen.items():
            used.setdefault((file, kind), set()).add(period)
    area_map: dict[str, tuple[str, ...]] = {}
    for c in contents:
        for who, area in c.area_map:
            if area not in area_map.get(who, ()):
                area_map[who] = (*area_map.get(who, ()), area)
    dates = {c.file: office_date(c.file, origins.get(c.file, (None, None))[1])
             for c in contents if c.offices}
    newest_offices = max((d for d in dates.values() if d), default=None)
    # A download of AF's search is the whole list: of several, the newest stands alone
    # (a contract missing from it has left the list); undated ones are merged as before.
    office_files = {f for f, d in dates.items() if d is None or d == newest_offices}
    supplements = _supplements(contents, office_files)
    for f in office_files:
        if dates[f]:
            used.setdefault((f, "offices"), set()).add(dates[f])
    for c in contents:
        for s in c.satisfaction:
            used.setdefault((c.file, "satisfaction"), set()).add(s.period)
    sources = tuple(
        SourceInfo(c.file, kind, tuple(sorted(used.get((c.file, kind), ()))),
                   *origins.get(c.file, (None, None)))
        for c in sorted(contents, key=lambda c: c.file) for kind in c.kinds
    )
    return Dataset(results, history, weights, catalog, sources, origin, area_map, supplements)


def _one_per_contract(kind: str, offers: list[tuple[str, str, Any]]) -> dict[str, Any]:
    """ka → data where several files may name a contract: the same data twice is fine,
    different data is an error (nothing says which file is right)."""
    out: dict[str, tuple[str, Any]] = {}
    for file, ka, data in offers:
        old = out.get(ka)
        if old is not None and old[1] != data:
            raise DataError(f"{old[0]} and {file}",
                            f"both hold {kind} for contract {ka}, and they differ",
                            hint="remove the file that is out of date")
        out[ka] = (file, data)
    return {ka: data for ka, (_f, data) in out.items()}


def office_date(file: str, fetched_at: str | None) -> str | None:
    """The day an office file was downloaded: its fetch date, else a YYYY-MM-DD in its
    name (``sokleverantor-2025-03-01.json``, as saved by scrapers), else None."""
    if fetched_at:
        return fetched_at[:10]
    found = _DATE.search(os.path.basename(file))
    return found.group(0) if found else None


def _supplements(contents: Sequence[SourceContent], office_files: set[str]) -> Supplements:
    entries = _one_per_contract("offices", [(c.file, e.ka, e.key()) for c in contents
                                            if c.file in office_files for e in c.offices])
    offices = {ka: tuple(sorted(key[2])) for ka, key in entries.items() if key[2]}
    accepts_new = {ka: key[1] for ka, key in entries.items() if key[1] is not None}
    # A status file may be replaced by a newer one: with dates, the newest date wins.
    status: dict[str, ContractStatus] = {}
    dated = sorted((s for c in contents for s in c.statuses),
                   key=lambda s: s.date or "")
    undated = _one_per_contract("a status", [(c.file, s.ka, s) for c in contents
                                             for s in c.statuses if s.date is None])
    for s in dated:
        if s.date is not None:
            status[s.ka] = s
    for ka, s in undated.items():
        status.setdefault(ka, s)
    surveys = _one_per_contract("a satisfaction survey", [
        (c.file, (s.ka, s.period), s) for c in contents for s in c.satisfaction])
    satisfaction: dict[str, Satisfaction] = {}
    for (ka, _period), s in sorted(surveys.items()):  # the latest period per contract wins
        satisfaction[ka] = s
    profiles = _one_per_contract("a supplier profile", [(c.file, p.ka, p) for c in contents
                                                        for p in c.profiles])
    return Supplements(offices, accepts_new, status, satisfaction, profiles)
