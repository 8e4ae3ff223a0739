"""A synthetic population of non-choosers, spread like AF's real participant volumes.

    python -m chooser.build.population --size 180000 --out people.csv [--seed 1]

Each delivery area gets participants in proportion to the participants its contracts
have in the current period; inside an area, people live in its municipalities' localities
in proportion to their inhabitants (data/geo); each person's level is drawn from the
area's own mix of levels A/B/C. Nobody in it is real. Used by the simulate benchmark and
for the nearest-vs-recommended figures in the README.
"""

from __future__ import annotations

import argparse
import csv
import random

from chooser.core.dataset import Dataset
from chooser.geo.gazetteer import Gazetteer


def generate(ds: Dataset, gaz: Gazetteer, size: int, seed: int = 1
             ) -> list[tuple[str, float, float, str]]:
    rng = random.Random(seed)
    by_area: dict[str, list[str]] = {}
    for code, rows in gaz.areas.items():
        for area, _how in rows:
            by_area.setdefault(area, []).append(code)
    places: dict[str, list[tuple[float, float, int]]] = {}
    for _name, kind, code, lat, lon, people in gaz.entries:
        if kind == "locality":
            places.setdefault(code, []).append((lat, lon, people))
    total = sum(r.participants for r in ds.contracts)
    out: list[tuple[str, float, float, str]] = []
    for area in ds.areas():
        rows = ds.by_area[area]
        count = round(size * sum(r.participants for r in rows) / total)
        codes = [c for c in by_area.get(area, []) if places.get(c)]
        if not codes or count == 0:
            continue
        spots = [p for c in codes for p in places[c]]
        weights = [p[2] / len(gaz.areas.get(c, [1])) for c in codes for p in places[c]]
        mix = [sum(r.n[i] for r in rows) for i in range(3)]
        chosen = rng.choices(spots, weights, k=count)
        levels = rng.choices("ABC", mix, k=count) if sum(mix) else ["B"] * count
        out += [("", lat, lon, lv) for (lat, lon, _n), lv in zip(chosen, levels, strict=True)]
    rng.shuffle(out)  # arrival order: areas interleaved, as AF assigns over time
    return [(f"P{i:06d}", lat, lon, lv) for i, (_id, lat, lon, lv) in enumerate(out, 1)]


def write(path: str, people: list[tuple[str, float, float, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["ID", "LAT", "LON", "NIVÅ"])
        w.writerows(people)


def main() -> int:
    from chooser.geo.locate import gazetteer_for
    from chooser.storage.geodata import load_gazetteer
    from chooser.storage.load import default_directory, load_directory

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=180_000)
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
