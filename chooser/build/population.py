"""A synthetic population of non-choosers, spread like AF's real participant volumes.

    python -m chooser.build.population --size 30467 --out people.csv [--seed 1] [--data DIR]

How it is made (every step seeded by ``--seed``; the same seed and data give the same
file, byte for byte):

1. **How many per delivery area**: in proportion to the participants the area's
   contracts have in the dataset's current follow-up (AF's own area volumes), rounded.
2. **Where in the area**: the area's municipalities (the gazetteer's municipality → area
   table, as refined by the offices when the dataset has them — a municipality's
   official or office-derived areas win over ones guessed from names; where an area has no
   municipality of its own in the table, the municipality of the same name), and in
   each the localities of ``data/geo/orter.csv`` in proportion to their inhabitants. A
   municipality split between *k* areas gives each 1/*k* of its people; the person
   carries their area in the ``LEVERANSOMRÅDE`` column, so the split is decided here,
   once, and not again by whoever reads the file.
3. **Level**: A, B or C drawn from the area's own mix of participants' levels.

The default size is AF's count of non-choosers (30,466 of 179,334 by early 2025, +1 for
rounding). Nobody in it is real. Used by the fallback back-test, the simulate benchmark
and the README's figures.
"""

from __future__ import annotations

import argparse
import csv
import random

from chooser.core.dataset import Dataset
from chooser.geo.gazetteer import Gazetteer

SIZE = 30_467
COLUMNS = ("ID", "LAT", "LON", "NIVÅ", "LEVERANSOMRÅDE")


def area_places(ds: Dataset, gaz: Gazetteer) -> dict[str, list[tuple[float, float, float]]]:
    """Area → (lat, lon, weight) of the localities its people live in."""
    codes: dict[str, list[tuple[str, int]]] = {}
    here = gaz.for_areas(ds.by_area)  # the table covers every period's areas: this one's
    for code in sorted(here.areas):
        # the best evidence among the dataset's areas (AF's own table, then the offices,
        # then the name, then a guess): Stockholm municipality is all Stockholm Mitt
        areas = sorted({r.area for r in here.evidence_for(code)})
        for a in areas:
            codes.setdefault(a, []).append((code, len(areas)))
    for area in ds.areas():
        if area not in codes:  # an area the table folds into a neighbour (e.g. Pajala)
            m = gaz.municipality(area)
            if m is not None:
                codes[area] = [(m.code, 1)]
    localities: dict[str, list[tuple[float, float, int]]] = {}
    for _name, kind, code, lat, lon, people in gaz.entries:
        if kind == "locality":
            localities.setdefault(code, []).append((lat, lon, people))
    for code, m in gaz.municipalities.items():  # a municipality without a listed locality
        localities.setdefault(code, [(m.lat, m.lon, 500)])
    out = {}
    for area, cs in codes.items():
        spots = sorted((lat, lon, people / k) for code, k in cs
                       for lat, lon, people in localities.get(code, ()))
        if spots:
            out[area] = spots
    return out


def generate(ds: Dataset, gaz: Gazetteer, size: int = SIZE, seed: int = 1
             ) -> list[tuple[str, float, float, str, str]]:
    """(id, lat, lon, level, area) per person, in a shuffled (arrival) order."""
    rng = random.Random(seed)
    places = area_places(ds, gaz)
    total = sum(r.participants for r in ds.contracts)
    out: list[tuple[float, float, str, str]] = []
    for area in ds.areas():
        rows = ds.by_area[area]
        count = round(size * sum(r.participants for r in rows) / total) if total else 0
        spots = places.get(area)
        if not spots or count == 0:
            continue
        mix = [sum(r.n[i] for r in rows) for i in range(3)]
        chosen = rng.choices(spots, [s[2] for s in spots], k=count)
        levels = rng.choices("ABC", mix, k=count) if sum(mix) else ["B"] * count
        out += [(lat, lon, lv, area) for (lat, lon, _w), lv in zip(chosen, levels, strict=True)]
    rng.shuffle(out)
    return [(f"P{i:06d}", lat, lon, lv, area) for i, (lat, lon, lv, area) in enumerate(out, 1)]


def write(path: str, people: list[tuple[str, float, float, str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows(people)


def main() -> int:
    from chooser.geo.locate import gazetteer_for
    from chooser.storage.geodata import load_gazetteer
    from chooser.storage.load import default_directory, load_directory

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=SIZE)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", default=None)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    ds = load_directory(args.data or default_directory())
    people = generate(ds, gazetteer_for(ds, load_gazetteer()), args.size, args.seed)
    write(args.out, people)
    print(f"{len(people)} synthetic participants written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
