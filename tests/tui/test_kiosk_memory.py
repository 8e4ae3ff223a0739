"""Issue 17, group 1: the kiosk does not grow with its visitors (50 take ~2 min)."""

from __future__ import annotations

import pytest

from tests.benchmarks.kiosk_memory import TARGET_MB, measure, report


@pytest.mark.slow
def test_fifty_visitors_leave_the_kiosk_as_large_as_five():
    marks = measure(50, collector=True)
    print(report(marks))
    assert marks[50] <= marks[5] + TARGET_MB, report(marks)
