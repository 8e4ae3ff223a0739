"""AF's results table ("Resultat YYYY-MM"), from the xlsx sheet or the same table as CSV."""

from __future__ import annotations

from chooser.core.model import LEVELS, ResultRow
from chooser.sources.table import Table

KIND = "results"
WHAT = "AF's results table (Resultat)"

LEVEL_COLUMNS = tuple(
    f"ANTAL {what} NIVÅ {level}" for level in LEVELS for what in ("DELTAGARE", "RR1", "RR2")
)
REQUIRED = (
    "PERIOD", "LEVERANSOMRÅDE", "LEVERANTÖRNAMN", "KA-NUMMER", "BETYG",
    "VIKTAT RESULTATMÅTT", "ANTAL DELTAGARE", *LEVEL_COLUMNS,
)  # fmt: skip
OPTIONAL = ("STARTDATUM AVTAL", "AVTAL HAR VARIT AKTIVT I 22 MÅNADER", "RISKERAR HÄVNING")


def parse(table: Table) -> list[ResultRow]:
    table.require(REQUIRED, WHAT)
    out: list[ResultRow] = []
    seen: dict[tuple[str, str], int] = {}
    for c in table.records():
        period, ka = c.period("PERIOD"), c.ka("KA-NUMMER")
        c.unique(seen, period, ka, "KA-NUMMER", "result rows")
        n = tuple(c.integer(f"ANTAL DELTAGARE NIVÅ {lv}") for lv in LEVELS)
        total = c.integer("ANTAL DELTAGARE")
        if total != sum(n):
            raise c.fail("ANTAL DELTAGARE", f"{total} participants in all, but the levels "
                                            f"A, B and C add up to {sum(n)}")
        out.append(ResultRow(
            period=period,
            area=c.required_text("LEVERANSOMRÅDE"),
            supplier=c.required_text("LEVERANTÖRNAMN"),
            ka=ka,
            start_date=c.date("STARTDATUM AVTAL"),
            active_22m=c.yes_no("AVTAL HAR VARIT AKTIVT I 22 MÅNADER"),
            grade=c.grade("BETYG"),
            weighted=c.decimal("VIKTAT RESULTATMÅTT"),
            at_risk=c.yes_no("RISKERAR HÄVNING"),
            participants=total,
            n=n,
            rr1=tuple(c.integer(f"ANTAL RR1 NIVÅ {lv}") for lv in LEVELS),
            rr2=tuple(c.integer(f"ANTAL RR2 NIVÅ {lv}") for lv in LEVELS),
        ))
    return out
