"""Where a participant lives, from what people really type."""

from __future__ import annotations

import json
import time

import pytest

from chooser.geo.gazetteer import fold
from chooser.storage.geodata import load_gazetteer
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


# (what someone types, the municipality expected at rank 1)
REAL_QUERIES = [
    ("Malmo", "Malmö"), ("malmö", "Malmö"), ("MALMÖ", "Malmö"), ("goteborg", "Göteborg"),
    ("Göteborg", "Göteborg"), ("Goeteborg", "Göteborg"), ("411 03", "Göteborg"),
    ("41103", "Göteborg"), ("411-03", "Göteborg"), ("Hisings Backa", "Göteborg"),
    ("hisings backa", "Göteborg"),
    ("Angered", "Göteborg"), ("Ludvika", "Ludvika"), ("ludvika", "Ludvika"),
    ("Gävle", "Gävle"), ("gaevle", "Gävle"), ("Gavle", "Gävle"), ("Jonkoping", "Jönköping"),
    ("Jönköpnig", "Jönköping"), ("Ostersund", "Östersund"), ("Oestersund", "Östersund"),
    ("Upsala", "Uppsala"), ("Helsingbor", "Helsingborg"), ("Vasteras", "Västerås"),
    ("Vaesteraas", "Västerås"), ("Orebro", "Örebro"), ("Skelefteå", "Skellefteå"),
    ("Trollhatan", "Trollhättan"), ("Norrkoping", "Norrköping"), ("Linkoping", "Linköping"),
    ("Sundsvall", "Sundsvall"), ("Umea", "Umeå"), ("Lulea", "Luleå"), ("Kiruna", "Kiruna"),
    ("Kista", "Stockholm"), ("Stockholm", "Stockholm"), ("stockholm", "Stockholm"),
    ("Sollentuna", "Sollentuna"), ("Mölndal", "Mölndal"), ("Sälen", "Malung-Sälen"),
    ("Salen", "Malung-Sälen"), ("Malung", "Malung-Sälen"), ("Borlänge", "Borlänge"),
    ("Smedjebacken", "Smedjebacken"), ("Kungsbacka", "Kungsbacka"), ("Visby", "Gotland"),
    ("Gotland", "Gotland"), ("Karlskrona", "Karlskrona"), ("Växjö", "Växjö"),
    ("Vaxjo", "Växjö"), ("Ljungby", "Ljungby"), ("Ystad", "Ystad"),
    ("Haparanda", "Haparanda"), ("Gällivare", "Gällivare"), ("Åre", "Åre"),
    ("Are", "Åre"), ("Falun", "Falun"), ("Örnsköldsvik", "Örnsköldsvik"),
    ("Ornskoldsvik", "Örnsköldsvik"), ("Lund", "Lund"), ("Södertälje", "Södertälje"),
    ("Sodertalje", "Södertälje"), ("111 20", "Stockholm"), ("21119", "Malmö"),
    ("  Ludvika  ", "Ludvika"), ("Ludvika!", "Ludvika"), ("ludv", "Ludvika"),
]


@pytest.mark.parametrize(("query", "kommun"), REAL_QUERIES)
def test_real_queries_find_the_municipality_at_rank_1(gaz, query, kommun):
    matches = gaz.lookup(query)
    assert matches, query
    assert matches[0].kommun == kommun, [(m.name, m.kommun, m.score) for m in matches]
    assert matches[0].areas, "every match names at least one delivery area"


def test_at_least_forty_real_queries():
    assert len(REAL_QUERIES) >= 40


@pytest.mark.parametrize(("city", "area"), [
    ("Stockholm", "Stockholm Mitt"), ("Göteborg", "Göteborg Mitt"),
])
def test_split_cities_are_the_area_their_offices_show(gaz, city, area):
    # every office in Stockholm (Göteborg) municipality belongs to a Mitt contract
    m = gaz.lookup(city)[0]
    assert m.areas == (area,) and m.area_source == "offices"


def test_postcode_in_both_forms_is_the_same(gaz):
    assert gaz.lookup("411 03") == gaz.lookup("41103")
    assert gaz.lookup("41103")[0].kind == "postcode"


def test_municipality_and_locality_of_the_same_name_are_listed_once(gaz):
    names = [(m.name, m.kommun) for m in gaz.lookup("Ludvika", limit=10)]
    assert names.count(("Ludvika", "Ludvika")) == 1
    assert gaz.lookup("Ludvika")[0].kind == "municipality"


def test_places_sharing_a_name_in_different_municipalities_are_all_offered(gaz):
    # several Swedish localities share a name; each is its own match with its municipality
    by_name: dict[str, set[str]] = {}
    for e in gaz.entries:
        if e[1] == "locality":
            by_name.setdefault(fold(e[0]), set()).add(e[2])
    shared = next(n for n, codes in sorted(by_name.items()) if len(codes) > 1)
    found = {m.kommunkod for m in gaz.lookup(shared, limit=10) if fold(m.name) == shared}
    assert found >= by_name[shared]


def test_every_municipality_maps_to_an_area(gaz):
    assert len(gaz.municipalities) == 290
    for code in gaz.municipalities:
        areas, how = gaz.areas_for(code)
        assert areas and how in ("offices", "name", "approximate"), code


def test_every_current_area_has_a_municipality(gaz, af_dataset):
    mapped = {r.area for rows in gaz.areas.values() for r in rows}
    assert set(af_dataset.areas()) <= mapped


def test_at_coordinates(gaz):
    m = gaz.at(60.1496, 15.1878)
    assert m.kommun == "Ludvika" and m.kind == "coordinates"
    assert gaz.at(52.52, 13.40) is None  # Berlin
    assert gaz.at(0, 0) is None


@pytest.mark.parametrize("bad", ["", "   ", "!!!", "\x00\x07\x1b[31m", "🙂🙂", "x" * 10_000,
                                 "99999", "00000", "-", "12"])
def test_bad_input_is_no_match_quickly(gaz, bad):
    t = time.perf_counter()
    assert gaz.lookup(bad) == []
    assert time.perf_counter() - t < 0.5


def test_long_input_is_bounded(gaz):
    t = time.perf_counter()
    gaz.lookup("Ludvika" * 2000)
    assert time.perf_counter() - t < 0.5


def test_cli_places_json():
    p = run_cli("places", "Hisings", "Backa", "--json", "--limit", "2")
    d = json.loads(p.stdout)
    assert p.returncode == 0 and d["query"] == "Hisings Backa"
    m = d["matches"][0]
    assert set(m) >= {"name", "kind", "kommun", "kommunkod", "areas", "area_source", "lat",
                      "lon", "score"}
    assert m["kommunkod"] == "1480" and m["areas"] == ["Göteborg Mitt"]


def test_cli_no_match_is_exit_0_with_empty_list():
    for args in (["places", "xyzzyq", "--json"], ["places", "99999", "--json"],
                 ["places", "--at", "52.5,13.4", "--json"]):
        p = run_cli(*args)
        assert p.returncode == 0 and json.loads(p.stdout)["matches"] == []


def test_cli_postcode_that_does_not_exist_suggests_close_ones():
    d = json.loads(run_cli("places", "41199", "--json").stdout)
    assert d["matches"] == [] and d["suggestions"]


def test_cli_bad_coordinates_exit_2():
    p = run_cli("places", "--at", "sextio,femton")
    assert p.returncode == 2 and "--at" in p.stderr and "Traceback" not in p.stderr


def test_official_mapping_from_data_wins(tmp_path):
    import shutil

    from tests.conftest import AF

    shutil.copy(AF / "resultat-2026-05.csv", tmp_path)
    # Excel drops the leading zero of 0114; names work as well as codes
    (tmp_path / "kommuner.csv").write_text(
        "KOMMUNKOD;LEVERANSOMRÅDE\n114;Stockholm Mitt\n2061;Falun-Borlänge\n",
        encoding="cp1252")
    d = json.loads(run_cli("places", "Smedjebacken", "--json", "--limit", "1",
                           "--data", str(tmp_path)).stdout)
    assert d["matches"][0]["areas"] == ["Falun-Borlänge"]
    assert d["matches"][0]["area_source"] == "official"
    d = json.loads(run_cli("places", "Upplands Väsby", "--json", "--limit", "1",
                           "--data", str(tmp_path)).stdout)
    assert d["matches"][0]["areas"] == ["Stockholm Mitt"]
    # without it, the derived mapping
    d = json.loads(run_cli("places", "Smedjebacken", "--json", "--limit", "1").stdout)
    assert d["matches"][0]["areas"] == ["Ludvika"] and d["matches"][0]["area_source"] != "official"


def test_official_mapping_by_name_and_bad_code(tmp_path):
    import shutil

    from tests.conftest import AF

    shutil.copy(AF / "resultat-2026-05.csv", tmp_path)
    (tmp_path / "karta.csv").write_text("KOMMUN,LEVERANSOMRÅDE\nLudvika,Mora\n", encoding="utf-8")
    d = json.loads(run_cli("places", "Ludvika", "--json", "--data", str(tmp_path)).stdout)
    assert d["matches"][0]["areas"] == ["Mora"]
    (tmp_path / "karta.csv").write_text("KOMMUNKOD,LEVERANSOMRÅDE\nLudvika,Mora\n")
    p = run_cli("places", "Ludvika", "--data", str(tmp_path))
    assert p.returncode == 2 and "karta.csv" in p.stderr and "row 2" in p.stderr


def test_the_grid_finds_every_place_the_full_scan_finds():
    """`at` looks only in nearby grid cells; for points all over Sweden (including the
    far north, where a degree of longitude is shortest) it must agree with a full scan."""
    import random

    from chooser.core.distance import haversine_km
    from chooser.geo.gazetteer import MAX_KM_TO_PLACE
    from chooser.storage.geodata import load_gazetteer

    gaz = load_gazetteer()
    rng = random.Random(5)
    for _ in range(300):
        lat, lon = rng.uniform(55.3, 69.0), rng.uniform(11.0, 24.0)
        best = min(gaz.entries, key=lambda e: (haversine_km(lat, lon, e[3], e[4]), e[0]))
        hit = gaz.at(lat, lon)
        if haversine_km(lat, lon, best[3], best[4]) > MAX_KM_TO_PLACE:
            assert hit is None
        else:
            assert hit is not None and hit.kommunkod == best[2]


def test_municipality_by_name_or_code():
    from chooser.storage.geodata import load_gazetteer

    gaz = load_gazetteer()
    assert gaz.municipality("Goteborg").code == "1480"
    assert gaz.municipality("114").name == "Upplands Väsby"
    assert gaz.municipality("Ludvka") is None
