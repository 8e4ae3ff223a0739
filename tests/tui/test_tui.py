"""The Textual app, driven with App.run_test() (a real headless app, real data): each flow
of the issue on the demo world and on AF's real snapshot."""

from __future__ import annotations

import pytest

from chooser.tui.app import ChooserApp
from chooser.tui.screens.compare import CompareScreen
from chooser.tui.screens.detail import DetailScreen
from chooser.tui.screens.place import PlaceScreen
from chooser.tui.screens.results import ResultsScreen
from tests.tui_pilot import choose_language, settle, to_results

pytestmark = pytest.mark.anyio  # anyio's pytest plugin runs the async tests





async def test_misspelled_place_to_an_explained_list(demo_advisor):
    app = ChooserApp(demo_advisor)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"Ludvka")
        await settle(pilot)
        assert app.screen.matches[0].name == "Ludvika"
        await pilot.press("enter")
        await settle(pilot)
        assert "Demo Bergslagen" in str(app.screen.query_one("#area-text").render())
        await pilot.click("#continue")
        await settle(pilot)
        await pilot.click("#level-B")
        await pilot.click("#show")
        await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        ranking = results.ranking
        assert ranking is not None and ranking.needs.level == "B"
        assert [r.rank for r in ranking.ranked] == list(range(1, len(ranking.ranked) + 1))
        text = str(results.query_one("#ranked").children[0].query_one("Static").render())
        assert ranking.ranked[0].row.supplier in text and "of 4" in text
        assert "Not possible for you (2)" in str(results.query_one("#excluded").title)
        fallback = str(results.query_one("#fallback").render())
        assert "nearest office" in fallback and "Best performer" in fallback
        assert results.fb.nearest.ka != results.fb.recommended.ka
        # the panel says what `chooser fallback` says: the same rules, gain and all
        from chooser.core.fallback import fallback as single

        same = single(results.advisor.ranker, ranking.needs)
        assert results.fb.recommended.ka == same.recommended.ka and same.gain.low > 0
        assert "percentage points" in fallback and "None" not in fallback


async def test_detail_compare_and_back(demo_advisor):
    app = ChooserApp(demo_advisor)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        results = await to_results(pilot, "Ludvika", "B")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        first = results.ranking.ranked[0]
        shown = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert first.row.supplier in shown and "Grades AF has published" in shown
        assert "of 4" in shown and "Offices" in shown
        await pilot.press("escape")
        assert app.screen is results
        await pilot.press("c", "down", "c", "down", "c", "down", "c")  # a 4th is refused
        assert len(app.participant.compare) == 3
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        assert len(app.screen.query(".compare-column")) == 3


async def test_start_over_forgets_everything(demo_advisor):
    app = ChooserApp(demo_advisor)
    async with app.run_test() as pilot:
        await settle(pilot)
        await to_results(pilot, "Ludvika", "C")
        await pilot.press("c")
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, PlaceScreen)
        assert app.screen.query_one("#place-input").value == ""
        p = app.participant
        assert p.location is None and p.level is None and not p.compare
        assert len(app.screen_stack) == 2


async def test_real_snapshot_ludvika_level_b(real_advisor):
    app = ChooserApp(real_advisor)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        results = await to_results(pilot, "Ludvika", "B")
        rows = results.ranking.ranked
        assert rows and all(r.row.area == "Ludvika" for r in rows)
        assert "AF results May 2026" in str(app.screen.query_one(".provenance").render())
        no_grade = [r for r in rows if r.grade is None or r.grade.grade is None]
        for r in no_grade:
            i = rows.index(r)
            assert "no grade yet" in str(results.query_one("#ranked").children[i]
                                         .query_one("Static").render())


async def test_counsellor_shortlist_is_saved_only_where_asked(demo_advisor, tmp_path):
    app = ChooserApp(demo_advisor, counsellor=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await to_results(pilot, "Falun", "A")
        await pilot.press("s", "down", "s")
        assert len(app.participant.shortlist) == 2
        await pilot.press("ctrl+s")
        await settle(pilot)
        target = tmp_path / "lista.md"
        await pilot.click("#path")
        await pilot.press(*str(target))
        await pilot.press("enter")
        await settle(pilot)
        text = target.read_text(encoding="utf-8")
        assert text.startswith("# Shortlist: Falun") and text.count("\n## ") == 3
        assert "If no choice is made" in text


async def test_counsellor_palette_jumps_to_an_area(demo_advisor):
    app = ChooserApp(demo_advisor, counsellor=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Jump to area: Demo Kusten" in commands and "Switch level: B" in commands
        jump = next(c for c in app.get_system_commands(app.screen)
                    if c.title == "Jump to area: Demo Kusten")
        jump.callback()
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert {r.row.area for r in app.screen.ranking.ranked} == {"Demo Kusten"}


async def test_switching_language_redraws_everything_and_keeps_the_answers(real_advisor):
    app = ChooserApp(real_advisor, languages=("en", "sv", "ar"), ask_language=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await to_results(pilot, "Ludvika", "B")
        kinds = [type(s).__name__ for s in app.screen_stack]
        await pilot.press("f4")
        await settle(pilot)
        await choose_language(pilot, "sv")
        assert [type(s).__name__ for s in app.screen_stack] == kinds
        results = app.screen
        assert isinstance(results, ResultsScreen)
        title = str(results.query_one("#results-title").render())
        assert "bäst först (nivå B)" in title  # Swedish, and the level is still B
        assert "maj 2026" in str(results.query_one(".provenance").render())
        assert app.participant.level == "B" and app.participant.location.areas == ("Ludvika",)
        await pilot.press("escape", "escape")  # back to the place screen: text kept
        await settle(pilot)
        assert app.screen.query_one("#place-input").value == "Ludvika"
        assert "Var bor du?" in str(app.screen.query_one(".title").render())


async def test_every_screen_reads_in_arabic(real_advisor):
    """Results and detail in Arabic: text shaped and reordered, the level table kept as
    a table (not its Python name), Latin supplier names intact."""
    from chooser.tui.words import Words

    app = ChooserApp(real_advisor, languages=("ar",), ask_language=False)
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        await to_results(pilot, "Ludvika", "B")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        words = list(app.screen.query(Words))
        assert any(not w._is_text() for w in words)  # the level table, drawn as one
        shown = "\n".join(str(w.render()) for w in words if w._is_text())
        assert "object at 0x" not in shown
        assert "Clockwork Matchning AB" in shown
        assert "ﺞﺋﺎﺘﻨﻟﺍ" in shown  # "the results", in joined letters and display order


async def test_switching_language_while_typing_keeps_the_suggestions(real_advisor):
    app = ChooserApp(real_advisor, languages=("en", "sv"), ask_language=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"Ludvka")
        await settle(pilot)
        await pilot.press("f4")
        await choose_language(pilot, "sv")
        place = app.screen
        assert isinstance(place, PlaceScreen)
        assert place.query_one("#place-input").value == "Ludvka"
        assert place.query_one("#suggestions").display and place.matches[0].name == "Ludvika"


def _untranslated_hints(app) -> list[str]:
    """Key hints (footer words) on every screen of the stack, and the app's own, that
    are not in the current language."""
    from chooser.tui.words import t

    wrong = []
    for node in [app, *app.screen_stack[1:]]:
        ids = node.__dict__.get("_chooser_binding_ids", {})
        for key, bindings in node._bindings.key_to_bindings.items():
            for b, english in zip(bindings, ids.get(key, []), strict=False):
                if english and b.description != t(english):
                    wrong.append(f"{type(node).__name__} {key}: {b.description}")
    return wrong


@pytest.mark.parametrize(("first", "then"), [("sv", "en"), ("en", "so"), ("sv", "ar")])
async def test_f4_rebuilds_every_footer_in_the_new_language(real_advisor, first, then):
    app = ChooserApp(real_advisor, languages=(first, then), ask_language=False,
                     counsellor=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await to_results(pilot, "Ludvika", "B")
        await pilot.press("enter")  # the detail: place, situation, results, detail
        await settle(pilot)
        assert not _untranslated_hints(app)
        await pilot.press("f4")
        await choose_language(pilot, then)
        assert len(app.screen_stack) == 5
        assert not _untranslated_hints(app)
        for screen in app.screen_stack[1:]:  # each screen's own footer, as drawn
            for footer_key in screen.query("FooterKey"):
                assert footer_key.description in {
                    b.description for bs in [*screen._bindings.key_to_bindings.values(),
                                             *app._bindings.key_to_bindings.values()]
                    for b in bs}
