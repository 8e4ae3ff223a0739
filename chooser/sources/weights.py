"""AF's level weights: the calculator sheet ("Beräkningssnurra YYYY-MM") or nivavikter.csv."""

from __future__ import annotations

from chooser.core.errors import DataError
from chooser.core.model import LEVELS, Weights
from chooser.sources.table import Table, column_letter, normalize_header

KIND = "weights"
WHAT = "AF's level weights"
REQUIRED = ("PERIOD", "VIKT NIVÅ A", "VIKT NIVÅ B", "VIKT NIVÅ C")
MAX_WEIGHT = 10.0  # AF's weights are 0.66–1.25; a weight of 10 would be a typo


def parse_csv(table: Table) -> list[Weights]:
    table.require(REQUIRED, WHAT)
    out = []
    for c in table.records():
        period = c.period("PERIOD")
        a, b, cc = (c.decimal(f"VIKT NIVÅ {lv}") for lv in LEVELS)
        for lv, w in zip(LEVELS, (a, b, cc), strict=True):
            if not 0 < w <= MAX_WEIGHT:
                raise c.fail(f"VIKT NIVÅ {lv}", f"a level weight must lie above 0 and at most "
                                                 f"{MAX_WEIGHT:g}, found {w:g}")
        out.append(Weights(period, a, b, cc))
    return out


def parse_calculator(file: str, sheet: str, period: str,
                     rows: list[tuple[int, tuple[object, ...]]]) -> Weights:
    """Find the cells labelled "Vikt nivå A/B/C" and take the number to their right."""
    found: dict[str, float] = {}
    for number, values in rows:
        for i, v in enumerate(values):
            label = normalize_header(v)
            if label.startswith("VIKT NIVÅ ") and label[-1:] in LEVELS and len(label) == 11:
                value = next((x for x in values[i + 1:] if x not in (None, "")), None)
                if isinstance(value, str):
                    try:
                        value = float(value.replace(",", "."))
                    except ValueError:
                        value = None
                if not isinstance(value, (int, float)) or not 0 < value <= MAX_WEIGHT:
                    raise DataError(file, f'no weight above 0 and at most {MAX_WEIGHT:g} '
                                          f'beside "{v}"', sheet=sheet, row=number,
                                    column=column_letter(i + 1))
                found[label[-1]] = float(value)
    missing = [lv for lv in LEVELS if lv not in found]
    if missing:
        raise DataError(file, "the calculator sheet has no weight for level "
                              + ", ".join(missing), sheet=sheet,
                        hint='AF labels them "Vikt nivå A", "Vikt nivå B" and "Vikt nivå C"')
    return Weights(period, found["A"], found["B"], found["C"])
