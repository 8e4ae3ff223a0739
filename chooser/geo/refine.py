"""Offices refine the municipality → delivery area mapping (pure).

chooser's own mapping (``data/geo``) is derived from names and, for most municipalities,
is *approximate*. Live office data is evidence: each office's coordinates give its
municipality, its KA number gives its contract's delivery area. When at least
``MIN_CONTRACTS`` different contracts of an area have an office in a municipality:

- an area the mapping already lists there is **confirmed** (its source becomes "offices");
- an area it does not list is **added**, or, when none of the listed areas has an office
  there at all, it **replaces** them (the approximate guess was wrong).

One office is not enough (a supplier may keep a single office across an area border), and
AF's official table, when a dataset has one, is never overruled. Absence of offices is
never evidence: nothing is removed for lack of them.
"""

from __future__ import annotations

from chooser.core.dataset import Dataset
from chooser.core.namedrecord import record
from chooser.geo.gazetteer import Gazetteer

MIN_CONTRACTS = 2
SOURCE = "offices"


class Refinement(record("Refinement", "confirmed added replaced")):
    """Municipality codes by what happened to them."""

    __slots__ = ()


def office_areas(gaz: Gazetteer, ds: Dataset) -> dict[str, dict[str, int]]:
    """Municipality code → area → how many contracts of that area have an office there."""
    seen: dict[str, dict[str, set[str]]] = {}
    cache: dict[tuple[float, float], str | None] = {}
    for ka, offices in ds.offices.items():
        row = ds.by_ka.get(ka)
        if row is None:
            continue
        for o in offices:
            key = (round(o.lat, 4), round(o.lon, 4))
            if key not in cache:
                hit = gaz.at(o.lat, o.lon)
                cache[key] = hit.kommunkod if hit else None
            code = cache[key]
            if code is not None:
                seen.setdefault(code, {}).setdefault(row.area, set()).add(ka)
    return {code: {a: len(kas) for a, kas in areas.items()} for code, areas in seen.items()}


def refine(gaz: Gazetteer, evidence: dict[str, dict[str, int]]
           ) -> tuple[Gazetteer, Refinement]:
    areas = dict(gaz.areas)
    confirmed, added, replaced = [], [], []
    for code, counts in sorted(evidence.items()):
        rows = areas.get(code, [])
        if any(src == "official" for _a, src in rows):
            continue
        strong = sorted(a for a, n in counts.items() if n >= MIN_CONTRACTS)
        if not strong:
            continue
        listed = [a for a, _s in rows]
        if listed and not any(counts.get(a) for a in listed):
            areas[code] = [(a, SOURCE) for a in strong]
            replaced.append(code)
            continue
        new_rows = [(a, SOURCE if a in strong else src) for a, src in rows]
        extra = [a for a in strong if a not in listed]
        new_rows += [(a, SOURCE) for a in extra]
        areas[code] = new_rows
        (added if extra else confirmed).append(code)
    return gaz.with_areas(areas), Refinement(tuple(confirmed), tuple(added), tuple(replaced))
