"""Where a participant is, as the ranking needs it: candidate delivery areas and a point.

Three ways in, as on the command line: a place typed in words or as a postcode, map
coordinates, or a delivery area named directly. Only areas that have contracts in the
loaded dataset count; anything else is a :class:`UsageError` that says what was
understood. A place whose areas have no contracts raises :class:`NotCovered`, which
carries a reason for the interface to put in the participant's words (the command line
adds what to type instead; the app, what to do on screen). Pure: the caller hands in the
gazetteer.
"""

from __future__ import annotations

from chooser.core.dataset import Dataset
from chooser.core.errors import UsageError
from chooser.core.model import GeoMatch
from chooser.core.namedrecord import record
from chooser.core.reasons import Reason, reason

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover - `--area` needs no gazetteer: keep it off that path
    from chooser.geo.gazetteer import Gazetteer


class Location(record("Location", "label areas lat lon match")):
    """``areas`` are the candidate delivery areas (one, or several where a municipality
    is split); ``lat``/``lon`` None when only an area was named."""

    __slots__ = ()
    label: str
    areas: tuple[str, ...]
    lat: float | None
    lon: float | None
    match: GeoMatch | None


class NotCovered(UsageError):
    """A place was understood, but no delivery area of it has contracts in the dataset."""

    def __init__(self, label: str, match: GeoMatch) -> None:
        where = " / ".join(match.areas) or "no known delivery area"
        super().__init__(f"{label} is in {match.kommun} ({where}), and this dataset has no "
                         f"contracts there.")
        self.reason: Reason = reason("not_covered", place=label, municipality=match.kommun,
                                     areas=match.areas)


def gazetteer_for(ds: Dataset, gazetteer: Gazetteer) -> Gazetteer:
    """The gazetteer for a dataset: only the delivery areas it has contracts in (AF's
    areas change between periods), with its official municipality → area table, if it has
    one, taking precedence over chooser's committed table (built from where the offices
    are: ``chooser.build.areas``)."""
    g = gazetteer.with_mapping(ds.area_map, "official") if ds.area_map else gazetteer
    return g.for_areas(ds.by_area)


def office_counts(ds: Dataset, code: str) -> dict[str, int] | None:
    """Area → how many of ``ds``'s current contracts have an office in the municipality
    ``code``; None when the dataset's index did not work it out (no offices known)."""
    pre = ds.precomputed
    if pre is None or pre.office_areas is None:
        return None
    return pre.office_areas.get(code, {})


def by_area(ds: Dataset, name: str) -> Location:
    if name in ds.by_area:  # as AF spells it: no need to fold 64 names
        return Location(name, (name,), None, None, None)
    from chooser.geo.gazetteer import fold

    key = fold(name)
    for area in ds.areas():
        if fold(area) == key:
            return Location(area, (area,), None, None, None)
    from rapidfuzz import fuzz, process

    close = [a for a, _s, _i in process.extract(key, ds.areas(), processor=fold,
                                                  scorer=fuzz.WRatio, limit=3,
                                                  score_cutoff=60)]
    hint = f" Did you mean: {', '.join(close)}?" if close else \
        " `chooser areas` lists them."
    raise UsageError(f'--area: no delivery area named "{name[:60]}" has contracts in this '
                     f"dataset.{hint}")


def from_match(ds: Dataset, match: GeoMatch, label: str) -> Location:
    areas = tuple(a for a in match.areas if a in ds.by_area)
    if not areas:
        raise NotCovered(label, match)
    return Location(label, areas, match.lat, match.lon, match)


def by_place(ds: Dataset, gazetteer: Gazetteer, text: str) -> Location:
    matches = gazetteer.lookup(text, 1)
    if not matches:
        close = gazetteer.suggestions(text)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise UsageError(f'--place: no place, postcode or municipality matches '
                         f'"{text[:60]}".{hint}')
    m = matches[0]
    label = m.name if m.name == m.kommun else f"{m.name} ({m.kommun})"
    return from_match(ds, m, label)


def by_point(ds: Dataset, gazetteer: Gazetteer, lat: float, lon: float) -> Location:
    m = gazetteer.at(lat, lon)
    if m is None:
        raise UsageError(f"--at: {lat}, {lon} is not in Sweden (or far from any place); "
                         f"give latitude first, then longitude, in decimal degrees")
    return from_match(ds, m, f"{lat:.5f}, {lon:.5f} ({m.kommun})")
