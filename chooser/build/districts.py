"""Build ``data/geo/stadsdelar.csv``: the districts people name when asked where they
live (Husby, Skärholmen, Tensta …), each with its municipality and a point inside it.

    python -m chooser.build.districts stadsdelar.geo.json [--out data/geo]

Source: Stockholm's 117 *stadsdelar*, the city's "Stadskarta" (Stockholms stad, open
data portal, CC0), as GeoJSON in the repository KTHHealthData/stockholm-stadsdelar
(commit d52d2d0, ``geojson/simplified/stadsdelar.geo.json``, CC0). Build time only: the
app reads the CSV (see data/geo/ATTRIBUTION.md). Göteborg's and Malmö's districts are
not in it: no open table of them was at hand (GeoNames, which the localities come from,
has only those with a population figure, e.g. Angered, Hammarkullen, Gårdsten).

A district's point is the centroid of its largest polygon, moved to the polygon's
nearest vertex-midpoint when the centroid falls outside (a crescent-shaped district):
good for "which offices are near", as postcode points are.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
from itertools import pairwise

STOCKHOLM = "0180"


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(area, x, y) of a closed ring by the shoelace formula (degrees are fine at this
    size: a district is a few km across)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in pairwise(ring):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if a == 0:
        return 0.0, ring[0][0], ring[0][1]
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def _inside(ring: list[list[float]], x: float, y: float) -> bool:
    hit = False
    for (x0, y0), (x1, y1) in pairwise(ring):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def point(geometry: dict) -> tuple[float, float]:
    """(lat, lon) inside the district's largest polygon."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" \
        else [geometry["coordinates"]]
    outer = max((p[0] for p in polygons), key=lambda r: _ring_centroid(r)[0])
    _area, x, y = _ring_centroid(outer)
    if not _inside(outer, x, y):
        mids = [((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for a, b in pairwise(outer)]
        x, y = min(mids, key=lambda m: (m[0] - x) ** 2 + (m[1] - y) ** 2)
    return round(y, 5), round(x, 5)


# words that stay lower case inside a Swedish place name ("Farsta strand", "Gamla stan")
_COMMON = {"strand", "gård", "kyrka", "villastad", "stan", "slott", "industriomr"}


def title(name: str) -> str:
    """"SKÄRHOLMEN" → "Skärholmen", "LILLA ESSINGEN" → "Lilla Essingen", "FARSTA
    STRAND" → "Farsta strand" (as the city writes them)."""
    words = name.strip().lower().split()
    return " ".join(w if i and w in _COMMON else w.capitalize() for i, w in enumerate(words))


def build(source: str, out: str) -> int:
    with open(source, encoding="utf-8") as fh:
        features = json.load(fh)["features"]
    rows = sorted({(title(f["properties"]["name"]), STOCKHOLM, *point(f["geometry"]))
                   for f in features})
    path = os.path.join(out, "stadsdelar.csv")
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["STADSDEL", "KOMMUNKOD", "LAT", "LON"])
        w.writerows(rows)
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    from chooser.storage.paths import data_dir

    p = argparse.ArgumentParser(prog="python -m chooser.build.districts")
    p.add_argument("source", help="Stockholm's stadsdelar as GeoJSON (CRS84)")
    p.add_argument("--out", default=os.path.join(data_dir(), "geo"))
    args = p.parse_args(argv)
    n = build(args.source, args.out)
    print(f"{n} districts written to {args.out}/stadsdelar.csv; now reindex the "
          "gazetteer: python -m chooser.build.geo --reindex")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
