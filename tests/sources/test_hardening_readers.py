"""Issue 17, groups 2–4: bad AF data is refused at the reader with AF's own rules, as one
paragraph naming file, row and column, exit 2 — never a traceback, never silently wrong."""

from __future__ import annotations

import csv
import re
import zipfile

import pytest

from tests.conftest import AF, XLSX, clean_failure, read_rows, run_cli

RESULTS = AF / "resultat-2026-05.csv"
HEADER = read_rows(RESULTS)[0]
COL = {h: i for i, h in enumerate(HEADER)}


def _results(tmp_path, change) -> str:
    d = tmp_path / "data"
    d.mkdir()
    rows = read_rows(RESULTS)
    change(rows)
    with open(d / "resultat.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return str(d)


def _set(row: int, column: str, value: str):
    """Spreadsheet row ``row`` (header = 1)."""
    return lambda rows: rows[row - 1].__setitem__(COL[column], value)


def refused(*args: str, expect: tuple[str, ...] = ()) -> str:
    return clean_failure(run_cli(*args), 2, *expect)


def _level_b_overflow(rows):
    r = rows[1]
    r[COL["ANTAL RR1 NIVÅ B"]] = str(int(r[COL["ANTAL DELTAGARE NIVÅ B"]]) + 50)


@pytest.mark.parametrize("command", [("info", "--json"), ("rank", "--area", "Avesta-Hedemora",
                                                          "--level", "B")])
def test_rr1_above_the_levels_participants(tmp_path, command):
    d = _results(tmp_path, _level_b_overflow)
    refused(*command, "--data", d, expect=("resultat.csv", "row 2", "ANTAL RR1 NIVÅ B"))


@pytest.mark.parametrize(("column", "value", "words"), [
    ("ANTAL RR1 NIVÅ A", "-3", "negative"),
    ("ANTAL RR1 NIVÅ A", "--5", '"--5"'),
    ("ANTAL RR1 NIVÅ A", "²", '"²"'),
    pytest.param("ANTAL RR1 NIVÅ A", "9" * 5000, "digits", id="5000-digits"),
    ("ANTAL RR1 NIVÅ A", "2.5", "whole"),
    ("VIKTAT RESULTATMÅTT", "nan", "VIKTAT"),
    ("VIKTAT RESULTATMÅTT", "inf", "VIKTAT"),
    ("VIKTAT RESULTATMÅTT", "1e999", "VIKTAT"),
    ("VIKTAT RESULTATMÅTT", "5", "0 and 2"),
    ("VIKTAT RESULTATMÅTT", "-0.1", "0 and 2"),
    ("PERIOD", "2099-05", "future"),
])
def test_a_bad_count_or_measure_is_named(tmp_path, column, value, words):
    d = _results(tmp_path, _set(2, column, value))
    refused("info", "--data", d, expect=("row 2", column, words))


def test_negative_participants(tmp_path):
    def change(rows):
        r = rows[1]
        for c in COL:
            if c.startswith("ANTAL "):
                r[COL[c]] = "0"
        r[COL["ANTAL DELTAGARE NIVÅ A"]] = r[COL["ANTAL DELTAGARE"]] = "-4"
    refused("info", "--data", _results(tmp_path, change), expect=("row 2", "negative"))


def test_a_duplicated_column_is_refused(tmp_path):
    def change(rows):
        rows[0].append("BETYG")
        for r in rows[1:]:
            r.append("1")
    refused("info", "--data", _results(tmp_path, change), expect=('"BETYG"', "twice"))


def test_rr2_above_rr1_is_allowed_as_af_publishes_it(tmp_path):
    """AF's quirk: a few real rows have RR2 > RR1 at a level (a first report approved
    after the second); such a row still loads."""
    def quirk(rows):
        r = rows[1]
        r[COL["ANTAL RR1 NIVÅ B"]], r[COL["ANTAL RR2 NIVÅ B"]] = "1", "3"
    p = run_cli("info", "--data", _results(tmp_path, quirk))
    assert p.returncode == 0, p.stderr


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    """60 MB of zeros in one member: a 60 kB file that openpyxl would inflate whole."""
    d = tmp_path / "bomb"
    d.mkdir()
    with zipfile.ZipFile(XLSX) as zin, zipfile.ZipFile(d / "res.xlsx", "w",
                                                        zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
        zout.writestr("xl/media/padding.bin", bytes(60_000_000))
    assert (d / "res.xlsx").stat().st_size < 2_000_000
    import resource
    import subprocess
    import sys

    limit = 400_000_000  # address space: the inflated member alone would not fit beside
    p = subprocess.run([sys.executable, "-m", "chooser", "info", "--data", str(d)],
                       capture_output=True, text=True, timeout=60,
                       preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS,
                                                             (limit * 4, limit * 4)))
    assert p.returncode == 2 and "Traceback" not in p.stderr, p.stderr
    assert "inflate" in p.stderr and "res.xlsx" in p.stderr


# --- xlsx ------------------------------------------------------------------------------

def _xlsx(tmp_path, change_member=None, name="res.xlsx") -> str:
    d = tmp_path / "x"
    d.mkdir()
    with zipfile.ZipFile(XLSX) as zin, zipfile.ZipFile(d / name, "w",
                                                        zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if change_member:
                data = change_member(info.filename, data)
            zout.writestr(info.filename, data)
    return str(d)


def test_a_stale_dimension_still_reads_every_row(tmp_path):
    import json

    def stale(name, data):
        if name == "xl/worksheets/sheet2.xml":
            return re.sub(rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:AB100"/>', data,
                          count=1)
        return data
    d = _xlsx(tmp_path, stale)
    p = run_cli("info", "--json", "--data", d)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["contracts"] == 925  # every row of AF's sheet, not 99


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
                     .encode() for i in range(1, 10))
          + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b"<si><t>&lol9;</t></si></sst>")
XXE = (b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
       b"<si><t>&xxe;</t></si></sst>")


@pytest.mark.parametrize(("member", "replace", "words"), [
    ("xl/worksheets/sheet2.xml", lambda b: b[:-50], "XML"),
    ("xl/sharedStrings.xml", lambda b: LAUGHS, "XML"),
    ("xl/sharedStrings.xml", lambda b: XXE, "XML"),
])
def test_bad_xml_inside_an_xlsx_is_a_data_error(tmp_path, member, replace, words):
    d = _xlsx(tmp_path, lambda n, b: replace(b) if n == member else b)
    refused("info", "--data", d, expect=("res.xlsx", words))
