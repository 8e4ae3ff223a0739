"""The Dataset: AF's data for one moment, immutable and indexed, with where it came from.

Pure: knows nothing about files. :func:`assemble` turns what the source readers produced
into a Dataset, applying AF's revision rule; ``chooser.datadir`` does the file work.

Revision rule (from AF's practice of revising earlier periods in later files): when two
files hold the same period, the one whose own newest period is later wins. Two files with
*different* data for a period and the same newest period is an error: nothing says which
is right, and guessing would silently change grades.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from chooser.errors import DataError
from chooser.model import (
    NO_SUPPLEMENTS,
    ContractStatus,
    GradeInfo,
    GradePoint,
    Office,
    Profile,
    ResultRow,
    Satisfaction,
    SourceInfo,
    Supplements,
    Weights,
)

# `typing` costs a quarter of the start-up budget; type checkers honour this constant too.
TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover - imported for annotations only
    from typing import Any

    from chooser.sources.detect import SourceContent

STATE_VERSION = 7

_SWEDISH_ORDER = str.maketrans({"å": "z\x01", "ä": "z\x02", "ö": "z\x03", "é": "e", "ü": "y"})


def swedish_key(text: str) -> str:
    """Sort key that puts Å, Ä, Ö after Z as a Swedish reader expects (not Ä, Å, Ö)."""
    return text.casefold().translate(_SWEDISH_ORDER)


class Dataset:
    """AF's results, grades and weights; the newest results period is *current*.

    ``results`` (every period) and ``grade_history`` are complete whether the dataset was
    assembled from files or read from an index; from an index they are unpacked on first
    use, because most commands need only the current period and the latest grades.
    """

    def __init__(
        self,
        results: dict[str, tuple[ResultRow, ...]],
        grade_history: dict[str, tuple[GradePoint, ...]],
        weights: dict[str, Weights],
        catalog: dict[str, tuple[str, str, str | None]],
        sources: tuple[SourceInfo, ...],
        origin: str = "directory",
        area_map: dict[str, tuple[str, ...]] | None = None,
        supplements: Supplements = NO_SUPPLEMENTS,
    ) -> None:
        period = max(results) if results else None
        latest = {ka: gs[-1] for ka, gs in grade_history.items() if gs}
        previous = {ka: gs[-2] for ka, gs in grade_history.items() if len(gs) >= 2}
        current = results.get(period, ()) if period else ()
        self._setup(tuple(sorted(results)),
                    tuple(sorted(current, key=lambda r: (swedish_key(r.area), r.ka))),
                    (latest, previous), weights, catalog, sources, origin, area_map or {},
                    supplements)
        self.derived: dict = {}
        # where it was loaded from (set by datadir; not part of the data or the index)
        self.directory: str | None = None
        self._results: dict[str, tuple[ResultRow, ...]] | None = results
        self._grade_history: dict[str, tuple[GradePoint, ...]] | None = grade_history
        self._packed: bytes | None = None

    def _setup(self, periods: tuple[str, ...], current: tuple[ResultRow, ...],
               grades: tuple[dict[str, GradePoint], dict[str, GradePoint]],
               weights: dict[str, Weights],
               catalog: dict[str, tuple[str, str, str | None]],
               sources: tuple[SourceInfo, ...], origin: str,
               area_map: dict[str, tuple[str, ...]], supplements: Supplements) -> None:
        self.periods = periods  # every results period loaded, oldest first
        self.period: str | None = periods[-1] if periods else None
        # the latest grade publication per contract, and the one before it (for trends)
        self.latest_grades, self.previous_grades = grades
        self.weights = weights
        # ka -> (supplier, area, AF region) for every contract any source names, including
        # those only in the grade file (too new for the results table, or ended).
        self.catalog = catalog
        self.sources = sources
        self.origin = origin
        # an official municipality (code or name) → areas table, when one was loaded
        self.area_map = area_map
        # offices, status, satisfaction and profiles by KA; absent = unknown, never "no"
        self.offices = supplements.offices
        self.accepts_new = supplements.accepts_new
        self.status = supplements.status
        self.satisfaction = supplements.satisfaction
        self.profiles = supplements.profiles
        self.contracts = current  # sorted by area (Swedish order), then KA
        self.by_ka: dict[str, ResultRow] = {r.ka: r for r in self.contracts}
        self.by_area: dict[str, tuple[ResultRow, ...]] = _group(self.contracts, lambda r: r.area)
        self._by_supplier: dict[str, tuple[ResultRow, ...]] | None = None

    @property
    def by_supplier(self) -> dict[str, tuple[ResultRow, ...]]:
        """supplier name → its current contracts (grouped on first use)."""
        if self._by_supplier is None:
            self._by_supplier = _group(self.contracts, lambda r: r.supplier)
        return self._by_supplier

    @property
    def results(self) -> dict[str, tuple[ResultRow, ...]]:
        """Every loaded follow-up period's rows, oldest first."""
        if self._results is None:
            self._unpack()
        assert self._results is not None
        return self._results

    @property
    def grade_history(self) -> dict[str, tuple[GradePoint, ...]]:
        """ka → every grade AF published for it, oldest first (None = no grade)."""
        if self._grade_history is None:
            self._unpack()
        assert self._grade_history is not None
        return self._grade_history

    def _unpack(self) -> None:
        import marshal

        assert self._packed is not None
        results, history = marshal.loads(self._packed)
        new = tuple.__new__  # skips _make's length check: to_state wrote these
        self._results = {p: tuple([new(ResultRow, r) for r in rows])
                         for p, rows in results.items()}
        self._grade_history = {ka: tuple([new(GradePoint, g) for g in gs])
                               for ka, gs in history.items()}
        self._packed = None

    # --- questions the rest of the program asks ----------------------------------------

    def areas(self) -> list[str]:
        return sorted(self.by_area, key=swedish_key)

    def grade(self, ka: str) -> GradeInfo | None:
        """The latest grade AF published for a contract, with its area and month.

        None only when chooser knows nothing of the contract; a contract without a grade
        gets ``GradeInfo(grade=None, …)``: "no grade yet", never zero stars.
        """
        latest = self.latest_grades.get(ka)
        row = self.by_ka.get(ka)
        if latest is None or row is None:
            return None
        return GradeInfo(latest.grade, row.area, latest.period)

    def grades_published(self) -> str | None:
        """The newest grade publication month among the current contracts."""
        months = {self.latest_grades[r.ka].period for r in self.contracts
                  if r.ka in self.latest_grades}
        return max(months) if months else None

    def supplements(self) -> Supplements:
        return Supplements(self.offices, self.accepts_new, self.status, self.satisfaction,
                           self.profiles)

    def at_risk_published(self) -> bool:
        """Whether AF published RISKERAR HÄVNING for the current period (blank ≠ "Nej")."""
        return any(r.at_risk is not None for r in self.contracts)

    # --- a plain form for the on-disk index ------------------------------------------

    def to_state(self) -> tuple:
        """Plain tuples and dicts for ``marshal``: what is needed at once first, the
        history packed separately so that reading it can wait until it is asked for."""
        return _share_equal(self._plain_state(), {})

    def _plain_state(self) -> tuple:
        import marshal

        history = marshal.dumps(_share_equal((
            {p: tuple(tuple(r) for r in rows) for p, rows in self.results.items()},
            {ka: tuple(tuple(g) for g in gs) for ka, gs in self.grade_history.items()},
        ), {}))
        return (
            STATE_VERSION,
            self.periods,
            tuple(tuple(r) for r in self.contracts),  # already in display order
            {ka: tuple(g) for ka, g in self.latest_grades.items()},
            {ka: tuple(g) for ka, g in self.previous_grades.items()},
            {p: tuple(w) for p, w in self.weights.items()},
            {ka: tuple(v) for ka, v in self.catalog.items()},
            tuple(tuple(s) for s in self.sources),
            self.origin,
            self.area_map,
            (  # marshal takes plain tuples only, not named ones
                {ka: tuple(tuple(o) for o in os_) for ka, os_ in self.offices.items()},
                self.accepts_new,
                {ka: tuple(v) for ka, v in self.status.items()},
                {ka: tuple(v) for ka, v in self.satisfaction.items()},
                {ka: tuple(v) for ka, v in self.profiles.items()},
            ),
            self.derived,
            history,
        )

    @classmethod
    def from_state(cls, state: tuple) -> Dataset:
        if not state or state[0] != STATE_VERSION:
            raise ValueError(f"dataset state version {state[:1]}, expected {STATE_VERSION}")
        (_v, periods, current, latest, previous, weights, catalog, sources, origin, area_map,
         extra, derived, history) = state
        new = tuple.__new__
        offices, accepts_new, status, satisfaction, profiles = extra
        supplements = Supplements(
            {ka: tuple(new(Office, o) for o in os_) for ka, os_ in offices.items()},
            accepts_new,
            {ka: new(ContractStatus, v) for ka, v in status.items()},
            {ka: new(Satisfaction, v) for ka, v in satisfaction.items()},
            {ka: new(Profile, v) for ka, v in profiles.items()},
        )
        ds = cls.__new__(cls)
        ds._setup(
            periods,
            tuple([new(ResultRow, r) for r in current]),
            ({ka: new(GradePoint, g) for ka, g in latest.items()},
             {ka: new(GradePoint, g) for ka, g in previous.items()}),
            {p: Weights._make(w) for p, w in weights.items()},
            catalog,
            tuple(map(SourceInfo._make, sources)),
            origin,
            area_map,
            supplements,
        )
        # numbers worked out from the data when the index was written (see
        # datadir.write_index): kept so that a command need not work them out again
        ds.derived = derived
        ds._results = ds._grade_history = None
        ds._packed = history
        return ds

    def same_data(self, other: Dataset) -> bool:
        """Same contracts, results, grades and weights (provenance aside)."""
        return (self.results == other.results and self.grade_history == other.grade_history
                and self.weights == other.weights and self.catalog == other.catalog
                and self.area_map == other.area_map
                and self.supplements() == other.supplements())


def _share_equal(obj: Any, memo: dict) -> Any:
    """The same structure with equal strings and tuples made one object each, so that
    marshal writes a reference instead of a copy (area and supplier names, periods and
    level tuples repeat on every row): a smaller index that loads faster."""
    if isinstance(obj, tuple):
        obj = tuple(_share_equal(x, memo) for x in obj)
    elif isinstance(obj, dict):
        return {_share_equal(k, memo): _share_equal(v, memo) for k, v in obj.items()}
    elif not isinstance(obj, str):
        return obj
    try:
        return memo.setdefault(obj, obj)
    except TypeError:  # a tuple holding a dict is not hashable: keep it as it is
        return obj


def _group(rows: Iterable[ResultRow], key: Callable[[ResultRow], str]
           ) -> dict[str, tuple[ResultRow, ...]]:
    groups: dict[str, list[ResultRow]] = {}
    for r in rows:
        groups.setdefault(key(r), []).append(r)
    return {k: tuple(v) for k, v in groups.items()}


# --- assembling files into a dataset --------------------------------------------------

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
    supplements = _supplements(contents)
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


def _supplements(contents: Sequence[SourceContent]) -> Supplements:
    entries = _one_per_contract("offices", [(c.file, e.ka, e.key()) for c in contents
                                            for e in c.offices])
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
