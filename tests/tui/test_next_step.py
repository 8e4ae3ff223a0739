"""The person in front of the screen: help on F1 in every language, the choice card
(saved, printed by a fake printer, nothing kept), unknown needs said once, and the
counsellor's traps (area jump, empty shortlist)."""

from __future__ import annotations

import sys

import pytest

from chooser.storage.config import KioskSettings
from chooser.text.i18n import LANGUAGES, _, in_language
from chooser.tui.app import ChooserApp
from chooser.tui.kiosk import KioskApp
from chooser.tui.screens.results import ResultsScreen
from tests.tui_pilot import choose_language, settle, to_results

pytestmark = pytest.mark.anyio





def shown_text(screen) -> str:
    from chooser.tui.words import Words

    return "\n".join(str(w.render()) for w in screen.query(Words) if w._is_text())


@pytest.mark.parametrize("code", LANGUAGES)
async def test_help_on_f1_in_every_language(real_advisor, code):
    from chooser.text.glossary import GLOSSARY
    from chooser.text.i18n import _
    from chooser.tui.screens.help import HelpScreen

    app = ChooserApp(real_advisor, languages=(code,), ask_language=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_results(pilot, "Ludvika", "B")
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        with in_language(code):
            words = [_(GLOSSARY["stars"]), _(GLOSSARY["next_step"])]
        if code != "en":  # translated, not the English id
            assert all(w != GLOSSARY["stars"] for w in words[:1])
        plain = shown_text(app.screen).replace("\n", " ")
        # right-to-left lines are reordered: look for a word of the line, not the line
        assert words[0].split()[0].strip(":(") in plain or code in ("ar", "fa")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("question_mark")  # "?" too, where no text box takes it
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_choice_card_in_the_persons_language_and_swedish_saved(real_advisor, tmp_path):
    from chooser.tui.screens.card import CardScreen

    app = ChooserApp(real_advisor, languages=("uk", "sv"), ask_language=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await to_results(pilot, "Ludvika", "B")
        first = app.screen.ranking.ranked[0]
        await pilot.press("enter")  # detail
        await settle(pilot)
        await pilot.press("enter")  # Choose this supplier
        await settle(pilot)
        assert isinstance(app.screen, CardScreen)
        text = app.screen.text()
        assert first.row.supplier in text and f"KA: {first.ka}" in text
        assert "Ваш вибір" in text and "Ditt val" in text  # Ukrainian, then Swedish
        assert "Berätta för AF på ditt möte" in text
        assert "maj 2026" in text and "травень 2026" in text  # the data's dates, both
        await pilot.click("#save-card")
        await settle(pilot)
        target = tmp_path / "val.md"
        await pilot.click("#path")
        await pilot.press(*str(target), "enter")
        await settle(pilot)
        saved = target.read_text(encoding="utf-8")
        assert saved.startswith("## Ваш вибір") and "# Для консультанта AF" in saved
        assert f"- Номер KA: {first.ka}" in saved


FAKE_PRINTER = "import sys; open(sys.argv[1], 'w', encoding='utf-8').write(sys.stdin.read())"


async def test_kiosk_prints_the_card_and_keeps_nothing(real_advisor, tmp_path):
    import shlex

    out = tmp_path / "printed.txt"
    command = shlex.join([sys.executable, "-c", FAKE_PRINTER, str(out)])
    settings = KioskSettings(languages=("ar", "sv"), pin_hash=None, print_command=command)
    app = KioskApp(real_advisor, settings)
    home = tmp_path / "home"
    home.mkdir()
    async with app.run_test(size=(80, 24)) as pilot:
        await choose_language(pilot, "ar")
        await to_results(pilot, "Ludvika", "B")
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert not app.screen.query("#save-card")  # no files from a kiosk
        await pilot.click("#print")
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        printed = out.read_text(encoding="utf-8")
        assert "Ditt val" in printed and "اختيارك" in printed
        assert "تمت الطباعة" in shown_text(app.screen).replace("\n", " ") or \
            "ﺔﻋﺎﺒﻄﻟﺍ" in shown_text(app.screen)
        await pilot.press("f2")  # start over: the card goes with its screen
        await settle(pilot)
        assert not app.screen.query("#card-text")
    assert list(home.iterdir()) == []


async def test_a_failing_printer_is_said(real_advisor, tmp_path):
    settings = KioskSettings(languages=("en",), pin_hash=None,
                             print_command=f"{tmp_path}/no-such-printer")
    app = KioskApp(real_advisor, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await choose_language(pilot, "en")
        await to_results(pilot, "Ludvika", "B")
        await pilot.press("enter", "enter")
        await settle(pilot)
        await pilot.click("#print")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert "Could not print:" in str(app.screen.query_one("#card-message").render())


async def test_unknown_needs_are_said_once_above_the_list(real_advisor):
    app = ChooserApp(real_advisor, languages=("en",), ask_language=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await to_results(pilot, "Malmö", None)
        results = app.screen
        app.participant.languages = ("ar",)
        results.refresh_ranking()
        await settle(pilot)
        note = str(results.query_one("#needs-note").render())
        assert note == "AF publishes no data about languages; ask the supplier."
        rows = [str(item.query_one("Static").render())
                for item in results.query_one("#ranked").children]
        assert rows and not any("offers Arabic" in row for row in rows)


async def test_counsellor_area_jump_keeps_place_and_level(demo_advisor):
    app = ChooserApp(demo_advisor, counsellor=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await to_results(pilot, "Falun", "B")
        home = app.participant.location
        jump = next(c for c in app.get_system_commands(app.screen)
                    if c.title == "Jump to area: Demo Kusten")
        jump.callback()
        await settle(pilot)
        loc, results = app.participant.location, app.screen
        assert isinstance(results, ResultsScreen)
        assert loc.areas == ("Demo Kusten",) and (loc.lat, loc.lon) == (home.lat, home.lon)
        assert app.participant.level == "B" and results.ranking.needs.level == "B"
        with_offices = [r for r in results.ranking.ranked if demo_advisor.ds.offices.get(r.ka)]
        assert with_offices and all(r.distance_km is not None for r in with_offices)
        fallback = str(results.query_one("#fallback").render())
        assert "No office locations" not in fallback and "no office locations" not in fallback


async def test_counsellor_save_with_nothing_shortlisted_says_so(demo_advisor):
    app = ChooserApp(demo_advisor, counsellor=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await to_results(pilot, "Falun", "A")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)  # no save dialog
        assert any("Nothing is shortlisted" in str(n.message) for n in app._notifications)
        keys = {k.key for k in app.screen.query("FooterKey")}
        assert {"s", "ctrl+s"} <= keys  # the footer names them


@pytest.mark.parametrize("code", ["en", "sv", "ar"])
async def test_each_figure_is_explained_once_where_it_first_appears(real_advisor, code):
    """"What is this?" beside the figure: the stars, the level and "got work" under the
    first row that shows each, once in the list, in the language chosen; a dense list
    (80×24) or a short one (30 rows: the first row would leave room for one supplier
    more) leaves them to the detail and F1."""
    from chooser.text.glossary import GLOSSARY

    async def rows_of(language: str, size: tuple[int, int]) -> list[str]:
        app = ChooserApp(real_advisor, languages=(language,), ask_language=False)
        async with app.run_test(size=size) as pilot:
            await to_results(pilot, "Malmö", "B")
            return [item.query_one("Static").content.plain
                    for item in app.screen.query_one("#ranked").children]

    english, rows = await rows_of("en", (120, 40)), await rows_of(code, (120, 40))
    # where each figure first shows, read from the English words of the rows
    first = {"stars": next(i for i, r in enumerate(english) if "★" in r),
             "level": next(i for i, r in enumerate(english) if "for level B:" in r),
             "got_work": next(i for i, r in enumerate(english) if "got work or" in r)}
    with in_language(code):
        lines = {k: _(v) for k, v in GLOSSARY.items()}
    for topic, row in first.items():
        where = [i for i, text in enumerate(rows) if lines[topic] in text]
        assert where == [row], (topic, where)  # once, under the first row showing it
    assert sum(r.count("ⓘ") for r in rows) == sum(r.count("ⓘ") for r in english) >= 3
    assert not any("ⓘ" in row for row in await rows_of(code, (80, 24)))
    assert not any("ⓘ" in row for row in await rows_of(code, (100, 30)))  # no room


def test_a_list_explains_no_grade_where_the_first_ungraded_row_is():
    from chooser.text.glossary import first_told

    rows = [["grade", "level_work"], ["grade", "level_work", "level_kept"], ["no_grade"],
            ["no_grade", "weighted"]]
    assert first_told(rows) == [["stars", "level", "got_work"], ["kept"], ["no_grade"],
                                ["weighted"]]


async def test_the_place_screen_counts_the_contracts_the_list_then_shows(real_advisor):
    """The area's evidence counts the current contracts with an office in the
    municipality (it said 5 in Ludvika, and the list showed 2)."""
    from tests.tui_pilot import to_place

    app = ChooserApp(real_advisor, languages=("en",), ask_language=False)
    async with app.run_test(size=(120, 40)) as pilot:
        place = await to_place(pilot, "Ludvika")
        text = str(place.query_one("#area-text").render())
        assert "Ludvika: 2 contracts of this area have offices in Ludvika (sure)" in text
