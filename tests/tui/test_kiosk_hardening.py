"""Issue 17, groups 1 and 5: the kiosk never leaves the participant flow and never locks.

- An error in a session ends that app without a crash report; `chooser kiosk` starts a
  fresh one on the language screen, and only the staff PIN ends the loop. The error is
  logged for staff without anything the visitor typed.
- A bracketed paste that never ends (the six bytes ESC [ 2 0 0 ~) is dropped after a
  short time or by F2, instead of swallowing every key.
- PINs are 4–12 ASCII digits; `[kiosk] data` is honoured and a missing one refused.
"""

from __future__ import annotations

import argparse
import time

import pytest
from textual import events
from textual._xterm_parser import XTermParser

from chooser.cli import kiosk as cli_kiosk
from chooser.storage import pin as pins
from chooser.storage.config import KioskSettings
from chooser.tui import pasteguard
from chooser.tui.kiosk import KioskApp
from chooser.tui.screens.language import LanguageScreen
from tests.conftest import run_cli
from tests.tui_pilot import choose_language, settle

PIN = "4711"
START = "\x1b[200~"


def keys(events_: list) -> list[str]:
    return [e.key for e in events_ if isinstance(e, events.Key)]


# --- the half paste ----------------------------------------------------------------------

def test_textuals_own_parser_swallows_every_key_after_a_half_paste():
    """What the guard is for: without it, nothing after the six bytes gets through."""
    p = XTermParser()
    list(p.feed(START))
    time.sleep(0.05)
    assert keys(list(p.feed("abc\x1bOQ\x18"))) == []  # letters, F2, Ctrl+X: all held


def test_a_half_paste_is_dropped_after_a_short_time(monkeypatch):
    monkeypatch.setattr(pasteguard, "PASTE_SECONDS", 0.05)
    p = pasteguard.PasteGuardParser()
    assert keys(list(p.feed("a" + START + "held"))) == ["a"]
    time.sleep(0.1)
    assert keys(list(p.feed("b"))) == ["b"] and p.dropped == 1
    list(p.feed(START))
    time.sleep(0.1)
    list(p.tick())  # the input thread ticks every 0.1 s even without input
    assert keys(list(p.feed("x"))) == ["x"] and p.dropped == 2


def test_f2_drops_a_half_paste_and_still_starts_over():
    p = pasteguard.PasteGuardParser()
    got = list(p.feed(START + "half a paste\x1bOQ"))
    assert keys(got) == ["f2"] and p.dropped == 1
    assert keys(list(p.feed("z"))) == ["z"]


def test_a_whole_paste_arrives_as_one_paste():
    p = pasteguard.PasteGuardParser()
    got = list(p.feed("a" + START + "Ludvika" + "\x1b[201~" + "b"))
    assert [type(e).__name__ for e in got] == ["Key", "Paste", "Key"]
    assert got[1].text == "Ludvika"
    got = list(p.feed(START + "Gränges"))  # a paste over two reads
    assert got == []
    assert [e.text for e in p.feed("berg\x1b[201~")] == ["Grängesberg"]


def test_an_endless_paste_is_dropped_at_its_limit():
    p = pasteguard.PasteGuardParser()
    list(p.feed(START))
    for _ in range(pasteguard.PASTE_LIMIT // 4096 + 2):
        list(p.feed("x" * 4096))
    assert p.dropped == 1 and keys(list(p.feed("q"))) == ["q"]


def test_install_reaches_the_terminal_and_browser_drivers(monkeypatch):
    from textual.drivers import linux_driver, web_driver

    monkeypatch.setattr(linux_driver, "XTermParser", XTermParser)
    monkeypatch.setattr(web_driver, "XTermParser", XTermParser)
    pasteguard.install()
    assert linux_driver.XTermParser is pasteguard.PasteGuardParser
    assert web_driver.XTermParser is pasteguard.PasteGuardParser


# --- errors in a session -------------------------------------------------------------------



def test_an_error_in_a_session_restarts_on_a_fresh_language_screen(real_advisor, monkeypatch,
                                                                   tmp_path):
    monkeypatch.setenv("CHOOSER_HOME", str(tmp_path))
    settings = KioskSettings(languages=("en", "sv"), pin_hash=pins.encode(PIN))

    def broken(match):
        raise ValueError(f"visitor typed {match.name}")  # a message with their input

    seen: list[str] = []

    async def crash(pilot) -> None:
        await choose_language(pilot, "en")
        await pilot.press(*"Grängesberg")
        await settle(pilot)
        monkeypatch.setattr(real_advisor, "location", broken)
        pilot.app.simulate_key("enter")  # the best suggestion: the error
        for _ in range(100):  # (a pilot's press would wait for a screen that is gone)
            if pilot.app._exit_renderables or not pilot.app.is_running:
                break
            await pilot.pause(0.02)

    async def staff(pilot) -> None:
        await settle(pilot)
        app = pilot.app
        seen.append(type(app.screen).__name__)
        assert app.participant.location is None
        monkeypatch.undo()
        monkeypatch.setenv("CHOOSER_HOME", str(tmp_path))
        await pilot.press("ctrl+x")
        await settle(pilot)
        await pilot.press(*PIN, "enter")
        await settle(pilot)
        for _ in range(50):  # scrypt runs in a thread
            if not app.is_running:
                break
            await pilot.pause(0.05)

    pilots = [crash, staff]
    apps: list[KioskApp] = []

    def make() -> KioskApp:
        apps.append(KioskApp(real_advisor, settings))
        return apps[-1]

    code = cli_kiosk.supervise(make, served=False, has_terminal=lambda: True,
                               run=lambda app: app.run(headless=True, size=(80, 24),
                                                       auto_pilot=pilots.pop(0)))
    assert code == 0 and len(apps) == 2
    assert apps[0].incident is not None and not apps[0].staff_left
    assert apps[1].staff_left and seen == [LanguageScreen.__name__]
    log = (tmp_path / "data" / "kiosk.log").read_text(encoding="utf-8")
    assert "ValueError" in log and "restarted" in log
    assert "Grängesberg" not in log and "visitor typed" not in log


def test_only_the_pin_ends_the_supervisor():
    """Any other end of an app (an error, a quit that slipped through) starts another."""
    class Fake:
        def __init__(self, left: bool) -> None:
            self.staff_left = left

    ends = [False, False, False, True]
    made = []

    def make():
        made.append(Fake(ends[len(made)]))
        return made[-1]

    assert cli_kiosk.supervise(make, served=False, run=lambda a: None,
                               has_terminal=lambda: True) == 0
    assert len(made) == 4
    made.clear()
    ends[:] = [False]
    assert cli_kiosk.supervise(make, served=True, run=lambda a: None) == 0  # the page
    assert len(made) == 1                                                     # restarts


# --- PIN and settings -----------------------------------------------------------------------

@pytest.mark.parametrize("pin", ["123", "1234567890123", "4" * 40, "٤٧١١", "²²²²", "12 34",
                                 "abcd"])
def test_pins_are_4_to_12_ascii_digits(pin):
    with pytest.raises(pins.PinError, match="4 to 12 digits"):
        pins.check_new(pin)


@pytest.mark.parametrize("pin", ["4711", "123456789012"])
def test_good_pins(pin):
    assert pins.matches(pin, pins.encode(pin))


def test_a_ten_megabyte_pin_on_stdin_is_refused():
    p = run_cli("kiosk", "--set-pin", stdin="7" * 10_000_000 + "\n")
    assert p.returncode == 2 and "4 to 12 digits" in p.stderr and "Traceback" not in p.stderr



@pytest.mark.anyio
async def test_the_pin_box_takes_as_many_digits_as_a_pin_has(real_advisor):
    from chooser.tui.kiosk import PinScreen

    app = KioskApp(real_advisor, KioskSettings(languages=("en",), pin_hash=pins.encode(PIN)))
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("ctrl+x")
        await settle(pilot)
        assert isinstance(app.screen, PinScreen)
        assert app.screen.query_one("#pin-input").max_length == pins.MAX_LENGTH == 12


def _kiosk_args(cfg, *extra: str) -> argparse.Namespace:
    from chooser.cli.main import build_parser

    return build_parser(only="kiosk").parse_args(["kiosk", "--config", str(cfg), *extra])


def test_kiosk_data_in_the_configuration_is_used(tmp_path, monkeypatch):
    monkeypatch.setenv("CHOOSER_HOME", str(tmp_path))
    pins.save(PIN)
    data = tmp_path / "af"
    data.mkdir()
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[kiosk]\ndata = "{data}"\n', encoding="utf-8")
    args = _kiosk_args(cfg)
    cli_kiosk.settings(args)
    assert args.data == str(data)
    args = _kiosk_args(cfg, "--data", str(tmp_path))  # the flag still wins
    cli_kiosk.settings(args)
    assert args.data == str(tmp_path)


def test_a_missing_kiosk_data_is_refused_at_start(tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text('[kiosk]\ndata = "/nonexistent/chooser"\n', encoding="utf-8")
    p = run_cli("serve", "--kiosk", "--config", str(cfg), "--port", "1")
    assert p.returncode == 2 and "[kiosk] data" in p.stderr and "/nonexistent" in p.stderr
    assert "Traceback" not in p.stderr and p.stderr.count("\n") == 1
