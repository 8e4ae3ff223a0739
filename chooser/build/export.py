"""Write a dataset back out in AF's own CSV layouts (the inverse of the readers).

Used to build the embedded snapshot: whatever AF published (xlsx or CSV) becomes plain
UTF-8 CSV with AF's column names, which the same readers load and people can diff.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable

from chooser.core.dataset import Dataset
from chooser.core.model import LEVELS, ResultRow, Weights

RESULT_HEADER = [
    "PERIOD", "LEVERANSOMRÅDE", "LEVERANTÖRNAMN", "KA-NUMMER", "STARTDATUM AVTAL",
    "AVTAL HAR VARIT AKTIVT I 22 MÅNADER", "BETYG", "VIKTAT RESULTATMÅTT", "RISKERAR HÄVNING",
    "ANTAL DELTAGARE", *(f"ANTAL DELTAGARE NIVÅ {lv}" for lv in LEVELS),
    *(f"ANTAL {rr} NIVÅ {lv}" for lv in LEVELS for rr in ("RR1", "RR2")),
]  # fmt: skip
GRADE_HEADER = ["PERIOD", "KA-NUMMER", "LEVERANTÖRNAMN", "LEVERANSOMRÅDE", "AF REGION", "BETYG"]
WEIGHT_HEADER = ["PERIOD", "VIKT NIVÅ A", "VIKT NIVÅ B", "VIKT NIVÅ C"]


def _yes_no(v: bool | None) -> str:
    return "" if v is None else ("Ja" if v else "Nej")


def result_cells(r: ResultRow) -> list[str]:
    counts = [str(x) for lv in range(3) for x in (r.rr1[lv], r.rr2[lv])]
    return [
        r.period, r.area, r.supplier, r.ka, r.start_date or "", _yes_no(r.active_22m),
        "-" if r.grade is None else str(r.grade), repr(r.weighted), _yes_no(r.at_risk),
        str(r.participants), *(str(x) for x in r.n), *counts,
    ]  # fmt: skip


def _write(path: str, header: list[str], rows: Iterable[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def write_results(path: str, rows: Iterable[ResultRow]) -> None:
    _write(path, RESULT_HEADER, (result_cells(r) for r in rows))


def write_grades(path: str, ds: Dataset) -> None:
    def cells():
        for ka, points in ds.grade_history.items():
            supplier, area, region = ds.catalog[ka]
            for p in points:
                yield [p.period, ka, supplier, area, region or "",
                       "" if p.grade is None else str(p.grade)]
    _write(path, GRADE_HEADER, sorted(cells()))


def write_weights(path: str, weights: Iterable[Weights]) -> None:
    _write(path, WEIGHT_HEADER, ([w.period, repr(w.a), repr(w.b), repr(w.c)] for w in weights))
