"""AF's results table ("Resultat YYYY-MM"), from the xlsx sheet or the same table as CSV."""

from __future__ import annotations

from chooser.core.model import LEVELS, ResultRow
from chooser.sources.table import Cells, Table

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


# AF's formula gives at most max(weight) (every participant with both reports at the
# heaviest level, ~1.25 in 2025–2026); 2 leaves room for heavier weights, not for errors.
MAX_WEIGHTED = 2.0


def _reports(c: Cells, which: str, level: str, participants: int) -> int:
    """RR1 or RR2 at a level: a count no larger than the level's participants (each
    participant has at most one of each). RR2 above RR1 is allowed: AF's own files have
    a few such rows, where a first report was approved after the second (see
    docs/hardening.md)."""
    column = f"ANTAL {which} NIVÅ {level}"
    k = c.count(column)
    if k > participants:
        raise c.fail(column, f"{k} result reports ({which}) at level {level}, but the level "
                             f"has only {participants} participants",
                     hint="a participant has at most one of each report")
    return k


def parse(table: Table) -> list[ResultRow]:
    table.require(REQUIRED, WHAT)
    out: list[ResultRow] = []
    seen: dict[tuple[str, str], int] = {}
    for c in table.records():
        period, ka = c.period("PERIOD"), c.ka("KA-NUMMER")
        c.unique(seen, period, ka, "KA-NUMMER", "result rows")
        n = tuple(c.count(f"ANTAL DELTAGARE NIVÅ {lv}") for lv in LEVELS)
        total = c.count("ANTAL DELTAGARE")
        if total != sum(n):
            raise c.fail("ANTAL DELTAGARE", f"{total} participants in all, but the levels "
                                            f"A, B and C add up to {sum(n)}")
        rr1, rr2 = (tuple(_reports(c, which, lv, n_lv) for lv, n_lv in zip(LEVELS, n,
                                                                          strict=True))
                    for which in ("RR1", "RR2"))
        weighted = c.decimal("VIKTAT RESULTATMÅTT")
        if not 0 <= weighted <= MAX_WEIGHTED:
            raise c.fail("VIKTAT RESULTATMÅTT", f"the weighted result measure must lie between "
                                                f"0 and {MAX_WEIGHTED:g}, found {weighted:g}")
        out.append(ResultRow(
            period=period,
            area=c.required_text("LEVERANSOMRÅDE"),
            supplier=c.required_text("LEVERANTÖRNAMN"),
            ka=ka,
            start_date=c.date("STARTDATUM AVTAL"),
            active_22m=c.yes_no("AVTAL HAR VARIT AKTIVT I 22 MÅNADER"),
            grade=c.grade("BETYG"),
            weighted=weighted,
            at_risk=c.yes_no("RISKERAR HÄVNING"),
            participants=total,
            n=n,
            rr1=rr1,
            rr2=rr2,
        ))
    return out
