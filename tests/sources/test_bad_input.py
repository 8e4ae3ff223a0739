"""Bad input: one clear paragraph naming file, row and column; exit 2; no traceback; and
nothing half-loaded."""

from __future__ import annotations

import csv
import shutil

import pytest

from chooser.core.errors import DataError
from chooser.storage.load import parse_directory
from tests.conftest import AF, XLSX, read_rows, run_cli


def _rewrite(path, change):
    rows = read_rows(path)
    change(rows)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def _set_cell(path, row, col, value):
    """Put ``value`` in spreadsheet row ``row`` (header = 1), zero-based column ``col``."""
    _rewrite(path, lambda rows: rows[row - 1].__setitem__(col, value))


def _results_only(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    shutil.copy(AF / "resultat-2026-05.csv", d / "resultat.csv")
    return d


def _assert_cli_error(d, *expected):
    p = run_cli("info", "--json", "--data", str(d))
    assert p.returncode == 2, p.stdout
    assert p.stdout == ""
    assert "Traceback" not in p.stderr
    message = p.stderr.strip()
    assert "\n" not in message, message  # one paragraph
    for e in expected:
        assert e in message, message
    return message


def test_missing_column(tmp_path):
    d = _results_only(tmp_path)
    _rewrite(d / "resultat.csv", lambda rows: [r.pop(15) for r in rows])  # ANTAL RR1 NIVÅ B
    _assert_cli_error(d, "resultat.csv", "row 1", '"ANTAL RR1 NIVÅ B"', "missing")


def test_text_where_a_number_belongs(tmp_path):
    d = _results_only(tmp_path)
    _set_cell(d / "resultat.csv", 14, 9, "tolv")
    _assert_cli_error(d, "resultat.csv", "row 14", 'column "ANTAL DELTAGARE" (J)', '"tolv"')


def test_grade_zero_is_an_error_not_no_grade(tmp_path):
    d = _results_only(tmp_path)
    _set_cell(d / "resultat.csv", 6, 6, "0")
    _assert_cli_error(d, "row 6", 'column "BETYG" (G)', "grade 1–4")


def test_yes_no_column_with_other_text(tmp_path):
    d = _results_only(tmp_path)
    _set_cell(d / "resultat.csv", 3, 8, "kanske")
    _assert_cli_error(d, "row 3", "RISKERAR HÄVNING", '"kanske"')


def test_levels_that_do_not_add_up(tmp_path):
    d = _results_only(tmp_path)
    _set_cell(d / "resultat.csv", 5, 10, "999")
    _assert_cli_error(d, "row 5", "ANTAL DELTAGARE", "add up")


def test_empty_file(tmp_path):
    d = _results_only(tmp_path)
    (d / "betyg.csv").write_bytes(b"")
    _assert_cli_error(d, "betyg.csv", "empty")


def test_unknown_csv(tmp_path):
    d = _results_only(tmp_path)
    (d / "notes.csv").write_text("Namn;Telefon\nAnna;123\n", encoding="utf-8")
    _assert_cli_error(d, "notes.csv", "row 1", "not one chooser knows")


def test_unknown_sheet(tmp_path):
    import openpyxl

    d = _results_only(tmp_path)
    wb = openpyxl.Workbook()
    wb.active.title = "Diagram"
    wb.save(d / "extra.xlsx")
    _assert_cli_error(d, "extra.xlsx", 'sheet "Diagram"', "not one chooser knows")


def test_non_zip_xlsx(tmp_path):
    d = _results_only(tmp_path)
    (d / "resultat.xlsx").write_text("<html><body>Sidan kunde inte visas</body></html>")
    _assert_cli_error(d, "resultat.xlsx", "not an xlsx workbook")


def test_truncated_xlsx(tmp_path):
    d = _results_only(tmp_path)
    data = XLSX.read_bytes()
    (d / "cut.xlsx").write_bytes(data[: len(data) // 2])
    _assert_cli_error(d, "cut.xlsx", "truncated or damaged")


def test_two_files_disagree_on_a_period_and_neither_is_newer(tmp_path):
    d = _results_only(tmp_path)
    shutil.copy(d / "resultat.csv", d / "kopia.csv")
    _set_cell(d / "kopia.csv", 2, 7, "0.999")
    _assert_cli_error(d, "kopia.csv", "resultat.csv", "2026-05", "neither")


def test_identical_copies_are_fine(tmp_path):
    d = _results_only(tmp_path)
    shutil.copy(d / "resultat.csv", d / "kopia.csv")
    p = run_cli("info", "--json", "--data", str(d))
    assert p.returncode == 0, p.stderr


def test_missing_directory_and_empty_directory(tmp_path):
    _assert_cli_error(tmp_path / "nope", "does not exist")
    (tmp_path / "empty").mkdir()
    _assert_cli_error(tmp_path / "empty", "no data files")


def test_grades_without_results(tmp_path):
    d = tmp_path / "g"
    d.mkdir()
    shutil.copy(AF / "betyg-historik.csv", d)
    _assert_cli_error(d, "no results table")


def test_nothing_is_half_loaded(af_copy):
    """A bad file anywhere means no dataset at all from that directory, so a caller keeps
    the dataset it had; the good files beside it are not used on their own."""
    good = parse_directory(str(af_copy))
    _set_cell(af_copy / "resultat-2025-03.csv", 8, 12, "x")
    with pytest.raises(DataError) as info:
        parse_directory(str(af_copy))
    assert "resultat-2025-03.csv" in str(info.value) and "row 8" in str(info.value)
    assert good.period == "2026-05" and len(good.contracts) == 756
