"""Offices (AF's "Sök leverantör" JSON), contract status, satisfaction and profiles:
read exactly, and every bad cell or field named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chooser.core.errors import DataError
from chooser.storage.load import parse_directory


def test_demo_world_supplements_are_read(demo_dataset):
    ds = demo_dataset
    assert ds.origin == "demo"
    assert len(ds.offices) == 18  # every contract but Ypsilon, whose offices are unknown
    assert "99000303" not in ds.offices and "99000303" in ds.by_ka
    assert ds.accepts_new["99000107"] is False and ds.accepts_new["99000101"] is True
    assert ds.status["99000105"].status == "terminated"
    assert ds.status["99000105"].date == "2026-04-30"
    assert ds.status["99000106"].status == "placement_stop"
    assert ds.satisfaction["99000103"].answers == 7
    assert ds.profiles["99000102"].languages == ("sv", "en", "ar")
    assert ds.profiles["99000204"].accessible is None  # an empty cell is unknown, not "no"
    assert "99000104" not in ds.profiles  # no row: unknown
    borlange = ds.offices["99000102"][0]
    assert borlange.town == "Borlänge" and 60.4 < borlange.lat < 60.6


def test_the_index_keeps_the_supplements(demo_dataset):
    from chooser.storage.load import load_directory
    from tests.conftest import DEMO

    assert load_directory(str(DEMO)).same_data(demo_dataset)


def _office_file(folder: Path) -> Path:
    return folder / "kontor.json"


def _edit_offices(folder: Path, edit) -> None:
    path = _office_file(folder)
    pages = json.loads(path.read_text(encoding="utf-8"))
    edit(pages)
    path.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")


def _error(folder: Path) -> str:
    with pytest.raises(DataError) as exc:
        parse_directory(str(folder))
    return str(exc.value)


def test_a_bad_coordinate_names_page_and_field(demo_copy):
    def edit(pages):
        pages[0]["leverantorer"][2]["adresser"][1]["koordinater"]["latitud"] = "6O.14"
    _edit_offices(demo_copy, edit)
    msg = _error(demo_copy)
    assert "kontor.json" in msg and "page 1" in msg
    assert "leverantorer[2].adresser[1].koordinater.latitud" in msg and "6O.14" in msg


def test_a_coordinate_outside_sweden_is_an_error(demo_copy):
    def edit(pages):  # latitude and longitude swapped
        c = pages[0]["leverantorer"][0]["adresser"][0]["koordinater"]
        c["latitud"], c["longitud"] = c["longitud"], c["latitud"]
    _edit_offices(demo_copy, edit)
    assert "outside Sweden" in _error(demo_copy)


def test_a_truncated_download_names_the_line(demo_copy):
    path = _office_file(demo_copy)
    path.write_bytes(path.read_bytes()[:700])
    msg = _error(demo_copy)
    assert "kontor.json" in msg and "not valid JSON" in msg and "row" in msg


def test_other_json_is_not_taken_for_offices(demo_copy):
    _office_file(demo_copy).write_text('{"results": []}', encoding="utf-8")
    assert "leverantorer" in _error(demo_copy)


def test_the_same_contract_twice_with_different_offices_is_an_error(demo_copy):
    def edit(pages):
        twin = json.loads(json.dumps(pages[0]["leverantorer"][0]))
        twin["adresser"] = twin["adresser"][:0]
        pages[-1]["leverantorer"].append(twin)
    _edit_offices(demo_copy, edit)
    assert "appears twice" in _error(demo_copy)


def test_overlapping_pages_with_the_same_entry_are_fine(demo_copy):
    def edit(pages):
        pages[-1]["leverantorer"].append(pages[0]["leverantorer"][0])
    _edit_offices(demo_copy, edit)
    assert len(parse_directory(str(demo_copy)).offices) == 18


def test_two_office_files_that_disagree_name_both(demo_copy):
    pages = json.loads(_office_file(demo_copy).read_text(encoding="utf-8"))
    entry = pages[0]["leverantorer"][0]
    entry["nyval_tillatet"] = not entry["nyval_tillatet"]
    (demo_copy / "kontor-2.json").write_text(json.dumps({"leverantorer": [entry]}),
                                             encoding="utf-8")
    msg = _error(demo_copy)
    assert "kontor.json" in msg and "kontor-2.json" in msg and entry["id"].__str__() in msg


@pytest.mark.parametrize(("file", "header", "row", "column", "words"), [
    ("status.csv", "KA-NUMMER,STATUS,DATUM", "99000101,avslutat,", "STATUS", "placeringsstopp"),
    ("status.csv", "KA-NUMMER,STATUS,DATUM", "99000101,aktivt,30/4", "DATUM", "2024-05-20"),
    ("nojdhet.csv", "KA-NUMMER,PERIOD,ANTAL SVAR,ANTAL NÖJDA", "99000101,2026-05,10,12",
     "ANTAL NÖJDA", "12 satisfied of 10"),
    ("nojdhet.csv", "KA-NUMMER,PERIOD,ANTAL SVAR,ANTAL NÖJDA", "99000101,maj,10,2",
     "PERIOD", "2026-05"),
    ("profiler.csv", "KA-NUMMER,SPRÅK,DISTANSMÖTEN,TILLGÄNGLIG LOKAL",
     "99000101,sv;arabiska,ja,ja", "SPRÅK", "arabiska"),
    ("profiler.csv", "KA-NUMMER,SPRÅK,DISTANSMÖTEN,TILLGÄNGLIG LOKAL",
     "99000101,sv,kanske,ja", "DISTANSMÖTEN", "kanske"),
])  # fmt: skip
def test_bad_cells_are_named_by_file_row_and_column(demo_copy, file, header, row, column,
                                                    words):
    (demo_copy / file).write_text(f"{header}\n99000102,{_ok(file)}\n{row}\n",
                                  encoding="utf-8")
    msg = _error(demo_copy)
    assert msg.startswith(f"{file}, row 3, column \"{column}\"") and words in msg
    assert "\n" not in msg


def _ok(file: str) -> str:
    return {"status.csv": "aktivt,", "nojdhet.csv": "2026-05,10,5",
            "profiler.csv": "sv,ja,ja"}[file]


def test_a_contract_listed_twice_in_one_status_file(demo_copy):
    (demo_copy / "status.csv").write_text("KA-NUMMER;STATUS\n99000101;aktivt\n99000101;hävt\n",
                                          encoding="utf-8")
    msg = _error(demo_copy)
    assert "row 3" in msg and "99000101" in msg and "also on row 2" in msg


def test_a_newer_dated_status_wins(demo_copy):
    (demo_copy / "status-2.csv").write_text(
        "KA-NUMMER,STATUS,DATUM\n99000106,aktivt,2026-06-01\n", encoding="utf-8")
    ds = parse_directory(str(demo_copy))
    assert ds.status["99000106"].status == "active"


def test_missing_files_mean_unknown_not_no(demo_copy):
    for name in ("profiler.csv", "status.csv", "nojdhet.csv", "kontor.json"):
        (demo_copy / name).unlink()
    ds = parse_directory(str(demo_copy))
    assert not ds.profiles and not ds.status and not ds.offices and not ds.accepts_new


def test_demo_world_is_rebuilt_exactly_by_its_command_and_its_index_is_fresh(tmp_path,
                                                                              monkeypatch):
    from chooser.build.demo import build
    from chooser.storage import load as datadir
    from tests.conftest import DEMO, unseal

    build(str(tmp_path / "demo"))
    for f in DEMO.iterdir():
        mine, committed = (tmp_path / "demo" / f.name).read_bytes(), f.read_bytes()
        if f.name == datadir.INDEX_NAME:  # all but the files' modification times
            import marshal

            (key, _, state, parts), (key2, _, state2, parts2) = unseal(mine), unseal(committed)
            assert (key, state) == (key2, state2)
            # the parts (the history) unpacked: marshal's bytes depend on reference counts
            assert [marshal.loads(p) for p in parts] == [marshal.loads(p) for p in parts2]
        else:
            assert mine == committed, f.name

    def no_parsing(*a, **k):
        raise AssertionError("the index should have been used")
    monkeypatch.setattr(datadir, "parse_directory", no_parsing)
    assert len(datadir.load_directory(str(DEMO)).contracts) == 19
