"""Build the fictional demo world ``data/demo/``: AF-format files for made-up contracts.

    python -m chooser.build.demo

Every supplier, KA number (99…) and result here is invented; the places are real Swedish
towns so that "where do you live?" works. The world is small enough to reason about by
hand and holds each case the ranking must handle: a poorly graded contract at risk of
termination nearest the centre, a 4-star contract farther away, a new contract with
three lucky participants, a terminated contract, one with a placement stop, one with
AF's ``nyval_tillatet`` false (as every real one: it never excludes), a satisfaction
survey with too few answers, a contract with no known office, and language / remote /
accessibility profiles (some unknown).
Tests and ``--demo`` use it; it is never mixed with AF's real data.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os

from chooser.build import export
from chooser.core.model import LEVELS, ResultRow, Weights
from chooser.core.stats import weighted_result
from chooser.storage import paths
from chooser.storage.load import load_directory, parse_directory
from chooser.storage.prepare import index_directory

PERIOD, PREVIOUS = "2026-05", "2026-03"
# AF's published weights for 2026-05 (nivavikter.csv): AF's formula, not contract data.
WEIGHTS = Weights(PERIOD, 0.710678, 0.969742, 1.330332)

TOWNS = {  # real town centres (data/geo/orter.csv)
    "Ludvika": (60.14959, 15.18776), "Smedjebacken": (60.14181, 15.41416),
    "Borlänge": (60.4858, 15.43714), "Falun": (60.60357, 15.62597),
    "Göteborg": (57.70716, 11.96679), "Mölndal": (57.6554, 12.01378),
    "Partille": (57.7395, 12.10642), "Östersund": (63.1792, 14.63566),
    "Krokom": (63.32589, 14.44883), "Åre": (63.39911, 13.07995),
    "Kungälv": (57.87096, 11.98054), "Stenungsund": (58.07046, 11.8181),
}  # fmt: skip

AREAS = {
    "Demo Bergslagen": ("Ludvika", "Smedjebacken", "Borlänge", "Falun"),
    "Demo Storstad": ("Göteborg", "Mölndal", "Partille"),
    "Demo Fjällen": ("Östersund", "Krokom", "Åre"),
    "Demo Kusten": ("Kungälv", "Stenungsund"),
}

# ka, area, supplier, grades (previous, latest; None = no grade), n, rr1, rr2 per level
# A/B/C, at risk, status (aktivt/placeringsstopp/hävt, date), takes new participants,
# offices as (town, km north, km east), profile (languages, remote, accessible) or None,
# satisfaction (answers, satisfied) or None.
CONTRACTS = [
    ("99000101", "Demo Bergslagen", "Alfa Jobbstöd AB (fiktiv)", (2, 1),
     (20, 40, 30), (5, 6, 2), (3, 3, 1), True, None, True,
     [("Ludvika", 0.2, 0.1)], ("sv", True, True), (40, 22)),
    ("99000102", "Demo Bergslagen", "Beta Vägledning AB (fiktiv)", (3, 4),
     (30, 60, 40), (15, 27, 12), (11, 20, 8), False, None, True,
     [("Borlänge", 0.5, 0.3), ("Falun", -0.4, 0.2)], ("sv;en;ar", True, True), (80, 66)),
    ("99000103", "Demo Bergslagen", "Gamma Kompetens AB (fiktiv)", (3, 3),
     (25, 50, 45), (10, 18, 10), (7, 12, 6), False, None, True,
     [("Ludvika", 1.5, 1.2), ("Smedjebacken", 0.1, -0.2)], ("sv;so;ar", False, True), (7, 7)),
    ("99000104", "Demo Bergslagen", "Delta Start AB (fiktiv)", (None, None),
     (1, 3, 1), (1, 3, 1), (1, 2, 0), False, None, True,
     [("Ludvika", -0.6, 0.4)], None, None),
    ("99000105", "Demo Bergslagen", "Epsilon Arbete AB (fiktiv)", (1, 1),
     (15, 30, 20), (2, 3, 1), (1, 1, 0), True, ("hävt", "2026-04-30"), False,
     [("Smedjebacken", 0.0, 0.0)], ("sv", False, False), None),
    ("99000106", "Demo Bergslagen", "Zeta Framtid AB (fiktiv)", (2, 2),
     (20, 35, 25), (6, 9, 5), (4, 6, 3), False, ("placeringsstopp", "2026-05-15"), True,
     [("Borlänge", -0.3, -0.5)], ("sv;en", True, False), (25, 15)),
    ("99000107", "Demo Bergslagen", "Eta Resurs AB (fiktiv)", (3, 3),
     (22, 44, 30), (9, 16, 9), (6, 11, 5), False, None, False,
     [("Falun", 0.3, 0.3)], ("sv", True, True), None),
    ("99000108", "Demo Bergslagen", "Theta Steg AB (fiktiv)", (2, 2),
     (40, 80, 60), (12, 20, 12), (8, 12, 6), False, None, True,
     [("Falun", -0.2, -0.6), ("Ludvika", -1.0, -1.4)], ("sv;fa;ti", True, False), (55, 38)),
    ("99000201", "Demo Storstad", "Iota Karriär AB (fiktiv)", (4, 4),
     (60, 120, 90), (33, 54, 27), (25, 40, 18), False, None, True,
     [("Göteborg", 0.8, 1.1), ("Mölndal", 0.2, 0.0)], ("sv;en;ar;so", True, True), (9, 9)),
    ("99000202", "Demo Storstad", "Kappa Kraft AB (fiktiv)", (2, 2),
     (80, 150, 110), (22, 33, 18), (14, 21, 10), False, None, True,
     [("Göteborg", 0.1, -0.1)], ("sv;en", True, True), (120, 70)),
    ("99000203", "Demo Storstad", "Lambda Lots AB (fiktiv)", (3, 3),
     (50, 90, 70), (20, 32, 20), (14, 22, 12), False, None, True,
     [("Göteborg", -1.2, 0.6), ("Partille", 0.1, 0.2)], ("sv;ar;fa", False, True), (60, 45)),
    ("99000204", "Demo Storstad", "My Matchning AB (fiktiv)", (2, 1),
     (30, 60, 50), (5, 8, 4), (3, 4, 2), True, None, True,
     [("Göteborg", 0.3, 0.4)], ("sv", True, None), (30, 12)),
    ("99000102", "Demo Storstad", "Beta Vägledning AB (fiktiv)", (None, 3),
     (10, 20, 15), (4, 8, 5), (3, 6, 3), False, None, True,
     [("Göteborg", -0.5, -0.8)], ("sv;en;ar", True, True), None),
    ("99000205", "Demo Storstad", "Ny Väg AB (fiktiv)", (3, 2),
     (45, 85, 60), (14, 24, 13), (10, 15, 8), False, None, True,
     [("Mölndal", -0.4, 0.5)], None, (15, 9)),
    ("99000301", "Demo Fjällen", "Sigma Sysselsättning AB (fiktiv)", (3, 3),
     (15, 30, 20), (6, 11, 6), (4, 7, 3), False, None, True,
     [("Östersund", 0.2, 0.2), ("Åre", 0.0, 0.3)], ("sv;en", True, True), (20, 16)),
    ("99000302", "Demo Fjällen", "Tau Trappsteg AB (fiktiv)", (2, 2),
     (20, 35, 25), (5, 8, 4), (3, 5, 2), False, None, True,
     [("Östersund", -0.3, 0.1)], ("sv", True, False), None),
    ("99000303", "Demo Fjällen", "Ypsilon Yrke AB (fiktiv)", (None, 4),
     (10, 20, 14), (5, 10, 6), (4, 7, 4), False, None, True,
     [], ("sv;so", True, True), None),
    # an office in Göteborg that belongs to another area: "not your delivery area"
    ("99000401", "Demo Kusten", "Omega Omställning AB (fiktiv)", (3, 3),
     (20, 40, 30), (8, 14, 8), (5, 9, 5), False, None, True,
     [("Göteborg", 1.0, 0.2), ("Kungälv", 0.0, 0.1)], ("sv;en", True, True), None),
    ("99000402", "Demo Kusten", "Psi Praktik AB (fiktiv)", (2, 2),
     (15, 30, 20), (4, 8, 4), (3, 5, 2), False, None, True,
     [("Stenungsund", 0.1, 0.0)], ("sv", False, True), None),
]  # fmt: skip

REGION = "Demo"

README = """# A fictional demo world

Everything in this folder is **invented**: suppliers, KA numbers (99…), grades, results,
offices, surveys and profiles. Only the town names and their coordinates are real, so
that a place can be typed. It is built by `python -m chooser.build.demo` and used by the
tests and by `chooser … --demo`. Never mix it with AF's data.
"""


def _offset(town: str, north_km: float, east_km: float) -> tuple[float, float]:
    lat, lon = TOWNS[town]
    return (round(lat + north_km / 111.2, 6),
            round(lon + east_km / (111.2 * math.cos(math.radians(lat))), 6))


def _demo_ka(ka: str, area: str) -> str:
    # one supplier has a contract in two areas: each contract needs its own KA number
    return ka if area == "Demo Bergslagen" or ka != "99000102" else ka[:-3] + "9" + ka[-2:]


def rows() -> list[tuple]:
    return [(_demo_ka(c[0], c[1]), *c[1:]) for c in CONTRACTS]


def build(out: str) -> None:
    os.makedirs(out, exist_ok=True)
    results: list[ResultRow] = []
    grade_rows: list[list[str]] = []
    pages: list[dict] = []
    status_rows, profile_rows, survey_rows = [], [], []
    for (ka, area, supplier, grades, n, rr1, rr2, at_risk, status, accepts, offices,
         profile, survey) in rows():
        row = ResultRow(PERIOD, area, supplier, ka, "2024-09-01", True, grades[1], 0.0,
                        at_risk, sum(n), n, rr1, rr2)
        results.append(row._replace(weighted=round(weighted_result(row, WEIGHTS) or 0.0, 6)))
        for period, g in zip((PREVIOUS, PERIOD), grades, strict=True):
            grade_rows.append([period, ka, supplier, area, REGION, "" if g is None else str(g)])
        status_rows.append([ka, status[0] if status else "aktivt", status[1] if status else ""])
        if profile is not None:
            langs, remote, accessible = profile
            yn = {True: "ja", False: "nej", None: ""}
            profile_rows.append([ka, langs, yn[remote], yn[accessible], ""])
        if survey is not None:
            survey_rows.append([ka, PERIOD, str(survey[0]), str(survey[1])])
        if offices:
            entry = {"id": int(ka), "namn": supplier, "rating": str(grades[1] or ""),
                     "nyval_tillatet": accepts, "adresser": []}
            for j, (town, dn, de) in enumerate(offices):
                lat, lon = _offset(town, dn, de)
                entry["adresser"].append({
                    "adressid": f"{ka[-3:]}{j}", "adressrad": f"Exempelgatan {j + 1}",
                    "postnummer": "", "postort": town,
                    "koordinater": {"latitud": str(lat), "longitud": str(lon)}})
            pages.append(entry)
    export.write_results(os.path.join(out, f"resultat-{PERIOD}.csv"), results)
    _write(os.path.join(out, "betyg.csv"), export.GRADE_HEADER, sorted(grade_rows))
    export.write_weights(os.path.join(out, "nivavikter.csv"), [WEIGHTS])
    _write(os.path.join(out, "status.csv"), ["KA-NUMMER", "STATUS", "DATUM"], status_rows)
    _write(os.path.join(out, "profiler.csv"),
           ["KA-NUMMER", "SPRÅK", "DISTANSMÖTEN", "TILLGÄNGLIG LOKAL", "INRIKTNING"],
           profile_rows)
    _write(os.path.join(out, "nojdhet.csv"),
           ["KA-NUMMER", "PERIOD", "ANTAL SVAR", "ANTAL NÖJDA"], survey_rows)
    _write(os.path.join(out, "kommun-leveransomrade.csv"), ["KOMMUN", "LEVERANSOMRÅDE"],
           [[town, area] for area, towns in AREAS.items() for town in towns])
    # AF's search answers 20 entries a page; scrapers save a list of pages
    paged = [{"total_count": len(pages), "leverantorer": pages[i:i + 20]}
             for i in range(0, len(pages), 20)] + [{"total_count": len(pages),
                                                    "leverantorer": []}]
    with open(os.path.join(out, "kontor.json"), "w", encoding="utf-8") as fh:
        json.dump(paged, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as fh:
        json.dump({"kind": "demo", "note": "FICTIONAL: every supplier, KA number and result "
                   "here is invented by chooser.build.demo; only the towns are real.",
                   "files": {}}, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as fh:
        fh.write(README)
    ds = parse_directory(out)
    index_directory(out, ds)
    assert load_directory(out).same_data(ds)


def _write(path: str, header: list[str], body: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(body)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(paths.data_dir(), "demo"))
    args = ap.parse_args()
    build(args.out)
    print(f"demo world written to {args.out} ({len(CONTRACTS)} contracts, levels "
          f"{'/'.join(LEVELS)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
