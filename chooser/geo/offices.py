"""Which municipality each office is in, and what that says about the areas.

The build placed every office of the embedded office file by point-in-polygon on SCB's
boundaries (``data/geo/kontor.csv``, see ``chooser.build.placing``); an office that table
does not know (a newer download by ``chooser update``) is placed in the municipality of
the nearest known place, which is right away from borders. Nothing here changes the
municipality → area table at run time: it is committed, built from the same evidence
(``chooser.build.areas``); these figures feed the consistency report and ``chooser
update``'s report of what the new offices would add to the table.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from chooser.core.dataset import Dataset
from chooser.core.model import AreaEvidence, Office

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from chooser.geo.gazetteer import Gazetteer

TABLE = "kontor.csv"
# one area alone when it holds this share of the contracts with an office in a
# municipality (chooser.build.areas uses the same rule)
ALONE_SHARE = 0.8


def _key(lat: float, lon: float) -> tuple[float, float]:
    return round(lat, 6), round(lon, 6)


class OfficePlaces:
    """Office point → municipality code: the committed table, else ``gazetteer()``'s
    nearest place (the gazetteer is loaded only if an office needs it)."""

    def __init__(self, placed: dict[tuple[float, float], str | None],
                 gazetteer: Callable[[], Gazetteer]) -> None:
        self.placed, self._load = placed, gazetteer
        self._gazetteer: Gazetteer | None = None

    def municipality(self, o: Office) -> str | None:
        key = _key(o.lat, o.lon)
        if key not in self.placed:
            if self._gazetteer is None:  # once, and only if an office needs it
                self._gazetteer = self._load()
            hit = self._gazetteer.at(o.lat, o.lon)
            self.placed[key] = hit.kommunkod if hit else None
        return self.placed[key]


def read_places(directory: str, gazetteer: Callable[[], Gazetteer]) -> OfficePlaces:
    """The office table in ``directory`` (``kontor.csv``; none is no error: every office
    is then placed by the gazetteer)."""
    import csv

    placed: dict[tuple[float, float], str | None] = {}
    path = os.path.join(directory, TABLE)
    if os.path.exists(path):
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)  # not DictReader: `chooser info` reads this on start
            head = next(reader)
            lat, lon, code = head.index("LAT"), head.index("LON"), head.index("KOMMUNKOD")
            for r in reader:
                placed[_key(float(r[lat]), float(r[lon]))] = r[code]
    return OfficePlaces(placed, gazetteer)


def office_areas(places: OfficePlaces, ds: Dataset) -> dict[str, dict[str, int]]:
    """Municipality code → area → how many current contracts of that area have an office
    there."""
    seen: dict[str, dict[str, set[str]]] = {}
    for ka, offices in ds.offices.items():
        row = ds.by_ka.get(ka)
        if row is None:
            continue
        for o in offices:
            code = places.municipality(o)
            if code is not None:
                seen.setdefault(code, {}).setdefault(row.area, set()).add(ka)
    return {code: {a: len(kas) for a, kas in areas.items()} for code, areas in seen.items()}


def areas_shown(counts: dict[str, int]) -> list[str]:
    """The areas a municipality's office counts give it: the one holding ALONE_SHARE of
    the contracts alone, else every area with an office there."""
    total = sum(counts.values())
    ranked = sorted(counts, key=lambda a: (-counts[a], a))
    if not ranked:
        return []
    return ranked[:1] if counts[ranked[0]] >= ALONE_SHARE * total else ranked


def new_rows(evidence: dict[str, dict[str, int]], table: dict[str, list[AreaEvidence]]
             ) -> list[tuple[str, str]]:
    """(municipality code, area) pairs the offices show that the committed table lacks:
    what a rebuilt table (``python -m chooser.build.areas``) would add."""
    out = []
    for code, counts in sorted(evidence.items()):
        known = {r.area for r in table.get(code, [])}
        out += [(code, a) for a in areas_shown(counts) if a not in known]
    return out


def consistency(places: OfficePlaces, ds: Dataset, table: dict[str, list[AreaEvidence]]
                ) -> dict[str, list[str]]:
    """What the office list and the results say about each other (the "radar" of public
    ROM2 dashboards): current contracts with no office; office entries whose contract is
    not in the current results; contracts whose offices all lie outside the municipalities
    of their delivery area (``table``: the municipality → area table in use)."""
    area_towns: dict[str, set[str]] = {}
    for code, rows in table.items():
        for r in rows:
            area_towns.setdefault(r.area, set()).add(code)
    no_office = sorted(r.ka for r in ds.contracts if not ds.offices.get(r.ka))
    not_current = sorted(ka for ka in ds.offices if ka not in ds.by_ka)
    outside = []
    for r in ds.contracts:
        offices = ds.offices.get(r.ka, ())
        codes = {places.municipality(o) for o in offices} - {None}
        if codes and not codes & area_towns.get(r.area, set()):
            outside.append(r.ka)
    return {"no_office": no_office, "not_in_results": not_current, "outside_area": outside}
