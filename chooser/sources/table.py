"""Read a CSV file or an xlsx sheet into a :class:`Table` of typed, located cells.

Swedish Excel exports must simply work: UTF-8 with or without BOM, Windows-1252, comma,
semicolon or tab separators, decimal comma or point. Every typed getter raises
:class:`~chooser.core.errors.DataError` naming file, sheet, row and column, so a bad cell is
found in seconds.

Row numbers are those a spreadsheet shows: the header is row 1 in AF's files.
"""

from __future__ import annotations

import datetime as _dt
import math
import os
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence

from chooser.core.errors import DataError
from chooser.core.printable import printable
from chooser.sources.periods import parse_period

XLSX_MAGIC = b"PK\x03\x04"
SIGNS, MINUS = ("-", "+"), "-"
MAX_DIGITS = 9  # AF's largest count is a few thousand participants
MAX_KA_DIGITS = 12  # AF's KA numbers have 8
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")
FILE_LIMIT = 100_000_000  # bytes; AF's largest file is a few MB
# An xlsx is a zip of XML. AF's results workbook inflates to 1 MB (its biggest sheet 0.7
# MB); a zip bomb inflates a few MB to gigabytes, and openpyxl would hold it all.
XLSX_MEMBER_LIMIT = 50_000_000
XLSX_TOTAL_LIMIT = 100_000_000


def this_month() -> str:
    """The current month, "YYYY-MM" (UTC): no follow-up can be from after it."""
    return _dt.datetime.now(_dt.UTC).strftime("%Y-%m")


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
    return "" if value is None else printable(str(value)).strip()


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
        self._index: dict[str, int] = {}
        for i, name in enumerate(self.header):
            if not name:
                continue
            if name in self._index:  # which one would count? the second silently won
                first = self._index[name]
                raise DataError(file, f'the column "{self.raw_header[i]}" appears twice, in '
                                      f"{column_letter(first)} and {column_letter(i)}",
                                row=1, sheet=sheet, hint="keep one of them; AF publishes each "
                                "column once")
            self._index[name] = i

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
        return printable(str(v)).strip()

    def required_text(self, column: str) -> str:
        t = self.text(column)
        if not t:
            raise self.fail(column, "this cell is empty but must not be")
        return t

    def integer(self, column: str) -> int:
        """A whole number written with ASCII digits: "12", "1 234", 12.0. Not "--5", "²",
        "١٢" or 5,000 digits (Python's int() takes the first three and chokes on the
        last)."""
        v = self.raw(column)
        if isinstance(v, bool):
            raise self.fail(column, f"expected a whole number, found {v!r}")
        if isinstance(v, float):
            if not (math.isfinite(v) and v.is_integer()):
                raise self.fail(column, f"expected a whole number, found {v!r}")
            v = int(v)
        if isinstance(v, int):
            if abs(v) >= 10**MAX_DIGITS:
                raise self.fail(column, f"{v:.3g} is far larger than any real count")
            return v
        text = self.text(column).replace("\u00a0", "").replace(" ", "")
        sign, digits = (text[:1], text[1:]) if text[:1] in SIGNS else ("", text)
        if digits.isascii() and digits.isdigit():
            if len(digits) > MAX_DIGITS:
                raise self.fail(column, f"a number with {len(digits)} digits is far larger "
                                        f"than any real count")
            return -int(digits) if sign == MINUS else int(digits)
        shown = f'"{text[:40]}"' if text else "an empty cell"
        raise self.fail(column, f"expected a whole number, found {shown}")

    def count(self, column: str) -> int:
        """A count of people or reports: a whole number, 0 or more."""
        n = self.integer(column)
        if n < 0:
            raise self.fail(column, f"a count cannot be negative, found {n}")
        return n

    def decimal(self, column: str) -> float:
        """A finite decimal number, point or Swedish comma: "0.403", "0,403", "4e-1"."""
        v = self.raw(column)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            x = float(v)
        else:
            t = self.text(column).replace("\u00a0", "").replace(" ", "")
            if "," in t and "." not in t:
                t = t.replace(",", ".")  # Swedish decimal comma: "0,403"
            # float() also takes "nan", "inf", "1_000" and other scripts' digits
            if not (t and len(t) <= 40 and _DECIMAL.fullmatch(t)):
                shown = f'"{self.text(column)[:40]}"' if t else "an empty cell"
                raise self.fail(column, f"expected a decimal number such as 0.403 or 0,403, "
                                        f"found {shown}")
            x = float(t)
        if not math.isfinite(x):
            raise self.fail(column, f"expected a finite decimal number, found {x!r}")
        return x

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
        if not (t.isascii() and t.isdigit() and len(t) <= MAX_KA_DIGITS):
            shown = f'"{t[:40]}"' if t else "an empty cell"
            raise self.fail(column, f"expected a KA number (up to {MAX_KA_DIGITS} digits), "
                                    f"found {shown}")
        return t

    def period(self, column: str) -> str:
        p = parse_period(self.text(column))
        if p is None:
            raise self.fail(column, f'expected a period such as 2026-05, found '
                                    f'"{self.text(column)[:40]}"')
        if p > this_month():
            raise self.fail(column, f"{p} is in the future (this is {this_month()})")
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
        try:
            with open(path, "rb") as fh:
                data = fh.read(FILE_LIMIT + 1)
        except IsADirectoryError:
            raise DataError(file or path, "is a directory, not a CSV file") from None
        except FileNotFoundError:
            raise
        except OSError as exc:
            raise DataError(file or path, f"cannot be read ({exc.strerror})") from None
    if len(data) > FILE_LIMIT:
        raise DataError(file, f"the file is larger than {FILE_LIMIT // 1_000_000} MB")
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


def _check_zip(path: str, file: str) -> None:
    """Refuse, before inflating anything, a workbook whose members claim implausible sizes
    (a zip bomb), are encrypted, or use a compression Python cannot read. The sizes in the
    zip's directory bind: zipfile stops at the declared size and then fails the CRC."""
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DataError(file, f"the xlsx workbook cannot be opened; it is truncated or "
                              f"damaged ({exc})", hint="fetch or save the file again") from None
    total = 0
    for m in members:
        if m.flag_bits & 0x1:
            raise DataError(file, f'the workbook is encrypted (member "{m.filename}")',
                            hint="save it again without a password")
        if m.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise DataError(file, f'the member "{m.filename}" uses a compression method '
                                  f"({m.compress_type}) that xlsx files do not use",
                            hint="save the file again from Excel or LibreOffice")
        total += m.file_size
        if m.file_size > XLSX_MEMBER_LIMIT or total > XLSX_TOTAL_LIMIT:
            raise DataError(file, f"the workbook would inflate to more than "
                                  f"{XLSX_TOTAL_LIMIT // 1_000_000} MB ({m.filename}: "
                                  f"{m.file_size:,} bytes); AF's files inflate to about 1 MB",
                            hint="this is not one of AF's files; it was not opened")


# What a damaged workbook raises inside openpyxl: zip and deflate errors, XML that is cut
# short or declares entities (defusedxml refuses those: ValueError), odd cell values.
_XLSX_ERRORS = (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, TypeError,
                IndexError, AttributeError, SyntaxError, NotImplementedError, RuntimeError,
                zlib.error)


def read_xlsx_sheets(path: str) -> dict[str, list[tuple[int, tuple[object, ...]]]]:
    """All sheets of a workbook as numbered rows of values (formulas as their cached values).

    Every row is read whatever the sheet's ``<dimension ref>`` says: a stale one (Excel
    and other writers leave them) would otherwise cut the table off without a word.
    """
    file = os.path.basename(path)
    with open(path, "rb") as fh:
        head = fh.read(4)
    if not is_xlsx_bytes(head):
        raise DataError(file, "this is not an xlsx workbook (an xlsx file is a zip archive "
                              "and this one is not)", hint="the download may be truncated "
                              "or an error page; fetch the file again")
    _check_zip(path, file)
    import openpyxl  # imported here: it costs ~100 ms and most runs never read an xlsx

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except _XLSX_ERRORS as exc:
        raise DataError(file, f"the xlsx workbook cannot be opened; it is truncated or "
                              f"damaged ({_xlsx_problem(exc)})",
                        hint="fetch or save the file again") from None
    try:
        sheets: dict[str, list[tuple[int, tuple[object, ...]]]] = {}
        for ws in wb.worksheets:
            if hasattr(ws, "reset_dimensions"):  # read-only sheets trust <dimension>
                ws.reset_dimensions()
            sheets[printable(ws.title)] = [
                (i, row) for i, row in enumerate(ws.iter_rows(values_only=True), start=1)
            ]
        return sheets
    except _XLSX_ERRORS as exc:
        raise DataError(file, f"the xlsx workbook is damaged ({_xlsx_problem(exc)})",
                        hint="fetch or save the file again") from None
    finally:
        wb.close()


def _xlsx_problem(exc: BaseException) -> str:
    # openpyxl rewraps a parse error as "Unable to read workbook … <full path> …": the
    # error underneath says what is wrong
    while exc.__cause__ or exc.__context__:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    kind = "XML" if isinstance(exc, SyntaxError) or "xml" in type(exc).__module__ else ""
    what = printable(str(exc))[:160]
    return f"{kind} {type(exc).__name__}: {what}".strip()


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
