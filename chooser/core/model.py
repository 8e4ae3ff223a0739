"""Immutable domain objects for AF's published ROM2 data.

These are named tuples rather than dataclasses on purpose: ``chooser info`` must run as a
whole process in about three times the time of ``python -c pass``, and importing
``dataclasses`` alone (it pulls in ``inspect``) costs more than that budget allows. Named
tuples are immutable, hashable, compare by value and are built ten times faster.

Words (see DESIGN.md): a *contract* (avtal, ``ka``) is one supplier in one delivery *area*;
it is what AF grades, follows up and terminates. A *period* is a follow-up or publication
month written ``"YYYY-MM"``.
"""

from __future__ import annotations

from chooser.core.namedrecord import record

LEVELS: tuple[str, str, str] = ("A", "B", "C")
"""AF's participant levels; C is furthest from the labour market."""

TERMINATION_THRESHOLD = 0.2
"""AF terminates (with other conditions) a contract whose weighted result is below this."""


class ResultRow(
    record(
        "ResultRow",
        "period area supplier ka start_date active_22m grade weighted at_risk "
        "participants n rr1 rr2",
    )
):
    """One row of AF's results table (``Resultat YYYY-MM``): one contract at one follow-up.

    ``grade`` is 1–4 or ``None`` for AF's "-" (no grade: too few participants or too new).
    ``at_risk`` is ``None`` when AF did not publish RISKERAR HÄVNING for the period, which
    is not the same as "Nej". ``n``, ``rr1`` and ``rr2`` are per level (A, B, C).
    """

    __slots__ = ()
    period: str
    area: str
    supplier: str
    ka: str
    start_date: str | None
    active_22m: bool | None
    grade: int | None
    weighted: float
    at_risk: bool | None
    participants: int
    n: tuple[int, int, int]
    rr1: tuple[int, int, int]
    rr2: tuple[int, int, int]


class GradePoint(record("GradePoint", "period grade")):
    """AF's grade for one contract in one publication month; ``grade`` None = no grade."""

    __slots__ = ()
    period: str
    grade: int | None


class GradeRow(record("GradeRow", "period ka supplier area region grade")):
    """One cell of AF's grade file ("Betyg över tid") in long form."""

    __slots__ = ()
    period: str
    ka: str
    supplier: str
    area: str
    region: str | None
    grade: int | None


class Weights(record("Weights", "period a b c")):
    """AF's level weights for one follow-up period (from the calculator sheet)."""

    __slots__ = ()
    period: str
    a: float
    b: float
    c: float

    def of(self, level: str) -> float:
        return (self.a, self.b, self.c)[LEVELS.index(level)]


class SourceInfo(record("SourceInfo", "file kind periods origin fetched_at")):
    """Where part of a dataset came from.

    ``file`` is the file's name inside the dataset directory; ``origin`` is where it was
    derived from (an AF file name or a URL) when that differs; ``periods`` are the periods
    it holds; ``fetched_at`` is an ISO timestamp for downloaded data.
    """

    __slots__ = ()
    file: str
    kind: str
    periods: tuple[str, ...]
    origin: str | None
    fetched_at: str | None


class GradeInfo(record("GradeInfo", "grade area published")):
    """A grade as AF requires it to be shown: with its delivery area and publication month.

    ``grade`` None means "no grade yet" (Betyg saknas), never zero stars.
    """

    __slots__ = ()
    grade: int | None
    area: str
    published: str


def stars_of(info: GradeInfo | None) -> int | None:
    """The grade's stars (1–4), or None for "no grade yet" — also when no grade is known
    at all (a contract AF never graded has no GradeInfo)."""
    return info.grade if info is not None else None


class AreaEvidence(record("AreaEvidence", "area source confidence contracts offices")):
    """Why a municipality is in a delivery area (one row of the municipality → area table).

    ``source``: ``official`` (AF's table), ``offices`` (``contracts`` of the area have
    ``offices`` in the municipality), ``name`` (the area is named after it or its county)
    or ``approximate`` (the nearest area with evidence); ``confidence``: high, medium, low.
    """

    __slots__ = ()
    area: str
    source: str
    confidence: str
    contracts: int
    offices: int


class GeoMatch(
    record("GeoMatch", "name kind kommun kommunkod areas area_source lat lon score evidence")
):
    """One answer to "where do you live?".

    ``kind`` is municipality, locality, post town, postcode or coordinates; ``areas`` are
    the candidate delivery areas and ``area_source`` how they were derived (official,
    name, approximate, offices); ``evidence`` says so for each area.
    """

    __slots__ = ()
    name: str
    kind: str
    kommun: str
    kommunkod: str
    areas: tuple[str, ...]
    area_source: str
    lat: float
    lon: float
    score: float
    evidence: tuple[AreaEvidence, ...]


# --- what AF's results do not say: offices, status, satisfaction, profiles -------------
#
# All optional, from files beside AF's tables. A contract missing from these files is
# "unknown", never "no": no office known, status not stated, no survey, no profile.

STATUSES: tuple[str, str, str] = ("active", "placement_stop", "terminated")
"""Contract status (STATUS column: aktivt, placeringsstopp, hävt)."""


class Office(record("Office", "ka address postcode town lat lon")):
    """One office address of a contract (AF's "Sök leverantör": ``adresser``)."""

    __slots__ = ()
    ka: str
    address: str
    postcode: str
    town: str
    lat: float
    lon: float


class ContractStatus(record("ContractStatus", "ka status date")):
    """``status`` is one of :data:`STATUSES`; ``date`` ISO or None."""

    __slots__ = ()
    ka: str
    status: str
    date: str | None


class Satisfaction(record("Satisfaction", "ka period answers satisfied")):
    """A participant survey: ``satisfied`` of ``answers`` said they were satisfied."""

    __slots__ = ()
    ka: str
    period: str
    answers: int
    satisfied: int


class Profile(record("Profile", "ka languages remote accessible focus")):
    """What a supplier says it offers under one contract.

    ``languages`` are ISO 639-1 codes, or None when the cell was empty (unknown);
    ``remote`` and ``accessible`` are None when unknown.
    """

    __slots__ = ()
    ka: str
    languages: tuple[str, ...] | None
    remote: bool | None
    accessible: bool | None
    focus: str


class Supplements(
    record("Supplements", "offices accepts_new status satisfaction profiles")
):
    """The optional data, indexed by KA number. Empty dicts when no file was given."""

    __slots__ = ()
    offices: dict[str, tuple[Office, ...]]
    accepts_new: dict[str, bool]
    status: dict[str, ContractStatus]
    satisfaction: dict[str, Satisfaction]  # the latest survey per contract
    profiles: dict[str, Profile]


NO_SUPPLEMENTS = Supplements({}, {}, {}, {}, {})
