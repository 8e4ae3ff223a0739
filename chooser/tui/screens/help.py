"""Help (F1 or ?, from every screen): what the words and figures mean, in plain language,
and what to do next. The same lines as the detail's notes and the command line's
--help (chooser.text.glossary)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

from chooser.text.glossary import KEYS, all_lines
from chooser.text.i18n import N_, _
from chooser.tui.hints import Hints
from chooser.tui.words import Words, localize_bindings


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", N_("Back"), show=True),
        Binding("f1", "dismiss", N_("Back"), show=False),
        Binding("question_mark", "dismiss", N_("Back"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Words(_("Help: the words on these screens"), classes="title")
            for line in all_lines():
                yield Words("• " + line, classes="help-item")
            yield Words(_(KEYS), classes="hint")
        yield Hints()

    def on_mount(self) -> None:
        self.query_one("#help").focus()  # arrows and Page Down scroll it

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
