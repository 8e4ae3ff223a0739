"""First screen: the language, in its own name, so anyone can find theirs."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.widgets import Button, Footer, Static

from chooser.i18n import _
from chooser.tui.screens.base import ChooserScreen, Provenance

NATIVE = {"sv": "Svenska", "en": "English", "ar": "العربية", "fa": "فارسی",
          "so": "Soomaali", "ti": "ትግርኛ", "uk": "Українська"}


class LanguageScreen(ChooserScreen):
    # the buttons stand in a grid; arrows move through them as Tab does
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right", "app.focus_next", show=False),
        Binding("up,left", "app.focus_previous", show=False),
    ]

    def __init__(self, languages: tuple[str, ...]) -> None:
        super().__init__()
        self.languages = languages

    def compose(self) -> ComposeResult:
        with Vertical(id="language"):
            yield Static(_("Choose your language"), classes="title")
            with Grid(id="language-choices"):
                for code in self.languages:
                    yield Button(NATIVE.get(code, code), id=f"lang-{code}", classes="choice")
        yield Provenance(classes="provenance")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        from chooser.tui.screens.place import PlaceScreen

        code = (event.button.id or "lang-en").removeprefix("lang-")
        self.chooser.set_language(code)
        self.app.push_screen(PlaceScreen())
