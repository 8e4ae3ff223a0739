"""Periods ("YYYY-MM") and the ways AF writes them."""

from __future__ import annotations

SWEDISH_MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip


def parse_period(text: str) -> str | None:
    """Return ``"YYYY-MM"`` for ``"2026-05"``, ``"2026-5"``, ``"202605"`` or ``"maj 2026"``.

    Returns None when the text is not a period, so callers can name the cell in an error.
    """
    t = text.strip().lower()
    if not t:
        return None
    parts = t.split()
    if len(parts) == 2 and parts[0] in SWEDISH_MONTHS and parts[1].isdigit():
        year, month = int(parts[1]), SWEDISH_MONTHS.index(parts[0]) + 1
    elif len(t) == 6 and t.isdigit():
        year, month = int(t[:4]), int(t[4:])
    else:
        ym = t.split("-")
        if len(ym) != 2 or not (ym[0].isdigit() and ym[1].isdigit()):
            return None
        year, month = int(ym[0]), int(ym[1])
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return f"{year:04d}-{month:02d}"
