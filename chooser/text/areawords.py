"""How chooser knows which delivery area a place is in, in words (``places``, the app).

Each row of the municipality → area table says its evidence (``chooser.build.areas``):
AF's offices, the area's name, or an approximation; people see which, and how sure.
"""

from __future__ import annotations

from chooser.core.model import AreaEvidence
from chooser.text.i18n import N_, _, format_list, ngettext

CONFIDENCE = {"high": N_("sure"), "medium": N_("fairly sure"), "low": N_("unsure")}


def evidence_words(ev: AreaEvidence, kommun: str, current: dict[str, int] | None = None
                   ) -> str:
    """One area's evidence for a municipality, with how sure it is. ``current``: area →
    how many of the dataset's current contracts have an office in the municipality
    (``chooser.geo.locate.office_counts``), when known: the table counts the contracts of
    every period in the office list it was built from, and a person who reads "5
    contracts have offices in Ludvika" and then sees 2 suppliers is misled."""
    if ev.source == "official":
        text = _("{area}: AF's official table").format(area=ev.area)
    elif ev.source == "offices":
        n = ev.contracts if current is None else current.get(ev.area, 0)
        text = ngettext("{area}: {n} contract of this area has an office in {kommun}",
                        "{area}: {n} contracts of this area have offices in {kommun}",
                        n).format(area=ev.area, n=n, kommun=kommun)
    elif ev.source == "name":
        text = _("{area}: named after {kommun} or its county; no office there").format(
            area=ev.area, kommun=kommun)
    else:
        text = _("{area}: the nearest area with offices; none of its offices is in "
                 "{kommun}").format(area=ev.area, kommun=kommun)
    sure = CONFIDENCE.get(ev.confidence)
    return f"{text} ({_(sure)})" if sure else text


def covers_words(area: str, municipalities: list[str]) -> str:
    """What a candidate area covers, to help someone pick theirs."""
    return _("{area} covers {municipalities}").format(
        area=area, municipalities=format_list(municipalities))
