"""The participants file for ``chooser simulate``: who needs a supplier, and where.

Columns: ``ID``; either ``LAT`` and ``LON`` (decimal degrees) or ``KOMMUN`` (a
municipality's name or four-digit code); optional ``NIVÅ`` (A, B, C or empty for
unknown) and ``LEVERANSOMRÅDE`` (the person's delivery area, where it is known: it
settles a municipality split between areas; ``chooser.build.population`` writes it).
Read with the same CSV reader as AF's files, so a bad cell is named by row and column.
The file is read, used and forgotten: nothing of it is written anywhere.
"""

from __future__ import annotations

from chooser.core.model import LEVELS
from chooser.core.namedrecord import record
from chooser.sources.table import Table, read_csv


class Participant(record("Participant", "id lat lon kommun level row area",
                         defaults=(None,))):
    __slots__ = ()
    id: str
    lat: float | None
    lon: float | None
    kommun: str | None
    level: str | None
    row: int
    area: str | None


def read(path: str) -> tuple[Table, list[Participant]]:
    table = read_csv(path)
    if not table.has("ID"):
        raise table.error('the column "ID" is missing from the header row', row=1,
                          hint='a participants file has ID, then LAT and LON or KOMMUN, '
                          'and optionally NIVÅ')
    by_point = table.has("LAT") and table.has("LON")
    if not by_point and not table.has("KOMMUN"):
        raise table.error('the header needs "LAT" and "LON", or "KOMMUN"', row=1)
    out: list[Participant] = []
    seen: dict[tuple[str, str], int] = {}
    col = {name: i for i, name in enumerate(table.header) if name}
    i_id, i_lat, i_lon = col["ID"], col.get("LAT"), col.get("LON")
    i_level, i_area = col.get("NIVÅ"), col.get("LEVERANSOMRÅDE")
    has_kommun = "KOMMUN" in col
    width = max(col.values()) + 1
    for number, values in table.rows:
        # the common row (text cells, a point, a plain level) read straight from the row:
        # 180,000 people are read in a fraction of the time the cell-by-cell path takes,
        # which stays for everything else and says which cell is wrong
        fast = _fast(values, number, width, i_id, i_lat, i_lon, i_level, i_area, by_point,
                     has_kommun, seen)
        out.append(fast if fast is not None else _slow(table, number, values, seen, by_point))
    if not out:
        raise table.error("the file has a header but no participants")
    return table, out


def _fast(values, number: int, width: int, i_id: int, i_lat: int | None, i_lon: int | None,
          i_level: int | None, i_area: int | None, by_point: bool, has_kommun: bool,
          seen: dict[tuple[str, str], int]) -> Participant | None:
    if len(values) < width or not by_point:  # a CSV row's cells are all text
        return None
    pid = values[i_id].strip()
    level = values[i_level].strip().upper() if i_level is not None else ""
    lat_text = values[i_lat].strip()  # type: ignore[index]
    if not pid or ("", pid) in seen or level not in ("", "A", "B", "C") \
            or (not lat_text and has_kommun):
        return None
    try:
        lat, lon = float(lat_text), float(values[i_lon].strip())  # type: ignore[index]
    except ValueError:  # a decimal comma, a space, a typo: the careful path decides
        return None
    # float() takes "nan", "inf" and other scripts' digits; an id may carry control
    # characters: the careful path refuses or cleans those
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not pid.isprintable():
        return None
    seen["", pid] = number
    area = values[i_area].strip() if i_area is not None else ""
    return Participant(pid, lat, lon, None, level or None, number, area or None)


def _slow(table: Table, number: int, values, seen: dict[tuple[str, str], int],
          by_point: bool) -> Participant:
    from chooser.sources.table import Cells

    c = Cells(table, number, values)
    pid = c.required_text("ID")
    c.unique(seen, "", pid, "ID", "rows")
    level = c.text("NIVÅ").upper() if table.has("NIVÅ") else ""
    if level and level not in LEVELS:
        raise c.fail("NIVÅ", f'expected A, B, C or an empty cell, found "{level}"')
    lat = lon = None
    kommun = None
    if by_point and (c.text("LAT") or not table.has("KOMMUN")):
        lat, lon = c.decimal("LAT"), c.decimal("LON")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise c.fail("LAT", f"{lat:g},{lon:g} are not coordinates in decimal degrees")
    else:
        kommun = c.required_text("KOMMUN")
    area = c.text("LEVERANSOMRÅDE") if table.has("LEVERANSOMRÅDE") else ""
    return Participant(pid, lat, lon, kommun, level or None, c.number, area or None)
