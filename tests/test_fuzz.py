"""Issue 17: a fuzz suite (hypothesis) over every reader and the command line's arguments.

What holds for any input:
- a reader returns data that keeps AF's rules, or raises DataError — one paragraph
  naming the file — and nothing else (no ValueError, KeyError, RecursionError …);
- bounded JSON returns a value or JsonLimit;
- a command exits 0, or 2 with one paragraph on stderr; never a traceback;
- a failed update leaves the current dataset as it was.

Examples are few per test (the suite runs in about a minute on the shared machine); the
seeds are random, so every run tries new inputs.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import os
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chooser.core.boundedjson import JsonLimit, loads
from chooser.core.errors import ChooserError, DataError
from chooser.sources.detect import read_source
from tests.conftest import AF, XLSX, read_rows

FEW = settings(max_examples=40, deadline=None,
               suppress_health_check=[HealthCheck.function_scoped_fixture,
                                      HealthCheck.too_slow])
RESULTS = read_rows(AF / "resultat-2026-05.csv")
WORK = Path(tempfile.mkdtemp(prefix="chooser-fuzz-"))

NASTY = st.sampled_from([
    "", " ", "-", "–", "nan", "NaN", "inf", "-inf", "1e999", "1e-999", "--5", "+5", "²",
    "٣", "１２", "9" * 5000, "0x10", "1_000", "1,5", "1.5", "-0", "Betyg saknas",
    "2026-13", "2099-05", "\x00", "\x1b]52;c;ZXZpbA==\x07", "\u202e", "'", '"', "\n",
])
CELL = st.one_of(NASTY, st.text(max_size=20), st.integers(-10**6, 10**12).map(str),
                 st.floats(allow_nan=True, allow_infinity=True).map(repr))


CONTROLS = {chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F),
                               *range(0x2066, 0x206A))}


def one_paragraph(exc: BaseException, file: str) -> None:
    text = str(exc)
    assert "\n" not in text and file in text, text


def _check_results(content) -> None:
    """What a reader let through keeps AF's rules."""
    for r in content.results:
        assert r.participants == sum(r.n) and all(x >= 0 for x in r.n)
        assert all(0 <= k <= n for k, n in zip(r.rr1, r.n, strict=True))
        assert all(0 <= k <= n for k, n in zip(r.rr2, r.n, strict=True))
        assert math.isfinite(r.weighted) and 0 <= r.weighted <= 2
        assert r.grade in (None, 1, 2, 3, 4)
        assert not (CONTROLS & set(r.supplier + r.area)), (r.supplier, r.area)


def _results_or_refused(path, name: str) -> None:
    """A damaged results file is refused in one paragraph naming ``name``, or read into
    results that hold together."""
    try:
        content = read_source(str(path))
    except DataError as exc:
        one_paragraph(exc, name)
    else:
        _check_results(content)


@FEW
@given(cells=st.lists(st.tuples(st.integers(0, len(RESULTS) - 1),
                                st.integers(0, len(RESULTS[0]) - 1), CELL),
                      min_size=1, max_size=4))
def test_the_results_reader_takes_any_cell(cells):
    rows = [list(r) for r in RESULTS]
    for row, col, value in cells:
        rows[row][col] = value
    path = WORK / "resultat.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    _results_or_refused(path, "resultat.csv")


@FEW
@given(data=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_as_a_source_file(data):
    for name in ("x.csv", "x.json", "x.xlsx"):
        path = WORK / name
        path.write_bytes(data)
        try:
            read_source(str(path))
        except DataError as exc:
            one_paragraph(exc, name)


XLSX_BYTES = XLSX.read_bytes()


@settings(max_examples=15, deadline=None)
@given(flips=st.lists(st.tuples(st.integers(0, len(XLSX_BYTES) - 1), st.integers(1, 255)),
                      min_size=1, max_size=5))
def test_a_damaged_workbook(flips):
    data = bytearray(XLSX_BYTES)
    for pos, x in flips:
        data[pos] ^= x
    path = WORK / "res.xlsx"
    path.write_bytes(bytes(data))
    _results_or_refused(path, "res.xlsx")


@settings(max_examples=15, deadline=None)
@given(member=st.sampled_from(["xl/worksheets/sheet2.xml", "xl/sharedStrings.xml",
                               "xl/workbook.xml", "[Content_Types].xml"]),
       cut=st.integers(0, 2000), junk=st.binary(max_size=50))
def test_damaged_xml_inside_a_workbook(member, cut, junk):
    path = WORK / "xml.xlsx"
    with zipfile.ZipFile(XLSX) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            body = zin.read(info)
            if info.filename == member:
                body = body[:cut] + junk + body[cut + len(junk):]
            z.writestr(info.filename, body)
    _results_or_refused(path, "xml.xlsx")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["leverantorer", "id", "namn", "adresser", "koordinater",
                         "latitud", "longitud", "nyval_tillatet", "total_count", "x"]),
        inner, max_size=5), max_leaves=30)


@FEW
@given(value=JSON)
def test_any_json_as_an_offices_file(value):
    import json

    path = WORK / "kontor.json"
    path.write_text(json.dumps({"leverantorer": [value]} if not isinstance(value, dict)
                               else value, allow_nan=True), encoding="utf-8")
    try:
        content = read_source(str(path))
    except DataError as exc:
        one_paragraph(exc, "kontor.json")
    else:
        for e in content.offices:
            assert e.ka.isascii() and e.ka.isdigit()
            assert all(55 <= o.lat <= 69.5 and 10 <= o.lon <= 24.5 for o in e.offices)


@FEW
@given(data=st.binary(max_size=300) | st.text(alphabet="[]{}\":,0123456789eE.-+ naNIfity",
                                              max_size=300).map(str.encode))
def test_bounded_json_returns_a_value_or_its_one_error(data):
    with contextlib.suppress(JsonLimit):
        loads(data, limit=200)


# --- the command line ---------------------------------------------------------------------

NUMBER = st.one_of(NASTY, st.integers(-10**25, 10**25).map(str),
                   st.floats(allow_nan=True, allow_infinity=True).map(repr))
OPTIONS = {
    "info": [("--json", None)],
    "areas": [("--json", None)],
    "places": [("--limit", NUMBER), ("--at", CELL), ("--json", None)],
    "rank": [("--max-km", NUMBER), ("--top", NUMBER), ("--level", CELL), ("--lang", CELL),
             ("--json", None), ("--remote", None)],
    "fallback": [("--reach-km", NUMBER), ("--reach-factor", NUMBER), ("--level", CELL)],
    "simulate": [("--capacity", NUMBER)],
}
WHERE = st.sampled_from([["--area", "Ludvika"], ["--place", "Grängesberg"],
                         ["--at", "60.15,15.19"]]) | st.tuples(
    st.sampled_from(["--area", "--place", "--at"]), CELL).map(list)


@st.composite
def command_lines(draw) -> list[str]:
    command = draw(st.sampled_from(sorted(OPTIONS)))
    argv = [command]
    if command in ("rank", "fallback"):
        argv += draw(WHERE)
    if command == "places":
        argv += [draw(st.sampled_from(["Ludvika", "771 30", "x"]) | CELL)]
    if command == "simulate":
        argv += ["--participants", draw(st.sampled_from(
            [str(AF / "resultat-2026-05.csv"), "/", "/no/such.csv", str(WORK)]))]
    for name, values in draw(st.lists(st.sampled_from(OPTIONS[command]), max_size=3,
                                      unique=True)):
        argv += [name] if values is None else [name, draw(values)]
    return argv


@settings(max_examples=60, deadline=None)
@given(argv=command_lines())
def test_any_command_line_exits_0_or_2_with_one_paragraph(argv):
    from chooser.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: a bad argument, or --help
            code = exc.code
    message = err.getvalue()
    assert code in (0, 2), (argv, code, message)
    assert "Traceback" not in message
    if code == 2:
        assert message.count("\n") == 1 and message.startswith("chooser"), (argv, message)
    assert "\x1b" not in out.getvalue() + message


# --- a failed update leaves the current dataset ---------------------------------------------

@pytest.fixture(scope="module")
def af_server():
    from chooser.storage.load import load_directory
    from chooser.storage.paths import snapshot_dir
    from tests.af_server import AFServer, make_pages

    with AFServer.start(make_pages(load_directory(snapshot_dir()))) as s:
        yield s


@pytest.fixture(scope="module")
def store_root(af_server, tmp_path_factory):
    from chooser.update import run

    root = tmp_path_factory.mktemp("fuzz-store") / "store"
    run.update(root=str(root), base_url=af_server.url, timeout=2, pause=0)
    return root


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.tuples(st.integers(1, len(RESULTS) - 1),
                                st.integers(0, len(RESULTS[0]) - 1), NASTY),
                      min_size=1, max_size=3))
def test_a_bad_file_in_an_update_changes_nothing(af_server, store_root, cells):
    from chooser.storage import store
    from chooser.update import run

    before = (store_root / store.POINTER).read_bytes()
    rows = [list(r) for r in RESULTS]
    for row, col, value in cells:
        rows[row][col] = value
    src = WORK / "from"
    src.mkdir(exist_ok=True)
    with open(src / "resultat.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    try:
        run.update(root=str(store_root), base_url=af_server.url, from_dir=str(src),
                   timeout=2, pause=0)
    except ChooserError as exc:
        assert "\n" not in str(exc)
        assert (store_root / store.POINTER).read_bytes() == before
    assert not [n for n in os.listdir(store_root / store.DATASETS) if n.startswith(".")]


LONG_RUNNING = {  # their numbers: parsed and range-checked before anything starts
    "update": ("--timeout", "--pause", "--deadline"),
    "kiosk": ("--idle",),
    "serve": ("--port", "--max-sessions"),
}


@settings(max_examples=60, deadline=None)
@given(command=st.sampled_from(sorted(LONG_RUNNING)), data=st.data())
def test_the_numbers_of_update_kiosk_and_serve(command, data):
    from chooser.cli.main import build_parser

    option = data.draw(st.sampled_from(LONG_RUNNING[command]))
    value = data.draw(NUMBER)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            args = build_parser(only=command).parse_args([command, option, value])
        except SystemExit as exc:
            assert exc.code == 2 and err.getvalue().count("\n") == 1, err.getvalue()
            assert option in err.getvalue()
            return
    got = getattr(args, option[2:].replace("-", "_"))
    assert math.isfinite(got) and 0 <= got <= 65535, (option, value, got)
