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
    for c in table.records():
        pid = c.required_text("ID")
        c.unique(seen, "", pid, "ID", "rows")
        level = c.text("NIVÅ").upper() if table.has("NIVÅ") else ""
        if level and level not in LEVELS:
            raise c.fail("NIVÅ", f'expected A, B, C or an empty cell, found "{level}"')
        lat = lon = None
        kommun = None
        if by_point and (c.text("LAT") or not table.has("KOMMUN")):
            lat, lon = c.decimal("LAT"), c.decimal("LON")
        else:
            kommun = c.required_text("KOMMUN")
        area = c.text("LEVERANSOMRÅDE") if table.has("LEVERANSOMRÅDE") else ""
        out.append(Participant(pid, lat, lon, kommun, level or None, c.number, area or None))
    if not out:
        raise table.error("the file has a header but no participants")
    return table, out
