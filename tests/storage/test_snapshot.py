"""The embedded snapshot is AF's real data, rebuildable by the kept command, and its index
is fresh (or else ignored)."""

from __future__ import annotations

import shutil
from pathlib import Path

from chooser.build.snapshot import build
from chooser.storage import index
from chooser.storage import load as datadir
from chooser.storage.load import INDEX_NAME, load_directory, parse_directory
from chooser.storage.paths import snapshot_dir
from tests.conftest import AF, read_json


def test_snapshot_is_the_real_af_data(af_dataset):
    snap = parse_directory(snapshot_dir())
    assert snap.same_data(af_dataset)
    assert snap.origin == "snapshot" and snap.period == "2026-05"


def test_committed_index_is_fresh_and_used(monkeypatch):
    def no_parsing(*a, **k):
        raise AssertionError("the index should have been used")
    monkeypatch.setattr(datadir, "parse_directory", no_parsing)
    ds = load_directory(snapshot_dir())
    assert len(ds.contracts) == 756
    monkeypatch.undo()
    assert ds.same_data(parse_directory(snapshot_dir()))


def test_build_reproduces_the_snapshot(tmp_path, af_dataset):
    manifest = build(str(AF), str(tmp_path / "snap"), today="2026-11-21")
    committed = read_json(f"{snapshot_dir()}/manifest.json")
    assert manifest["built_from"] == committed["built_from"]
    assert manifest["files"] == committed["files"]
    for name in manifest["files"]:
        committed_file = Path(snapshot_dir()) / name
        assert (tmp_path / "snap" / name).read_bytes() == committed_file.read_bytes(), name
    assert load_directory(str(tmp_path / "snap")).same_data(af_dataset)


def test_a_stale_index_is_ignored(tmp_path):
    d = tmp_path / "snap"
    shutil.copytree(snapshot_dir(), d)
    path = d / "resultat-2026-05.csv"
    text = path.read_text(encoding="utf-8")
    first_ka = text.splitlines()[1].split(",")[3]
    path.write_text(text.replace(",0.241,", ",0.242,", 1), encoding="utf-8")
    ds = load_directory(str(d))
    assert ds.by_ka["10074736"].weighted == 0.242 and first_ka
    (d / INDEX_NAME).write_bytes(b"garbage")
    assert load_directory(str(d)).by_ka["10074736"].weighted == 0.242


def test_snapshot_needs_nothing_outside_the_repo():
    manifest = read_json(f"{snapshot_dir()}/manifest.json")
    assert manifest["kind"] == "snapshot"
    for name in manifest["files"]:
        assert (AF.parent.parent.parent / "data" / "snapshot" / name).exists()


def test_index_survives_new_modification_times_when_the_content_is_the_same(
        tmp_path, monkeypatch):
    """A fresh clone gives every file a new mtime: the checksums decide, and they agree.
    A same-size edit is caught by its new mtime (test above)."""
    import os

    d = tmp_path / "snap"
    shutil.copytree(snapshot_dir(), d)
    for f in d.iterdir():
        os.utime(f, ns=(1_000_000_000, 1_000_000_000))

    def no_parsing(*a, **k):
        raise AssertionError("the index should have been used")
    monkeypatch.setattr(datadir, "parse_directory", no_parsing)
    assert len(load_directory(str(d)).contracts) == 756
    # …and the index now records the new times, so the next load skips the checksums
    monkeypatch.setattr(index, "fingerprint", no_parsing)
    assert len(load_directory(str(d)).contracts) == 756
    assert index.stat_key(str(d), datadir.source_files(str(d))) != index.stat_key(
        snapshot_dir(), datadir.source_files(snapshot_dir()))
