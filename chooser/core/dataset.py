"""The Dataset: AF's data for one moment, immutable and indexed, with where it came from.

Pure: knows nothing about files. :func:`assemble` turns what the source readers produced
into a Dataset, applying AF's revision rule; ``chooser.storage.load`` does the file work.

Revision rule (from AF's practice of revising earlier periods in later files): when two
files hold the same period, the one whose own newest period is later wins. Two files with
*different* data for a period and the same newest period is an error: nothing says which
is right, and guessing would silently change grades.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from chooser.core.model import (
    NO_SUPPLEMENTS,
    GradeInfo,
    GradePoint,
    Office,
    ResultRow,
    SourceInfo,
    Supplements,
    Weights,
)
from chooser.core.namedrecord import record


class Precomputed(record("Precomputed", "strengths office_areas consistency office_cells",
                         defaults=(None, None))):
    """Figures about a dataset that take long to work out and never change for it, worked
    out by the code that owns them when a managed directory's index is written, and kept
    there so that a command need not work them out again.

    ``strengths``: measure → how many participants an area's rate is worth
    (``chooser.core.evidence.estimate_strengths``); ``office_areas``: municipality code →
    area → contracts with an office there (``chooser.geo.offices.office_areas``), or None;
    ``consistency``: the office list against the results (``chooser.geo.offices.
    consistency``: KA numbers by finding), or None without offices; ``office_cells``:
    grid cell → contracts with an office in it (``chooser.core.proximity.office_cells``),
    so that "which contracts have an office near here" unpacks no office, or None.
    """

    __slots__ = ()
    strengths: dict[str, float]
    office_areas: dict[str, dict[str, int]] | None
    consistency: dict[str, list[str]] | None
    office_cells: dict[tuple[int, int], tuple[str, ...]] | None

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
        # figures worked out once when the dataset's index was written (None: not yet)
        self.precomputed: Precomputed | None = None
        # where it was loaded from (set by storage.load; not part of the data or the index)
        self.directory: str | None = None
        self._results: dict[str, tuple[ResultRow, ...]] | None = results
        self._grade_history: dict[str, tuple[GradePoint, ...]] | None = grade_history
        self._history: Callable[[], tuple] | None = None

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
        self._offices: Mapping[str, tuple[Office, ...]] | None = supplements.offices
        self._offices_loader: Callable[[], Mapping[str, tuple[Office, ...]]] | None = None
        self._has_offices = bool(supplements.offices)
        self.accepts_new = supplements.accepts_new
        self.status = supplements.status
        self.satisfaction = supplements.satisfaction
        self.profiles = supplements.profiles
        self.contracts = current  # sorted by area (Swedish order), then KA
        self.by_ka: dict[str, ResultRow] = {r.ka: r for r in self.contracts}
        self.by_area: dict[str, tuple[ResultRow, ...]] = _group(self.contracts, lambda r: r.area)
        self._by_supplier: dict[str, tuple[ResultRow, ...]] | None = None

    @property
    def offices(self) -> Mapping[str, tuple[Office, ...]]:
        """ka → its offices (AF's supplier search); a contract absent = office unknown.
        From an index they are unpacked on first use: `info`, `areas` and `rank --area`
        never ask."""
        if self._offices is None:
            assert self._offices_loader is not None
            self._offices, self._offices_loader = self._offices_loader(), None
        return self._offices

    @property
    def has_offices(self) -> bool:
        """Whether any office location is known (without unpacking them)."""
        return self._has_offices

    @property
    def offices_as_of(self) -> str | None:
        """The day the offices were downloaded from AF's search (YYYY-MM-DD), if known:
        every distance and nearest office is as of that day."""
        return max((p for s in self.sources if s.kind == "offices" for p in s.periods),
                   default=None)

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
        assert self._history is not None
        self._results, self._grade_history = self._history()
        self._history = None

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

    # --- restoring from an index ---------------------------------------------------------

    @classmethod
    def restore(cls, periods: tuple[str, ...], current: tuple[ResultRow, ...],
                latest: dict[str, GradePoint], previous: dict[str, GradePoint],
                weights: dict[str, Weights], catalog: dict[str, tuple[str, str, str | None]],
                sources: tuple[SourceInfo, ...], origin: str,
                area_map: dict[str, tuple[str, ...]], supplements: Supplements,
                history: Callable[[], tuple[dict[str, tuple[ResultRow, ...]],
                                            dict[str, tuple[GradePoint, ...]]]],
                precomputed: Precomputed | None = None,
                offices: tuple[bool, Callable[[], Mapping[str, tuple[Office, ...]]]] | None = None
                ) -> Dataset:
        """A dataset from parts an index kept: ``history`` gives every period's rows and
        every contract's grade history when first asked for (most commands never ask);
        ``offices`` (whether there are any, and how to unpack them) likewise, in place of
        ``supplements.offices``."""
        ds = cls.__new__(cls)
        ds._setup(periods, current, (latest, previous), weights, catalog, sources, origin,
                  area_map, supplements)
        if offices is not None:
            ds._has_offices, ds._offices_loader = offices
            ds._offices = None
        ds.precomputed = precomputed
        ds.directory = None
        ds._results = ds._grade_history = None
        ds._history = history
        return ds

    def same_data(self, other: Dataset) -> bool:
        """Same contracts, results, grades and weights (provenance aside)."""
        return (self.results == other.results and self.grade_history == other.grade_history
                and self.weights == other.weights and self.catalog == other.catalog
                and self.area_map == other.area_map
                and self.supplements() == other.supplements())


def _group(rows: Iterable[ResultRow], key: Callable[[ResultRow], str]
           ) -> dict[str, tuple[ResultRow, ...]]:
    groups: dict[str, list[ResultRow]] = {}
    for r in rows:
        groups.setdefault(key(r), []).append(r)
    return {k: tuple(v) for k, v in groups.items()}
