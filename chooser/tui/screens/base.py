"""What every screen shares: the app's participant and advisor, and the provenance line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button

from chooser.text.i18n import N_, is_rtl
from chooser.tui.words import Words, localize_bindings, t

# every screen after the first goes back with Escape (and says so in the footer)
BACK = Binding("escape", "back", N_("Back"), show=True)

if TYPE_CHECKING:  # pragma: no cover
    from chooser.tui.advisor import Advisor
    from chooser.tui.context import ChooserContext
    from chooser.tui.state import Participant


class ChooserScreen(Screen):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        localize_bindings(self)

    def recreate(self) -> ChooserScreen:
        """The same screen anew, in the current language (see the app's switch_language);
        screens with state of their own override this."""
        return type(self)()

    def on_mount(self) -> None:
        # Textual calls this after each screen's own on_mount: in a kiosk, every screen
        # gets a "Start over" button that a passer-by can see and touch
        if self.chooser.kiosk:
            bar = Horizontal(Button(t("Start over"), id="start-over"), id="kiosk-bar")
            self.mount(bar, before=0)
        if is_rtl():
            self.call_after_refresh(mirror_rows, self)

    @on(Button.Pressed, "#start-over")
    def start_over(self) -> None:
        self.chooser.action_start_over()

    def action_back(self) -> None:
        if self.check_action("back", ()):
            self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":  # not on the first screen: nothing to go back to
            return isinstance(self.app.screen_stack[-2] if len(self.app.screen_stack) > 1
                              else None, ChooserScreen)
        return True

    @property
    def chooser(self) -> ChooserContext:
        return self.app  # type: ignore[return-value]

    @property
    def advisor(self) -> Advisor:
        return self.chooser.advisor

    @property
    def participant(self) -> Participant:
        return self.chooser.participant


def mirror_rows(screen: Screen) -> None:
    """Right to left (Arabic, Persian), a row reads from the right: its first button or
    field at the right edge. The rows are Textual's Horizontal containers (buttons, the
    area choice, compared suppliers); their children are put in the opposite order and
    the row aligned right. Textual has no reversed row, so the drawn order is also the
    focus order: Tab goes through a mirrored row from left to right."""
    for row in screen.query(Horizontal):
        if row.has_class("mirrored"):
            continue
        kids = list(row.children)
        for child in kids[1:]:
            row.move_child(child, before=0)
        row.styles.align_horizontal = "right"
        row.add_class("mirrored")


class Provenance(Words):
    """Always on screen: which data, which AF publication (never a grade without it)."""

    def on_mount(self) -> None:
        self.update(self.app.sub_title)
