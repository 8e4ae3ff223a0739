"""Your situation: AF level (or "don't know"), languages, remote meetings, accessible
premises, how far you can travel. Everything is optional."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import (
    Button,
    Checkbox,
    RadioSet,
    Select,
    SelectionList,
)

from chooser.text.i18n import N_, _, format_km, language_name
from chooser.tui.hints import Hints
from chooser.tui.screens.base import BACK, ChooserScreen, Provenance
from chooser.tui.state import TRAVEL_CHOICES
from chooser.tui.toggles import ClearCheckbox, ClearRadioButton, ClearSelectionList
from chooser.tui.words import Words, shown, t

# the languages ROM2 participants most often need besides Swedish
NEED_LANGUAGES = ("ar", "so", "ti", "fa", "uk", "en", "ku", "ps", "am", "ru", "es", "fr")


class SituationScreen(ChooserScreen):
    # no text input on this form, so a plain letter is free: the list is one key away
    BINDINGS: ClassVar[list[BindingType]] = [
        BACK, Binding("s", "show", N_("Show suppliers"), show=True)]

    def compose(self) -> ComposeResult:
        p = self.participant
        with VerticalScroll(id="situation"):
            yield Words(_("Your situation"), classes="title")
            yield Words(_("All of this is optional. It is not saved anywhere."),
                         classes="hint")
            yield Words(_("Your level at AF (your counsellor knows it)"), classes="label")
            with RadioSet(id="level"):
                for lv in ("A", "B", "C"):
                    yield ClearRadioButton(t("Level {level}", level=lv), value=p.level == lv,
                                      id=f"level-{lv}")
                yield ClearRadioButton(t("I don't know"), value=p.level is None, id="level-none")
            yield Words(_("Languages you need besides Swedish"), classes="label")
            yield ClearSelectionList(
                *[(shown(language_name(c)), c, c in p.languages) for c in NEED_LANGUAGES],
                id="languages")
            yield ClearCheckbox(t("I need remote meetings (video or phone)"), p.remote, id="remote")
            yield ClearCheckbox(t("I need accessible premises"), p.accessible, id="accessible")
            yield Words(_("How far can you travel to the office?"), classes="label")
            yield Select([(t("any distance") if km is None else shown(format_km(km)), km or 0.0)
                          for km in TRAVEL_CHOICES], value=p.max_km or 0.0,
                         allow_blank=False, id="max-km")
        yield Provenance(classes="provenance")
        with Horizontal(id="show-bar"):  # always in view, whatever the form's height
            yield Button(t("Show suppliers"), id="show", variant="primary")
        yield Hints()

    def recreate(self) -> SituationScreen:
        self.read()  # keep what is ticked but not yet shown
        return SituationScreen()

    def on_mount(self) -> None:
        self.query_one("#level", RadioSet).focus()

    def read(self) -> None:
        p = self.participant
        pressed = self.query_one("#level", RadioSet).pressed_button
        pid = pressed.id if pressed is not None else "level-none"
        p.level = None if pid in (None, "level-none") else pid.removeprefix("level-")
        p.languages = tuple(self.query_one("#languages", SelectionList).selected)
        p.remote = self.query_one("#remote", Checkbox).value
        p.accessible = self.query_one("#accessible", Checkbox).value
        km = self.query_one("#max-km", Select).value
        p.max_km = float(km) if isinstance(km, float) and km > 0 else None

    @on(Button.Pressed, "#show")
    def action_show(self) -> None:
        from chooser.tui.screens.results import ResultsScreen

        self.read()
        self.app.push_screen(ResultsScreen())
