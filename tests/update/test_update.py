"""`chooser update` against a real HTTP server on 127.0.0.1 (tests/af_server.py), with
faults injected. After every fault: the previous dataset is intact and current, the
message names the URL and what was wrong, and the exit code is non-zero."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chooser.cli.main import main
from chooser.storage import store
from chooser.storage.load import load_directory
from chooser.storage.paths import snapshot_dir
from tests.af_server import AFServer, make_pages
from tests.conftest import AF, REPO, XLSX


@pytest.fixture(scope="module")
def pages():
    return make_pages(load_directory(snapshot_dir()))


@pytest.fixture(scope="module")
def server(pages):
    files = {f.name: f.read_bytes() for f in AF.iterdir() if f.suffix in (".csv", ".xlsx")}
    with AFServer.start(pages, files) as s:
        yield s


@pytest.fixture
def af(server, pages):
    """The server with no faults and the standard pages, for each test."""
    server.faults.clear()
    server.log.clear()
    server.pages = [json.dumps(p, ensure_ascii=False).encode() for p in pages]
    server.delay = 0.0
    server.slow_seconds = 3.0
    return server


def update(capsys, root: Path, af: AFServer, *extra: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["update", "--store", str(root), "--base-url", af.url, "--pause", "0",
                 "--timeout", "1", *extra])
    out, err = capsys.readouterr()
    return code, out, err


def current_name(root: Path) -> str:
    return (root / store.POINTER).read_text().strip()


@pytest.fixture
def updated(capsys, tmp_path, af) -> Path:
    """A store that has had one good update."""
    root = tmp_path / "store"
    code, _out, err = update(capsys, root, af)
    assert code == 0, err
    return root


def test_update_builds_a_dataset_that_ranking_uses(capsys, updated, af):
    ds = load_directory(str(updated))  # a store works wherever a data directory does
    assert ds.origin == "update" and len(ds.offices) == 756
    assert sum(len(o) for o in ds.offices.values()) > 756
    manifest = json.loads((Path(ds.directory) / "manifest.json").read_text())
    assert manifest["files"]["kontor.json"]["origin"].startswith(af.url)
    assert manifest["files"]["kontor.json"]["pages"] == 38
    # results carried over from the snapshot, saying so
    assert manifest["files"]["resultat-2026-01.csv"]["origin"] == \
        "resultatuppfoljning-2026-01.xlsx"
    ranked = subprocess.run(
        [sys.executable, "-m", "chooser", "--data", str(updated), "rank", "--at",
         "60.15,15.19", "--level", "B", "--json"],
        capture_output=True, text=True, cwd=REPO, timeout=60)
    assert ranked.returncode == 0, ranked.stderr
    rows = json.loads(ranked.stdout)["ranked"]
    assert rows and all(r["distance_km"] is not None for r in rows)
    assert rows == sorted(rows, key=lambda r: r["rank"])
    info = subprocess.run([sys.executable, "-m", "chooser", "--data", str(updated), "info",
                           "--json"], capture_output=True, text=True, cwd=REPO, timeout=60)
    d = json.loads(info.stdout)["dataset"]
    assert d["kind"] == "update" and d["fetched_at"].endswith("Z")
    assert d["path"] == ds.directory
    # the offices now confirm where municipalities belong
    assert ds.precomputed is not None and ds.precomputed.office_areas
    places = subprocess.run([sys.executable, "-m", "chooser", "--data", str(updated),
                             "places", "Ludvika", "--json"],
                            capture_output=True, text=True, cwd=REPO, timeout=60)
    assert json.loads(places.stdout)["matches"][0]["area_source"] == "offices"


def test_the_default_dataset_is_the_users_store_once_updated(capsys, tmp_path, af):
    env = {**os.environ, "CHOOSER_HOME": str(tmp_path / "home")}
    cmd = [sys.executable, "-m", "chooser", "info"]
    before = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)
    assert "Data: embedded snapshot" in before.stdout
    done = subprocess.run([*cmd[:3], "update", "--base-url", af.url, "--pause", "0"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    after = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)
    assert "Data: updated dataset, fetched 20" in after.stdout
    assert str(tmp_path / "home" / "data" / "datasets") in after.stdout


def test_unchanged_sources_are_not_downloaded_again(capsys, updated, af):
    before = current_name(updated)
    af.log.clear()
    code, out, _err = update(capsys, updated, af)
    assert code == 0 and "Nothing has changed" in out
    assert current_name(updated) == before
    pages = af.requests_to("/rest/")
    assert pages and all("If-None-Match" in h for _p, h in pages)


def test_a_changed_page_makes_a_new_dataset_and_old_ones_are_pruned(capsys, updated, af,
                                                                    pages):
    first = current_name(updated)
    names = [first]
    for i in range(3):
        changed = json.loads(json.dumps(pages[0]))
        changed["leverantorer"][0]["adresser"][0]["adressrad"] = f"Nygatan {i}"
        af.pages[0] = json.dumps(changed).encode()
        time.sleep(1.01)  # dataset names carry a timestamp in seconds
        code, out, err = update(capsys, updated, af)
        assert code == 0 and "Updated" in out, err
        names.append(current_name(updated))
    assert len(set(names)) == 4
    assert store.datasets(str(updated)) == names[1:]  # the last three kept


def test_a_503_is_retried_and_then_succeeds(capsys, tmp_path, af):
    af.fault("page", 2, "503", times=2)
    code, _out, err = update(capsys, tmp_path / "s", af)
    assert code == 0, err
    assert len(af.requests_to("/rest/rusta-och-matcha-2/sokleverantor/v2/leverantorer?sida=2&"
                              )) == 3


FAULTS = [
    # (target, which, kind, words the message must contain)
    ("page", 3, "500", ["sida=3", "500", "tried 3 times"]),
    ("page", 2, "slow", ["sida=2", "timeout"]),
    ("page", 2, "trickle", ["sida=2", "still arriving"]),
    ("page", 4, "cut", ["sida=4", "broke off"]),
    ("page", 1, "badjson", ["sida=1", "not valid JSON"]),
    ("page", 5, "renamed", ["sida=5", "adresser"]),
    ("page", 1, "html", ["sida=1", "HTML page"]),
    ("page", 2, "huge", ["sida=2", "grew past"]),
    ("page", 2, "huge-declared", ["sida=2", "50000.0 MB"]),
    ("page", 3, "redirect-loop", ["sida=3", "redirect"]),
    ("page", 2, "same-page", ["sida=2", "same suppliers as page 1"]),
]


@pytest.mark.parametrize("target, which, kind, words", FAULTS, ids=[f[2] for f in FAULTS])
def test_after_a_fault_the_previous_dataset_stays(capsys, updated, af, target, which, kind,
                                                  words):
    before = current_name(updated)
    af.slow_seconds = 2.5
    af.fault(target, which, kind)
    started = time.monotonic()
    code, out, err = update(capsys, updated, af)
    assert code != 0 and not out
    assert "Traceback" not in err and err.count("\n") == 1, err  # one paragraph
    for w in words:
        assert w in err, (w, err)
    assert af.url in err and f"The current dataset is unchanged: {before}." in err
    assert time.monotonic() - started < 30
    assert current_name(updated) == before
    assert load_directory(str(updated)).origin == "update"
    assert not [n for n in os.listdir(updated / "datasets") if n.startswith(".")]


def _config(tmp_path: Path, af: AFServer, files: list[str]) -> str:
    path = tmp_path / "config.toml"
    path.write_text("[update]\nfiles = [" + ", ".join(json.dumps(f) for f in files) + "]\n",
                    encoding="utf-8")
    return str(path)


def _af_file_urls(af: AFServer) -> list[str]:
    return [af.file_url(f.name) for f in sorted(AF.iterdir()) if f.suffix in (".csv", ".xlsx")]


def test_results_and_grades_from_configured_urls(capsys, tmp_path, af):
    root = tmp_path / "s"
    code, _out, err = update(capsys, root, af, "--config", _config(tmp_path, af,
                                                                   _af_file_urls(af)))
    assert code == 0, err
    ds = load_directory(str(root))
    assert ds.period == "2026-05" and len(ds.contracts) == 756
    xlsx_source = next(s for s in ds.sources if s.file == XLSX.name)
    assert xlsx_source.origin == af.file_url(XLSX.name) and xlsx_source.fetched_at


def test_an_xlsx_that_is_not_a_zip(capsys, tmp_path, af):
    cfg = _config(tmp_path, af, _af_file_urls(af))
    root = tmp_path / "s"
    assert update(capsys, root, af, "--config", cfg)[0] == 0
    before = current_name(root)
    af.fault("file", XLSX.name, "notzip")
    code, _out, err = update(capsys, root, af, "--config", cfg)
    assert code != 0 and XLSX.name in err and af.file_url(XLSX.name) in err
    assert "Traceback" not in err and current_name(root) == before


def test_an_html_page_instead_of_a_csv_file(capsys, tmp_path, af):
    cfg = _config(tmp_path, af, _af_file_urls(af))
    af.fault("file", "resultat-2026-05.csv", "html")
    code, _out, err = update(capsys, tmp_path / "s", af, "--config", cfg)
    assert code != 0 and af.file_url("resultat-2026-05.csv") in err
    assert "No update has succeeded yet" in err


def test_from_dir_takes_the_files_and_offices_still_come_from_the_server(capsys, tmp_path,
                                                                          af):
    root = tmp_path / "s"
    code, _out, err = update(capsys, root, af, "--from", str(AF))
    assert code == 0, err
    ds = load_directory(str(root))
    assert len(ds.offices) == 756 and ds.period == "2026-05"
    assert {s.file for s in ds.sources} >= {XLSX.name, "betyg-historik.csv", "kontor.json"}


def test_a_dataset_that_lost_most_contracts_is_refused(capsys, updated, af, pages):
    before = current_name(updated)
    few = [json.loads(json.dumps(pages[0]))]
    few[0]["total_count"] = len(few[0]["leverantorer"])
    af.pages = [json.dumps(few[0]).encode()]
    code, _out, err = update(capsys, updated, af)
    assert code != 0 and "offices for 20 contracts where the current dataset has 756" in err
    assert current_name(updated) == before
    code, _out, err = update(capsys, updated, af, "--accept-shrink")
    assert code == 0, err


def test_a_second_update_waits_for_none_and_changes_nothing(capsys, updated, af):
    before = current_name(updated)
    with store.Lock(str(updated)):
        code, _out, err = update(capsys, updated, af)
    assert code == 75 and "another update of this store is running" in err
    assert current_name(updated) == before


def _spawn_update(root: Path, af: AFServer) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "chooser", "update", "--store", str(root), "--base-url",
         af.url, "--pause", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=REPO)


def test_two_updates_started_at_once(tmp_path, af):
    af.delay = 0.05
    root = tmp_path / "s"
    a, b = _spawn_update(root, af), _spawn_update(root, af)
    results = [(*p.communicate(timeout=120), p.returncode) for p in (a, b)]
    codes = sorted(r[2] for r in results)
    assert codes == [0, 75], results
    busy = next(r for r in results if r[2] == 75)
    assert "another update of this store is running" in busy[1]
    assert len(store.datasets(str(root))) == 1
    assert load_directory(str(root)).origin == "update"


def test_a_kill_during_an_update_leaves_the_current_dataset_usable(capsys, updated, af,
                                                                   pages):
    before = current_name(updated)
    changed = json.loads(json.dumps(pages[0]))
    changed["leverantorer"][0]["namn"] = "Nytt namn AB"
    af.pages[0] = json.dumps(changed).encode()
    af.delay = 0.2  # ~8 s for all pages: time to kill it halfway
    af.log.clear()
    p = _spawn_update(updated, af)
    deadline = time.monotonic() + 30
    while len(af.requests_to("/rest/")) < 10 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [n for n in os.listdir(updated / "datasets") if n.startswith(".partial")]
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=10)
    assert current_name(updated) == before
    assert load_directory(str(updated)).origin == "update"
    af.delay = 0.0
    code, out, err = update(capsys, updated, af)  # the next update cleans up and succeeds
    assert code == 0 and "Updated" in out, err
    assert not [n for n in os.listdir(updated / "datasets") if n.startswith(".")]
    assert current_name(updated) != before


def test_bad_configuration_is_named_by_file_and_field(capsys, tmp_path, af):
    cfg = tmp_path / "config.toml"
    cfg.write_text('[update]\ntimeout = "soon"\n', encoding="utf-8")
    code, _out, err = update(capsys, tmp_path / "s", af, "--config", str(cfg))
    assert code == 2 and str(cfg) in err and "[update] timeout" in err and "soon" in err
    cfg.write_text("[update\n", encoding="utf-8")
    code, _out, err = update(capsys, tmp_path / "s", af, "--config", str(cfg))
    assert code == 2 and "not valid TOML" in err


def test_an_unreachable_server_fails_fast(capsys, tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.monotonic()
    code = main(["update", "--store", str(tmp_path / "s"), "--base-url",
                 f"http://127.0.0.1:{port}", "--pause", "0", "--timeout", "1"])
    err = capsys.readouterr().err
    assert code == 3 and "could not connect" in err and f"127.0.0.1:{port}" in err
    assert time.monotonic() - started < 15


@pytest.mark.parametrize("env", [
    {}, {"XDG_DATA_HOME": "/x/data", "XDG_CONFIG_HOME": "/x/config"},
    {"XDG_DATA_HOME": "relative/path", "XDG_CONFIG_HOME": ""}, {"HOME": "/home/someone"},
])
def test_locations_agree_with_platformdirs(monkeypatch, env):
    import platformdirs

    from chooser.storage import userdirs as locations

    monkeypatch.delenv("CHOOSER_HOME", raising=False)
    for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(k, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert locations.user_data_dir() == platformdirs.user_data_dir("chooser", appauthor=False)
    assert locations.user_config_dir() == platformdirs.user_config_dir("chooser",
                                                                       appauthor=False)


def test_two_datasets_in_one_second_get_different_names(tmp_path):
    from chooser.storage import store

    first = store.new_name(str(tmp_path), now=1_800_000_000)
    (tmp_path / "datasets" / first).mkdir(parents=True)
    second = store.new_name(str(tmp_path), now=1_800_000_000)
    assert second != first and second.startswith(first) and sorted([first, second])[0] == first
