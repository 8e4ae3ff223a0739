"""SVG snapshots of the app's main screens (pytest-textual-snapshot), at 80×24 — the
smallest terminal we support — and 120×40, on the demo world and AF's real snapshot.

A change in what a person sees fails here; when the change is intended, look at the new
picture (`pytest --snapshot-update` writes it; the report shows old and new side by side)
and commit it. The snapshots belong to the pinned Textual of the test extras.
"""

from __future__ import annotations

import pytest

from chooser.storage.load import load_directory
from chooser.storage.paths import snapshot_dir
from chooser.tui.advisor import Advisor
from chooser.tui.app import ChooserApp
from tests.conftest import DEMO
from tests.tui_pilot import settle, to_place, to_results, to_situation

SMALL, LARGE = (80, 24), (120, 40)


@pytest.fixture(scope="module")
def demo():
    return Advisor(load_directory(str(DEMO)))


@pytest.fixture(scope="module")
def real():
    return Advisor(load_directory(snapshot_dir()))


def test_place_with_suggestions(snap_compare, demo):
    async def run(pilot):
        await settle(pilot)
        await pilot.press(*"Ludvka")
        await settle(pilot)

    assert snap_compare(ChooserApp(demo), terminal_size=SMALL, run_before=run)


def test_place_area_confirmed(snap_compare, real):
    async def run(pilot):
        await to_place(pilot, "Ludvika")

    assert snap_compare(ChooserApp(real), terminal_size=SMALL, run_before=run)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_situation(snap_compare, real, size):
    async def run(pilot):
        await to_situation(pilot, "Ludvika")
        await pilot.click("#level-B")

    assert snap_compare(ChooserApp(real), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
@pytest.mark.parametrize("world", ["demo", "real"])
def test_results(snap_compare, request, world, size):
    advisor = request.getfixturevalue(world)

    async def run(pilot):
        await to_results(pilot, "Ludvika", "B")

    assert snap_compare(ChooserApp(advisor), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_detail(snap_compare, real, size):
    async def run(pilot):
        await to_results(pilot, "Ludvika", "B")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(ChooserApp(real), terminal_size=size, run_before=run)


def test_compare(snap_compare, real):
    async def run(pilot):
        await to_results(pilot, "Falun", "B")
        await pilot.press("c", "down", "c", "down", "c", "v")
        await settle(pilot)

    assert snap_compare(ChooserApp(real), terminal_size=LARGE, run_before=run)


def test_counsellor_results(snap_compare, real):
    async def run(pilot):
        await to_results(pilot, "Ludvika", "B")

    app = ChooserApp(real, counsellor=True)
    assert snap_compare(app, terminal_size=LARGE, run_before=run)


@pytest.mark.parametrize("lang", ["sv", "en", "ar"])
def test_results_in_three_languages(snap_compare, real, lang):
    """The results screen as a Swedish, an English and an Arabic reader sees it (Arabic
    shaped, in display order and aligned right; supplier names and numbers left to
    right)."""
    async def run(pilot):
        await to_results(pilot, "Ludvika", "B")

    app = ChooserApp(real, languages=(lang,), ask_language=False)
    assert snap_compare(app, terminal_size=SMALL, run_before=run)


@pytest.mark.parametrize("lang", ["sv", "en", "ar", "fa", "so", "ti", "uk"])
def test_kiosk_results_80x24_every_language(snap_compare, real, lang):
    """The kiosk's list at 80×24 in each language: three suppliers or more, the footer's
    F1/F2/F4 first and whole (Somali's long words once pushed F4 off the edge)."""
    from chooser.storage.config import KioskSettings
    from chooser.tui.kiosk import KioskApp
    from tests.tui_pilot import choose_language

    async def run(pilot):
        await choose_language(pilot, lang)
        await to_results(pilot, "Malmö", "B")

    languages = (lang,) if lang == "sv" else (lang, "sv")
    app = KioskApp(real, KioskSettings(languages=languages, pin_hash=None))
    assert snap_compare(app, terminal_size=SMALL, run_before=run)


@pytest.mark.parametrize("lang", ["sv", "ar"])
def test_choice_card(snap_compare, real, lang):
    async def run(pilot):
        await to_results(pilot, "Ludvika", "B")
        await pilot.press("enter", "enter")
        await settle(pilot)

    app = ChooserApp(real, languages=(lang,), ask_language=False)
    assert snap_compare(app, terminal_size=LARGE, run_before=run)


def test_help_80x24(snap_compare, real):
    async def run(pilot):
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(ChooserApp(real, languages=("so",), ask_language=False),
                        terminal_size=SMALL, run_before=run)
