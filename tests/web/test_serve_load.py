"""Concurrent browser sessions (textual-serve's websocket protocol) against one
`chooser serve --kiosk` on this 2-core machine: every one reaches its results, each in a
process of its own. Four sessions in the default run; the full 20-session load is marked
``slow`` (``pytest -m slow``), and `python -m tests.benchmarks.serve_load` prints its
figures (time, memory per session) on their own."""

from __future__ import annotations

import pytest

from tests.benchmarks.serve_load import report, run


def _sessions_reach_results(n: int, tmp_path) -> None:
    r = run(n, tmp_path / "home")
    print(report(r))
    failed = [s for s in r["sessions"] if not s.ok]
    assert not failed, report(r)
    assert r["processes"] == n  # one process per session, none shared


def test_four_sessions_all_reach_their_results(tmp_path):
    _sessions_reach_results(4, tmp_path)


@pytest.mark.slow
def test_twenty_sessions_all_reach_their_results(tmp_path):
    _sessions_reach_results(20, tmp_path)
