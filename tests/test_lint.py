"""The code is ruff-clean (part of the test suite so CI holds it)."""

from __future__ import annotations

import shutil
import subprocess
import sys

from tests.conftest import REPO


def test_ruff_clean():
    ruff = shutil.which("ruff", path=str(__import__("pathlib").Path(sys.executable).parent))
    cmd = [ruff] if ruff else [sys.executable, "-m", "ruff"]
    p = subprocess.run([*cmd, "check", "chooser", "tests"], capture_output=True, text=True,
                       cwd=REPO)
    assert p.returncode == 0, p.stdout + p.stderr
