"""First screen: the language, in its own name, so anyone can find theirs."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.widgets import Button, Footer

from chooser.i18n import _, locale
from chooser.tui.screens.base import ChooserScreen, Provenance
from chooser.tui.widgets import Words

NATIVE = {"sv": "Svenska", "en": "English", "ar": "العربية", "fa": "فارسی",
          "so": "Soomaali", "ti": "ትግርኛ", "uk": "Українська"}


class LanguageScreen(ChooserScreen):
    # the buttons stand in a grid; arrows move through them as Tab does
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right", "app.focus_next", show=False),
        Binding("up,left", "app.focus_previous", show=False),
    ]

    def __init__(self, languages: tuple[str, ...], switching: bool = False) -> None:
        super().__init__()
        self.languages = languages
        self.switching = switching  # F4 from another screen: come back to it

    def recreate(self) -> LanguageScreen:
        return LanguageScreen(self.languages, self.switching)

    def compose(self) -> ComposeResult:
        with Vertical(id="language"):
            # in the language offered first, and in English for everyone else
            title = _("Choose your language")
            if locale() != "en":
                title += " · Choose your language"
            yield Words(title, classes="title")
            with Grid(id="language-choices"):
                for code in self.languages:
                    yield Button(NATIVE.get(code, code), id=f"lang-{code}", classes="choice")
        yield Provenance(classes="provenance")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        from chooser.tui.screens.place import PlaceScreen

        code = (event.button.id or "lang-en").removeprefix("lang-")
        if self.switching:
            self.chooser.switch_language(code)
            return
        self.chooser.set_language(code)
        self.app.push_screen(PlaceScreen())
