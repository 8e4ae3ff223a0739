"""Issue 17, group 6 and the store's survival: an update ends within its deadline and its
page cap whatever the server does, survives a full disk or a file-size limit, repairs a
broken ``current``, and leaves no partial dataset behind — against a real local server."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chooser.cli.main import main
from chooser.storage import store
from chooser.storage.load import load_directory
from chooser.storage.paths import snapshot_dir
from chooser.update import run
from chooser.update.fetch import FetchError
from tests.af_server import AFServer, make_pages
from tests.conftest import REPO


@pytest.fixture(scope="module")
def pages():
    return make_pages(load_directory(snapshot_dir()))


@pytest.fixture
def af(pages):
    with AFServer.start(pages) as s:
        yield s


def _update(capsys, root: Path, af: AFServer, *extra: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["update", "--store", str(root), "--base-url", af.url, "--pause", "0",
                 "--timeout", "1", *extra])
    return code, capsys.readouterr().err


def _partials(root: Path) -> list[str]:
    base = root / store.DATASETS
    return [n for n in os.listdir(base) if n.startswith(".")] if base.exists() else []


@pytest.fixture
def updated(capsys, tmp_path, af) -> Path:
    root = tmp_path / "store"
    code, err = _update(capsys, root, af)
    assert code == 0, err
    return root


def test_one_deadline_bounds_the_whole_update(updated, af):
    """Every answer is slow but within its timeout: only the deadline ends it."""
    before = (updated / store.POINTER).read_text()
    af.delay = 0.25  # × ~38 pages ≈ 10 s without a deadline
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"deadline of 1\.5 s"):
        run.update(root=str(updated), base_url=af.url, timeout=1, pause=0, deadline=1.5)
    assert time.monotonic() - started < 3.5
    assert (updated / store.POINTER).read_text() == before and not _partials(updated)


def test_an_endlessly_paging_server_is_stopped_by_the_page_cap(capsys, updated, af, pages):
    af.endless = True
    af.log.clear()
    started = time.monotonic()
    code, err = _update(capsys, updated, af)
    cap = 5 * len(pages)  # 5 × what the current dataset's contracts fill, 20 a page
    assert code == 3 and f"still answering suppliers after {cap} pages" in err, err
    assert len(af.requests_to("/rest")) == cap
    assert time.monotonic() - started < 30 and not _partials(updated)


def test_a_trickling_answer_is_not_retried(capsys, updated, af):
    af.fault("page", 2, "trickle")
    af.log.clear()
    started = time.monotonic()
    code, err = _update(capsys, updated, af)
    assert code == 3 and "still arriving" in err
    assert time.monotonic() - started < 2 * 1 + 1.5  # once 2 × the timeout, not twice
    assert len([r for r in af.requests_to("/rest") if "sida=2&" in r[0]]) == 1


def test_a_file_size_limit_midway_changes_nothing(updated, af):
    """RLIMIT_FSIZE makes the kernel refuse the offices file (EFBIG), as a full disk
    refuses it with ENOSPC: the same error path."""
    before = (updated / store.POINTER).read_text()
    limit = 64_000  # the offices file is ~300 kB; the lock and the pointer are tiny
    p = subprocess.run(
        [sys.executable, "-m", "chooser", "update", "--store", str(updated), "--base-url",
         af.url, "--pause", "0", "--timeout", "2"], capture_output=True, text=True,
        cwd=REPO, timeout=120,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)))
    assert p.returncode == 3, p.stderr
    assert "Traceback" not in p.stderr and p.stderr.count("\n") == 1, p.stderr
    assert "file-size limit" in p.stderr and "unchanged" in p.stderr
    assert (updated / store.POINTER).read_text() == before and not _partials(updated)


@pytest.mark.parametrize("pointer", [b"\xff\xfe", None, b"../../etc\n"])
def test_update_repairs_a_broken_current_pointer(capsys, updated, af, pointer):
    (updated / store.POINTER).unlink()
    if pointer is None:
        (updated / store.POINTER).mkdir()
    else:
        (updated / store.POINTER).write_bytes(pointer)
    p = main(["info", "--data", str(updated)])
    assert p == 2 and "current" in capsys.readouterr().err
    af.pages = [json.dumps(pg).encode() for pg in make_pages(load_directory(
        snapshot_dir()), seed=8)]  # other offices: a new dataset, not "unchanged"
    code, err = _update(capsys, updated, af)
    assert code == 0, err
    assert store.current(str(updated)) is not None
    assert load_directory(str(updated)).origin == "update"
    if pointer is None:  # moved aside, not deleted
        assert [n for n in os.listdir(updated) if n.startswith("current.broken-")]


@pytest.mark.parametrize("where", ["under-a-file", "proc"])
def test_a_store_that_cannot_be_written(capsys, tmp_path, af, where):
    f = tmp_path / "file"
    f.write_text("x")
    root = f / "store" if where == "under-a-file" else Path("/proc/chooser-store")
    code, err = _update(capsys, root, af)
    assert code == 2 and "cannot be written" in err and err.count("\n") == 1, err
    assert "Traceback" not in err


@pytest.mark.parametrize("index", [b"[" * 100_000 + b"]" * 100_000,
                                   b'{"x": ' + b"9" * 5000 + b"}",
                                   b'{"http://x/": {"file": "../../etc/passwd", "sha256": "0"}}',
                                   b"\xff\xfe"], ids=["deep", "digits", "traversal", "bytes"])
def test_a_damaged_http_cache_index_costs_only_a_full_download(capsys, updated, af, index):
    (updated / "http-cache").mkdir(exist_ok=True)
    (updated / "http-cache" / "index.json").write_bytes(index)
    af.pages = [json.dumps(pg).encode() for pg in make_pages(load_directory(
        snapshot_dir()), seed=9)]
    code, err = _update(capsys, updated, af)
    assert code == 0, err
