"""80×24 in every language, as a kiosk: the list shows at least three suppliers, and on
every screen of the flow the footer shows F2 (start over) and F4 (language) inside the
screen, however long the language's words are."""

from __future__ import annotations

import pytest

from chooser.storage.config import KioskSettings
from chooser.text.i18n import LANGUAGES
from chooser.tui.kiosk import KioskApp
from tests.tui_pilot import choose_language, settle, to_results

pytestmark = pytest.mark.anyio
SIZE = (80, 24)





def footer_problems(app) -> list[str]:
    """F2 and F4 must be drawn whole inside the screen."""
    width = app.size.width
    keys = {k.key: k for k in app.screen.query("FooterKey")}
    out = []
    for key in ("f2", "f4"):
        k = keys.get(key)
        if k is None:
            out.append(f"{type(app.screen).__name__}: no {key}")
        elif not k.region.width or k.region.right > width:
            out.append(f"{type(app.screen).__name__}: {key} at {k.region} beyond {width}")
    return out


def visible_rows(results) -> int:
    view = results.query_one("#ranked")
    top, bottom = view.region.y, view.region.bottom
    return sum(1 for item in view.children
               if item.region.height and item.region.y >= top and item.region.bottom <= bottom)


@pytest.mark.parametrize(("code", "level"), [*((c, "B") for c in LANGUAGES), ("ar", None),
                                             ("so", None)])
async def test_kiosk_at_80x24_in_every_language(real_advisor, code, level):
    app = KioskApp(real_advisor, KioskSettings(languages=LANGUAGES, pin_hash=None))
    problems: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        problems += footer_problems(app)
        await choose_language(pilot, code)
        problems += footer_problems(app)  # place
        results = await to_results(pilot, "Malmö", level)
        problems += footer_problems(app)  # results
        assert visible_rows(results) >= 3, code
        await pilot.press("enter")
        await settle(pilot)
        problems += footer_problems(app)  # detail
        await pilot.press("enter")
        await settle(pilot)
        problems += footer_problems(app)  # card
        await pilot.press("f1")
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"
    assert not problems, problems


async def test_a_distance_keeps_its_unit_on_its_line():
    """At 80 columns (78 inside the panel) the Swedish fallback panel put "0,2" at a
    line's end and "km)" on the next; a number and its unit now wrap as one word."""
    from rich.text import Text
    from textual.app import App

    from chooser.text.i18n import in_language
    from chooser.tui.words import Words

    line = "AF placerar dig på närmaste kontor: Clockwork Matchning AB (★★★★ 4 av 4, 0,2 km)"

    class Host(App):
        def compose(self):
            yield Words(Text(line))

    with in_language("sv"):
        app = Host()
        async with app.run_test(size=(78, 10)) as pilot:
            await pilot.pause()
            drawn = app.query_one(Words).render().plain.split("\n")
    assert drawn == ["AF placerar dig på närmaste kontor: Clockwork Matchning AB (★★★★ 4 av 4,",
                     "0,2 km)"]
