"""Derive municipality → delivery area (``data/geo/kommun-leveransomrade.csv``) from evidence.

    pip install -e '.[geo-build]' && python -m chooser.build.areas

AF publishes no municipality → area table, but its supplier search does say where every
contract's offices are, and its results say which area every contract is in. So each
office is placed in its municipality by point-in-polygon (:mod:`chooser.build.placing`),
and every row of the table says how it was found (column ``HÄRLEDNING``) and how sure it
is (``SÄKERHET``: ``high``, ``medium``, ``low``):

- ``offices``: the areas whose contracts have offices in the municipality, with the
  number of contracts (``AVTAL``) and offices (``KONTOR``). When one area holds at least
  ``ALONE_SHARE`` of those contracts it stands alone (a supplier keeps the odd office
  across an area border: Södertälje has 22 Stockholm Syd contracts and one Nyköping
  contract); otherwise every area with offices there is a candidate and the address
  decides. ``high`` with at least ``SURE_CONTRACTS`` contracts, else ``medium``.
- ``name``: no office, but an area is named after the municipality ("Pajala",
  "Malung-Sälen-Vansbro") or its county ("Blekinge"); ``medium``.
- ``approximate``: neither: the area of the nearest municipality that has office or name
  evidence, counting a county border as ``COUNTY_PENALTY_KM`` more (areas mostly follow
  counties); when a second area is nearly as near (within 25 %) both are candidates
  rather than a guess; ``low``.

Areas change between AF's periods (Arvidsjaur, Pajala, Storuman, Vilhelmina, Årjäng and
Haparanda are areas until 2026-01, not after). The table covers the areas of *every*
period the snapshot holds: a municipality whose evidence names only areas missing from some
period also gets ``approximate`` rows among that period's areas. At run time only the areas
of the loaded dataset count, and among those the best evidence wins (see
``chooser.geo.gazetteer``). An official table loaded with ``--data`` wins over all of this.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
from collections.abc import Iterable

ALONE_SHARE = 0.8
SURE_CONTRACTS = 3
COUNTY_PENALTY_KM = 30.0
CLOSE_SECOND = 1.25
HEADER = ["KOMMUNKOD", "KOMMUN", "LEVERANSOMRÅDE", "HÄRLEDNING", "SÄKERHET", "AVTAL", "KONTOR"]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def _fold(s: str) -> str:
    return s.casefold().strip()


def named_municipalities(area: str, by_name: dict[str, dict]) -> list[dict]:
    """The municipalities an area's name names: "Malung-Sälen-Vansbro" → Malung-Sälen,
    Vansbro (parts are joined greedily, longest first, since names contain hyphens)."""
    parts = area.split("-")
    found, i = [], 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            name = _fold("-".join(parts[i:j]))
            if name in by_name:
                found.append(by_name[name])
                i = j
                break
        else:
            i += 1
    return found


def by_name(areas: Iterable[str], municipalities: list[dict]) -> dict[str, list[str]]:
    """Municipality code → areas its name (or its county's) gives. A split city's areas
    ("Stockholm Nord") name no municipality: only offices can place them."""
    names = {_fold(m["name"]): m for m in municipalities}
    counties: dict[str, list[dict]] = {}
    for m in municipalities:
        county = _fold(m["county"]).removesuffix(" län").removesuffix("s")
        counties.setdefault(county, []).append(m)
    out: dict[str, list[str]] = {}
    for area in sorted(areas):
        first, _, direction = _fold(area).partition(" ")
        named = named_municipalities(area, names)
        if named and not direction:
            for m in named:
                out.setdefault(m["code"], []).append(area)
        elif first in counties and not direction:  # "Blekinge": the whole county
            for m in counties[first]:
                out.setdefault(m["code"], []).append(area)
        elif first in counties and first not in names and direction in ("väst", "öst"):
            # "Kronoberg väst": that half of the county's largest town
            members = counties[first]
            mid = sum(m["lon"] for m in members) / len(members)
            west = direction.startswith("väst")
            side = [m for m in members if (m["lon"] < mid) == west] or members
            seat = max(side, key=lambda m: m["population"])
            out.setdefault(seat["code"], []).append(area)
    return out


def from_offices(counts: dict[str, tuple[int, int]]) -> list[tuple[str, str, int, int]]:
    """(area, confidence, contracts, offices) for one municipality's office evidence:
    ``counts`` is area → (contracts with an office there, offices there)."""
    total = sum(c for c, _o in counts.values())
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
    top, (n, offices) = ranked[0]
    if n >= ALONE_SHARE * total:
        return [(top, "high" if n >= SURE_CONTRACTS else "medium", n, offices)]
    return [(a, "medium", c, o) for a, (c, o) in ranked]


def derive(periods: dict[str, list[str]], municipalities: list[dict],
           evidence: dict[str, dict[str, tuple[int, int]]]) -> tuple[list[list], dict]:
    """Rows of the table (see :data:`HEADER`) and a report of what was done.

    ``periods``: each period's areas; ``evidence``: municipality code → area →
    (contracts, offices) from the placed offices."""
    every = sorted({a for areas in periods.values() for a in areas})
    rows: dict[str, list[list]] = {}
    conflicts = []
    named = by_name(every, municipalities)
    for m in municipalities:
        code = m["code"]
        counts = {a: c for a, c in evidence.get(code, {}).items() if a in every}
        if counts:
            rows[code] = [[code, m["name"], a, "offices", sure, n, k]
                          for a, sure, n, k in from_offices(counts)]
            # an area named after the municipality that its offices do not show
            conflicts += [(m["name"], a) for a in named.get(code, []) if a not in counts]
        elif code in named:
            rows[code] = [[code, m["name"], a, "name", "medium", 0, 0] for a in named[code]]
    # seats: each area is where the municipalities with evidence for it are
    seats: dict[str, list[dict]] = {}
    by_code = {m["code"]: m for m in municipalities}
    for code, rs in rows.items():
        for r in rs:
            seats.setdefault(r[2], []).append(by_code[code])
    unplaced = sorted(set(every) - set(seats))
    approximate = 0
    # newest period first: its rows may serve older periods too (the same areas)
    sets = list(dict.fromkeys(tuple(sorted(a)) for _p, a in sorted(periods.items(),
                                                                  reverse=True)))
    for areas in sets:
        present = set(areas)
        for m in municipalities:
            if any(r[2] in present for r in rows.get(m["code"], [])):
                continue
            dist: dict[str, float] = {}
            for area in present & set(seats):
                for s in seats[area]:
                    d = _km(m["lat"], m["lon"], s["lat"], s["lon"])
                    d += 0 if s["county_code"] == m["county_code"] else COUNTY_PENALTY_KM
                    dist[area] = min(d, dist.get(area, d))
            ranked = sorted(dist.items(), key=lambda kv: (kv[1], kv[0]))
            if not ranked:
                continue
            best = ranked[0][1]
            for area, d in ranked[:3]:
                if d <= best * CLOSE_SECOND:
                    rows.setdefault(m["code"], []).append(
                        [m["code"], m["name"], area, "approximate", "low", 0, 0])
                    approximate += 1
    out = sorted(r for rs in rows.values() for r in rs)
    report = {"municipalities": len(rows), "rows": len(out),
              "by_evidence": _count(out, 3), "by_confidence": _count(out, 4),
              "ambiguous": ambiguous(out, periods),
              "name_not_in_offices": conflicts, "areas_without_municipality": unplaced}
    return out, report


def _count(rows: list[list], col: int) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in rows:
        out[r[col]] = out.get(r[col], 0) + 1
    return out


def ambiguous(rows: list[list], periods: dict[str, list[str]]) -> dict[str, int]:
    """Per period: municipalities left with more than one area after the run-time rule
    (areas of that period only; the best evidence among them)."""
    out = {}
    for period, areas in sorted(periods.items()):
        present = set(areas)
        n = 0
        for code in {r[0] for r in rows}:
            here = [r for r in rows if r[0] == code and r[2] in present]
            best = [r for r in here if r[3] != "approximate"] or here
            n += len(best) > 1
        out[period] = n
    return out


def office_evidence(entries: Iterable, placed: dict[tuple[float, float], str],
                    area_of: dict[str, str]) -> tuple[dict[str, dict[str, tuple[int, int]]],
                                                      list[str]]:
    """Municipality → area → (contracts, offices), from office entries, the placed office
    points (``kontor.csv``: (lat, lon) → municipality) and each contract's area. Also the
    KA numbers with an office point missing from ``placed`` (the table is out of date)."""
    contracts: dict[str, dict[str, set[str]]] = {}
    offices: dict[str, dict[str, int]] = {}
    missing = []
    for e in entries:
        area = area_of.get(e.ka)
        if area is None:
            continue
        for o in e.offices:
            code = placed.get((round(o.lat, 6), round(o.lon, 6)))
            if code is None:
                missing.append(e.ka)
                continue
            contracts.setdefault(code, {}).setdefault(area, set()).add(e.ka)
            offices.setdefault(code, {})[area] = offices.get(code, {}).get(area, 0) + 1
    return ({code: {a: (len(kas), offices[code][a]) for a, kas in by_area.items()}
             for code, by_area in contracts.items()}, sorted(set(missing)))


def _read(path: str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def build(ds, office_files: list[str], geo: str | None = None) -> tuple[list[list], dict]:
    """The table's rows and the build's report, from the dataset ``ds`` (each contract's
    area, each period's areas), AF's office files and the committed gazetteer tables in
    ``geo`` (``kontor.csv`` says where each office is: ``chooser.build.geo`` wrote it)."""
    from chooser.build.placing import TABLE, read_offices

    if geo is None:
        from chooser.storage import paths

        geo = os.path.join(paths.data_dir(), "geo")
    population: dict[str, int] = {}
    for r in _read(os.path.join(geo, "orter.csv")):
        population[r["KOMMUNKOD"]] = max(population.get(r["KOMMUNKOD"], 0), int(r["INVÅNARE"]))
    municipalities = [{"code": r["KOMMUNKOD"], "name": r["KOMMUN"], "county": r["LÄN"],
                       "county_code": r["LÄNSKOD"], "lat": float(r["LAT"]),
                       "lon": float(r["LON"]), "population": population.get(r["KOMMUNKOD"], 0)}
                      for r in _read(os.path.join(geo, "kommuner.csv"))]
    placed = {(round(float(r["LAT"]), 6), round(float(r["LON"]), 6)): r["KOMMUNKOD"]
              for r in _read(os.path.join(geo, TABLE))}
    periods = {p: sorted({r.area for r in rows}) for p, rows in ds.results.items()}
    area_of = {ka: area for ka, (_supplier, area, _region) in ds.catalog.items()}
    evidence, missing = office_evidence(read_offices(office_files), placed, area_of)
    if missing:
        raise SystemExit(f"{len(missing)} contracts have offices missing from {TABLE}: run "
                         f"python -m chooser.build.geo first")
    return derive(periods, municipalities, evidence)


def main(argv: list[str] | None = None) -> int:
    from chooser.build.geo import office_files
    from chooser.storage import paths
    from chooser.storage.load import load_directory

    ap = argparse.ArgumentParser(prog="python -m chooser.build.areas", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    geo = os.path.join(paths.data_dir(), "geo")
    ap.add_argument("--out", default=os.path.join(geo, "kommun-leveransomrade.csv"))
    ap.add_argument("--offices", nargs="*", metavar="FILE",
                    help="AF office files (default: the snapshot's sokleverantor-*.json)")
    args = ap.parse_args(argv)
    ds = load_directory(paths.snapshot_dir())
    rows, report = build(ds, office_files() if args.offices is None else args.offices, geo)
    with open(args.out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(rows)
    print(json.dumps(report, ensure_ascii=False, indent=1), file=sys.stderr)
    from chooser.storage.geodata import write_index

    write_index(os.path.dirname(os.path.abspath(args.out)))  # the table changed: re-index
    return 0


if __name__ == "__main__":
    sys.exit(main())
