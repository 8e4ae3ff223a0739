"""Arabic screens line by line against hand-checked display order: the place
suggestion, the area, the list header and a row, the detail, the card. Arabic words are
written in reading order and reversed by `shaped` (as the screen draws them); the Latin
parts, numbers and postcodes are written as they must appear, left to right."""

from __future__ import annotations

import arabic_reshaper
import pytest

from chooser.storage.load import load_directory
from chooser.tui.advisor import Advisor
from chooser.tui.app import ChooserApp
from chooser.tui.words import Words
from tests.conftest import DEMO
from tests.tui_pilot import settle

pytestmark = pytest.mark.anyio



def shaped(text: str) -> str:
    return arabic_reshaper.reshape(text)[::-1]


def lines_of(widget) -> list[str]:
    return [line.strip() for line in str(widget.render()).split("\n") if line.strip()]


async def test_arabic_screens_read_right(tmp_path):
    app = ChooserApp(Advisor(load_directory(str(DEMO))), languages=("ar",),
                     ask_language=False)
    place = "771 30 Ludvika (Ludvika)"
    grade = (f"(2026 {shaped('مايو')} {shaped('،')}Demo Bergslagen) 4 {shaped('من')} 4 "
             "★★★★")
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"771 30")
        await settle(pilot)
        # the postcode "771 30", not "30 771"; the bracket pair drawn as one
        suggestion = str(app.screen.query_one("#suggestions").get_option_at_index(0).prompt)
        assert suggestion == f"(Ludvika ,{shaped('الرمز البريدي')})  771 30 Ludvika"
        await pilot.press("enter")
        await settle(pilot)
        area = lines_of(app.screen.query_one("#area-text"))
        assert area[0] == f"Demo Bergslagen {shaped('في منطقة التقديم')} {place}"
        await pilot.click("#continue")
        await settle(pilot)
        await pilot.click("#level-B")
        await pilot.click("#show")
        await settle(pilot)
        results = app.screen
        # the count after the place (not inside the postcode), the level in brackets
        assert lines_of(results.query_one("#results-title")) == [
            f"(B {shaped('المستوى')}) {shaped('الأفضل أولًا')} {shaped('مقدمي خدمة،')} "
            f"{len(results.ranking.ranked)} :"
            f"{place}"]
        # one supplier's row, wherever the ranking puts it
        i = next(k for k, r in enumerate(results.ranking.ranked)
                 if r.row.supplier == "Beta Vägledning AB (fiktiv)")
        row = lines_of(results.query_one("#ranked").children[i].query_one(Words))
        assert row[0] == f"{i + 1}. Beta Vägledning AB (fiktiv)"
        # the distance's number with its unit, the grade's brackets paired
        assert row[1] == grade
        assert row[2] == f"Exempelgatan 1, Borlänge :{shaped('كم')} 40 {shaped('المكتب على بعد')}"
        await pilot.press(*["down"] * i, "enter")
        await settle(pilot)
        detail = [line for w in app.screen.query(Words) if w._is_text()
                  for line in lines_of(w)]
        assert f"Demo Bergslagen {shaped('منطقة التقديم')} {shaped('،')}KA 99000102" in detail
        assert f"({shaped('كم')} 40)  Exempelgatan 1, Borlänge •" in detail
        await pilot.press("enter")
        await settle(pilot)
        card = lines_of(app.screen.query_one("#card-text"))
        assert card[1] == f"Beta Vägledning AB (fiktiv) :{shaped('المورد')}"
        assert card[2] == f"99000102 :KA {shaped('رقم')}"
        assert card[5] == f"({shaped('كم')} 40) Exempelgatan 1, Borlänge :{shaped('أقرب مكتب')}"
        # the officer's Swedish part stays left to right under the Arabic one
        swedish = lines_of(app.screen.query_one("#card-swedish"))
        assert "Leverantör: Beta Vägledning AB (fiktiv)" in swedish
        assert "Närmaste kontor: Exempelgatan 1, Borlänge (40 km)" in swedish


@pytest.mark.parametrize(("code", "mirrored"), [("ar", True), ("fa", True), ("sv", False)])
async def test_rows_of_buttons_read_from_the_right_in_arabic_and_persian(code, mirrored):
    """Right to left, a row's first field or button is at the right: the area choice
    right of Continue on the place screen, "Save the card" right of Close."""
    from tests.tui_pilot import to_place

    app = ChooserApp(Advisor(load_directory(str(DEMO))), languages=(code,),
                     ask_language=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await to_place(pilot, "Ludvika")
        await settle(pilot)
        select = screen.query_one("#area-select").region
        go = screen.query_one("#continue").region
        assert (go.x < select.x) is mirrored, (go, select)
        assert (go.right > select.right) is not mirrored
