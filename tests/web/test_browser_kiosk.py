"""The browser kiosk end to end: a real `chooser serve --kiosk` and Debian's headless
Chromium driven by Playwright. A visitor types a place, sees a ranked supplier, walks
away; the idle reset brings the start screen back.

The terminal in the page is drawn on a canvas; chooser serves it in xterm.js's
screen-reader mode, so its text is also in the page (`.xterm-accessibility-tree`), which
is what a screen reader reads and what this test reads.

Set CHOOSER_SCREENSHOTS=DIR to keep the screenshots.
"""

from __future__ import annotations

import os
import shutil
import time

import pytest

from tests.served import chooser_serve

CHROMIUM = "/usr/bin/chromium"
# as the machine notes say: without the background-networking flags Chromium keeps
# trying to reach Google's hosts, which this closed network refuses
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing: .ci/run installs it")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


class Screen:
    def __init__(self, page) -> None:
        self.page = page
        self.tree = page.locator(".xterm-accessibility-tree")

    def text(self) -> str:
        try:
            return self.tree.inner_text(timeout=1000)
        except Exception:  # the page may be reloading
            return ""

    def wait_for(self, text: str, timeout: float = 30) -> str:
        end = time.monotonic() + timeout
        seen = ""
        while time.monotonic() < end:
            seen = self.text()
            if text in seen:
                return seen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the page showed:\n{seen}")

    def keys(self, *keys: str) -> None:
        for k in keys:  # at a person's pace: a key, then the screen catches up
            self.page.keyboard.press(k)
            time.sleep(0.25)


def _keep(path, name: str) -> None:
    if folder := os.environ.get("CHOOSER_SCREENSHOTS"):
        os.makedirs(folder, exist_ok=True)
        shutil.copy(path, os.path.join(folder, name))


def test_visitor_finds_a_supplier_then_the_kiosk_forgets(browser, tmp_path):
    with chooser_serve(tmp_path / "home", idle=6, countdown=3) as (url, _pid):
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(url)
        assert "fontsize=24" in page.url  # the kiosk's large text
        screen = Screen(page)
        screen.wait_for("Choose your language")
        page.locator(".xterm").click()
        screen.keys("Enter")  # English, the first offered
        screen.wait_for("Where do you live?")
        page.keyboard.type("Ludvika", delay=60)
        screen.wait_for("(municipality)")
        screen.keys("Enter")
        screen.wait_for("is in the delivery area Ludvika")
        screen.keys("Enter")
        screen.wait_for("Your situation")
        screen.keys("ArrowRight", "Enter", "s")  # level B, show suppliers
        # the supplier's name is in the "if you don't choose" panel too: wait for its row
        shown = screen.wait_for("4 of 4 (Ludvika, May 2026)")
        assert "best first (level B)" in shown and "Clockwork Matchning AB" in shown
        assert "If you don't choose" in shown
        page.screenshot(path=tmp_path / "results.png")
        _keep(tmp_path / "results.png", "browser-kiosk-results.png")
        # the visitor walks away: countdown, then everything is gone
        screen.wait_for("Are you still there?", timeout=20)
        page.screenshot(path=tmp_path / "countdown.png")
        _keep(tmp_path / "countdown.png", "browser-kiosk-countdown.png")
        start = screen.wait_for("Choose your language", timeout=20)
        assert "Ludvika" not in start and "Clockwork" not in start
        assert (tmp_path / "results.png").stat().st_size > 10_000  # a real picture
        page.close()


def test_page_makes_no_requests_off_this_machine(browser, tmp_path):
    with chooser_serve(tmp_path / "home") as (url, _pid):
        page = browser.new_page()
        hosts: list[str] = []
        page.on("request", lambda r: hosts.append(r.url.split("/")[2]))
        page.goto(url)
        Screen(page).wait_for("Choose your language")
        page.close()
    assert hosts and all(h.startswith("127.0.0.1:") for h in hosts), hosts


def _children(pid: int) -> list[int]:
    out = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
            out += [int(p) for p in fh.read().split()]
    return out


def _app_processes(server_pid: int) -> list[int]:
    """The `chooser kiosk --served` processes, one per session (textual-serve starts each
    through a shell, so they are the server's grandchildren)."""
    return [app for shell in _children(server_pid) for app in _children(shell) or [shell]]


def test_keys_work_without_a_tap_and_a_session_that_ends_restarts(browser, tmp_path):
    import signal

    with chooser_serve(tmp_path / "home") as (url, server):
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(url)
        screen = Screen(page)
        screen.wait_for("Choose your language")
        screen.keys("Enter")  # no click first: the terminal has the keys from the start
        screen.wait_for("Where do you live?")
        sessions = _app_processes(server)
        assert len(sessions) == 1
        os.kill(sessions[0], signal.SIGTERM)  # the session ends (staff exit, a crash)
        # the page says so for a moment, then starts a new session by itself
        start = screen.wait_for("Choose your language", timeout=30)
        assert "Where do you live?" not in start
        screen.keys("Enter")  # and takes keys again without a tap
        screen.wait_for("Where do you live?")
        page.close()


def _fonts_cover(families: set[str], char: str) -> bool:
    """fontconfig's word: does one of these font families have a glyph for ``char``?"""
    import subprocess

    for family in families:
        found = subprocess.run(["fc-list", f"{family}:charset={ord(char):x}", "family"],
                               capture_output=True, text=True, check=False).stdout
        if found.strip():
            return True
    return False


def test_tigrinya_has_a_glyph_for_every_letter(browser, tmp_path):
    """Glyph coverage, not pixels: Chromium names the fonts it draws the terminal's text
    with (DevTools' CSS.getPlatformFontsForNode on the page's text of the terminal, which
    has the terminal's font stack), and fontconfig says whether those fonts have a glyph
    for every Ethiopic letter on screen. Without an Ethiopic font (fonts-noto-core), the
    letters come out as boxes and this fails."""
    with chooser_serve(tmp_path / "home", languages=("ti", "en")) as (url, _pid):
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(url)
        screen = Screen(page)
        shown = screen.wait_for("ትግርኛ")
        screen.keys("Enter")  # Tigrinya, offered first: the place screen
        time.sleep(2.0)
        shown = screen.text()
        ethiopic = {c for c in shown if "\u1200" <= c <= "\u139f"}
        assert len(ethiopic) > 10, shown  # the place screen, in Tigrinya
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        rows = cdp.send("DOM.querySelectorAll", {
            "nodeId": root, "selector": ".xterm-accessibility-tree > div"})["nodeIds"]
        families: set[str] = set()
        for node in rows:
            for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
                families.add(font["familyName"])
        missing = sorted(c for c in ethiopic if not _fonts_cover(families, c))
        assert not missing, (families, missing)
        page.close()
