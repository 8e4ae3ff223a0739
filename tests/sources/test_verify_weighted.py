"""AF's weighted result measure, recomputed from the level counts and weights, matches
AF's published value on every row of every real file (the check that we read AF right)."""

from __future__ import annotations

import pytest

from chooser.core.stats import weighted_result
from chooser.sources.detect import read_source
from tests.conftest import AF, RESULT_CSVS, XLSX


@pytest.fixture(scope="module")
def weights_by_period():
    csv_weights = {w.period: w for w in read_source(str(AF / "nivavikter.csv")).weights}
    sheet_weights = {w.period: w for w in read_source(str(XLSX)).weights}
    return csv_weights, sheet_weights


@pytest.mark.parametrize("path", [*RESULT_CSVS, XLSX], ids=lambda p: p.name)
def test_every_row_reproduces_afs_weighted_result(path, weights_by_period):
    csv_weights, sheet_weights = weights_by_period
    content = read_source(str(path))
    assert len(content.results) > 700
    worst = 0.0
    for row in content.results:
        # the xlsx carries its own weights in the calculator sheet: use those for it
        w = sheet_weights.get(row.period) if path == XLSX else csv_weights[row.period]
        mine = weighted_result(row, w)
        assert mine is not None
        worst = max(worst, abs(mine - row.weighted))
        assert abs(mine - row.weighted) <= 0.0005, (path.name, row.ka, mine, row.weighted)
    assert worst > 0  # AF rounds to three decimals: an exact match everywhere would be odd


def test_calculator_sheet_weights_match_the_weights_file(weights_by_period):
    csv_weights, sheet_weights = weights_by_period
    assert set(sheet_weights) == {"2026-01"}
    for level in "abc":
        assert getattr(sheet_weights["2026-01"], level) == pytest.approx(
            getattr(csv_weights["2026-01"], level), abs=5e-7)


def test_a_wrong_weight_would_be_caught(weights_by_period):
    """The verification can fail: with the wrong period's weights many rows miss."""
    csv_weights, _ = weights_by_period
    content = read_source(str(AF / "resultat-2026-05.csv"))
    wrong = csv_weights["2025-03"]
    misses = sum(1 for r in content.results if abs(weighted_result(r, wrong) - r.weighted) > 0.0005)
    assert misses > 100
