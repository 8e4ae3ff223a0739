"""The kiosk: the participant flow only, for a library or an AF office, in a terminal or
a browser (`chooser serve --kiosk`).

- No way out for the public: the quit, interrupt, suspend, copy/cut and palette keys do
  nothing (the terminal is in raw mode, so Ctrl+C/Ctrl+Z/Ctrl+\\ arrive as keys, not
  signals); text cannot be selected, so nothing typed reaches the clipboard.
- Staff leave with Ctrl+X and the PIN set by `chooser kiosk --set-pin`.
- After ``idle_seconds`` without input a countdown offers "continue"; then everything is
  forgotten and the language screen returns. "Start over" does the same at any time.
- A large, high-contrast theme with heavy focus frames.
"""

from __future__ import annotations

import time
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.theme import Theme
from textual.widgets import Button, Input

from chooser.storage import pin as pins
from chooser.storage.config import KioskSettings
from chooser.text.i18n import N_, _
from chooser.tui.advisor import Advisor
from chooser.tui.app import ChooserApp
from chooser.tui.words import Words, localize_bindings, t

KIOSK_THEME = Theme(
    name="chooser-kiosk",
    primary="#FFD700",  # yellow on black: the highest contrast that still reads as colour
    secondary="#00BFFF",
    accent="#FFD700",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    success="#00FF7F",
    warning="#FFA500",
    error="#FF6B6B",
    dark=True,
    variables={"text-muted": "#E0E0E0", "footer-key-foreground": "#FFD700",
               "block-cursor-background": "#FFD700", "block-cursor-foreground": "#000000",
               "input-selection-background": "#FFD700 40%"},
)

WRONG_PINS_BEFORE_PAUSE = 3
PAUSE_AFTER_WRONG_PINS = 30.0  # seconds


class KioskApp(ChooserApp):
    kiosk = True
    ENABLE_COMMAND_PALETTE = False
    ALLOW_SELECT = False
    # keys a curious visitor tries; each does nothing (bound at priority, so no widget
    # gets them either: the Input's copy/cut would otherwise put the place on the
    # clipboard)
    LOCKED = ("ctrl+q", "ctrl+c", "ctrl+z", "ctrl+p", "ctrl+backslash", "ctrl+s",
              "ctrl+d", "ctrl+w", "ctrl+t", "ctrl+n", "f10", "super+c")
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(k, "locked", show=False, priority=True) for k in LOCKED),
        Binding("ctrl+x", "staff_exit", show=False, priority=True),
        Binding("f2", "start_over", N_("Start over"), show=True),
    ]

    def __init__(self, advisor: Advisor, settings: KioskSettings) -> None:
        super().__init__(advisor, languages=settings.languages)
        self.settings = settings
        self.home_place, self.home_area = settings.place, settings.area
        self.print_command = settings.print_command
        self.last_input = time.monotonic()
        self.pristine = True  # nothing entered since the last reset
        self.wrong_pins = 0
        self.pins_paused_until = 0.0
        self.staff_left = False  # set only by the staff PIN
        self.incident: str | None = None  # what ended the session, if it was an error

    def on_mount(self) -> None:
        self.register_theme(KIOSK_THEME)
        self.theme = "chooser-kiosk"
        self.add_class("kiosk")
        self.set_interval(0.25, self._tick)  # a quarter second late at most

    def first_screen(self) -> Screen:
        from chooser.tui.screens.language import LanguageScreen

        return LanguageScreen(self.languages)  # always: the next person may read another

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown | events.MouseScrollDown
                      | events.MouseScrollUp | events.Paste):
            self.last_input = time.monotonic()
            self.pristine = False
        await super().on_event(event)

    def _handle_exception(self, error: Exception) -> None:
        """Any error in a session ends it without a crash report on the screen (Textual
        would show one, with the visitor's input among its locals, and drop to the
        shell): it is written to the staff log and the app exits, and `chooser kiosk`
        starts a fresh one on the language screen."""
        self.incident = record_incident(error)
        if self._exception is None:  # App.run_test re-raises it: tests still see errors
            self._exception = error
        self._return_code = 1
        self.exit(return_code=1)

    def action_locked(self) -> None:
        """Nothing happens, visibly or otherwise."""

    def _tick(self) -> None:
        # the interval can tick once more while the app shuts down, its screens gone
        if not self.screen_stack or self.pristine or isinstance(self.screen,
                                                                 CountdownScreen):
            return
        if time.monotonic() - self.last_input >= self.settings.idle_seconds:
            if isinstance(self.screen, PinScreen):  # staff walked away from it
                self.pop_screen()
            self.push_screen(CountdownScreen(self.settings.countdown_seconds))

    def action_start_over(self) -> None:
        """Forget the person: answers, screens (and the text in their widgets), marks,
        notifications; back to the language screen."""
        self.clear_notifications()
        while isinstance(self.screen, ModalScreen):
            self.pop_screen()
        super().action_start_over()
        self.pristine = True

    def action_staff_exit(self) -> None:
        if self.settings.pin_hash is None or isinstance(self.screen, PinScreen):
            return
        self.push_screen(PinScreen())


def record_incident(error: BaseException) -> str:
    """One line in the kiosk's log for staff: when, the error's type and where it was
    raised (file, line, function), but not its message or any value, which can hold
    what the visitor typed. Returns the line; a log that cannot be written is skipped
    (the kiosk must go on either way)."""
    import traceback

    frames = traceback.extract_tb(error.__traceback__)[-6:]
    where = " < ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}"
                       for f in reversed(frames))
    line = (f"{time.strftime('%Y-%m-%d %H:%M:%S')} {type(error).__name__} at "
            f"{where or 'unknown'}; the session was restarted")
    try:
        from chooser.storage.userdirs import kiosk_log

        with open(kiosk_log(), "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
    except OSError:
        pass
    return line


class CountdownScreen(ModalScreen[None]):
    """"Are you still there?" with the seconds left; any key or touch continues."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.left = int(seconds)

    def compose(self) -> ComposeResult:
        with Vertical(id="countdown"):
            yield Words(_("Are you still there?"), classes="title")
            yield Words(self._text(), id="countdown-text")
            yield Button(t("Continue"), id="continue-session", variant="primary")
            yield Button(t("Start over"), id="countdown-start-over")

    def _text(self) -> str:
        return _("Everything you entered will be cleared in {n} seconds.").format(n=self.left)

    def on_mount(self) -> None:
        self.query_one("#continue-session", Button).focus()
        self.started = time.monotonic()
        self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        app = self.app
        assert isinstance(app, KioskApp)
        if app.last_input > self.started:  # a key or a touch: the person is there
            self.dismiss()
            return
        self.left -= 1
        if self.left <= 0:
            app.action_start_over()
            return
        self.query_one("#countdown-text", Words).update(self._text())

    def on_key(self, event: events.Key) -> None:
        if event.key in ("enter", "tab", "shift+tab"):
            return  # the buttons' own keys: Continue or Start over, as focused
        event.stop()
        self.dismiss()  # any other key: the person is there

    @on(Button.Pressed, "#continue-session")
    def keep(self) -> None:
        self.dismiss()

    @on(Button.Pressed, "#countdown-start-over")
    def start_over(self) -> None:
        self.app.action_start_over()


class PinScreen(ModalScreen[None]):
    """Staff exit: the PIN, checked against the salted hash; Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="pin"):
            yield Words(_("Staff exit"), classes="title")
            yield Input(password=True, max_length=pins.MAX_LENGTH, id="pin-input",
                        placeholder=t("PIN, then Enter"))
            yield Words("", id="pin-message")

    def on_mount(self) -> None:
        self.query_one("#pin-input", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss()

    @on(Input.Submitted, "#pin-input")
    def submitted(self, event: Input.Submitted) -> None:
        app = self.app
        assert isinstance(app, KioskApp)
        event.input.value = ""
        if time.monotonic() < app.pins_paused_until:
            self.query_one("#pin-message", Words).update(
                _("Too many wrong PINs. Wait a moment and try again."))
            return
        self.check(event.value)

    @work(thread=True, exclusive=True, group="pin")  # scrypt takes ~60 ms on purpose
    def check(self, typed: str) -> None:
        app = self.app
        assert isinstance(app, KioskApp) and app.settings.pin_hash is not None
        ok = pins.matches(typed, app.settings.pin_hash)
        app.call_from_thread(self.checked, ok)

    def checked(self, ok: bool) -> None:
        app = self.app
        assert isinstance(app, KioskApp)
        if ok:
            app.staff_left = True  # the one way out: `chooser kiosk` restarts any other
            app.exit()
            return
        app.wrong_pins += 1
        if app.wrong_pins >= WRONG_PINS_BEFORE_PAUSE:
            app.wrong_pins = 0
            app.pins_paused_until = time.monotonic() + PAUSE_AFTER_WRONG_PINS
        self.query_one("#pin-message", Words).update(_("Wrong PIN."))
