"""Read a CSV file or an xlsx sheet into a :class:`Table` of typed, located cells.

Swedish Excel exports must simply work: UTF-8 with or without BOM, Windows-1252, comma,
semicolon or tab separators, decimal comma or point. Every typed getter raises
:class:`~chooser.core.errors.DataError` naming file, sheet, row and column, so a bad cell is
found in seconds.

Row numbers are those a spreadsheet shows: the header is row 1 in AF's files.
"""

from __future__ import annotations

import datetime as _dt
import os
import zipfile
from collections.abc import Iterable, Iterator, Sequence

from chooser.core.errors import DataError
from chooser.sources.periods import parse_period

XLSX_MAGIC = b"PK\x03\x04"


def normalize_header(name: object) -> str:
    """Header names compare case-insensitively and ignoring repeated spaces."""
    return " ".join(str(name if name is not None else "").split()).upper()


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _header_text(value: object) -> str:
    # Excel may store a month header ("januari 2025") as a date cell.
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.strftime("%Y-%m")
    return "" if value is None else str(value).strip()


class Table:
    """Header plus data rows of one CSV file or one sheet, with where each row came from."""

    def __init__(
        self,
        file: str,
        header: Sequence[object],
        rows: Iterable[tuple[int, Sequence[object]]],
        *,
        sheet: str | None = None,
    ) -> None:
        self.file = file
        self.sheet = sheet
        self.header = [normalize_header(h) for h in header]
        self.raw_header = [_header_text(h) for h in header]
        self.rows = list(rows)
        self._index = {name: i for i, name in enumerate(self.header) if name}

    def has(self, column: str) -> bool:
        return column in self._index

    def error(self, problem: str, *, row: int | None = None, column: str | None = None,
              hint: str | None = None) -> DataError:
        i = self._index.get(column) if column is not None else None
        name = column if i is None else self.raw_header[i]
        letter = None if i is None else column_letter(i)
        return DataError(self.file, problem, row=row, column=name, letter=letter,
                         sheet=self.sheet, hint=hint)

    def require(self, columns: Iterable[str], what: str) -> None:
        missing = [c for c in columns if c not in self._index]
        if missing:
            names = ", ".join(f'"{c}"' for c in missing)
            raise self.error(
                f"this looks like {what} but the column{'s' if len(missing) > 1 else ''} "
                f"{names} {'are' if len(missing) > 1 else 'is'} missing from the header row",
                row=1,
                hint="AF's column names must be kept as published",
            )

    def records(self) -> Iterator[Cells]:
        for number, values in self.rows:
            yield Cells(self, number, values)


class Cells:
    """One data row; typed getters that name the cell when its content is wrong."""

    __slots__ = ("number", "table", "values")

    def __init__(self, table: Table, number: int, values: Sequence[object]) -> None:
        self.table = table
        self.number = number
        self.values = values

    def raw(self, column: str) -> object:
        i = self.table._index.get(column)
        if i is None or i >= len(self.values):
            return None
        return self.values[i]

    def fail(self, column: str, problem: str, hint: str | None = None) -> DataError:
        return self.table.error(problem, row=self.number, column=column, hint=hint)

    def text(self, column: str) -> str:
        v = self.raw(column)
        if v is None:
            return ""
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        return str(v).strip()

    def required_text(self, column: str) -> str:
        t = self.text(column)
        if not t:
            raise self.fail(column, "this cell is empty but must not be")
        return t

    def integer(self, column: str) -> int:
        v = self.raw(column)
        if isinstance(v, bool):
            raise self.fail(column, f"expected a whole number, found {v!r}")
        if isinstance(v, int):
            return v
        if isinstance(v, float) and v.is_integer():
            return int(v)
        t = self.text(column).replace("\u00a0", "").replace(" ", "")
        if t.lstrip("-").isdigit():
            return int(t)
        shown = f'"{t}"' if t else "an empty cell"
        raise self.fail(column, f"expected a whole number, found {shown}")

    def decimal(self, column: str) -> float:
        v = self.raw(column)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return float(v)
        t = self.text(column).replace("\u00a0", "").replace(" ", "")
        if "," in t and "." not in t:
            t = t.replace(",", ".")  # Swedish decimal comma: "0,403"
        try:
            return float(t)
        except ValueError:
            shown = f'"{self.text(column)}"' if t else "an empty cell"
            raise self.fail(column, f"expected a decimal number such as 0.403 or 0,403, "
                                    f"found {shown}") from None

    def grade(self, column: str) -> int | None:
        """1–4, or None for AF's "-" / "Betyg saknas" / an empty cell. Never 0."""
        v = self.raw(column)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if float(v) in (1.0, 2.0, 3.0, 4.0):
                return int(v)
        else:
            t = self.text(column)
            if t in ("", "-", "–") or t.casefold() == "betyg saknas":
                return None
            if t in ("1", "2", "3", "4"):
                return int(t)
        raise self.fail(column, f'expected a grade 1–4, "-" or "Betyg saknas", found '
                                f'"{self.text(column)}"')

    def yes_no(self, column: str) -> bool | None:
        """Ja → True, Nej → False, blank → None (not published, which is not "Nej")."""
        t = self.text(column).casefold()
        if t == "":
            return None
        if t in ("ja", "yes"):
            return True
        if t in ("nej", "no"):
            return False
        raise self.fail(column, f'expected "Ja", "Nej" or an empty cell, found '
                                f'"{self.text(column)}"')

    def ka(self, column: str) -> str:
        """KA numbers are ids: kept as strings of digits, whatever the cell type."""
        t = self.text(column)
        if not t.isdigit():
            shown = f'"{t}"' if t else "an empty cell"
            raise self.fail(column, f"expected a KA number (digits only), found {shown}")
        return t

    def period(self, column: str) -> str:
        p = parse_period(self.text(column))
        if p is None:
            raise self.fail(column, f'expected a period such as 2026-05, found '
                                    f'"{self.text(column)}"')
        return p

    def unique(self, seen: dict[tuple[str, str], int], period: str, ka: str, column: str,
               what: str) -> None:
        """Fail when a contract has two rows for one period (rows remembered in ``seen``)."""
        if (period, ka) in seen:
            when = f" for {period}" if period else ""
            who = "ID" if column == "ID" else "contract"
            raise self.fail(column, f"{who} {ka} has two {what}{when} (also on row "
                                    f"{seen[period, ka]})")
        seen[period, ka] = self.number

    def date(self, column: str) -> str | None:
        v = self.raw(column)
        if isinstance(v, _dt.datetime):
            return v.date().isoformat()
        if isinstance(v, _dt.date):
            return v.isoformat()
        t = self.text(column)
        if not t:
            return None
        try:
            return _dt.date.fromisoformat(t[:10]).isoformat()
        except ValueError:
            raise self.fail(column, f'expected a date such as 2024-05-20, found "{t}"') from None


# --- CSV -----------------------------------------------------------------------------------

def decode_text(data: bytes, file: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")  # what Swedish Excel writes for "CSV (semikolonavgränsad)"
    except UnicodeDecodeError as exc:
        raise DataError(file, f"the file is neither UTF-8 nor Windows-1252 text (byte "
                              f"{exc.start})", hint="save it again as CSV UTF-8") from None


def sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d])


def read_csv(path: str, data: bytes | None = None) -> Table:
    import csv

    file = os.path.basename(path)
    if data is None:
        with open(path, "rb") as fh:
            data = fh.read()
    text = decode_text(data, file)
    if not text.strip():
        raise DataError(file, "the file is empty")
    first = text.split("\n", 1)[0]
    reader = csv.reader(text.splitlines(), delimiter=sniff_delimiter(first))
    try:
        rows = [(i, r) for i, r in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise DataError(file, f"the file is not readable CSV ({exc})") from None
    header = rows[0][1]
    body = [(i, r) for i, r in rows[1:] if any(c.strip() for c in r)]
    return Table(file, header, body)


# --- xlsx ----------------------------------------------------------------------------------

def is_xlsx_bytes(head: bytes) -> bool:
    return head.startswith(XLSX_MAGIC)


def read_xlsx_sheets(path: str) -> dict[str, list[tuple[int, tuple[object, ...]]]]:
    """All sheets of a workbook as numbered rows of values (formulas as their cached values)."""
    file = os.path.basename(path)
    with open(path, "rb") as fh:
        head = fh.read(4)
    if not is_xlsx_bytes(head):
        raise DataError(file, "this is not an xlsx workbook (an xlsx file is a zip archive "
                              "and this one is not)", hint="the download may be truncated "
                              "or an error page; fetch the file again")
    import openpyxl  # imported here: it costs ~100 ms and most runs never read an xlsx

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raise DataError(file, f"the xlsx workbook cannot be opened; it is truncated or "
                              f"damaged ({type(exc).__name__}: {exc})",
                        hint="fetch or save the file again") from None
    try:
        sheets: dict[str, list[tuple[int, tuple[object, ...]]]] = {}
        for ws in wb.worksheets:
            sheets[ws.title] = [
                (i, row) for i, row in enumerate(ws.iter_rows(values_only=True), start=1)
            ]
        return sheets
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raise DataError(file, f"the xlsx workbook is damaged ({type(exc).__name__}: {exc})",
                        hint="fetch or save the file again") from None
    finally:
        wb.close()


def sheet_table(file: str, sheet: str, rows: list[tuple[int, tuple[object, ...]]],
                key_column: str) -> Table:
    """The table in a sheet whose header row is the first row holding ``key_column``.

    AF's sheets start with the header, but a title row above it must not break reading.
    """
    for pos, (_number, values) in enumerate(rows[:20]):
        if key_column in (normalize_header(v) for v in values):
            body = [(n, v) for n, v in rows[pos + 1:]
                    if any(c is not None and str(c).strip() for c in v)]
            return Table(file, values, body, sheet=sheet)
    raise DataError(file, f'no header row with "{key_column}" in the first 20 rows',
                    sheet=sheet, hint="AF's column names must be kept as published")
