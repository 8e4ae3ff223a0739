"""Shared fixtures: the real AF files in tests/fixtures/af (copied unchanged from AF's
publications) and helpers to run the command line as a user would."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Keep the tests away from the user's own store and configuration (and theirs from us):
# every chooser process the tests start inherits these.
_HOME = __import__("tempfile").mkdtemp(prefix="chooser-test-home-")
os.environ["CHOOSER_HOME"] = _HOME
os.environ.pop("CHOOSER_DATA", None)
# chooser speaks the environment's language by default; the tests expect English unless
# they ask for another (a developer's LANG=sv_SE must not change what they see)
for _var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_var, None)
os.environ["LANG"] = "C.UTF-8"

# CI runs the property tests on a fixed sequence of examples: a landing must not depend on
# a lucky draw. On a developer's machine they keep drawing new ones (and replay any that
# failed), which is how they find what a fixed sequence never tries.
from hypothesis import settings as _hypothesis  # noqa: E402

_hypothesis.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    _hypothesis.load_profile("ci")


@pytest.fixture(autouse=True)
def _english_again():
    """The language is process-wide state; a test that changes it leaves English."""
    yield
    from chooser.text.i18n import set_locale

    set_locale("en")

FIXTURES = Path(__file__).parent / "fixtures"
AF = FIXTURES / "af"
REPO = Path(__file__).parent.parent
RESULT_CSVS = sorted(AF.glob("resultat-*.csv"))
XLSX = AF / "resultatuppfoljning-2026-01.xlsx"


def read_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def read_dicts(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def read_json(path: Path | str) -> dict:
    import json

    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="session")
def af_dataset():
    from chooser.storage.load import parse_directory

    return parse_directory(str(AF))


@pytest.fixture
def af_copy(tmp_path: Path) -> Path:
    """A private copy of the real AF files that a test may change."""
    dest = tmp_path / "af"
    dest.mkdir()
    for f in AF.iterdir():
        if f.suffix in (".csv", ".xlsx"):
            shutil.copy(f, dest / f.name)
    return dest


@pytest.fixture(scope="session")
def wide_grades_xlsx(tmp_path_factory) -> Path:
    """AF's own wide layout of the grade file (sheet "Betyg över tid"), made from the real
    long CSV: one row per contract, one column per publication, "Betyg saknas" for none."""
    import openpyxl

    from chooser.sources.periods import SWEDISH_MONTHS

    rows = read_dicts(AF / "betyg-historik.csv")
    periods = sorted({r["PERIOD"] for r in rows})
    by_ka: dict[str, dict] = {}
    for r in rows:
        by_ka.setdefault(r["KA-NUMMER"], {"r": r})[r["PERIOD"]] = r["BETYG"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Betyg över tid"
    ws.append(["Leverantörsnamn", "Leveransområde", "Af Region", "Ka-Nummer",
               *(f"{SWEDISH_MONTHS[int(p[5:]) - 1]} {p[:4]}" for p in periods)])
    for ka, d in by_ka.items():
        r = d["r"]
        ws.append([r["LEVERANTÖRNAMN"], r["LEVERANSOMRÅDE"], r["AF REGION"], int(ka),
                   *((int(d[p]) if d.get(p) else "Betyg saknas") for p in periods)])
    path = tmp_path_factory.mktemp("wide") / "Betyg över tid.xlsx"
    wb.save(path)
    return path


def run_cli(*args: str, env: dict | None = None,
            stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run chooser as a separate process, as a user or a script would."""
    e = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "chooser", *args], capture_output=True,
                          text=True, env=e, cwd=REPO, timeout=120,
                          input="" if stdin is None else stdin)


DEMO = REPO / "data" / "demo"


@pytest.fixture(scope="session")
def demo_dataset():
    """The fictional demo world, parsed from its files (not its index)."""
    from chooser.storage.load import parse_directory

    return parse_directory(str(DEMO))


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A private copy of the demo world's source files that a test may change."""
    dest = tmp_path / "demo"
    dest.mkdir()
    for f in DEMO.iterdir():
        if f.suffix in (".csv", ".json") and f.name != "manifest.json":
            shutil.copy(f, dest / f.name)
    return dest


def unseal(data: bytes) -> tuple | None:
    """The entry (key, stat key, state, parts) of a whole keyed file
    (chooser.storage.index), or None when it is not intact: its head or any of its parts.
    Commands read the head at once and each part when it is needed; the tests check a
    whole file at once."""
    import zlib

    from chooser.storage.index import _HEAD, _head

    size = int.from_bytes(data[8:12], "big")
    base = _HEAD + size
    found = _head(data[:_HEAD], memoryview(data)[_HEAD:base])
    if found is None:
        return None
    entry, table = found
    if len(data) != base + sum(n for _o, n, _c in table):
        return None
    view = memoryview(data)
    if any(zlib.crc32(view[base + o:base + o + n]) != c for o, n, c in table):
        return None
    return (*entry, tuple(bytes(view[base + o:base + o + n]) for o, n, _c in table))


def clean_failure(p: subprocess.CompletedProcess, code: int = 2, *expect: str) -> str:
    """A command that failed as chooser must: exit ``code``, no traceback, one paragraph
    on stderr holding every one of ``expect``; that paragraph."""
    assert p.returncode == code, (p.returncode, p.stdout[:300], p.stderr[-800:])
    assert "Traceback" not in p.stderr, p.stderr
    message = p.stderr.strip()
    assert "\n" not in message, message
    for e in expect:
        assert e in message, message
    return message
