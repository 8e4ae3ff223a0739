"""The README's two commands are at its top, and .ci/run runs the same test command."""

from __future__ import annotations

import re

from tests.conftest import REPO


def _commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_readme_starts_with_run_and_test_commands():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    run, test = _commands()[:2]
    assert text.index(run) < 600 and text.index(test) < 600
    assert "pip install -e ." in run and run.endswith("bin/chooser")  # opens the app
    assert "pytest" in test


def test_ci_runs_the_readme_test_command():
    test = _commands()[1]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()
