"""Decide what a file is from its content (header row or sheet names), then read it.

The file name is never trusted: AF renames its downloads, and a kiosk's shared folder may
hold "betyg (3).xlsx". A file that is not one of the known kinds is an error, not silently
skipped, because a missing grade file would otherwise look like "no grades".
"""

from __future__ import annotations

import os
from collections.abc import Callable

from chooser.core.errors import DataError
from chooser.core.model import ContractStatus, GradeRow, Profile, ResultRow, Satisfaction, Weights
from chooser.sources import areamap, grades, offices, results, supplements, weights
from chooser.sources.periods import parse_period
from chooser.sources.table import (
    FILE_LIMIT,
    Table,
    is_xlsx_bytes,
    read_csv,
    read_xlsx_sheets,
    sheet_table,
)


class SourceContent:
    """What one file contributes to a dataset."""

    __slots__ = ("area_map", "file", "grades", "kinds", "offices", "profiles", "results",
                 "satisfaction", "statuses", "weights")

    def __init__(self, file: str) -> None:
        self.file = file
        self.results: list[ResultRow] = []
        self.grades: list[GradeRow] = []
        self.weights: list[Weights] = []
        self.area_map: list[tuple[str, str]] = []
        self.offices: list[offices.OfficeEntry] = []
        self.statuses: list[ContractStatus] = []
        self.satisfaction: list[Satisfaction] = []
        self.profiles: list[Profile] = []
        self.kinds: list[str] = []


CsvKind = tuple[str, tuple[str, ...], Callable[[Table, SourceContent], None]]


def _add_results(t: Table, c: SourceContent) -> None:
    c.results.extend(results.parse(t))


def _add_grades(t: Table, c: SourceContent) -> None:
    c.grades.extend(grades.parse_long(t))


def _add_grades_wide(t: Table, c: SourceContent) -> None:
    c.grades.extend(grades.parse_wide(t))


def _add_weights(t: Table, c: SourceContent) -> None:
    c.weights.extend(weights.parse_csv(t))


def _add_area_map(t: Table, c: SourceContent) -> None:
    c.area_map.extend(areamap.parse(t))


def _add_status(t: Table, c: SourceContent) -> None:
    c.statuses.extend(supplements.parse_status(t))


def _add_satisfaction(t: Table, c: SourceContent) -> None:
    c.satisfaction.extend(supplements.parse_satisfaction(t))


def _add_profiles(t: Table, c: SourceContent) -> None:
    c.profiles.extend(supplements.parse_profiles(t))


CSV_KINDS: list[CsvKind] = [
    (results.KIND, results.REQUIRED, _add_results),
    (grades.KIND, grades.REQUIRED_LONG, _add_grades),
    (grades.KIND, grades.REQUIRED_WIDE, _add_grades_wide),
    (weights.KIND, weights.REQUIRED, _add_weights),
    (areamap.KIND, areamap.REQUIRED_BY_CODE, _add_area_map),
    (areamap.KIND, areamap.REQUIRED_BY_NAME, _add_area_map),
    (supplements.STATUS_KIND, supplements.STATUS_REQUIRED, _add_status),
    (supplements.SATISFACTION_KIND, supplements.SATISFACTION_REQUIRED, _add_satisfaction),
    (supplements.PROFILE_KIND, supplements.PROFILE_REQUIRED, _add_profiles),
]


def classify(table: Table, kinds: list[CsvKind] = CSV_KINDS) -> CsvKind:
    """The kind whose required columns the header matches best.

    A header matching at least half of a kind's columns is taken as that kind, so a file
    with one column renamed gets "column X is missing" rather than "unknown file". Ties go
    to the kind with more matching columns (a results file also has PERIOD, KA, BETYG).
    """
    best: tuple[int, CsvKind] | None = None
    for kind in kinds:
        matched = sum(1 for col in kind[1] if table.has(col))
        if matched * 2 >= len(kind[1]) and (best is None or matched > best[0]):
            best = (matched, kind)
    if best is None:
        shown = ", ".join(f'"{h}"' for h in table.raw_header[:8] if h)
        raise DataError(table.file, f"the header row ({shown}) is not one chooser knows",
                        row=1, hint="expected AF's results table, grade history or level "
                        "weights with AF's column names, or a contract status, satisfaction "
                        "or supplier profile table (see the README)")
    return best[1]


def read_source(path: str) -> SourceContent:
    file = os.path.basename(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(FILE_LIMIT + 1)
    except OSError as exc:
        raise DataError(file, f"cannot be read ({exc.strerror})") from None
    if len(data) > FILE_LIMIT:
        raise DataError(file, f"the file is larger than {FILE_LIMIT // 1_000_000} MB; AF's "
                              "largest are a few MB", hint="this is not one of AF's files")
    content = SourceContent(file)
    if is_xlsx_bytes(data[:4]) or file.lower().endswith((".xlsx", ".xlsm")):
        _read_workbook(path, content)
    elif file.lower().endswith(".json") or data.lstrip()[:1] in (b"{", b"["):
        _read_json(file, data, content)
    else:
        table = read_csv(path, data)
        kind, _cols, add = classify(table)
        add(table, content)
        content.kinds.append(kind)
    return content


def _sheet_period(file: str, sheet: str, prefix: str) -> str:
    period = parse_period(sheet[len(prefix):])
    if period is None:
        raise DataError(file, f'the sheet name "{sheet}" does not end with a period such as '
                              f'"{prefix} 2026-01"', sheet=sheet)
    return period


def _read_workbook(path: str, content: SourceContent) -> None:
    file = content.file
    sheets = read_xlsx_sheets(path)
    for name, rows in sheets.items():
        key = name.strip().casefold()
        if key.startswith("beskrivning"):
            continue  # AF's description of the columns: text for people
        if key.startswith("resultat"):
            period = _sheet_period(file, name, "Resultat")
            table = sheet_table(file, name, rows, "KA-NUMMER")
            rows_read = results.parse(table)
            wrong = next((r for r in rows_read if r.period != period), None)
            if wrong is not None:
                raise DataError(file, f"the sheet is for {period} but a row says {wrong.period}",
                                sheet=name, column="PERIOD")
            content.results.extend(rows_read)
            content.kinds.append(results.KIND)
        elif key.startswith("beräkningssnurra"):
            period = _sheet_period(file, name, "Beräkningssnurra")
            content.weights.append(weights.parse_calculator(file, name, period, rows))
            content.kinds.append(weights.KIND)
        elif key == grades.SHEET.casefold():
            content.grades.extend(grades.parse_wide(sheet_table(file, name, rows, "KA-NUMMER")))
            content.kinds.append(grades.KIND)
        else:
            raise DataError(file, f'the sheet "{name}" is not one chooser knows', sheet=name,
                            hint='AF\'s sheets are "Beskrivning YYYY-MM", "Resultat YYYY-MM", '
                            '"Beräkningssnurra YYYY-MM" and "Betyg över tid"')
    if not content.kinds:
        raise DataError(file, "the workbook has no results, grade or weights sheet",
                        hint=f"its sheets are: {', '.join(sheets) or 'none'}")
    content.kinds = sorted(set(content.kinds), key=content.kinds.index)


def _read_json(file: str, data: bytes, content: SourceContent) -> None:
    from chooser.core.boundedjson import JsonLimit, loads

    try:
        decoded = loads(data, limit=FILE_LIMIT)
    except JsonLimit as exc:
        raise DataError(file, f"the file cannot be used: {exc}", row=exc.line,
                        hint="the download may be truncated or not AF's") from None
    if not offices.looks_like_offices(decoded):
        raise DataError(file, "this JSON is not a page of AF's supplier search (no "
                              '"leverantorer" list)', hint="save the answers of AF's "
                              "Sök leverantör service, one page or a list of pages")
    content.offices.extend(offices.parse(file, decoded))
    content.kinds.append(offices.KIND)
