"""ChooserApp: holds the dataset's Advisor and one participant's answers; screens do the
rest. The core runs in worker threads, so typing and scrolling never wait for it."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from chooser.text.i18n import N_, set_locale
from chooser.tui.advisor import Advisor
from chooser.tui.state import Participant
from chooser.tui.words import SHORT_ROWS, localize_bindings


class ChooserApp(App):
    CSS_PATH = "chooser.tcss"
    TITLE = "chooser"
    kiosk = False  # KioskApp: locked keys, idle reset, start-over button on every screen
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", N_("Quit"), show=False, priority=True),
        # help from every screen; "?" only where no text box takes it as a letter
        Binding("f1", "help", N_("Help"), show=True, priority=True),
        Binding("question_mark", "help", N_("Help"), show=False),
        Binding("f2", "start_over", N_("Start over"), show=True),
        Binding("f4", "choose_language", N_("Language"), show=True),
    ]

    def __init__(self, advisor: Advisor, *, counsellor: bool = False,
                 languages: Iterable[str] = ("en",), ask_language: bool = True) -> None:
        # the palette is the counsellor's; a participant has no use for Textual's own
        # commands, one of which saves a screenshot (what they typed) to a file
        self.ENABLE_COMMAND_PALETTE = counsellor and type(self).ENABLE_COMMAND_PALETTE
        super().__init__()
        self.languages = tuple(languages)
        set_locale(self.languages[0])  # the first offered is the one to start in
        localize_bindings(self)
        self.advisor = advisor
        self.counsellor = counsellor
        self.ask_language = ask_language and len(self.languages) > 1 and not counsellor
        self.participant = Participant(language=self.languages[0])
        self.sub_title = advisor.provenance()
        # a kiosk's own place or area, offered as one button on the place screen
        self.home_place: str | None = None
        self.home_area: str | None = None
        self.print_command: str | None = None  # a kiosk's, from [kiosk] print_command

    def on_resize(self) -> None:
        # a short terminal (80×24) gets a denser layout (see chooser.tcss, ".short")
        self.set_class(self.size.height < SHORT_ROWS, "short")

    def on_mount(self) -> None:
        self.set_class(self.size.height < SHORT_ROWS, "short")
        if self.counsellor:
            self.add_class("counsellor")
        if os.environ.get("NO_COLOR"):
            self.add_class("no-color")
        self.push_screen(self.first_screen())
        # the gazetteer takes ~0.1 s of CPU: load it while the first screen is read, but
        # only once that screen is painted (a thread holding the GIL delays the paint)
        self.call_after_refresh(self.run_worker, lambda: self.advisor.gazetteer,
                                thread=True, name="gazetteer")

    def first_screen(self) -> Screen:
        from chooser.tui.screens.language import LanguageScreen
        from chooser.tui.screens.place import PlaceScreen

        if self.ask_language:
            return LanguageScreen(self.languages)
        return PlaceScreen()

    def set_language(self, code: str) -> None:
        self.participant.language = code
        set_locale(code)
        localize_bindings(self)
        self.sub_title = self.advisor.provenance()

    def action_help(self) -> None:
        from chooser.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_choose_language(self) -> None:
        from chooser.tui.screens.language import LanguageScreen

        if not isinstance(self.screen, LanguageScreen):
            self.push_screen(LanguageScreen(self.languages, switching=True))

    def switch_language(self, code: str) -> None:
        """Everything redrawn in ``code``, nothing entered lost: every screen on the
        stack is rebuilt from the participant's answers (and its own state)."""
        from chooser.tui.screens.base import ChooserScreen

        self.pop_screen()  # the language screen that asked
        old = [s for s in self.screen_stack[1:] if isinstance(s, ChooserScreen)]
        # the new language first: a screen translates its key hints (the footer) when it
        # is built, so one built before the switch would keep the old words
        self.set_language(code)
        fresh = [s.recreate() for s in old]  # read the old screens before they go
        while len(self.screen_stack) > 1:
            self.pop_screen()
        for screen in fresh or [self.first_screen()]:
            self.push_screen(screen)

    def action_start_over(self) -> None:
        """Forget everything the participant entered and go back to the first screen."""
        self.participant = Participant(language=self.languages[0])
        self.set_language(self.languages[0])
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(self.first_screen())

    def _fatal_error(self) -> None:
        """Textual's crash report lists every local variable, which can hold what the
        participant typed; it is printed to the terminal (and, under `chooser serve`,
        into the server's output and logs). The same report, without the locals."""
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        report = Traceback(show_locals=False, width=None)
        self._exit_renderables.append(Segments(self.console.render(report,
                                                                   self.console.options)))
        self._close_messages_no_wait()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        if not self.counsellor:
            return
        # no "Screenshot": a shortlist is saved only where the counsellor says
        yield from (c for c in super().get_system_commands(screen) if c.title != "Screenshot")
        from chooser.tui.commands import counsellor_commands

        yield from counsellor_commands(self)
