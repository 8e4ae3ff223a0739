"""The "Choose this supplier" card: what a person takes to AF — the supplier, its KA
number, the nearest office with its address, the data's dates, and what to do — in the
person's language and, for the AF officer, in Swedish. Pure text (plain or Markdown);
the app shows it, saves it where the person says, or hands it to the kiosk's printer.
Nothing of it is kept."""

from __future__ import annotations

from collections.abc import Callable

from chooser.core.model import Office
from chooser.core.ranking import Ranked
from chooser.text.glossary import explain
from chooser.text.i18n import _, in_language, locale
from chooser.text.phrases import grade_words, km

OFFICER_LANGUAGE = "sv"


def office_line(office: Office | None, distance_km: float | None) -> str:
    if office is None:
        return _("No office address is known; ask AF.")
    where = f"{office.address}, {office.postcode} {office.town}".replace(" ,", ",").strip(", ")
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
        _("Data: {provenance}").format(provenance=provenance),
        _("Tell AF at your meeting that you choose this supplier. You can change supplier "
          "later."),
    ]


def choice_card(r: Ranked, office: Office | None, distance_km: float | None,
                provenance: Callable[[], str], *, markdown: bool = False) -> str:
    """The whole card: the person's language, then Swedish for the officer (once, when
    the person's language is Swedish). ``provenance`` is asked in each language."""
    def block(lines: list[str]) -> list[str]:
        if not markdown:
            return lines
        return [f"## {lines[0]}", "", *[f"- {x}" for x in lines[1:-1]], "", lines[-1]]

    out = block(card_lines(r, office, distance_km, provenance()))
    out += ["", explain("next_step")]
    if locale() != OFFICER_LANGUAGE:
        heading = _("For the AF officer (in Swedish)")
        with in_language(OFFICER_LANGUAGE):
            swedish = block(card_lines(r, office, distance_km, provenance()))
        out += ["", "", f"# {heading}" if markdown else f"— {heading} —", "", *swedish]
    return "\n".join(out) + "\n"
