"""Readers for AF's real formats, each detected by content; the input variants Swedish
Excel produces must read to exactly the same data."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from chooser.sources.detect import read_source
from tests.conftest import AF, RESULT_CSVS, XLSX, read_dicts, read_rows


def test_results_csv_reads_afs_values_exactly():
    c = read_source(str(AF / "resultat-2026-05.csv"))
    assert c.kinds == ["results"]
    assert len(c.results) == 756
    row = next(r for r in c.results if r.ka == "10074736")
    assert row.supplier == "AB Ability Coaching" and row.area == "Avesta-Hedemora"
    assert row.start_date == "2024-05-20" and row.active_22m is True
    assert row.grade == 2 and row.weighted == 0.241
    assert row.at_risk is None  # AF left RISKERAR HÄVNING blank in 2026-05: not "Nej"
    assert row.participants == 33 and row.n == (4, 14, 15)
    assert row.rr1 == (2, 4, 3) and row.rr2 == (2, 4, 1)


def test_missing_grade_is_none_never_zero():
    for path in RESULT_CSVS:
        raw = read_dicts(path)
        dashes = {r["KA-NUMMER"] for r in raw if r["BETYG"] == "-"}
        rows = {r.ka: r for r in read_source(str(path)).results}
        assert dashes and all(rows[ka].grade is None for ka in dashes)
        assert all(r.grade in (None, 1, 2, 3, 4) for r in rows.values())


def test_at_risk_published_periods_are_booleans():
    rows = read_source(str(AF / "resultat-2026-03.csv")).results
    assert sum(r.at_risk is True for r in rows) == 117
    assert sum(r.at_risk is False for r in rows) == 683


def test_ka_numbers_are_strings_even_from_xlsx_integers():
    c = read_source(str(XLSX))
    assert all(isinstance(r.ka, str) and r.ka.isdigit() for r in c.results)


def test_xlsx_results_and_calculator_sheet():
    c = read_source(str(XLSX))
    assert c.kinds == ["results", "weights"]
    assert len(c.results) == 925  # 933 sheet rows less AF's 8 empty trailing rows
    assert {r.period for r in c.results} == {"2026-01"}
    assert c.weights[0].period == "2026-01"
    assert c.weights[0].a == pytest.approx(0.701796721753682)
    first = next(r for r in c.results if r.ka == "10072975")
    assert first.grade is None and first.at_risk is True and first.weighted == 0.165


def test_grade_history_long_csv():
    c = read_source(str(AF / "betyg-historik.csv"))
    assert c.kinds == ["grades"]
    assert len(c.grades) == 8847
    assert sum(g.grade is None for g in c.grades) == 2168
    assert {g.region for g in c.grades} == {"Mitt", "Väst", "Syd", "Stockholm-Gotland", "Öst",
                                            "Nord"}


def test_grade_history_wide_xlsx_matches_long_csv(wide_grades_xlsx):
    wide = read_source(str(wide_grades_xlsx))
    long = read_source(str(AF / "betyg-historik.csv"))
    assert wide.kinds == ["grades"]
    assert {(g.period, g.ka, g.grade) for g in wide.grades} == {
        (g.period, g.ka, g.grade) for g in long.grades}


def test_weights_csv():
    ws = read_source(str(AF / "nivavikter.csv")).weights
    assert ws[0].period == "2025-03" and len(ws) == 8
    assert ws[-1].c == pytest.approx(1.330332)


def _excel_variant(src, dest, *, encoding, delimiter, decimal_comma, bom=False, crlf=False):
    rows = read_rows(src)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n")
    for i, r in enumerate(rows):
        if decimal_comma and i:
            r = [c.replace(".", ",") if c.replace(".", "").isdigit() and "." in c else c for c in r]
        w.writerow(r)
    data = buf.getvalue().encode(encoding)
    dest.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


@pytest.mark.parametrize("variant", [
    dict(encoding="utf-8", delimiter=",", decimal_comma=False, bom=True),
    dict(encoding="cp1252", delimiter=";", decimal_comma=True, crlf=True),
    dict(encoding="utf-8", delimiter=";", decimal_comma=True, bom=True, crlf=True),
    dict(encoding="cp1252", delimiter=",", decimal_comma=True),
    dict(encoding="utf-8", delimiter="\t", decimal_comma=False),
], ids=["utf8-bom", "cp1252-semicolon-comma", "utf8bom-semicolon-comma-crlf",
        "cp1252-comma-quoted-decimal-comma", "tab"])
@pytest.mark.parametrize("name", ["resultat-2026-05.csv", "nivavikter.csv"])
def test_swedish_excel_variants_read_the_same(tmp_path, variant, name):
    dest = tmp_path / "export från excel.csv"
    _excel_variant(AF / name, dest, **variant)
    raw = dest.read_bytes()
    if variant["encoding"] == "cp1252":
        assert "Å".encode("cp1252") in raw  # really not UTF-8
    original = read_source(str(AF / name))
    again = read_source(str(dest))
    assert again.results == original.results and again.weights == original.weights


def test_kind_comes_from_content_not_name(tmp_path):
    shutil.copy(AF / "nivavikter.csv", tmp_path / "resultat-2026-05.csv")
    shutil.copy(AF / "resultat-2026-05.csv", tmp_path / "weights.txt")
    assert read_source(str(tmp_path / "resultat-2026-05.csv")).kinds == ["weights"]
    assert read_source(str(tmp_path / "weights.txt")).kinds == ["results"]
