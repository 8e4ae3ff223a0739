"""An official municipality → delivery area table (AF's, when someone has it).

Columns ``KOMMUNKOD`` (SCB's four digits) or ``KOMMUN`` (the name), and
``LEVERANSOMRÅDE``; a municipality in several areas has several rows. Loaded from
``--data DIR`` it wins over chooser's derived mapping.
"""

from __future__ import annotations

from chooser.sources.table import Table

KIND = "area map"
WHAT = "a municipality → delivery area table"
REQUIRED_BY_CODE = ("KOMMUNKOD", "LEVERANSOMRÅDE")
REQUIRED_BY_NAME = ("KOMMUN", "LEVERANSOMRÅDE")


def parse(table: Table) -> list[tuple[str, str]]:
    """(municipality code or name, area) pairs."""
    key = "KOMMUNKOD" if table.has("KOMMUNKOD") else "KOMMUN"
    table.require((key, "LEVERANSOMRÅDE"), WHAT)
    out = []
    for c in table.records():
        who = c.required_text(key)
        if key == "KOMMUNKOD":
            who = who.zfill(4)  # Excel drops the leading zero of "0114"
            if not (who.isascii() and who.isdigit() and len(who) == 4):
                raise c.fail(key, f'expected a four-digit municipality code, found "{who}"')
        out.append((who, c.required_text("LEVERANSOMRÅDE")))
    return out
