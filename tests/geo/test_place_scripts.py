"""Places as people type them: in Cyrillic (Ukrainian spellings of the Swedish
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


@pytest.mark.parametrize("district", ["Husby", "Skärholmen", "Tensta", "Rinkeby", "Kista",
                                      "Akalla", "Fittja", "Hammarkullen", "Angered"])
def test_districts_people_name_are_found(gazetteer, district):
    """Stockholm's districts (data/geo/stadsdelar.csv), and the suburbs GeoNames has."""
    hit = gazetteer.lookup(district, 1)[0]
    assert hit.name == district and hit.kind in ("district", "locality")


def test_a_district_is_where_its_city_says():
    import csv

    from chooser.storage.geodata import geo_dir

    with open(f"{geo_dir()}/stadsdelar.csv", encoding="utf-8") as fh:
        rows = {r["STADSDEL"]: r for r in csv.DictReader(fh)}
    assert len(rows) == 117 and {r["KOMMUNKOD"] for r in rows.values()} == {"0180"}
    husby, skarholmen = rows["Husby"], rows["Skärholmen"]
    assert float(husby["LAT"]) > float(skarholmen["LAT"])  # north-west vs south-west
    for r in rows.values():  # inside Stockholm municipality's box
        assert 59.22 < float(r["LAT"]) < 59.43 and 17.75 < float(r["LON"]) < 18.20, r
