"""What a screen (and the counsellor's palette) may ask of the app, as a Protocol.

Screens and commands are given the app, but they know it only by this shape: no screen
imports the app module, so the app can import every screen without an import circle, and
a test can hand a screen any object of this shape.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # pragma: no cover
    from textual.screen import Screen

    from chooser.tui.advisor import Advisor
    from chooser.tui.state import Participant


class ChooserContext(Protocol):
    advisor: Advisor
    participant: Participant
    counsellor: bool
    kiosk: bool
    languages: tuple[str, ...]
    home_place: str | None  # a kiosk's own place or area, offered as one button
    home_area: str | None
    print_command: str | None  # a kiosk's printer for choice cards (None: no printing)
    sub_title: str
    # Textual's own App surface that screens and commands use
    screen_stack: list[Screen]

    @property
    def screen(self) -> Screen: ...

    def push_screen(self, screen: Screen) -> object: ...
    def pop_screen(self) -> object: ...
    def notify(self, message: str, **kwargs: object) -> None: ...
    def call_from_thread(self, callback: object, *args: object) -> object: ...

    def action_start_over(self) -> None:
        """Forget everything the participant entered and go back to the first screen."""

    def set_language(self, code: str) -> None: ...

    def switch_language(self, code: str) -> None:
        """Everything redrawn in ``code``, nothing entered lost."""
