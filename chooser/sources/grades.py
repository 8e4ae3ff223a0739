"""AF's grade file "Betyg över tid": the long CSV and AF's own wide xlsx layout."""

from __future__ import annotations

from chooser.core.model import GradeRow
from chooser.sources.periods import parse_period
from chooser.sources.table import Table

KIND = "grades"
WHAT = "AF's grade history (Betyg över tid)"
SHEET = "Betyg över tid"
REQUIRED_LONG = ("PERIOD", "KA-NUMMER", "BETYG")
REQUIRED_WIDE = ("LEVERANTÖRSNAMN", "LEVERANSOMRÅDE", "AF REGION", "KA-NUMMER")


def parse_long(table: Table) -> list[GradeRow]:
    """One row per contract and publication; empty BETYG = "Betyg saknas" (no grade)."""
    table.require(REQUIRED_LONG, WHAT)
    out: list[GradeRow] = []
    seen: dict[tuple[str, str], int] = {}
    for c in table.records():
        period, ka = c.period("PERIOD"), c.ka("KA-NUMMER")
        c.unique(seen, period, ka, "KA-NUMMER", "grades")
        out.append(GradeRow(period, ka, c.text("LEVERANTÖRNAMN"), c.text("LEVERANSOMRÅDE"),
                            c.text("AF REGION") or None, c.grade("BETYG")))
    return out


def parse_wide(table: Table) -> list[GradeRow]:
    """AF's layout: four id columns, then one column per publication ("januari 2025")."""
    table.require(REQUIRED_WIDE, WHAT)
    months = [(name, parse_period(raw)) for name, raw in zip(table.header, table.raw_header,
                                                                strict=True)]
    month_columns = [(name, p) for name, p in months if p is not None]
    if not month_columns:
        raise table.error("no publication columns such as \"januari 2025\" after the contract "
                          "columns", row=1)
    out: list[GradeRow] = []
    for c in table.records():
        ka = c.ka("KA-NUMMER")
        supplier, area = c.text("LEVERANTÖRSNAMN"), c.text("LEVERANSOMRÅDE")
        region = c.text("AF REGION") or None
        out.extend(GradeRow(p, ka, supplier, area, region, c.grade(name))
                   for name, p in month_columns)
    return out
