"""Offices confirm, add to or correct chooser's approximate municipality → area mapping."""

from __future__ import annotations

import pytest

from chooser.geo.refine import office_areas, refine
from chooser.storage.geodata import load_gazetteer


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def test_the_real_mapping_has_the_cases_these_tests_use(gaz):
    assert sorted(gaz.areas["0117"]) == [("Stockholm Mitt", "approximate"),
                                         ("Stockholm Nord", "approximate")]
    assert gaz.areas["0114"] == [("Stockholm Nord", "approximate")]


def test_offices_confirm_a_listed_area_and_leave_the_other_alone(gaz):
    g, r = refine(gaz, {"0117": {"Stockholm Nord": 3}})
    assert sorted(g.areas["0117"]) == [("Stockholm Mitt", "approximate"),
                                       ("Stockholm Nord", "offices")]
    assert r.confirmed == ("0117",) and not r.added and not r.replaced
    assert gaz.areas["0117"][1][1] == "approximate"  # the original is not changed


def test_offices_correct_a_wrong_guess(gaz):
    g, r = refine(gaz, {"0114": {"Stockholm Syd": 2}})
    assert g.areas["0114"] == [("Stockholm Syd", "offices")] and r.replaced == ("0114",)


def test_offices_add_an_area_beside_one_that_has_offices_too(gaz):
    g, r = refine(gaz, {"0114": {"Stockholm Nord": 4, "Stockholm Syd": 2}})
    assert g.areas["0114"] == [("Stockholm Nord", "offices"), ("Stockholm Syd", "offices")]
    assert r.added == ("0114",)


def test_one_contract_is_not_evidence_and_official_tables_win(gaz):
    g, r = refine(gaz, {"0114": {"Stockholm Syd": 1}})
    assert g.areas["0114"] == gaz.areas["0114"] and r == ((), (), ())
    official = gaz.with_mapping({"0114": ("Stockholm Nord",)}, "official")
    g, r = refine(official, {"0114": {"Stockholm Syd": 5}})
    assert g.areas["0114"] == [("Stockholm Nord", "official")] and r == ((), (), ())


def test_office_areas_places_real_offices_in_their_municipality(gaz, demo_dataset):
    evidence = office_areas(gaz, demo_dataset)
    ludvika = gaz.municipality("Ludvika").code
    assert evidence[ludvika]["Demo Bergslagen"] >= 2
    # every count is a number of distinct contracts of that area with an office there
    for areas in evidence.values():
        for area, n in areas.items():
            assert 1 <= n <= len(demo_dataset.by_area[area])
