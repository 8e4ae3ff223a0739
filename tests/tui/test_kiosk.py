"""The terminal kiosk, driven with App.run_test(): the keys a visitor tries do not get
out, the staff PIN does (and a wrong one does not), idle and "start over" forget
everything. Also the PIN store and the kiosk's settings."""

from __future__ import annotations

import os
import stat

import pytest

from chooser.storage import pin as pins
from chooser.storage.config import KioskSettings
from chooser.tui.kiosk import CountdownScreen, KioskApp, PinScreen
from chooser.tui.screens.language import LanguageScreen
from chooser.tui.screens.place import PlaceScreen
from chooser.tui.screens.results import ResultsScreen
from tests.conftest import run_cli
from tests.tui_pilot import choose_language, settle, to_results

pytestmark = pytest.mark.anyio

PIN = "4711"





@pytest.fixture(scope="module")
def pin_hash():
    return pins.encode(PIN)


def kiosk(real_advisor, pin_hash, **kw) -> KioskApp:
    s = {"languages": ("sv", "en", "ar"), "pin_hash": pin_hash, **kw}
    return KioskApp(real_advisor, KioskSettings(**s))


async def past_language(pilot) -> None:
    await choose_language(pilot, "en")


async def test_escape_keys_do_not_leave_the_kiosk(real_advisor, pin_hash):
    app = kiosk(real_advisor, pin_hash)
    async with app.run_test(size=(80, 24)) as pilot:
        await past_language(pilot)
        await pilot.press(*"Ludvika")
        for key in ("ctrl+c", "ctrl+q", "ctrl+z", "ctrl+backslash", "ctrl+p", "ctrl+d",
                    "ctrl+w", "escape", "f10"):
            await pilot.press(key)
            await settle(pilot)
            assert app.is_running and app.return_code is None, key
        # no palette, no copy of the typed place to a clipboard, no quit notice
        assert not app.use_command_palette and not app.ALLOW_SELECT
        assert app.clipboard == ""
        assert not app._notifications
        assert isinstance(app.screen, PlaceScreen | LanguageScreen)
        # F1 is help, in the kiosk too, and Escape brings the person back
        before = app.screen
        await pilot.press("f1")
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen" and app.is_running
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is before


async def test_wrong_pin_stays_right_pin_leaves(real_advisor, pin_hash):
    app = kiosk(real_advisor, pin_hash)
    async with app.run_test() as pilot:
        await past_language(pilot)
        await pilot.press("ctrl+x")
        await settle(pilot)
        assert isinstance(app.screen, PinScreen)
        await pilot.press(*"1234", "enter")
        await settle(pilot)
        assert app.is_running and "Wrong PIN" in str(app.screen.query_one("#pin-message")
                                                     .render())
        assert app.screen.query_one("#pin-input").value == ""  # not kept on screen
        await pilot.press("escape")  # cancel: back to where the visitor was
        assert isinstance(app.screen, PlaceScreen)
        await pilot.press("ctrl+x")
        await settle(pilot)
        await pilot.press(*PIN, "enter")
        await settle(pilot)
    assert app.return_code == 0 and not app.is_running


async def test_three_wrong_pins_pause_guessing(real_advisor, pin_hash):
    app = kiosk(real_advisor, pin_hash)
    async with app.run_test() as pilot:
        await past_language(pilot)
        await pilot.press("ctrl+x")
        for _ in range(3):
            await pilot.press(*"0000", "enter")
            await settle(pilot)
        await pilot.press(*PIN, "enter")  # right, but during the pause
        await settle(pilot)
        assert app.is_running
        assert "Too many" in str(app.screen.query_one("#pin-message").render())


async def test_without_a_pin_there_is_no_staff_exit(real_advisor):
    app = kiosk(real_advisor, None)  # a browser session: its tab closes it
    async with app.run_test() as pilot:
        await past_language(pilot)
        await pilot.press("ctrl+x")
        await settle(pilot)
        assert not isinstance(app.screen, PinScreen) and app.is_running


async def test_idle_countdown_then_everything_is_forgotten(real_advisor, pin_hash):
    app = kiosk(real_advisor, pin_hash, idle_seconds=1, countdown_seconds=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await past_language(pilot)
        await to_results(pilot, "Ludvika", "B")
        await pilot.press("c")
        p = app.participant
        assert p.location is not None and p.level == "B" and p.compare
        await pilot.pause(1.6)
        assert isinstance(app.screen, CountdownScreen)
        text = str(app.screen.query_one("#countdown-text").render())
        assert "will be cleared in" in text
        await pilot.pause(2.5)
        await settle(pilot)
        assert isinstance(app.screen, LanguageScreen)
        assert len(app.screen_stack) == 2  # the default screen and the language screen
        p = app.participant
        assert (p.location, p.level, p.languages, p.compare, p.remote) == (None, None, (),
                                                                         [], False)
        # no widget anywhere still holds what was typed
        assert not [s for s in app.screen_stack if isinstance(s, PlaceScreen)]
        assert app.pristine


async def test_any_key_during_the_countdown_continues(real_advisor, pin_hash):
    app = kiosk(real_advisor, pin_hash, idle_seconds=1, countdown_seconds=3)
    async with app.run_test() as pilot:
        await past_language(pilot)
        await pilot.press(*"Ludvika")
        await pilot.pause(1.6)
        assert isinstance(app.screen, CountdownScreen)
        await pilot.press("space")  # on "Continue"
        await settle(pilot)
        assert isinstance(app.screen, PlaceScreen)
        assert app.screen.query_one("#place-input").value == "Ludvika"


async def test_start_over_button_on_every_screen(real_advisor, pin_hash):
    app = kiosk(real_advisor, pin_hash)
    async with app.run_test(size=(80, 24)) as pilot:
        await past_language(pilot)
        results = await to_results(pilot, "Ludvika", "B")
        assert isinstance(results, ResultsScreen) and results.query_one("#start-over")
        await pilot.click("#start-over")
        await settle(pilot)
        assert isinstance(app.screen, LanguageScreen) and app.participant.location is None


def test_pin_is_stored_as_a_salted_hash_only(tmp_path):
    path = tmp_path / "kiosk-pin"
    pins.save("123456", str(path))
    text = path.read_text()
    assert "123456" not in text and text.startswith("scrypt$")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    again = pins.encode("123456")
    assert again != text.strip()  # a new salt each time
    assert pins.matches("123456", text) and not pins.matches("123457", text)
    assert not pins.matches("123456", "scrypt$garbage")
    with pytest.raises(pins.PinError):
        pins.encode("12")
    with pytest.raises(pins.PinError):
        pins.encode("abcd")


def test_set_pin_from_the_command_line(tmp_path):
    env = {"CHOOSER_HOME": str(tmp_path)}
    p = run_cli("kiosk", "--set-pin", env=env, stdin="2580\n")
    assert p.returncode == 0, p.stderr
    stored = (tmp_path / "config" / "kiosk-pin").read_text()
    assert pins.matches("2580", stored)
    bad = run_cli("kiosk", "--set-pin", env=env, stdin="12\n")
    assert bad.returncode == 2 and "4 to 12 digits" in bad.stderr
    assert (tmp_path / "config" / "kiosk-pin").read_text() == stored  # unchanged


def test_kiosk_settings_errors_name_the_field(tmp_path):
    cfg = tmp_path / "kiosk.toml"
    env = {"CHOOSER_HOME": str(tmp_path)}
    for body, field in (("[kiosk]\nidle_seconds = 1\n", "[kiosk] idle_seconds"),
                        ("[kiosk]\nlanguages = [\"sv\", \"xx\"]\n", "[kiosk] languages"),
                        ("[kiosk]\nidel_seconds = 90\n", "[kiosk] idel_seconds")):
        cfg.write_text(body)
        p = run_cli("serve", "--kiosk", "--config", str(cfg), env=env)
        assert p.returncode == 2 and field in p.stderr and str(cfg) in p.stderr, p.stderr
        assert "Traceback" not in p.stderr


def test_kiosk_refuses_to_start_without_a_pin_or_a_terminal(tmp_path):
    p = run_cli("kiosk", env={"CHOOSER_HOME": str(tmp_path)})
    assert p.returncode == 2 and "needs a terminal" in p.stderr


async def test_a_crash_report_does_not_list_what_was_typed(real_advisor, pin_hash):
    """Textual's own crash report prints local variables; chooser's leaves them out."""
    app = kiosk(real_advisor, pin_hash)
    async with app.run_test() as pilot:
        await past_language(pilot)
        typed = "-".join(["Zq", "secret", "place"])  # noqa: F841 (a local, as in a handler)
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            app._fatal_error()
        text = "".join(seg.text for r in app._exit_renderables for seg in r.segments)
        assert "RuntimeError" in text and "boom" in text
        assert "Zq-secret-place" not in text


@pytest.mark.parametrize(("home", "area", "label"), [
    ({"place": "Grängesberg"}, "Ludvika", "Grängesberg"),  # a place: its best match
    ({"area": "Falun-Borlänge"}, "Falun-Borlänge", "Falun-Borlänge"),  # an area as is
])
async def test_the_kiosks_own_place_or_area_is_one_button_away(real_advisor, pin_hash, home,
                                                               area, label):
    app = kiosk(real_advisor, pin_hash, **home)
    async with app.run_test(size=(80, 24)) as pilot:
        await past_language(pilot)
        await pilot.click("#home")
        await settle(pilot)
        loc = app.participant.location
        assert loc is not None and loc.areas == (area,)
        assert label in str(app.screen.query_one("#area-text").render())


def test_a_place_or_area_the_data_does_not_know_is_refused(tmp_path):
    env = {"CHOOSER_HOME": str(tmp_path)}
    cfg = tmp_path / "kiosk.toml"
    for body, field in (('[kiosk]\nplace = "Xyzzyqwv"\n', "[kiosk] place"),
                        ('[kiosk]\narea = "Atlantis"\n', "[kiosk] area")):
        cfg.write_text(body)
        p = run_cli("serve", "--kiosk", "--config", str(cfg), env=env)
        assert p.returncode == 2 and field in p.stderr, p.stderr


def test_serve_binds_loopback_unless_told_and_says_so():
    from chooser.web.serve import app_command, is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")
    cmd = app_command(kiosk=True, data="/srv/chooser", config="/etc/k.toml")
    assert "kiosk --served --config /etc/k.toml --data /srv/chooser" in cmd
    assert "kiosk" not in app_command(kiosk=False, data=None, config=None)


def test_serve_warns_when_not_loopback(tmp_path):
    import subprocess
    import sys

    from tests.served import free_port

    port = free_port()
    p = subprocess.Popen([sys.executable, "-m", "chooser", "serve", "--host", "0.0.0.0",
                          "--port", str(port)], stderr=subprocess.PIPE, text=True,
                         env={**__import__("os").environ, "CHOOSER_HOME": str(tmp_path)})
    try:
        line = p.stderr.readline()
    finally:
        p.terminate()
        p.wait(timeout=15)
    assert "NOT loopback" in line and f"0.0.0.0:{port}" in line
