"""What the app's tests share: anyio on asyncio, and advisors on the demo world and on
AF's real snapshot (loaded once per test module)."""

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
