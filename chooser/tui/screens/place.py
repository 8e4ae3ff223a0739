"""Where do you live? One input with live fuzzy suggestions (postcode, place or
municipality), then the delivery area to confirm, with a way to change it."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, OptionList, Select
from textual.widgets.option_list import Option

from chooser.core.model import GeoMatch
from chooser.geo.locate import Location, NotCovered, office_counts
from chooser.text.areawords import covers_words, evidence_words
from chooser.text.i18n import _, format_list
from chooser.text.render import render
from chooser.tui.hints import Hints
from chooser.tui.screens.base import BACK, ChooserScreen, Provenance
from chooser.tui.words import Words, shown, t


def match_label(m: GeoMatch) -> str:
    kind = {"municipality": _("municipality"), "locality": _("locality"),
            "district": _("district"),
            "post town": _("post town"), "postcode": _("postcode")}.get(m.kind, m.kind)
    where = m.kommun if m.name != m.kommun else ""
    return f"{m.name}  ({kind}{', ' + where if where else ''})"


class PlaceScreen(ChooserScreen):
    BINDINGS: ClassVar[list[BindingType]] = [BACK]

    def __init__(self, typed: str = "") -> None:
        super().__init__()
        self.matches: list[GeoMatch] = []
        self.match: GeoMatch | None = None
        self.typed = typed  # kept across a change of language, in memory only

    def recreate(self) -> PlaceScreen:
        return PlaceScreen(self.query_one("#place-input", Input).value)

    def compose(self) -> ComposeResult:
        with Vertical(id="place"):
            yield Words(_("Where do you live?"), classes="title")
            yield Words(_("Type your postcode, town or municipality."), classes="hint")
            yield Input(placeholder=t("e.g. 771 30, Ludvika or Grängesberg"), id="place-input")
            if home := self.chooser.home_place or self.chooser.home_area:
                yield Button(t("I live near {place}", place=home), id="home")
            yield OptionList(id="suggestions")
            yield Words("", id="did-you-mean", classes="hint")
            yield Words("", id="area-text")
            with Horizontal(id="area-row"):
                yield Select([], prompt=t("Change delivery area"), id="area-select",
                             allow_blank=True)
                yield Button(t("Continue"), id="continue", variant="primary", disabled=True)
        yield Provenance(classes="provenance")
        yield Hints()

    def on_mount(self) -> None:
        self.query_one("#suggestions").display = False
        self.query_one("#area-row").display = False
        box = self.query_one("#place-input", Input)
        box.focus()
        if self.typed:
            with box.prevent(Input.Changed):
                box.value = self.typed
            if self.participant.location is not None:  # chosen before: show it again
                self.show_location(self.participant.location)
            else:  # still choosing: the suggestions again, in the new language
                self.suggest(self.typed)

    @on(Input.Changed, "#place-input")
    def typed(self, event: Input.Changed) -> None:
        self.suggest(event.value)

    @work(thread=True, exclusive=True, group="suggest")
    def suggest(self, text: str) -> None:
        matches = self.advisor.suggest(text)
        hint = [] if matches else self.advisor.did_you_mean(text)
        self.app.call_from_thread(self.show_suggestions, text, matches, hint)

    def show_suggestions(self, text: str, matches: list[GeoMatch], hint: list[str]) -> None:
        if self.query_one("#place-input", Input).value != text:
            return  # a newer keystroke is on its way
        self.matches = matches
        box = self.query_one("#suggestions", OptionList)
        box.clear_options()
        box.add_options([Option(shown(match_label(m))) for m in matches])
        box.display = bool(matches)
        if matches:
            box.highlighted = 0
        dym = self.query_one("#did-you-mean", Words)
        if hint:
            dym.update(_("No place matches. Did you mean: {names}?").format(
                names=format_list(hint, "or")))
        elif text.strip() and len(text.strip()) >= 2 and not matches:
            dym.update(_("No place matches \"{q}\".").format(q=text[:40]))
        else:
            dym.update("")

    @on(Input.Submitted, "#place-input")
    def submitted(self) -> None:
        if self.matches:
            box = self.query_one("#suggestions", OptionList)
            self.choose(self.matches[box.highlighted or 0])

    def key_down(self) -> None:
        box = self.query_one("#suggestions", OptionList)
        if self.focused is self.query_one("#place-input") and box.display:
            box.focus()

    @on(OptionList.OptionSelected, "#suggestions")
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.choose(self.matches[event.option_index])

    def choose(self, match: GeoMatch) -> None:
        try:
            loc = self.advisor.location(match)
        except NotCovered as exc:  # said in the participant's language, with no CLI hint
            self.query_one("#area-text", Words).update(render(exc.reason) + ".")
            return
        self.match = match
        self.show_location(loc)

    def set_location(self, loc: Location) -> None:
        self.participant.location = loc
        if len(loc.areas) == 1:
            text = _("{place} is in the delivery area {area}").format(place=loc.label,
                                                                      area=loc.areas[0])
        else:
            text = _("{place} may be in: {areas}. All are shown; choose yours below if "
                     "you know it.").format(place=loc.label,
                                            areas=format_list(loc.areas, "or"))
        if loc.match is not None:  # how each area is known, and what a split's areas cover
            current = office_counts(self.advisor.ds, loc.match.kommunkod)
            words = [evidence_words(e, loc.match.kommun, current) for e in loc.match.evidence
                     if e.area in loc.areas]
            if len(loc.areas) > 1:
                words += [covers_words(a, self.advisor.area_municipalities(a))
                          for a in loc.areas]
            text += "\n" + "\n".join(words)
        self.query_one("#area-text", Words).update(text)
        self.query_one("#continue", Button).disabled = False

    @on(Button.Pressed, "#home")
    def home(self) -> None:
        """The kiosk's own place (its best match) or area, as if typed and chosen."""
        if self.chooser.home_place:
            matches = self.advisor.suggest(self.chooser.home_place, 1)
            if matches:
                self.choose(matches[0])
            return
        area = self.chooser.home_area
        if area:
            self.show_location(Location(area, (area,), None, None, None))

    def show_location(self, loc: Location) -> None:
        """The place's area(s) to confirm, the others to change to, Continue focused."""
        self.set_location(loc)
        self.query_one("#suggestions").display = False
        select = self.query_one("#area-select", Select)
        others = [a for a in self.advisor.areas() if a not in loc.areas]
        select.set_options([(a, a) for a in (*loc.areas, *others)])
        self.query_one("#area-row").display = True
        self.query_one("#continue", Button).focus()

    @on(Select.Changed, "#area-select")
    def area_changed(self, event: Select.Changed) -> None:
        loc = self.participant.location
        if loc is None or event.value is Select.NULL:
            return
        area = str(event.value)
        keep_point = area in (loc.match.areas if loc.match else ())
        self.participant.location = Location(
            loc.label if keep_point else area, (area,), loc.lat if keep_point else None,
            loc.lon if keep_point else None, loc.match if keep_point else None)
        self.query_one("#area-text", Words).update(
            _("Delivery area: {area}").format(area=area))

    @on(Button.Pressed, "#continue")
    def go_on(self) -> None:
        from chooser.tui.screens.situation import SituationScreen

        if self.participant.location is not None:
            self.app.push_screen(SituationScreen())
