"""The Dataset: current period, indices, grades with area and month, AF's revision rule."""

from __future__ import annotations

import csv
import shutil

import pytest

from chooser.core.errors import DataError
from chooser.storage.load import parse_directory
from tests.conftest import AF, XLSX, read_dicts, read_rows


def test_current_period_and_counts(af_dataset):
    ds = af_dataset
    assert ds.period == "2026-05"
    assert ds.periods == ("2025-03", "2025-05", "2026-01", "2026-03", "2026-05")
    assert len(ds.contracts) == 756 and len(ds.by_area) == 64 and len(ds.by_supplier) == 201
    assert sum(len(v) for v in ds.by_area.values()) == 756
    assert set(ds.by_ka) == {r.ka for r in ds.contracts}


def test_grade_says_area_and_month(af_dataset):
    g = af_dataset.grade("10074736")
    assert (g.grade, g.area, g.published) == (2, "Avesta-Hedemora", "2026-05")
    history = [p.grade for p in af_dataset.grade_history["10074736"]]
    assert history == [None, None, None, None, None, None, 3, 3, 2]


def test_no_grade_is_none_with_its_area(af_dataset):
    no_grade = [r for r in af_dataset.contracts if r.grade is None]
    assert len(no_grade) == 119
    g = af_dataset.grade(no_grade[0].ka)
    assert g.grade is None and g.area == no_grade[0].area and g.published == "2026-05"


def test_contracts_missing_from_grade_file_get_grade_from_results(af_dataset):
    # 42 current contracts are absent from AF's grade file; the results table says "-"
    # the grade file's KA numbers read once (inside the comprehension it was re-read for
    # each of the 756 contracts: 11–13 s)
    graded = {row["KA-NUMMER"] for row in read_dicts(AF / "betyg-historik.csv")}
    missing = [r for r in af_dataset.contracts if r.ka not in graded]
    assert len(missing) == 42
    assert all(af_dataset.grade(r.ka).grade is None for r in missing)


def test_at_risk_not_published_for_current(af_dataset):
    assert af_dataset.at_risk_published() is False


def test_areas_in_swedish_order(af_dataset):
    areas = af_dataset.areas()
    assert areas[-4:] == ["Ånge", "Örebro", "Örnsköldsvik", "Östersund"]


def test_newer_file_wins_for_a_revised_period(af_copy):
    """A CSV whose newest period is later than the xlsx's revises the xlsx's 2026-01."""
    rows = read_rows(af_copy / "resultat-2026-03.csv")
    import openpyxl

    wb = openpyxl.load_workbook(XLSX, read_only=True, data_only=True)
    sheet = [r for r in wb["Resultat 2026-01"].iter_rows(values_only=True) if r[0]]
    header = list(sheet[0])
    keep = [header.index(h) for h in rows[0]]
    revised = [[("" if r[i] is None else str(r[i])) for i in keep] for r in sheet[1:]]
    revised[0][7] = "0.222"  # AF revised this contract's measure later
    with open(af_copy / "revision.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(rows[0])
        w.writerows(revised + rows[1:])  # holds 2026-01 (revised) and 2026-03
    (af_copy / "resultat-2026-03.csv").unlink()
    ds = parse_directory(str(af_copy))
    row = next(r for r in ds.results["2026-01"] if r.ka == revised[0][3])
    assert row.weighted == 0.222
    src = {(s.file, s.kind): s.periods for s in ds.sources}
    assert src[("revision.csv", "results")] == ("2026-01", "2026-03")
    assert src[(XLSX.name, "results")] == ()  # superseded, and shown as such


def test_conflict_without_a_newer_file_is_an_error(af_copy):
    shutil.copy(af_copy / "nivavikter.csv", af_copy / "vikter.csv")
    text = (af_copy / "vikter.csv").read_text().replace("0.710678", "0.8")
    (af_copy / "vikter.csv").write_text(text)
    with pytest.raises(DataError, match="neither"):
        parse_directory(str(af_copy))


def test_sheet_weights_and_csv_weights_agree_within_rounding(af_dataset):
    src = {(s.file, s.kind): s.periods for s in af_dataset.sources}
    assert src[("nivavikter.csv", "weights")][-1] == "2026-05"
    assert src[(XLSX.name, "weights")] == ()  # the CSV ends later, so it wins
