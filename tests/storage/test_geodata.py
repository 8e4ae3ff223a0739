"""The prebuilt gazetteer index: the committed one is fresh and used, it reads back as the
tables, and a stale or damaged one is ignored (the tables are read instead)."""

from __future__ import annotations

import shutil

import pytest

from chooser.geo import gazetteer as geo
from chooser.storage import geodata


def _same(a: geo.Gazetteer, b: geo.Gazetteer) -> None:
    # the packed parts are compared unpacked (marshal's bytes depend on reference counts)
    assert a.to_state()[0][:2] == b.to_state()[0][:2]  # municipalities, areas
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


def test_a_place_by_name_reads_only_the_parts_it_needs(monkeypatch):
    """`rank --place Ludvika` reads one bucket of exact names, not the whole 800 kB."""
    from chooser.storage import index

    read: list[int] = []
    real = index._part_reader

    def counting(path, table):
        part = real(path, table)

        def counted(i):
            read.append(i)
            return part(i)
        return counted

    monkeypatch.setattr(index, "_part_reader", counting)
    gaz = geodata.load_gazetteer()
    assert gaz.lookup("Ludvika", 1)[0].name == "Ludvika"
    assert len(read) == 1


def test_a_damaged_part_is_made_again_from_the_tables(geo_copy, monkeypatch):
    """Damage after the head (the parts are checked when read, not when the file is
    opened) gives the answers of an intact index."""
    rebuilt = []
    real = geodata.read_gazetteer
    monkeypatch.setattr(geodata, "read_gazetteer", lambda d: rebuilt.append(d) or real(d))
    path = geo_copy / geodata.INDEX_NAME
    data = bytearray(path.read_bytes())
    parts_start = 12 + int.from_bytes(data[8:12], "big")  # after MAGIC, CRC, length, head
    for pos in range(parts_start, len(data), 499):  # every part, none of the head
        data[pos] ^= 0x5A
    path.write_bytes(bytes(data))
    gaz = geodata.read_index(str(geo_copy))
    assert gaz is not None  # the head is intact: the index is used
    _same(gaz, geo.read_gazetteer(str(geo_copy)))
    assert rebuilt == [str(geo_copy)]  # a damaged part was met, and made again once


def test_a_refreshed_head_still_finds_its_parts(geo_copy):
    """A fresh clone's first command records the new modification times in the head;
    the parts, found from the end of the file, still read back."""
    import os

    for f in geo_copy.iterdir():
        if f.name != geodata.INDEX_NAME:
            os.utime(f, ns=(1_234_567_890_123_456_789, 1_234_567_890_123_456_789))
    before = (geo_copy / geodata.INDEX_NAME).read_bytes()
    assert geodata.read_index(str(geo_copy)) is not None  # checksums, then the refresh
    after = (geo_copy / geodata.INDEX_NAME).read_bytes()
    assert after != before and after[-100_000:] == before[-100_000:]
    _same(geodata.read_index(str(geo_copy)), geo.read_gazetteer(str(geo_copy)))
