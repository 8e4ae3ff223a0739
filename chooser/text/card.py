"""The "Choose this supplier" card: what a person takes to AF — the supplier, its KA
number, the nearest office with its address, the data's dates, and what to do — in the
person's language and, for the AF officer, in Swedish. Pure text (plain or Markdown);
the app shows it, saves it where the person says, or hands it to the kiosk's printer.
Nothing of it is kept."""

from __future__ import annotations

from collections.abc import Callable

from chooser.core.model import Office
from chooser.core.ranking import Ranked
from chooser.text.i18n import _, in_language, locale
from chooser.text.phrases import grade_words, km

OFFICER_LANGUAGE = "sv"


def office_address(office: Office) -> str:
    """"Storgatan 1, 771 30 Ludvika", leaving out what is missing (no double spaces)."""
    town = " ".join(x for x in (office.postcode, office.town) if x)
    return ", ".join(x for x in (office.address, town) if x)


def office_line(office: Office | None, distance_km: float | None) -> str:
    if office is None:
        return _("No office address is known; ask AF.")
    where = office_address(office)
    if distance_km is not None:
        where += f" ({km(distance_km)})"
    return _("Nearest office: {address}").format(address=where)


def card_lines(r: Ranked, office: Office | None, distance_km: float | None,
               provenance: str) -> list[str]:
    """The card in the current language, one line per fact."""
    return [
        _("Your choice"),
        _("Supplier: {name}").format(name=r.row.supplier),
        _("KA number: {ka}").format(ka=r.ka),
        _("Delivery area: {area}").format(area=r.row.area),
        grade_words(r),
        office_line(office, distance_km),
        provenance,  # "Data: … · AF's results May 2026 · grades May 2026"
        _("Tell AF at your meeting that you choose this supplier. You can change supplier "
          "later."),
    ]


def card_parts(r: Ranked, office: Office | None, distance_km: float | None,
               provenance: Callable[[], str], *,
               markdown: bool = False) -> tuple[str, str | None, str | None]:
    """(the person's part, the heading of the officer's part in the person's language,
    the officer's part in Swedish); the last two None when the person reads Swedish.
    Apart, so that a screen draws the Swedish left to right under an Arabic part.
    ``provenance`` is asked in each language."""
    def block(lines: list[str]) -> list[str]:
        if not markdown:
            return lines
        return [f"## {lines[0]}", "", *[f"- {x}" for x in lines[1:-1]], "", lines[-1]]

    own = "\n".join(block(card_lines(r, office, distance_km, provenance())))
    if locale() == OFFICER_LANGUAGE:
        return own, None, None
    heading = _("For the AF officer (in Swedish)")
    with in_language(OFFICER_LANGUAGE):
        swedish = "\n".join(block(card_lines(r, office, distance_km, provenance())))
    return own, f"# {heading}" if markdown else f"— {heading} —", swedish


def choice_card(r: Ranked, office: Office | None, distance_km: float | None,
                provenance: Callable[[], str], *, markdown: bool = False) -> str:
    """The whole card as one text (to save or print): the person's language, then
    Swedish for the officer."""
    own, heading, swedish = card_parts(r, office, distance_km, provenance,
                                       markdown=markdown)
    return own + (f"\n\n\n{heading}\n\n{swedish}" if swedish else "") + "\n"
