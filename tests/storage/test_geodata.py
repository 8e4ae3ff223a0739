"""The prebuilt gazetteer index: the committed one is fresh and used, it reads back as the
tables, and a stale or damaged one is ignored (the tables are read instead)."""

from __future__ import annotations

import shutil

import pytest

from chooser.geo import gazetteer as geo
from chooser.storage import geodata


def _same(a: geo.Gazetteer, b: geo.Gazetteer) -> None:
    # the packed parts are compared unpacked (marshal's bytes depend on reference counts)
    assert a.to_state()[:2] == b.to_state()[:2]  # municipalities, areas
    assert a.lookup("Ludvik", 3) == b.lookup("Ludvik", 3)  # fuzzy: unpacks the rest
    assert (a.entries, a.keys, a.exact, a.sorted_keys) == (b.entries, b.keys, b.exact,
                                                            b.sorted_keys)
    assert a.postcodes == b.postcodes and a.sorted_postcodes == b.sorted_postcodes
    assert a.at(60.15, 15.19) == b.at(60.15, 15.19)
    assert a.lookup("Ludvika", 1) == b.lookup("Ludvika", 1)  # one bucket of exact names
    assert a.lookup("Ludvika") == b.lookup("Ludvika")
    assert a.lookup("411 03") == b.lookup("411 03")


def test_committed_index_is_fresh_and_used(monkeypatch):
    fresh = geo.read_gazetteer(geodata.geo_dir())

    def no_tables(*a, **k):
        raise AssertionError("the index should have been used")

    monkeypatch.setattr(geodata, "read_gazetteer", no_tables)
    _same(geodata.load_gazetteer(), fresh)


@pytest.mark.parametrize("query", ["Ludvika", "ludvika", "Goteborg", "Malmö", "Sundsvall",
                                   "Hisings Backa", "Kiruna"])
def test_an_exact_name_from_its_bucket_is_what_the_full_search_gives(query):
    indexed, built = geodata.load_gazetteer(), geo.read_gazetteer(geodata.geo_dir())
    assert "exact" not in indexed.__dict__  # not unpacked yet: the bucket answers
    assert indexed.lookup(query, 1) == built.lookup(query, 1)
    assert "exact" not in indexed.__dict__


@pytest.fixture
def geo_copy(tmp_path):
    d = tmp_path / "geo"
    shutil.copytree(geodata.geo_dir(), d)
    return d


def test_a_changed_table_makes_the_index_stale(geo_copy, monkeypatch):
    table = geo_copy / "kommun-leveransomrade.csv"
    text = table.read_text(encoding="utf-8")
    # a row as strong as Avesta's own (offices evidence), so that both areas are given
    table.write_text(text + "2084,Avesta,Ludvika,offices,high,9,9\n", encoding="utf-8")
    assert geodata.read_index(str(geo_copy)) is None
    gaz = geodata.load_gazetteer(str(geo_copy))
    assert "Ludvika" in gaz.areas_for("2084")[0]


def test_a_fresh_clone_checks_the_checksums(geo_copy):
    import os

    for f in geo_copy.iterdir():  # new modification times, same bytes
        os.utime(f, ns=(1_000_000_000, 1_000_000_000))
    assert geodata.read_index(str(geo_copy)) is not None


@pytest.mark.parametrize("damage", [b"", b"garbage", b"\x00" * 100])
def test_a_damaged_index_is_only_a_missed_shortcut(geo_copy, damage):
    (geo_copy / geodata.INDEX_NAME).write_bytes(damage)
    assert geodata.read_index(str(geo_copy)) is None
    _same(geodata.load_gazetteer(str(geo_copy)), geo.read_gazetteer(str(geo_copy)))


def test_write_index_round_trips(geo_copy):
    (geo_copy / geodata.INDEX_NAME).unlink()
    geodata.write_index(str(geo_copy))
    _same(geodata.read_index(str(geo_copy)), geo.read_gazetteer(str(geo_copy)))
