"""The step after the detail: "Choose this supplier" shows a card to take to AF — in
the person's language and in Swedish for the AF officer (chooser.text.card). In the app
it can be saved; in a kiosk it fills the screen, large enough to photograph, and is
printed when staff set ``print_command`` in ``[kiosk]``. Nothing of it is kept: the
text goes to the file the person names or to the printer's standard input."""

from __future__ import annotations

import shlex
import subprocess
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button

from chooser.core.ranking import Ranked
from chooser.text.card import card_parts, choice_card
from chooser.text.i18n import _
from chooser.tui.hints import Hints
from chooser.tui.screens.base import BACK, ChooserScreen
from chooser.tui.words import Words, t

PRINT_TIMEOUT = 30.0  # seconds; a printer queue answers at once or not at all


class CardScreen(ChooserScreen):
    BINDINGS: ClassVar[list[BindingType]] = [BACK]

    def __init__(self, ranked: Ranked) -> None:
        super().__init__()
        self.ranked = ranked

    def recreate(self) -> CardScreen:
        return CardScreen(self.ranked)

    def _office(self):
        loc = self.participant.location
        lat, lon = (loc.lat, loc.lon) if loc else (None, None)
        return self.advisor.nearest_office(self.ranked, lat, lon)

    def text(self, markdown: bool = False) -> str:
        return choice_card(self.ranked, *self._office(), self.advisor.provenance,
                           markdown=markdown)

    def compose(self) -> ComposeResult:
        own, heading, swedish = card_parts(self.ranked, *self._office(),
                                           self.advisor.provenance)
        with VerticalScroll(id="card"):
            yield Words(own, id="card-text")
            if swedish:  # for the officer: Swedish, left to right whatever is around it
                yield Words(heading or "", classes="label")
                yield Words(swedish, id="card-swedish", ltr=True)
            if self.chooser.kiosk:
                yield Words(_("Take a photo of this card, or ask the staff to print it."),
                            classes="hint")
        # the buttons stay in view below the card, however far it is scrolled
        with Horizontal(id="card-buttons"):
            if self.chooser.kiosk:
                if self.chooser.print_command:
                    yield Button(t("Print"), id="print", variant="primary")
            else:
                yield Button(t("Save the card"), id="save-card", variant="primary")
            yield Button(t("Close"), id="close")
            yield Words("", id="card-message")
        yield Hints()

    def on_mount(self) -> None:
        self.query_one("#card").focus()

    @on(Button.Pressed, "#close")
    def close(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed, "#save-card")
    def save(self) -> None:
        from chooser.tui.screens.save import SaveScreen

        self.app.push_screen(SaveScreen(_("Save the card"), self.text, "~/choice.md"))

    @on(Button.Pressed, "#print")
    def print_card(self) -> None:
        self.query_one("#print", Button).disabled = True
        self.send_to_printer(self.chooser.print_command or "", self.text())

    @work(thread=True, exclusive=True, group="print")
    def send_to_printer(self, command: str, text: str) -> None:
        """The card on the command's standard input: no file, nothing left behind."""
        try:
            done = subprocess.run(shlex.split(command), input=text, text=True,
                                  capture_output=True, timeout=PRINT_TIMEOUT, check=False)
            why = None if done.returncode == 0 else (
                done.stderr.strip().splitlines()[-1] if done.stderr.strip()
                else f"exit {done.returncode}")
        except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
            why = getattr(exc, "strerror", None) or str(exc)
        self.app.call_from_thread(self.printed, why)

    def printed(self, why: str | None) -> None:
        message = _("Printed.") if why is None else _("Could not print: {why}").format(why=why)
        self.query_one("#card-message", Words).update(message)
        self.query_one("#print", Button).disabled = False
