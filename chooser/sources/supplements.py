"""Small CSV files beside AF's tables: contract status, satisfaction surveys, profiles.

None of these are published by AF today; a counsellor's office or a researcher may have
them. Columns (AF style, upper case):

- status: ``KA-NUMMER, STATUS`` (hävt | placeringsstopp | aktivt), optional ``DATUM``;
- satisfaction: ``KA-NUMMER, PERIOD, ANTAL SVAR, ANTAL NÖJDA``;
- profiles: ``KA-NUMMER, SPRÅK`` (ISO 639-1 codes separated by ``;``), ``DISTANSMÖTEN``
  and ``TILLGÄNGLIG LOKAL`` (ja/nej), optional ``INRIKTNING``.

An empty cell is "unknown", never "no".
"""

from __future__ import annotations

from chooser.core.model import ContractStatus, Profile, Satisfaction
from chooser.sources.table import Table

STATUS_KIND, SATISFACTION_KIND, PROFILE_KIND = "status", "satisfaction", "profiles"
STATUS_REQUIRED = ("KA-NUMMER", "STATUS")
SATISFACTION_REQUIRED = ("KA-NUMMER", "PERIOD", "ANTAL SVAR", "ANTAL NÖJDA")
PROFILE_REQUIRED = ("KA-NUMMER", "SPRÅK", "DISTANSMÖTEN", "TILLGÄNGLIG LOKAL")

_STATUS_WORDS = {
    "aktivt": "active", "aktiv": "active",
    "placeringsstopp": "placement_stop",
    "hävt": "terminated", "hävd": "terminated", "havt": "terminated",
}  # fmt: skip


def parse_status(table: Table) -> list[ContractStatus]:
    table.require(STATUS_REQUIRED, "a contract status table")
    out, seen = [], {}
    for c in table.records():
        ka = c.ka("KA-NUMMER")
        c.unique(seen, "", ka, "KA-NUMMER", "status rows")
        word = c.text("STATUS").casefold()
        if word not in _STATUS_WORDS:
            raise c.fail("STATUS", f'expected "aktivt", "placeringsstopp" or "hävt", found '
                                   f'"{c.text("STATUS")}"')
        out.append(ContractStatus(ka, _STATUS_WORDS[word],
                                  c.date("DATUM") if table.has("DATUM") else None))
    return out


def parse_satisfaction(table: Table) -> list[Satisfaction]:
    table.require(SATISFACTION_REQUIRED, "a satisfaction table")
    out, seen = [], {}
    for c in table.records():
        ka, period = c.ka("KA-NUMMER"), c.period("PERIOD")
        c.unique(seen, period, ka, "KA-NUMMER", "satisfaction rows")
        answers, satisfied = c.count("ANTAL SVAR"), c.count("ANTAL NÖJDA")
        if answers < 0:
            raise c.fail("ANTAL SVAR", f"a count cannot be negative, found {answers}")
        if not 0 <= satisfied <= answers:
            raise c.fail("ANTAL NÖJDA", f"{satisfied} satisfied of {answers} answers is not "
                                        f"possible")
        out.append(Satisfaction(ka, period, answers, satisfied))
    return out


def parse_profiles(table: Table) -> list[Profile]:
    table.require(PROFILE_REQUIRED, "a supplier profile table")
    out, seen = [], {}
    for c in table.records():
        ka = c.ka("KA-NUMMER")
        c.unique(seen, "", ka, "KA-NUMMER", "profile rows")
        text = c.text("SPRÅK")
        languages = None
        if text:
            codes = [x.strip().casefold() for x in text.replace(",", ";").split(";")]
            bad = next((x for x in codes if not (len(x) == 2 and x.isascii() and x.isalpha())),
                       None)
            if bad is not None:
                raise c.fail("SPRÅK", f'expected two-letter language codes (ISO 639-1) '
                                      f'separated by ";", such as "sv;ar;so", found "{bad}"')
            languages = tuple(dict.fromkeys(codes))
        out.append(Profile(ka, languages, c.yes_no("DISTANSMÖTEN"),
                           c.yes_no("TILLGÄNGLIG LOKAL"),
                           c.text("INRIKTNING") if table.has("INRIKTNING") else ""))
    return out
