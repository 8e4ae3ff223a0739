"""Derive municipality → delivery area (``data/geo/kommun-leveransomrade.csv``).

    python -m chooser.build.areas

AF's official table is not available offline, so the mapping is derived, and every row
says how (column HÄRLEDNING):

- ``name``: the area is named after the municipality ("Ludvika", "Falun-Borlänge"), after
  its county ("Blekinge", "Kronoberg öst" for the county's seat), or is part of a split
  city (Stockholm and Göteborg belong to all their areas: the address decides, so all
  are candidates);
- ``approximate``: every other municipality goes to the area whose seat is nearest,
  counting a county border as 30 km more (areas mostly follow counties); when a second
  area is nearly as near (within 25 %), both are given as candidates rather than a
  guess.

An official mapping (``KOMMUNKOD`` or ``KOMMUN``, ``LEVERANSOMRÅDE``) loaded with
``--data`` wins over this table at run time, and office locations refine it (later).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys

from chooser.core.distance import haversine_km
from chooser.storage import paths
from chooser.storage.load import load_directory

# Seats for the parts of split cities, which one municipality cannot stand for. Points
# are the districts the areas are named after (approximate, hence "approximate" rows).
SPLIT_SEATS = {
    "Stockholm Mitt": (59.3326, 18.0649),   # city centre
    "Stockholm Nord": (59.4032, 17.9447),   # Kista / Järva
    "Stockholm Syd": (59.2628, 18.0200),    # Skärholmen – Farsta
    "Göteborg Mitt": (57.7072, 11.9668),    # city centre
    "Göteborg Nord": (57.7771, 11.9972),    # Angered / northern Hisingen
    "Göteborg Syd-Öst": (57.6560, 12.0140),  # Mölndal side
}
COUNTY_PENALTY_KM = 30.0
CLOSE_SECOND = 1.25


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


def derive(areas: list[str], municipalities: list[dict]) -> list[list[str]]:
    by_name = {_fold(m["name"]): m for m in municipalities}
    counties = {}
    for m in municipalities:
        county = _fold(m["county"]).removesuffix(" län").removesuffix("s")
        counties.setdefault(county, []).append(m)
    seats: list[tuple[str, float, float, str]] = []  # area, lat, lon, county code
    rows: dict[str, list[tuple[str, str]]] = {}
    for area in areas:
        if area in SPLIT_SEATS:
            city = by_name[_fold(area.split()[0])]
            rows.setdefault(city["code"], []).append((area, "name"))
            lat, lon = SPLIT_SEATS[area]
            seats.append((area, lat, lon, city["county_code"]))
            continue
        named = named_municipalities(area, by_name)
        if named:
            for m in named:
                rows.setdefault(m["code"], []).append((area, "name"))
                seats.append((area, m["lat"], m["lon"], m["county_code"]))
            continue
        county_word, _, direction = _fold(area).partition(" ")
        members = counties.get(county_word)
        if members and not direction:  # "Blekinge": the whole county
            for m in members:
                rows.setdefault(m["code"], []).append((area, "name"))
                seats.append((area, m["lat"], m["lon"], m["county_code"]))
        elif members:  # "Kronoberg väst": seat at the largest town in that half of the county
            mid = sum(m["lon"] for m in members) / len(members)
            west = direction.startswith("väst")
            side = [m for m in members if (m["lon"] < mid) == west]
            seat = max(side, key=lambda m: m["population"])
            rows.setdefault(seat["code"], []).append((area, "name"))
            seats.append((area, seat["lat"], seat["lon"], seat["county_code"]))
        else:
            raise SystemExit(f"area {area!r} names no municipality or county")
    out = []
    for m in municipalities:
        if m["code"] in rows:
            out += [[m["code"], m["name"], a, how] for a, how in rows[m["code"]]]
            continue
        dist: dict[str, float] = {}
        for area, lat, lon, county in seats:
            d = haversine_km(m["lat"], m["lon"], lat, lon)
            d += 0 if county == m["county_code"] else COUNTY_PENALTY_KM
            dist[area] = min(d, dist.get(area, d))
        ranked = sorted(dist.items(), key=lambda kv: (kv[1], kv[0]))
        best = ranked[0][1]
        for area, d in ranked[:3]:
            if d <= best * CLOSE_SECOND:
                out.append([m["code"], m["name"], area, "approximate"])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m chooser.build.areas", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    geo = os.path.join(paths.data_dir(), "geo")
    ap.add_argument("--out", default=os.path.join(geo, "kommun-leveransomrade.csv"))
    args = ap.parse_args(argv)
    with open(os.path.join(geo, "kommuner.csv"), encoding="utf-8") as fh:
        municipalities = [{"code": r["KOMMUNKOD"], "name": r["KOMMUN"], "county": r["LÄN"],
                           "county_code": r["LÄNSKOD"], "lat": float(r["LAT"]),
                           "lon": float(r["LON"])} for r in csv.DictReader(fh)]
    population: dict[str, int] = {}
    with open(os.path.join(geo, "orter.csv"), encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            population[r["KOMMUNKOD"]] = max(population.get(r["KOMMUNKOD"], 0),
                                             int(r["INVÅNARE"]))
    for m in municipalities:
        m["population"] = population.get(m["code"], 0)
    areas = load_directory(paths.snapshot_dir()).areas()
    rows = derive(areas, municipalities)
    with open(args.out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["KOMMUNKOD", "KOMMUN", "LEVERANSOMRÅDE", "HÄRLEDNING"])
        w.writerows(sorted(rows))
    covered = {r[2] for r in rows}
    print(f"{len({r[0] for r in rows})} municipalities, {len(rows)} rows; areas without a "
          f"municipality: {sorted(set(areas) - covered) or 'none'}", file=sys.stderr)
    from chooser.storage.geodata import write_index

    write_index(os.path.dirname(os.path.abspath(args.out)))  # the table changed: re-index
    return 0


if __name__ == "__main__":
    sys.exit(main())
