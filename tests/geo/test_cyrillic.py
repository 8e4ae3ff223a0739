"""Place names typed in Cyrillic find the Swedish place (Ukrainian spellings of the
towns, as a Ukrainian-speaking jobseeker types them)."""

from __future__ import annotations

import pytest

from chooser.geo.cyrillic import MAX_SPELLINGS, spellings
from chooser.storage.geodata import load_gazetteer

TOWNS = [("Стокгольм", "Stockholm"), ("Гетеборг", "Göteborg"), ("Мальме", "Malmö"),
         ("Уппсала", "Uppsala"), ("Норрчепінг", "Norrköping"), ("Лінчепінг", "Linköping"),
         ("Євле", "Gävle"), ("Вестерос", "Västerås"), ("Еребру", "Örebro"),
         ("Гельсінгборг", "Helsingborg"), ("Шеллефтео", "Skellefteå"), ("Умео", "Umeå"),
         ("Єнчепінг", "Jönköping"), ("Сундсвалль", "Sundsvall"), ("Кіруна", "Kiruna"),
         ("Лулео", "Luleå"), ("Седертельє", "Södertälje")]


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.mark.parametrize(("typed", "town"), TOWNS, ids=[t for t, _ in TOWNS])
def test_cyrillic_finds_the_town(gazetteer, typed, town):
    assert gazetteer.lookup(typed, 3)[0].name == town


def test_latin_text_is_left_alone_and_spellings_are_bounded():
    assert spellings("Göteborg") == ["Göteborg"]
    assert spellings("Стокгольм")[0] == "stokgolm"
    assert len(spellings("Гееееееееееее")) <= MAX_SPELLINGS


def test_no_match_still_says_so(gazetteer):
    assert gazetteer.lookup("Щщщщщщ", 3) == []
