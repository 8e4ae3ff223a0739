"""First screen: the language, each in its own name, so anyone can find theirs.

One list rather than a button per language: arrows, Enter, a click or a touch all work,
and it is the lightest first screen to start (seven Buttons cost a tenth of the app's
start-up)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from chooser.text.bidi import display_order
from chooser.text.i18n import RTL, _, locale
from chooser.tui.hints import Hints
from chooser.tui.screens.base import ChooserScreen, Provenance
from chooser.tui.words import Words

NATIVE = {"sv": "Svenska", "en": "English", "ar": "العربية", "fa": "فارسی",
          "so": "Soomaali", "ti": "ትግርኛ", "uk": "Українська"}


def native_name(code: str) -> str:
    """A language's own name, drawn right for its script whatever language is shown."""
    name = NATIVE.get(code, code)
    return display_order(name) if code in RTL else name


class LanguageScreen(ChooserScreen):
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
            yield OptionList(*[Option(native_name(c), id=c) for c in self.languages],
                             id="language-list")
        yield Provenance(classes="provenance")
        yield Hints()

    def on_mount(self) -> None:
        box = self.query_one("#language-list", OptionList)
        if locale() in self.languages:  # F4: start from the language in use
            box.highlighted = self.languages.index(locale())
        box.focus()

    def pick(self, code: str) -> None:
        from chooser.tui.screens.place import PlaceScreen

        if self.switching:
            self.chooser.switch_language(code)
            return
        self.chooser.set_language(code)
        self.app.push_screen(PlaceScreen())

    @on(OptionList.OptionSelected, "#language-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.pick(event.option.id or "en")
