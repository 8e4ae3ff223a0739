"""What the app's tests share: anyio on asyncio, advisors on the demo world and on AF's
real snapshot (loaded once per test module), and a failed snapshot's difference as text."""

from __future__ import annotations

import pytest

from chooser.storage.load import load_directory
from chooser.storage.paths import snapshot_dir
from chooser.tui.advisor import Advisor
from tests.conftest import DEMO


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def demo_advisor() -> Advisor:
    return Advisor(load_directory(str(DEMO)))


@pytest.fixture(scope="module")
def real_advisor() -> Advisor:
    return Advisor(load_directory(snapshot_dir()))


def svg_text_rows(svg: str) -> list[str]:
    """The screen of a Textual SVG screenshot as lines of text, top to bottom."""
    import html
    import re

    rows: dict[float, list[tuple[float, str]]] = {}
    for m in re.finditer(r'<text[^>]*x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(float(m[2]), []).append((float(m[1]), html.unescape(m[3])))
    return ["".join(t for _, t in sorted(cells)).rstrip() for _, cells in sorted(rows.items())]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A snapshot that fails shows what differs as text in the test's own report: CI keeps
    no snapshot_report.html, and a failure seen once should say what it saw."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed or "snap_compare" not in item.fixturenames:
        return
    import difflib
    import pickle

    from pytest_textual_snapshot import node_to_report_path

    try:
        data = pickle.loads(node_to_report_path(item).read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError):
        return
    expected, actual = data[1], data[2]
    diff = difflib.unified_diff(svg_text_rows(expected or ""), svg_text_rows(actual or ""),
                                "snapshot", "this run", lineterm="")
    report.sections.append(("snapshot text diff", "\n".join(diff)
                            or "the text is the same: colours, styles or positions differ"))
