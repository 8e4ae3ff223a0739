"""20 concurrent browser sessions (textual-serve's websocket protocol) against one
`chooser serve --kiosk` on this 2-core machine: every one reaches its results. The
figures (time, memory per session) are printed; `python -m tests.benchmarks.serve_load`
prints them on their own."""

from __future__ import annotations

from tests.benchmarks.serve_load import report, run


def test_twenty_sessions_all_reach_their_results(tmp_path):
    r = run(20, tmp_path / "home")
    print(report(r))
    failed = [s for s in r["sessions"] if not s.ok]
    assert not failed, report(r)
    assert r["processes"] == 20  # one process per session, none shared
